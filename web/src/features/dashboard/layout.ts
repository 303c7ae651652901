// Grafana's dashboard grid: 24 columns, rows of 30 px with 8 px gaps, panels placed by
// `gridPos`, packed upwards (react-grid-layout's vertical compaction), and row panels that
// group the panels below them and collapse. Pure functions, so the math is unit-tested.
import type { GridPos, PanelModel } from '../../api/types';

export const GRID_COLUMNS = 24;
export const GRID_CELL_HEIGHT = 30;
export const GRID_CELL_MARGIN = 8;

export interface LayoutItem {
  /** Stable React key. */
  key: string;
  panel: PanelModel;
  pos: GridPos;
  /** Rows only: whether the row is shown collapsed. */
  collapsed?: boolean;
}

export interface Section {
  /** The row panel heading the section; the first section may have none. */
  row?: PanelModel;
  panels: PanelModel[];
}

const DEFAULT_POS: GridPos = { x: 0, y: 0, w: 12, h: 8 };

export function gridPosOf(panel: PanelModel): GridPos {
  const pos = panel.gridPos ?? DEFAULT_POS;
  const w = clampInt(pos.w, 1, GRID_COLUMNS, DEFAULT_POS.w);
  return {
    x: clampInt(pos.x, 0, GRID_COLUMNS - w, 0),
    y: clampInt(pos.y, 0, Number.MAX_SAFE_INTEGER, 0),
    w,
    h: clampInt(pos.h, 1, 1000, DEFAULT_POS.h),
  };
}

function clampInt(value: unknown, low: number, high: number, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(Math.max(Math.round(value), low), high);
}

function byPosition(a: PanelModel, b: PanelModel): number {
  const pa = gridPosOf(a);
  const pb = gridPosOf(b);
  return pa.y - pb.y || pa.x - pb.x;
}

/** Splits a dashboard's panels into sections: the panels above the first row, then each row
 * with its panels (a collapsed row holds them in `panels`, an expanded one is followed by
 * them). */
export function sections(panels: PanelModel[]): Section[] {
  const result: Section[] = [{ panels: [] }];
  for (const panel of [...panels].sort(byPosition)) {
    if (panel.type === 'row') {
      result.push({ row: panel, panels: panel.collapsed ? [...(panel.panels ?? [])] : [] });
    } else {
      result[result.length - 1]!.panels.push(panel);
    }
  }
  return result.filter((section, index) => index > 0 || section.panels.length > 0);
}

function collides(a: GridPos, b: GridPos): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** Packs positions upwards in (y, x) order without overlaps, as react-grid-layout does;
 * the result is in the same order as the input. */
export function compact(positions: GridPos[]): GridPos[] {
  const order = positions.map((pos, index) => ({ pos, index })).sort((a, b) => a.pos.y - b.pos.y || a.pos.x - b.pos.x);
  const placed: GridPos[] = [];
  const result: GridPos[] = new Array<GridPos>(positions.length);
  for (const { pos, index } of order) {
    const item = { ...pos };
    while (item.y > 0 && !placed.some((other) => collides({ ...item, y: item.y - 1 }, other))) {
      item.y -= 1;
    }
    for (let collider = placed.find((other) => collides(item, other)); collider; collider = placed.find((other) => collides(item, other))) {
      item.y = collider.y + collider.h;
    }
    placed.push(item);
    result[index] = item;
  }
  return result;
}

function rowKey(row: PanelModel, index: number): string {
  return `row-${row.id ?? `i${index}`}`;
}

export function panelKey(panel: PanelModel, index: number): string {
  return `panel-${panel.id ?? `i${index}`}`;
}

/** The rows collapsed as the dashboard was saved. */
export function initiallyCollapsed(panels: PanelModel[]): Set<string> {
  const keys = new Set<string>();
  sections(panels).forEach((section, index) => {
    if (section.row?.collapsed) keys.add(rowKey(section.row, index));
  });
  return keys;
}

/**
 * Places every visible item: each section's panels packed among themselves, sections stacked
 * one after the other, a row heading (one unit high, full width) on top of its section.
 * `collapsed` holds the keys of the rows shown collapsed.
 */
export function layout(panels: PanelModel[], collapsed: ReadonlySet<string>): LayoutItem[] {
  const items: LayoutItem[] = [];
  let cursor = 0;
  let panelIndex = 0;
  sections(panels).forEach((section, sectionIndex) => {
    if (section.row) {
      const key = rowKey(section.row, sectionIndex);
      const isCollapsed = collapsed.has(key);
      items.push({ key, panel: section.row, pos: { x: 0, y: cursor, w: GRID_COLUMNS, h: 1 }, collapsed: isCollapsed });
      cursor += 1;
      if (isCollapsed) {
        panelIndex += section.panels.length;
        return;
      }
    }
    const positions = section.panels.map(gridPosOf);
    const top = Math.min(...positions.map((pos) => pos.y));
    const packed = compact(positions.map((pos) => ({ ...pos, y: pos.y - top })));
    let bottom = 0;
    section.panels.forEach((panel, index) => {
      const pos = packed[index]!;
      items.push({ key: panelKey(panel, panelIndex++), panel, pos: { ...pos, y: pos.y + cursor } });
      bottom = Math.max(bottom, pos.y + pos.h);
    });
    cursor += bottom;
  });
  return items;
}

/** Pixel height of a panel `h` grid units high. */
export function panelHeight(h: number): number {
  return h * GRID_CELL_HEIGHT + (h - 1) * GRID_CELL_MARGIN;
}
