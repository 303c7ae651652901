// The table panel's logic without React: columns from a frame's fields with their resolved
// field config, the cell type each column draws (`custom.cellOptions`, or the legacy
// `custom.displayMode`), sorting, pagination, column widths and the footer's reduced values.
import type { ProcessedField } from '../../lib/fieldconfig';
import { REDUCER_NAMES, reduce } from '../../lib/data/reduce';
import { firstLink, type DataLink } from './links';

export type CellType = 'auto' | 'color-text' | 'color-background' | 'gauge' | 'json-view' | 'image' | 'data-links';

export interface CellOptions {
  type: CellType;
  /** color-background: `gradient` (Grafana's default) or `basic`; gauge: `gradient`, `basic` or `lcd`. */
  mode?: string;
  /** Gauge: where the value's text goes (`text`, `color`, `hidden`). */
  valueDisplayMode?: 'text' | 'color' | 'hidden';
  /** color-background: whether the colour fills the whole row. */
  applyToRow?: boolean;
}

/** The cell options of a column: `custom.cellOptions`, else the legacy `custom.displayMode`. */
export function cellOptions(custom: Record<string, unknown> | undefined): CellOptions {
  const options = custom?.cellOptions as Partial<CellOptions> | undefined;
  if (options?.type) {
    if (options.type === 'color-background') return { ...options, type: 'color-background', mode: options.mode ?? 'gradient' };
    if (options.type === 'gauge') return { ...options, type: 'gauge', mode: options.mode ?? 'gradient' };
    return { ...options, type: options.type };
  }
  switch (custom?.displayMode) {
    case 'color-text':
      return { type: 'color-text' };
    case 'color-background':
      return { type: 'color-background', mode: 'gradient' };
    case 'color-background-solid':
      return { type: 'color-background', mode: 'basic' };
    case 'gradient-gauge':
      return { type: 'gauge', mode: 'gradient' };
    case 'lcd-gauge':
      return { type: 'gauge', mode: 'lcd' };
    case 'basic':
      return { type: 'gauge', mode: 'basic' };
    case 'json-view':
      return { type: 'json-view' };
    case 'image':
      return { type: 'image' };
    default:
      return { type: 'auto' };
  }
}

export type Align = 'left' | 'center' | 'right';

export interface Column {
  /** The column's display name (also what `sortBy` names). */
  name: string;
  processed: ProcessedField;
  values: readonly unknown[];
  cell: CellOptions;
  align: Align;
  /** A width in pixels set by `custom.width`. */
  width?: number;
  minWidth: number;
  /** The column's data link (its first). */
  link?: DataLink;
}

const DEFAULT_MIN_WIDTH = 150;

export function columnsFor(fields: readonly ProcessedField[]): Column[] {
  return fields
    .filter((field) => field.config.custom?.hidden !== true)
    .map((processed) => {
      const custom = processed.config.custom ?? {};
      const align = custom.align === 'left' || custom.align === 'center' || custom.align === 'right' ? custom.align : processed.field.type === 'number' ? 'right' : 'left';
      const width = typeof custom.width === 'number' && custom.width > 0 ? custom.width : undefined;
      const minWidth = typeof custom.minWidth === 'number' && custom.minWidth > 0 ? custom.minWidth : DEFAULT_MIN_WIDTH;
      return { name: processed.name, processed, values: processed.field.values, cell: cellOptions(custom), align, width, minWidth, link: firstLink(processed.config.links) };
    });
}

/**
 * Pixel widths for the columns in `available` pixels: fixed widths as set, the rest share
 * what is left equally but never below their minimum (so a wide table scrolls sideways).
 */
export function columnWidths(columns: readonly Pick<Column, 'width' | 'minWidth'>[], available: number): number[] {
  const fixed = columns.reduce((sum, column) => sum + (column.width ?? 0), 0);
  const flexible = columns.filter((column) => column.width === undefined);
  // Columns whose minimum exceeds the share take their minimum; the others split the rest.
  let remaining = Math.max(0, available - fixed);
  let open = flexible.length;
  const widths = columns.map((column) => column.width);
  const sortedByMin = flexible.map((column) => columns.indexOf(column)).sort((a, b) => columns[b]!.minWidth - columns[a]!.minWidth);
  for (const index of sortedByMin) {
    const even = remaining / open;
    const width = Math.max(columns[index]!.minWidth, even);
    widths[index] = width;
    remaining -= width;
    open--;
  }
  return widths.map((width) => Math.floor(width ?? DEFAULT_MIN_WIDTH));
}

export type SortDirection = 'asc' | 'desc';

export interface SortState {
  column: string;
  direction: SortDirection;
}

/** Header clicks cycle a column through ascending, descending and unsorted. */
export function nextSort(current: SortState | undefined, column: string): SortState | undefined {
  if (!current || current.column !== column) return { column, direction: 'asc' };
  if (current.direction === 'asc') return { column, direction: 'desc' };
  return undefined;
}

function compareValues(a: unknown, b: unknown): number {
  const aEmpty = a === null || a === undefined || (typeof a === 'number' && Number.isNaN(a));
  const bEmpty = b === null || b === undefined || (typeof b === 'number' && Number.isNaN(b));
  if (aEmpty || bEmpty) return aEmpty === bEmpty ? 0 : aEmpty ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const aText = typeof a === 'object' ? JSON.stringify(a) : String(a);
  const bText = typeof b === 'object' ? JSON.stringify(b) : String(b);
  return COLLATOR.compare(aText, bText);
}

const COLLATOR = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * The row order: indices `0…rowCount-1` sorted by `values` (stable; empty values last in
 * both directions, as Grafana's table keeps them), or in data order without a sort.
 */
export function sortedRowOrder(rowCount: number, values: readonly unknown[] | undefined, direction: SortDirection | undefined): number[] {
  const order = Array.from({ length: rowCount }, (_, index) => index);
  if (!values || !direction) return order;
  const sign = direction === 'asc' ? 1 : -1;
  return order.sort((a, b) => {
    const left = values[a];
    const right = values[b];
    const leftEmpty = left === null || left === undefined;
    const rightEmpty = right === null || right === undefined;
    if (leftEmpty || rightEmpty) return leftEmpty === rightEmpty ? a - b : leftEmpty ? 1 : -1;
    return compareValues(left, right) * sign || a - b;
  });
}

export interface Page {
  page: number;
  pageCount: number;
  start: number;
  end: number;
}

/** Page `page` (0-based, clamped) of `rowCount` rows, `pageSize` a page. */
export function pageOf(rowCount: number, pageSize: number, page: number): Page {
  const size = Math.max(1, Math.floor(pageSize));
  const pageCount = Math.max(1, Math.ceil(rowCount / size));
  const current = Math.min(Math.max(0, page), pageCount - 1);
  return { page: current, pageCount, start: current * size, end: Math.min(rowCount, (current + 1) * size) };
}

export interface FooterOptions {
  show?: boolean;
  reducer?: string[];
  /** Only these fields (display names) get a footer value; all number fields otherwise. */
  fields?: string[] | string;
  countRows?: boolean;
  enablePagination?: boolean;
}

/**
 * The footer's text per column: the reducer's value formatted like the column's cells
 * (number columns only, or those `fields` names), `Count` rows when `countRows` is set.
 */
export function footerValues(columns: readonly Column[], footer: FooterOptions): (string | undefined)[] {
  const reducer = footer.reducer?.[0] ?? 'sum';
  if (footer.countRows || reducer === 'count') {
    return columns.map((column, index) => (index === 0 ? `Count: ${column.values.length}` : undefined));
  }
  const only = typeof footer.fields === 'string' ? (footer.fields ? [footer.fields] : []) : (footer.fields ?? []);
  const values = columns.map((column) => {
    if (column.processed.field.type !== 'number') return undefined;
    if (only.length > 0 && !only.includes(column.name)) return undefined;
    const value = reduce(column.values, reducer);
    if (value === null) return undefined;
    const shown = column.processed.display(value);
    return `${shown.prefix ?? ''}${shown.text}${shown.suffix ?? ''}`;
  });
  // The first column names the reducer when it has no value of its own.
  if (values.length > 1 && values[0] === undefined && values.some((value) => value !== undefined)) values[0] = REDUCER_NAMES[reducer] ?? reducer;
  return values;
}

/** Grafana's row heights by `options.cellHeight`. */
export function rowHeight(cellHeight: unknown): number {
  if (cellHeight === 'md') return 42;
  if (cellHeight === 'lg') return 48;
  return 36;
}
