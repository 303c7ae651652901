import { describe, expect, it } from 'vitest';
import type { PanelModel } from '../../api/types';
import { compact, initiallyCollapsed, layout, panelHeight, sections } from './layout';

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
