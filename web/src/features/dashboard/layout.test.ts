import { describe, expect, it } from 'vitest';
import type { PanelModel } from '../../api/types';
import { compact, expandRepeats, initiallyCollapsed, layout, panelHeight, sections, type CloneCache } from './layout';

const panel = (id: number, x: number, y: number, w: number, h: number): PanelModel => ({
  id,
  type: 'timeseries',
  gridPos: { x, y, w, h },
});
const row = (id: number, y: number, collapsed = false, panels: PanelModel[] = []): PanelModel => ({
  id,
  type: 'row',
  title: `Row ${id}`,
  collapsed,
  panels,
  gridPos: { x: 0, y, w: 24, h: 1 },
});

describe('compact', () => {
  it('moves panels up into free space', () => {
    expect(compact([{ x: 0, y: 5, w: 12, h: 8 }])).toEqual([{ x: 0, y: 0, w: 12, h: 8 }]);
  });

  it('stacks overlapping panels below each other', () => {
    const result = compact([
      { x: 0, y: 0, w: 12, h: 8 },
      { x: 6, y: 2, w: 12, h: 4 },
      { x: 12, y: 0, w: 12, h: 4 },
    ]);
    expect(result).toEqual([
      { x: 0, y: 0, w: 12, h: 8 },
      { x: 6, y: 8, w: 12, h: 4 },
      { x: 12, y: 0, w: 12, h: 4 },
    ]);
  });
});

describe('sections', () => {
  it('groups panels under the rows above them', () => {
    const result = sections([panel(1, 0, 0, 12, 8), row(2, 8), panel(3, 0, 9, 24, 8), row(4, 17, true, [panel(5, 0, 18, 24, 8)])]);
    expect(result.map((section) => [section.row?.id, section.panels.map((p) => p.id)])).toEqual([
      [undefined, [1]],
      [2, [3]],
      [4, [5]],
    ]);
  });

  it('has no empty first section when the dashboard starts with a row', () => {
    expect(sections([row(1, 0), panel(2, 0, 1, 24, 4)])).toHaveLength(1);
  });
});

describe('layout', () => {
  const dashboard = [
    panel(1, 0, 0, 12, 8),
    panel(2, 12, 0, 12, 8),
    row(3, 8),
    panel(4, 0, 9, 24, 6),
    row(5, 15, true, [panel(6, 0, 16, 8, 4), panel(7, 8, 16, 8, 4)]),
    row(8, 16),
    panel(9, 0, 17, 24, 5),
  ];

  it('places rows full width and panels below them', () => {
    const items = layout(dashboard, initiallyCollapsed(dashboard));
    expect(items.map((item) => [item.panel.id, item.pos.y, item.pos.h, item.collapsed])).toEqual([
      [1, 0, 8, undefined],
      [2, 0, 8, undefined],
      [3, 8, 1, false],
      [4, 9, 6, undefined],
      [5, 15, 1, true],
      [8, 16, 1, false],
      [9, 17, 5, undefined],
    ]);
  });

  it('expands a collapsed row and moves what follows down', () => {
    const items = layout(dashboard, new Set());
    expect(items.map((item) => [item.panel.id, item.pos.x, item.pos.y])).toEqual([
      [1, 0, 0],
      [2, 12, 0],
      [3, 0, 8],
      [4, 0, 9],
      [5, 0, 15],
      [6, 0, 16],
      [7, 8, 16],
      [8, 0, 20],
      [9, 0, 21],
    ]);
  });

  it('collapses a row and moves what follows up', () => {
    const items = layout(dashboard, new Set(['row-3', 'row-5']));
    expect(items.map((item) => [item.panel.id, item.pos.y])).toEqual([
      [1, 0],
      [2, 0],
      [3, 8],
      [5, 9],
      [8, 10],
      [9, 11],
    ]);
  });

  it('gives panels without gridPos a default place', () => {
    const items = layout([{ id: 1, type: 'stat' }], new Set());
    expect(items[0]?.pos).toEqual({ x: 0, y: 0, w: 12, h: 8 });
  });
});

describe('panelHeight', () => {
  it('counts the gaps between grid rows', () => {
    expect(panelHeight(1)).toBe(30);
    expect(panelHeight(8)).toBe(8 * 30 + 7 * 8);
  });
});

describe('expandRepeats', () => {
  const options = (...values: string[]) => values.map((value) => ({ text: value.toUpperCase(), value }));
  const repeatOptions = (name: string) => ({ host: options('a', 'b', 'c'), dc: options('eu', 'us'), none: [] })[name];
  const repeated = (id: number, y: number, extra: Partial<PanelModel> = {}): PanelModel => ({ ...panel(id, 0, y, 12, 4), repeat: 'host', title: 'CPU $host', ...extra });

  it('returns the panels themselves without repeats', () => {
    const panels = [panel(1, 0, 0, 12, 8)];
    expect(expandRepeats(panels, repeatOptions)).toBe(panels);
  });

  it('clones a panel per value side by side, each with its scoped value', () => {
    const result = expandRepeats([repeated(1, 0), panel(2, 0, 4, 24, 3)], repeatOptions);
    expect(result.map((item) => [item.id, item.gridPos, item.scopedVars?.host?.value])).toEqual([
      [1, { x: 0, y: 0, w: 8, h: 4 }, 'a'],
      [1, { x: 8, y: 0, w: 8, h: 4 }, 'b'],
      [1, { x: 16, y: 0, w: 8, h: 4 }, 'c'],
      [2, { x: 0, y: 4, w: 24, h: 3 }, undefined],
    ]);
    expect(result[1]!.scopedVars).toEqual({ host: { text: 'B', value: 'b' } });
    const keys = layout(result, new Set()).map((item) => item.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('wraps after maxPerRow and moves what was below down', () => {
    const result = expandRepeats([repeated(1, 0, { maxPerRow: 2 }), panel(2, 0, 4, 24, 3)], repeatOptions);
    expect(result.map((item) => [item.gridPos?.x, item.gridPos?.y, item.gridPos?.w])).toEqual([
      [0, 0, 12],
      [12, 0, 12],
      [0, 4, 12],
      [0, 8, 24],
    ]);
  });

  it('stacks vertical repeats at the panel width', () => {
    const result = expandRepeats([{ ...repeated(1, 0), repeatDirection: 'v' }, panel(2, 12, 0, 12, 4)], repeatOptions);
    expect(result.map((item) => [item.id, item.gridPos?.x, item.gridPos?.y, item.gridPos?.w])).toEqual([
      [1, 0, 0, 12],
      [1, 0, 4, 12],
      [1, 0, 8, 12],
      [2, 12, 0, 12],
    ]);
  });

  it('shows an unknown or empty repeat variable once, unscoped', () => {
    expect(expandRepeats([repeated(1, 0, { repeat: 'gone' })], repeatOptions).map((item) => item.scopedVars)).toEqual([undefined]);
    expect(expandRepeats([repeated(1, 0, { repeat: 'none' })], repeatOptions)).toHaveLength(1);
  });

  it('copies a repeated row with its panels per value, panels scoped too', () => {
    const dashboard = [
      panel(1, 0, 0, 24, 2),
      { ...row(2, 2), repeat: 'dc', title: 'Region $dc' },
      panel(3, 0, 3, 12, 4),
      repeated(4, 3, { gridPos: { x: 12, y: 3, w: 12, h: 4 }, repeatDirection: 'v' }),
      row(5, 11),
      panel(6, 0, 12, 24, 2),
    ];
    const result = expandRepeats(dashboard, repeatOptions);
    expect(result.map((item) => [item.type === 'row' ? `row${item.id}` : item.id, item.gridPos?.y, item.scopedVars?.dc?.value ?? null, item.scopedVars?.host?.value ?? null])).toEqual([
      [1, 0, null, null],
      ['row2', 2, 'eu', null],
      [3, 3, 'eu', null],
      [4, 3, 'eu', 'a'],
      [4, 7, 'eu', 'b'],
      [4, 11, 'eu', 'c'],
      ['row2', 15, 'us', null],
      [3, 16, 'us', null],
      [4, 16, 'us', 'a'],
      [4, 20, 'us', 'b'],
      [4, 24, 'us', 'c'],
      ['row5', 28, null, null],
      [6, 29, null, null],
    ]);
    const items = layout(result, new Set());
    expect(new Set(items.map((item) => item.key)).size).toBe(items.length);
    expect(items.filter((item) => item.panel.type === 'row').map((item) => item.pos.y)).toEqual([2, 15, 28]);
  });

  it('copies a collapsed repeated row with its hidden panels', () => {
    const result = expandRepeats([{ ...row(1, 0, true, [repeated(2, 1)]), repeat: 'dc' }], repeatOptions);
    expect(result).toHaveLength(2);
    expect(result.map((item) => item.panels?.map((inner) => inner.scopedVars))).toEqual([
      [
        { dc: { text: 'EU', value: 'eu' }, host: { text: 'A', value: 'a' } },
        { dc: { text: 'EU', value: 'eu' }, host: { text: 'B', value: 'b' } },
        { dc: { text: 'EU', value: 'eu' }, host: { text: 'C', value: 'c' } },
      ],
      [
        { dc: { text: 'US', value: 'us' }, host: { text: 'A', value: 'a' } },
        { dc: { text: 'US', value: 'us' }, host: { text: 'B', value: 'b' } },
        { dc: { text: 'US', value: 'us' }, host: { text: 'C', value: 'c' } },
      ],
    ]);
    expect(initiallyCollapsed(result).size).toBe(2);
  });

  it('keeps the identity of clones that did not change', () => {
    const cache: CloneCache = new WeakMap();
    const dashboard = [repeated(1, 0)];
    const first = expandRepeats(dashboard, repeatOptions, cache);
    const second = expandRepeats(dashboard, repeatOptions, cache);
    expect(second[0]).toBe(first[0]);
    const fewer = expandRepeats(dashboard, (name) => (name === 'host' ? options('a', 'b') : undefined), cache);
    expect(fewer[0]).not.toBe(first[0]);
  });
});
