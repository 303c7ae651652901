// The text panel's HTML sanitiser: the browser's own parser (DOMParser builds an inert
// document: no script runs, nothing loads) reads the HTML, then an allow-list walk keeps only
// known-safe elements and attributes (`urlPolicy.ts`). The cleaned nodes are adopted into the
// page as they are, never serialised and parsed again, so no parser round trip can turn them
// into something else.
import { ALLOWED_TAGS, DROPPED_TAGS, cleanAttribute } from './urlPolicy';

/** `html` cleaned, as a fragment of `target`'s document ready to be appended. */
export function sanitizeToFragment(html: string, target: Document = document): DocumentFragment {
  const parsed = new DOMParser().parseFromString(`<!doctype html><html><body>${html}</body></html>`, 'text/html');
  const fragment = target.createDocumentFragment();
  for (const child of [...parsed.body.childNodes]) {
    for (const clean of cleanNode(child)) fragment.appendChild(target.importNode(clean, true));
  }
  return fragment;
}

/** `html` cleaned, as markup (for tests and for callers that need a string). */
export function sanitizeHtml(html: string): string {
  const container = document.createElement('div');
  container.appendChild(sanitizeToFragment(html));
  return container.innerHTML;
}

/** The nodes that replace `node`: itself cleaned, its children (unwrapped) or nothing. */
function cleanNode(node: Node): Node[] {
  if (node.nodeType === Node.TEXT_NODE) return [node];
  if (node.nodeType !== Node.ELEMENT_NODE) return [];
  const element = node as Element;
  const tag = element.localName.toLowerCase();
  // Foreign content (SVG, MathML) keeps other rules; none of it is allowed.
  if (element.namespaceURI !== 'http://www.w3.org/1999/xhtml' || DROPPED_TAGS.has(tag)) return [];
  const children = [...element.childNodes].flatMap(cleanNode);
  if (!ALLOWED_TAGS.has(tag)) return children;

  const clean = element.ownerDocument.createElement(tag);
  for (const attribute of [...element.attributes]) {
    const value = cleanAttribute(tag, attribute.name, attribute.value);
    if (value !== undefined) clean.setAttribute(attribute.name.toLowerCase(), value);
  }
  if (tag === 'a' && clean.getAttribute('target') === '_blank') clean.setAttribute('rel', 'noopener noreferrer');
  if (tag === 'input') {
    if (clean.getAttribute('type') !== 'checkbox') return [];
    clean.setAttribute('disabled', '');
  }
  for (const child of children) clean.appendChild(child);
  return [clean];
}
