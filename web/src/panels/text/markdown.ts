// A small Markdown renderer for the text panel: the CommonMark/GFM subset dashboards use —
// headings (ATX and setext), paragraphs with hard breaks, emphasis, strong, strikethrough,
// inline code, links, images, autolinks, block quotes, nested lists (bullet, ordered, task
// items), fenced and indented code, rules, pipe tables and raw HTML. Text is escaped here;
// raw HTML passes through, so the caller must sanitise the result (`sanitize.ts`) — this
// module never produces a `javascript:` link itself.
import { safeUrl } from './urlPolicy';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Markdown source → HTML (still to be sanitised, for the raw HTML it may carry). */
export function renderMarkdown(source: string): string {
  const lines = source.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n');
  return renderBlocks(lines).join('\n');
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)/;
const ATX_HEADING = /^ {0,3}(#{1,6})(?:\s+(.*?))?(?:\s+#+)?\s*$/;
const RULE = /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/;
const BULLET = /^( *)([-*+])(?:\s+(.*))?$/;
const ORDERED = /^( *)(\d{1,9})[.)](?:\s+(.*))?$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const HTML_BLOCK = /^ {0,3}<(?:\/?[a-zA-Z][\w-]*(?:\s|\/?>|$)|!--)/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;

function isBlank(line: string | undefined): boolean {
  return line === undefined || line.trim() === '';
}

function listMarker(line: string): { indent: number; ordered: boolean; start: number; content: string; width: number } | undefined {
  if (RULE.test(line)) return undefined;
  const bullet = BULLET.exec(line);
  if (bullet) return { indent: bullet[1]!.length, ordered: false, start: 1, content: bullet[3] ?? '', width: bullet[1]!.length + 2 };
  const ordered = ORDERED.exec(line);
  if (ordered) {
    return { indent: ordered[1]!.length, ordered: true, start: Number(ordered[2]), content: ordered[3] ?? '', width: ordered[1]!.length + ordered[2]!.length + 2 };
  }
  return undefined;
}

/** Whether `line` ends a paragraph by starting another block. */
function startsBlock(line: string): boolean {
  return FENCE.test(line) || ATX_HEADING.test(line) || RULE.test(line) || QUOTE.test(line) || HTML_BLOCK.test(line) || listMarker(line) !== undefined;
}

function splitRow(line: string): string[] {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  const cells: string[] = [];
  let current = '';
  for (let index = 0; index < row.length; index++) {
    const char = row[index]!;
    if (char === '\\' && row[index + 1] === '|') {
      current += '|';
      index++;
    } else if (char === '|') {
      cells.push(current.trim());
      current = '';
    } else {
      current += char;
    }
  }
  cells.push(current.trim());
  return cells;
}

function renderBlocks(lines: string[]): string[] {
  const out: string[] = [];
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (isBlank(line)) {
      index++;
      continue;
    }

    const fence = FENCE.exec(line);
    if (fence) {
      const marker = fence[1]!;
      const body: string[] = [];
      index++;
      while (index < lines.length && !lines[index]!.trimStart().startsWith(marker)) body.push(lines[index++]!);
      index++;
      const language = fence[2] ? ` class="language-${escapeHtml(fence[2])}"` : '';
      out.push(`<pre><code${language}>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }

    const heading = ATX_HEADING.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      out.push(`<h${level}>${renderInline(heading[2] ?? '')}</h${level}>`);
      index++;
      continue;
    }

    if (RULE.test(line)) {
      out.push('<hr>');
      index++;
      continue;
    }

    if (line.startsWith('    ')) {
      const body: string[] = [];
      while (index < lines.length && (lines[index]!.startsWith('    ') || (isBlank(lines[index]) && lines[index + 1]?.startsWith('    ')))) {
        body.push(lines[index++]!.slice(4));
      }
      out.push(`<pre><code>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }

    if (QUOTE.test(line)) {
      const body: string[] = [];
      while (index < lines.length && !isBlank(lines[index])) {
        const quoted = QUOTE.exec(lines[index]!);
        body.push(quoted ? quoted[1]! : lines[index]!);
        index++;
      }
      out.push(`<blockquote>\n${renderBlocks(body).join('\n')}\n</blockquote>`);
      continue;
    }

    if (HTML_BLOCK.test(line)) {
      const body: string[] = [];
      while (index < lines.length && !isBlank(lines[index])) body.push(lines[index++]!);
      out.push(body.join('\n'));
      continue;
    }

    const marker = listMarker(line);
    if (marker) {
      index = renderList(lines, index, marker.indent, marker.ordered, marker.start, out);
      continue;
    }

    if (line.includes('|') && TABLE_SEPARATOR.test(lines[index + 1] ?? '') && lines[index + 1]!.includes('-')) {
      index = renderTable(lines, index, out);
      continue;
    }

    const paragraph: string[] = [line];
    index++;
    let setext: number | undefined;
    while (index < lines.length && !isBlank(lines[index])) {
      const next = lines[index]!;
      if (/^ {0,3}=+\s*$/.test(next)) setext = 1;
      else if (/^ {0,3}-+\s*$/.test(next)) setext = 2;
      if (setext) {
        index++;
        break;
      }
      if (startsBlock(next)) break;
      paragraph.push(next);
      index++;
    }
    if (setext) out.push(`<h${setext}>${renderInline(paragraph.map((part) => part.trim()).join(' '))}</h${setext}>`);
    else out.push(`<p>${renderParagraph(paragraph)}</p>`);
  }
  return out;
}

function renderParagraph(lines: string[]): string {
  return lines
    .map((line, position) => {
      const last = position === lines.length - 1;
      const hardBreak = !last && (/ {2,}$/.test(line) || /\\$/.test(line));
      const text = hardBreak ? line.replace(/(?: {2,}|\\)$/, '') : line;
      return renderInline(text.trim()) + (hardBreak ? '<br>' : '');
    })
    .join('\n');
}

/** A list starting at `start`: its items, each item's lines rendered as blocks (a tight
 * item as inline text). Returns the index after the list. */
function renderList(lines: string[], start: number, indent: number, ordered: boolean, first: number, out: string[]): number {
  const items: { lines: string[]; task?: boolean }[] = [];
  let index = start;
  let loose = false;
  while (index < lines.length) {
    const marker = listMarker(lines[index]!);
    if (!marker || marker.indent !== indent || marker.ordered !== ordered) break;
    const item: string[] = [marker.content];
    const contentIndent = marker.width;
    index++;
    while (index < lines.length) {
      const next = lines[index]!;
      if (isBlank(next)) {
        const following = lines[index + 1];
        if (following !== undefined && !isBlank(following) && leadingSpaces(following) >= Math.min(contentIndent, indent + 2)) {
          loose = true;
          item.push('');
          index++;
          continue;
        }
        break;
      }
      const nested = listMarker(next);
      if (nested && nested.indent <= indent) break;
      if (!nested && leadingSpaces(next) < Math.min(contentIndent, indent + 2) && startsBlock(next)) break;
      item.push(next.slice(Math.min(leadingSpaces(next), contentIndent)));
      index++;
    }
    items.push({ lines: item });
    // A blank line between items makes the list loose.
    if (isBlank(lines[index]) && listMarker(lines[index + 1] ?? '')?.indent === indent) {
      loose = true;
      index++;
    }
  }
  const tag = ordered ? 'ol' : 'ul';
  const startAttribute = ordered && first !== 1 ? ` start="${first}"` : '';
  out.push(`<${tag}${startAttribute}>`);
  for (const item of items) {
    const task = /^\[([ xX])\]\s+/.exec(item.lines[0] ?? '');
    if (task) item.lines[0] = item.lines[0]!.slice(task[0].length);
    const checkbox = task ? `<input type="checkbox" disabled${task[1] === ' ' ? '' : ' checked'}> ` : '';
    const blocks = renderBlocks(item.lines);
    const tight = !loose && blocks.length > 0 && blocks[0]!.startsWith('<p>');
    const body = tight ? blocks.map((block) => (block.startsWith('<p>') ? block.slice(3, -4) : block)).join('\n') : blocks.join('\n');
    out.push(`<li${task ? ' class="task-list-item"' : ''}>${checkbox}${body}</li>`);
  }
  out.push(`</${tag}>`);
  return index;
}

function leadingSpaces(line: string): number {
  return line.length - line.trimStart().length;
}

function renderTable(lines: string[], start: number, out: string[]): number {
  const header = splitRow(lines[start]!);
  const aligns = splitRow(lines[start + 1]!).map((cell) => {
    const left = cell.startsWith(':');
    const right = cell.endsWith(':');
    return left && right ? 'center' : right ? 'right' : left ? 'left' : undefined;
  });
  const cell = (tag: 'th' | 'td', text: string, column: number) => {
    const align = aligns[column];
    return `<${tag}${align ? ` style="text-align: ${align}"` : ''}>${renderInline(text)}</${tag}>`;
  };
  let index = start + 2;
  const rows: string[] = [];
  while (index < lines.length && !isBlank(lines[index]) && lines[index]!.includes('|')) {
    const cells = splitRow(lines[index]!);
    rows.push(`<tr>${header.map((_, column) => cell('td', cells[column] ?? '', column)).join('')}</tr>`);
    index++;
  }
  out.push(
    `<table>\n<thead>\n<tr>${header.map((text, column) => cell('th', text, column)).join('')}</tr>\n</thead>\n` +
      (rows.length ? `<tbody>\n${rows.join('\n')}\n</tbody>\n` : '') +
      '</table>',
  );
  return index;
}

// Inline spans. Pieces that must not be touched again (code, links, raw tags, escaped
// characters) are swapped for placeholders, the rest is escaped and given emphasis, then the
// placeholders are put back.
const HOLE_OPEN = '\uE000';
const HOLE_CLOSE = '\uE001';

export function renderInline(text: string): string {
  const holes: string[] = [];
  const hole = (html: string) => `${HOLE_OPEN}${holes.push(html) - 1}${HOLE_CLOSE}`;
  let rest = text.replace(/[\uE000\uE001]/g, '');

  rest = rest.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_, _ticks: string, code: string) => hole(`<code>${escapeHtml(code.replace(/^ (.*) $/, '$1'))}</code>`));
  rest = rest.replace(/\\([\\`*_{}[\]()#+\-.!|~<>"'])/g, (_, char: string) => hole(escapeHtml(char)));
  rest = rest.replace(/<((?:https?|mailto):[^\s<>]+)>/gi, (_, url: string) => link(url, escapeHtml(url)));
  rest = rest.replace(/<\/?[a-zA-Z][\w-]*(?:\s+[^<>]*)?\/?>|<!--[\s\S]*?-->/g, (tag) => hole(tag));
  rest = rest.replace(/(!?)\[((?:[^[\]]|\[[^\]]*\])*)\]\(\s*(<[^>]*>|(?:[^\s()]|\([^\s()]*\))*)(?:\s+(?:"([^"]*)"|'([^']*)'))?\s*\)/g, (_, bang: string, label: string, target: string, title1?: string, title2?: string) => {
    const url = target.startsWith('<') ? target.slice(1, -1) : target;
    const title = title1 ?? title2;
    if (bang) {
      const source = safeUrl(url, 'image');
      const titleAttribute = title ? ` title="${escapeHtml(title)}"` : '';
      return hole(source === undefined ? escapeHtml(label) : `<img src="${escapeHtml(source)}" alt="${escapeHtml(label)}"${titleAttribute}>`);
    }
    return link(url, renderInline(label), title);
  });
  rest = rest.replace(/(^|[\s(])((?:https?:\/\/|www\.)[^\s<]*[^\s<.,;:!?)'"*_])/g, (_, before: string, url: string) => before + link(url.startsWith('www.') ? `http://${url}` : url, escapeHtml(url)));

  function link(url: string, labelHtml: string, title?: string): string {
    const href = safeUrl(url, 'link');
    if (href === undefined) return hole(labelHtml);
    const titleAttribute = title ? ` title="${escapeHtml(title)}"` : '';
    return hole(`<a href="${escapeHtml(href)}"${titleAttribute}>${labelHtml}</a>`);
  }

  let html = escapeHtml(rest);
  html = html.replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, (match, marker: string, inner: string, offset: number, whole: string) =>
    marker === '__' && (isWordChar(whole[offset - 1]) || isWordChar(whole[offset + match.length])) ? match : `<strong>${inner}</strong>`,
  );
  html = html.replace(/(\*|_)(?=\S)([\s\S]*?\S)\1/g, (match, marker: string, inner: string, offset: number, whole: string) =>
    marker === '_' && (isWordChar(whole[offset - 1]) || isWordChar(whole[offset + match.length])) ? match : `<em>${inner}</em>`,
  );
  html = html.replace(/~~(?=\S)([\s\S]*?\S)~~/g, '<del>$1</del>');
  // Holes may hold holes (a link's label), so fill until none is left.
  const pattern = new RegExp(`${HOLE_OPEN}(\\d+)${HOLE_CLOSE}`, 'g');
  for (let depth = 0; depth < 8 && html.includes(HOLE_OPEN); depth++) html = html.replace(pattern, (_, position: string) => holes[Number(position)] ?? '');
  return html;
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}]/u.test(char);
}
