import { describe, expect, it } from 'vitest';
import type { Frame } from '../../lib/data/frames';
import { processFields } from '../../lib/fieldconfig';
import { cellOptions, columnsFor, columnWidths, footerValues, nextSort, pageOf, sortedRowOrder } from './model';

const frame: Frame = {
  refId: 'A',
  fields: [
    { name: 'Host', type: 'string', config: {}, values: ['web-10', 'web-2', 'db-1', null] },
    { name: 'CPU', type: 'number', config: { unit: 'percent', decimals: 1 }, values: [40, 95.5, null, 12] },
    { name: 'Secret', type: 'string', config: { custom: { hidden: true } }, values: ['a', 'b', 'c', 'd'] },
  ],
};

describe('table columns', () => {
  it('takes names, units, alignment and hidden columns from the field config', () => {
    const columns = columnsFor(processFields([frame], { defaults: { custom: { minWidth: 80 } }, overrides: [{ matcher: { id: 'byName', options: 'Host' }, properties: [{ id: 'custom.width', value: 120 }, { id: 'custom.align', value: 'center' }] }] }));
    expect(columns.map((column) => column.name)).toEqual(['Host', 'CPU']);
    expect(columns.map((column) => column.align)).toEqual(['center', 'right']);
    expect(columns[0]!.width).toBe(120);
    expect(columns[1]!.minWidth).toBe(80);
    expect(columns[1]!.processed.display(95.5).text).toBe('95.5');
    expect(columns[1]!.processed.display(95.5).suffix).toBe('%');
  });

  it('reads cell types, new and legacy', () => {
    expect(cellOptions({ cellOptions: { type: 'color-background' } })).toEqual({ type: 'color-background', mode: 'gradient' });
    expect(cellOptions({ cellOptions: { type: 'gauge', mode: 'lcd' } })).toEqual({ type: 'gauge', mode: 'lcd' });
    expect(cellOptions({ displayMode: 'color-background-solid' })).toEqual({ type: 'color-background', mode: 'basic' });
    expect(cellOptions({ displayMode: 'gradient-gauge' })).toEqual({ type: 'gauge', mode: 'gradient' });
    expect(cellOptions({ displayMode: 'lcd-gauge' })).toEqual({ type: 'gauge', mode: 'lcd' });
    expect(cellOptions({ displayMode: 'json-view' })).toEqual({ type: 'json-view' });
    expect(cellOptions(undefined)).toEqual({ type: 'auto' });
  });

  it('shares the width left over, never going below a minimum', () => {
    expect(columnWidths([{ minWidth: 150 }, { minWidth: 150 }], 600)).toEqual([300, 300]);
    expect(columnWidths([{ width: 100, minWidth: 150 }, { minWidth: 150 }], 600)).toEqual([100, 500]);
    expect(columnWidths([{ minWidth: 150 }, { minWidth: 150 }, { minWidth: 150 }], 300)).toEqual([150, 150, 150]);
    expect(columnWidths([{ minWidth: 400 }, { minWidth: 50 }], 600)).toEqual([400, 200]);
  });
});

describe('sorting', () => {
  it('cycles ascending, descending, unsorted per column', () => {
    const asc = nextSort(undefined, 'CPU');
    expect(asc).toEqual({ column: 'CPU', direction: 'asc' });
    const desc = nextSort(asc, 'CPU');
    expect(desc).toEqual({ column: 'CPU', direction: 'desc' });
    expect(nextSort(desc, 'CPU')).toBeUndefined();
    expect(nextSort(desc, 'Host')).toEqual({ column: 'Host', direction: 'asc' });
  });

  it('sorts numbers numerically and strings naturally, empty values last', () => {
    const cpu = frame.fields[1]!.values;
    expect(sortedRowOrder(4, cpu, 'asc')).toEqual([3, 0, 1, 2]);
    expect(sortedRowOrder(4, cpu, 'desc')).toEqual([1, 0, 3, 2]);
    const hosts = frame.fields[0]!.values;
    expect(sortedRowOrder(4, hosts, 'asc')).toEqual([2, 1, 0, 3]);
    expect(sortedRowOrder(4, hosts, undefined)).toEqual([0, 1, 2, 3]);
  });

  it('keeps equal values in data order', () => {
    expect(sortedRowOrder(4, [1, 0, 1, 0], 'desc')).toEqual([0, 2, 1, 3]);
  });

  it('sorts thousands of rows fast', () => {
    const values = Array.from({ length: 50_000 }, (_, index) => (index * 7919) % 10_007);
    const started = performance.now();
    const order = sortedRowOrder(values.length, values, 'asc');
    expect(performance.now() - started).toBeLessThan(500);
    expect(values[order[0]!]).toBe(0);
    expect(values[order[order.length - 1]!]).toBe(10_006);
  });
});

describe('pagination', () => {
  it('cuts rows into pages and clamps the page', () => {
    expect(pageOf(25, 10, 0)).toEqual({ page: 0, pageCount: 3, start: 0, end: 10 });
    expect(pageOf(25, 10, 2)).toEqual({ page: 2, pageCount: 3, start: 20, end: 25 });
    expect(pageOf(25, 10, 9)).toEqual({ page: 2, pageCount: 3, start: 20, end: 25 });
    expect(pageOf(0, 10, 0)).toEqual({ page: 0, pageCount: 1, start: 0, end: 0 });
    expect(pageOf(5, 0, 0).pageCount).toBe(5);
  });
});

describe('footer', () => {
  const columns = columnsFor(processFields([frame], undefined));

  it('reduces number columns and names the reducer in the first column', () => {
    expect(footerValues(columns, { show: true, reducer: ['sum'] })).toEqual(['Total', '147.5%']);
    expect(footerValues(columns, { show: true, reducer: ['max'] })).toEqual(['Max', '95.5%']);
    expect(footerValues(columns, { show: true, reducer: ['mean'], fields: ['Host'] })).toEqual([undefined, undefined]);
  });

  it('counts rows', () => {
    expect(footerValues(columns, { show: true, countRows: true, reducer: ['count'] })[0]).toBe('Count: 4');
  });
});
