// Data links on table cells (`fieldConfig…links: [{title, url, targetBlank}]`): the first
// link of a column makes each of its cells a link, with the cell's values filled into the
// URL — `${__value.raw}`, `${__value.text}`, `${__value.numeric}`, `${__field.name}`,
// `${__data.fields.<name>}` / `${__data.fields["<name>"]}` (another column of the row), each
// optionally `:percentencode`d. A URL that is not http(s), mail or relative is dropped.
import { safeUrl } from '../text/urlPolicy';

export interface DataLink {
  title?: string;
  url?: string;
  targetBlank?: boolean;
}

export interface LinkContext {
  raw: unknown;
  text: string;
  fieldName: string;
  /** The row's value of another field, by field or display name. */
  rowValue: (name: string) => unknown;
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The column's first link, if it has one with a URL. */
export function firstLink(links: unknown): DataLink | undefined {
  if (!Array.isArray(links)) return undefined;
  return (links as DataLink[]).find((link) => typeof link?.url === 'string' && link.url !== '');
}

/** The link's URL for one cell, or `undefined` when it is unsafe. */
export function linkUrl(link: DataLink, context: LinkContext): string | undefined {
  const url = (link.url ?? '').replace(/\$\{(__value\.raw|__value\.text|__value\.numeric|__field\.name|__data\.fields(?:\.([^}:]+)|\["([^"]+)"\]))(?::(\w+))?\}/g, (match, key: string, dotted?: string, quoted?: string, format?: string) => {
    let value: string;
    if (key === '__value.raw') value = asText(context.raw);
    else if (key === '__value.text') value = context.text;
    else if (key === '__value.numeric') value = String(typeof context.raw === 'number' ? context.raw : Number(context.raw));
    else if (key === '__field.name') value = context.fieldName;
    else value = asText(context.rowValue((dotted ?? quoted ?? '').trim()));
    if (format === 'percentencode') return encodeURIComponent(value);
    return format === undefined || format === 'raw' ? value : match;
  });
  return safeUrl(url, 'link');
}
