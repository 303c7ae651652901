// Which URLs and which attribute values the text panel lets through: pure rules, shared by
// the Markdown renderer and the HTML sanitiser (and tested without a DOM).

/** Schemes a link may use; anything else with a scheme is refused. */
const LINK_SCHEMES = new Set(['http:', 'https:', 'mailto:', 'tel:']);
const IMAGE_DATA = /^data:image\/(?:png|gif|jpe?g|webp|avif);base64,[a-z0-9+/=\s]*$/i;

/**
 * The URL to use for a link or an image source, or `undefined` when it is unsafe. Relative
 * URLs, fragments and http(s)/mailto/tel are kept; `javascript:`, `vbscript:`, `data:` (but
 * base64 raster images for images) and every other scheme are refused, however they are
 * disguised with case, entities already decoded by the parser, control characters or
 * whitespace.
 */
export function safeUrl(url: string, kind: 'link' | 'image'): string | undefined {
  // Browsers drop ASCII whitespace and control characters inside a scheme.
  // eslint-disable-next-line no-control-regex
  const compact = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1];
  if (scheme === undefined) {
    // No scheme: relative (`/d/abc`, `?var-x=1`, `#top`) or protocol-relative (`//host`).
    // A colon before the first slash would be read as a scheme by some parsers.
    const beforePath = compact.split(/[/?#]/)[0] ?? '';
    return beforePath.includes(':') ? undefined : url.trim();
  }
  const normalised = `${scheme.toLowerCase()}:`;
  if (LINK_SCHEMES.has(normalised)) return url.trim();
  if (kind === 'image' && normalised === 'data:' && IMAGE_DATA.test(compact)) return compact;
  return undefined;
}

/** Elements kept with their (cleaned) attributes. */
export const ALLOWED_TAGS = new Set([
  'a', 'abbr', 'b', 'blockquote', 'br', 'caption', 'cite', 'code', 'col', 'colgroup', 'dd', 'del', 'details', 'dfn',
  'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'input', 'ins',
  'kbd', 'li', 'mark', 'ol', 'p', 'pre', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'summary', 'sup',
  'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'u', 'ul', 'var', 'font', 'center',
]);

/** Elements dropped together with everything inside them. Any other unknown element is
 * unwrapped: its children stay, the element goes. */
export const DROPPED_TAGS = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'template', 'noscript', 'noembed',
  'svg', 'math', 'title', 'textarea', 'select', 'option', 'button', 'form', 'base', 'link', 'meta', 'head', 'xmp',
  'plaintext', 'noframes', 'portal', 'audio', 'video', 'source', 'track', 'canvas', 'dialog',
]);

const GLOBAL_ATTRIBUTES = new Set(['class', 'title', 'style', 'align', 'valign', 'dir', 'lang', 'width', 'height', 'role']);

const TAG_ATTRIBUTES: Record<string, Set<string>> = {
  a: new Set(['href', 'target', 'rel']),
  img: new Set(['src', 'alt']),
  td: new Set(['colspan', 'rowspan']),
  th: new Set(['colspan', 'rowspan', 'scope']),
  col: new Set(['span']),
  colgroup: new Set(['span']),
  ol: new Set(['start', 'type', 'reversed']),
  li: new Set(['value']),
  details: new Set(['open']),
  input: new Set(['type', 'checked', 'disabled']),
  font: new Set(['color', 'size', 'face']),
  q: new Set(['cite']),
  blockquote: new Set(['cite']),
};

/** CSS that could fetch, run or cover the page. */
const UNSAFE_STYLE = /url\s*\(|expression\s*\(|javascript:|vbscript:|@import|behavior\s*:|-moz-binding|position\s*:\s*(?:fixed|sticky)|\\/i;

/**
 * The value to keep for attribute `name` of element `tag`, or `undefined` to drop it. Event
 * handlers (`on…`), `id`/`name` (which could shadow globals), `srcset`, `formaction` and
 * every attribute not on the allow-list are dropped; URLs go through `safeUrl`.
 */
export function cleanAttribute(tag: string, name: string, value: string): string | undefined {
  const attribute = name.toLowerCase();
  if (attribute.startsWith('aria-')) return value;
  if (!GLOBAL_ATTRIBUTES.has(attribute) && !TAG_ATTRIBUTES[tag]?.has(attribute)) return undefined;
  switch (attribute) {
    case 'href':
    case 'cite':
      return safeUrl(value, 'link');
    case 'src':
      return safeUrl(value, 'image');
    case 'style':
      return UNSAFE_STYLE.test(value) ? undefined : value;
    case 'target':
      return value === '_blank' || value === '_self' ? value : undefined;
    case 'type':
      // Only the read-only task-list checkbox survives as an input.
      return tag === 'input' ? (value.toLowerCase() === 'checkbox' ? 'checkbox' : undefined) : value;
    default:
      return value;
  }
}
