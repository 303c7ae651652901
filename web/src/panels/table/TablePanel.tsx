// The table panel (`table`; also `table-old` should one reach the browser unconverted, as
// the server's schema upgrade turns it into `table` with field config and transformations):
// one frame at a time (a selector below the table picks among several), columns from its
// fields with units, decimals, mappings and colours from the field config engine, per-column
// cell types, header clicks sorting ascending → descending → unsorted, a footer of reduced
// values and optional pagination. Rows are virtualised (only those in view are in the DOM),
// so frames with thousands of rows scroll smoothly.
import { useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { useTheme } from '../../app/theme';
import { contrastText, displayText, mixColors, processFields, withAlpha } from '../../lib/fieldconfig';
import type { Frame } from '../../lib/data/frames';
import { safeUrl } from '../text/urlPolicy';
import type { PanelProps } from '../types';
import { linkUrl } from './links';
import { columnsFor, columnWidths, footerValues, nextSort, pageOf, rowHeight, sortedRowOrder, type Column, type FooterOptions, type SortState } from './model';
import './table.css';

interface TableOptions {
  showHeader?: boolean;
  cellHeight?: 'sm' | 'md' | 'lg';
  footer?: FooterOptions;
  sortBy?: { displayName: string; desc?: boolean }[];
  frameIndex?: number;
}

const HEADER_HEIGHT = 36;
const PAGINATION_HEIGHT = 36;
const SELECTOR_HEIGHT = 40;
const OVERSCAN = 6;

function frameLabel(frame: Frame, index: number): string {
  return frame.name || (frame.refId ? `${frame.refId}${index > 0 ? ` (${index + 1})` : ''}` : `Frame ${index + 1}`);
}

export function TablePanel({ panel, data, width, height, timeRange }: PanelProps) {
  const { theme } = useTheme();
  const options = (panel.options ?? {}) as TableOptions;
  const frames = useMemo(() => data.frames.filter((frame) => frame.fields.length > 0), [data.frames]);
  const [chosenFrame, setChosenFrame] = useState(options.frameIndex ?? 0);
  const frameIndex = Math.min(Math.max(0, chosenFrame), Math.max(0, frames.length - 1));
  const frame = frames[frameIndex];
  const columns = useMemo(
    () => (frame ? columnsFor(processFields([frame], panel.fieldConfig, { theme, timeZone: timeRange.timeZone })) : []),
    [frame, panel.fieldConfig, theme, timeRange.timeZone],
  );
  const [sort, setSort] = useState<SortState | undefined>(() => {
    const first = options.sortBy?.[0];
    return first ? { column: first.displayName, direction: first.desc ? 'desc' : 'asc' } : undefined;
  });
  const [page, setPage] = useState(0);
  const [scrollTop, setScrollTop] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);

  const rowCount = columns.reduce((most, column) => Math.max(most, column.values.length), 0);
  const sortColumn = sort ? columns.find((column) => column.name === sort.column) : undefined;
  const order = useMemo(() => sortedRowOrder(rowCount, sortColumn?.values, sortColumn ? sort?.direction : undefined), [rowCount, sortColumn, sort?.direction]);

  if (!frame || columns.length === 0) return <div className="panel-no-data">No data</div>;

  const showHeader = options.showHeader !== false;
  const footer = options.footer ?? {};
  const footerRow = footer.show ? footerValues(columns, footer) : undefined;
  const paginate = footer.enablePagination === true;
  const selector = frames.length > 1;
  const lineHeight = rowHeight(options.cellHeight);
  const widths = columnWidths(columns, width);
  const totalWidth = widths.reduce((sum, value) => sum + value, 0);
  const bodyHeight = height - (showHeader ? HEADER_HEIGHT : 0) - (footerRow ? HEADER_HEIGHT : 0) - (paginate ? PAGINATION_HEIGHT : 0) - (selector ? SELECTOR_HEIGHT : 0);
  const pageSize = Math.max(1, Math.floor(bodyHeight / lineHeight));
  const current = paginate ? pageOf(order.length, pageSize, page) : undefined;
  const rows = current ? order.slice(current.start, current.end) : order;

  // Only the rows in view (and a few around them) are drawn.
  const first = paginate ? 0 : Math.max(0, Math.floor(scrollTop / lineHeight) - OVERSCAN);
  const last = paginate ? rows.length : Math.min(rows.length, Math.ceil((scrollTop + bodyHeight) / lineHeight) + OVERSCAN);
  const template = widths.map((value) => `${value}px`).join(' ');

  const onSort = (name: string) => {
    setSort((currentSort) => nextSort(currentSort, name));
    setPage(0);
  };

  return (
    <div className="table-panel" data-testid="table-panel">
      <div className="table-panel__scroll" ref={scroller} onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)} role="table" aria-rowcount={order.length}>
        <div className="table-panel__grid" style={{ width: totalWidth, minWidth: '100%' }}>
          {showHeader && (
            <div className="table-panel__header" role="row" style={{ gridTemplateColumns: template, height: HEADER_HEIGHT }}>
              {columns.map((column, index) => {
                const direction = sort?.column === column.name ? sort.direction : undefined;
                return (
                  <div
                    key={index}
                    role="columnheader"
                    aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'}
                    className={`table-panel__th table-panel__th--${column.align}`}
                  >
                    <button type="button" className="table-panel__sort" onClick={() => onSort(column.name)} title={`Sort by ${column.name}`}>
                      <span className="table-panel__th-text">{column.name}</span>
                      {direction && <span className={`table-panel__arrow table-panel__arrow--${direction}`} aria-hidden="true" />}
                    </button>
                  </div>
                );
              })}
            </div>
          )}
          <div className="table-panel__body" style={{ height: rows.length * lineHeight }} role="rowgroup">
            {rows.slice(first, last).map((row, offset) => (
              <TableRow key={row} row={row} top={(first + offset) * lineHeight} height={lineHeight} template={template} columns={columns} />
            ))}
          </div>
          {footerRow && (
            <div className="table-panel__footer" role="row" style={{ gridTemplateColumns: template, height: HEADER_HEIGHT }}>
              {columns.map((column, index) => (
                <div key={index} role="cell" className={`table-panel__td table-panel__td--${column.align}`}>
                  {footerRow[index] ?? ''}
                </div>
              ))}
            </div>
          )}
        </div>
      </div>
      {current && <Pagination page={current.page} pageCount={current.pageCount} start={current.start} end={current.end} total={order.length} onPage={setPage} />}
      {selector && (
        <div className="table-panel__frames">
          <select aria-label="Choose a data frame" value={frameIndex} onChange={(event) => {
            setChosenFrame(Number(event.target.value));
            setPage(0);
            setScrollTop(0);
            scroller.current?.scrollTo(0, 0);
          }}>
            {frames.map((candidate, index) => (
              <option key={index} value={index}>
                {frameLabel(candidate, index)}
              </option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}

function TableRow({ row, top, height, template, columns }: { row: number; top: number; height: number; template: string; columns: readonly Column[] }) {
  const rowColumn = columns.find((column) => column.cell.type === 'color-background' && column.cell.applyToRow);
  const rowBackground = rowColumn ? rowColumn.processed.display(rowColumn.values[row]).color : undefined;
  return (
    <div className="table-panel__tr" role="row" style={{ top, height, gridTemplateColumns: template, background: rowBackground, color: rowBackground ? contrastText(rowBackground) : undefined }}>
      {columns.map((column, index) => (
        <TableCell key={index} column={column} row={row} value={column.values[row]} inRowColour={rowBackground !== undefined} />
      ))}
    </div>
  );
}

function cellText(column: Column, value: unknown): string {
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return displayText(column.processed.display(value));
}

/** The cell's link, when its column has one and the URL is safe. */
function cellLink(column: Column, row: number, value: unknown, text: string): { href: string; blank: boolean; title?: string } | undefined {
  if (!column.link) return undefined;
  const fields = column.processed.frame.fields;
  const href = linkUrl(column.link, {
    raw: value,
    text,
    fieldName: column.processed.field.name,
    rowValue: (name) => fields.find((field) => field.name === name || field.config.displayName === name)?.values[row],
  });
  return href === undefined ? undefined : { href, blank: column.link.targetBlank === true, title: column.link.title };
}

function TableCell({ column, row, value, inRowColour }: { column: Column; row: number; value: unknown; inRowColour: boolean }) {
  const display = column.processed.display(value);
  const text = value !== null && typeof value === 'object' ? JSON.stringify(value) : displayText(display);
  const className = `table-panel__td table-panel__td--${column.align}`;
  let style: CSSProperties | undefined;
  let content: ReactNode = text;
  switch (column.cell.type) {
    case 'color-text':
      style = { color: display.color };
      break;
    case 'color-background': {
      if (inRowColour) break;
      const background = column.cell.mode === 'basic' ? display.color : `linear-gradient(120deg, ${mixColors(display.color, '#ffffff', 0.15)}, ${display.color})`;
      style = { background, color: contrastText(display.color) };
      break;
    }
    case 'gauge':
      content = <GaugeCell percent={display.percent} color={display.color} mode={column.cell.mode ?? 'gradient'} text={text} valueMode={column.cell.valueDisplayMode ?? 'text'} />;
      break;
    case 'json-view':
      content = <code className="table-panel__json">{typeof value === 'string' ? value : JSON.stringify(value)}</code>;
      break;
    case 'image': {
      const source = typeof value === 'string' ? safeUrl(value, 'image') : undefined;
      content = source ? <img className="table-panel__image" src={source} alt="" /> : text;
      break;
    }
  }
  const link = column.cell.type === 'gauge' || column.cell.type === 'image' ? undefined : cellLink(column, row, value, text);
  if (link) {
    content = (
      <a className="table-panel__link" href={link.href} title={link.title} target={link.blank ? '_blank' : undefined} rel={link.blank ? 'noopener noreferrer' : undefined}>
        {content}
      </a>
    );
  }
  return (
    <div role="cell" className={className} style={style} title={text.length > 24 ? cellText(column, value) : undefined}>
      {content}
    </div>
  );
}

function GaugeCell({ percent, color, mode, text, valueMode }: { percent: number; color: string; mode: string; text: string; valueMode: string }) {
  const fill = Number.isFinite(percent) ? Math.min(Math.max(percent, 0), 1) * 100 : 0;
  const background =
    mode === 'lcd'
      ? `repeating-linear-gradient(90deg, ${color} 0 6px, transparent 6px 8px)`
      : mode === 'basic'
        ? color
        : `linear-gradient(90deg, ${withAlpha(color, 0.35)}, ${color})`;
  return (
    <div className="table-gauge">
      <div className="table-gauge__track">
        <div className="table-gauge__bar" style={{ width: `${fill}%`, background }} />
      </div>
      {valueMode !== 'hidden' && (
        <span className="table-gauge__value" style={valueMode === 'color' ? { color } : undefined}>
          {text}
        </span>
      )}
    </div>
  );
}

function Pagination({ page, pageCount, start, end, total, onPage }: { page: number; pageCount: number; start: number; end: number; total: number; onPage: (page: number) => void }) {
  return (
    <nav className="table-panel__pagination" aria-label="Table pages" style={{ height: PAGINATION_HEIGHT }}>
      <button type="button" className="table-panel__page" onClick={() => onPage(page - 1)} disabled={page === 0} aria-label="Previous page">
        ‹
      </button>
      <span className="table-panel__page-of">
        Page {page + 1} of {pageCount}
      </span>
      <button type="button" className="table-panel__page" onClick={() => onPage(page + 1)} disabled={page >= pageCount - 1} aria-label="Next page">
        ›
      </button>
      <span className="table-panel__rows-of">
        {total === 0 ? 0 : start + 1}–{end} of {total} rows
      </span>
    </nav>
  );
}
