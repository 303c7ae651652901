// Grafana's dashboard grid: 24 columns, rows of 30 px with 8 px gaps, panels placed by
// `gridPos`, packed upwards (react-grid-layout's vertical compaction), and row panels that
// group the panels below them and collapse; repeated panels and rows cloned per value of their
// variable. Pure functions, so the math is unit-tested.
import type { GridPos, PanelModel } from '../../api/types';
import type { ScopedVars, VariableOption } from '../variables/model';

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

/** The key of a repeated clone, set by `expandRepeats`. */
function repeatKeyOf(panel: PanelModel): string | undefined {
  return typeof panel.repeatKey === 'string' ? panel.repeatKey : undefined;
}

function rowKey(row: PanelModel, index: number): string {
  return `row-${repeatKeyOf(row) ?? row.id ?? `i${index}`}`;
}

export function panelKey(panel: PanelModel, index: number): string {
  return `panel-${repeatKeyOf(panel) ?? panel.id ?? `i${index}`}`;
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

/** The values a variable repeats a panel or row for; `undefined` for an unknown variable. */
export type RepeatOptions = (variable: string) => VariableOption[] | undefined;

/** Clones already made, so a clone keeps its identity (and its data) while its place and
 * value stay the same. */
export type CloneCache = WeakMap<PanelModel, Map<string, PanelModel>>;

function hasRepeats(panels: PanelModel[]): boolean {
  return panels.some((panel) => Boolean(panel.repeat) || (panel.type === 'row' && hasRepeats(panel.panels ?? [])));
}

function cloneOf(panel: PanelModel, changes: { gridPos: GridPos; scopedVars?: ScopedVars; repeatKey?: string; panels?: PanelModel[] }, cache?: CloneCache): PanelModel {
  const samePos = JSON.stringify(gridPosOf(panel)) === JSON.stringify(changes.gridPos) && panel.gridPos !== undefined;
  if (samePos && !changes.scopedVars && !changes.repeatKey && !changes.panels) return panel;
  const id = JSON.stringify([changes.gridPos, changes.scopedVars ?? null, changes.repeatKey ?? null]);
  const known = cache?.get(panel)?.get(id);
  if (known && (!changes.panels || (known.panels?.length === changes.panels.length && known.panels.every((inner, index) => inner === changes.panels![index])))) return known;
  const clone: PanelModel = { ...panel, gridPos: changes.gridPos };
  if (changes.scopedVars) clone.scopedVars = changes.scopedVars;
  if (changes.repeatKey) clone.repeatKey = changes.repeatKey;
  if (changes.panels) clone.panels = changes.panels;
  if (cache) {
    const clones = cache.get(panel) ?? new Map<string, PanelModel>();
    clones.set(id, clone);
    cache.set(panel, clones);
  }
  return clone;
}

interface Placed {
  panel: PanelModel;
  pos: GridPos;
  scopedVars?: ScopedVars;
  repeatKey?: string;
}

/**
 * A section's panels with each repeated panel cloned per value of its variable, positions
 * relative to the section's top. As Grafana: horizontally the clones share the width
 * (`max(24 / count, 24 / maxPerRow)`, `maxPerRow` 4 by default) and wrap onto new lines;
 * vertically (`repeatDirection: 'v'`) they stack below each other; what was below the panel
 * moves down by the extra height.
 */
function repeatSectionPanels(panels: PanelModel[], repeatOptions: RepeatOptions, scope: ScopedVars | undefined, keyPrefix: string): Placed[] {
  const positions = panels.map(gridPosOf);
  const top = positions.length > 0 ? Math.min(...positions.map((pos) => pos.y)) : 0;
  const growth: { below: number; extra: number }[] = [];
  const placed: Placed[][] = panels.map((panel, index) => {
    const pos = { ...positions[index]!, y: positions[index]!.y - top };
    const baseKey = `${keyPrefix}${panel.id ?? `i${index}`}`;
    const options = typeof panel.repeat === 'string' && panel.repeat ? repeatOptions(panel.repeat) : undefined;
    if (!options || options.length === 0) return [{ panel, pos, scopedVars: scope, repeatKey: scope ? baseKey : undefined }];
    const variable = panel.repeat as string;
    const clones: Placed[] = [];
    if (panel.repeatDirection === 'v') {
      options.forEach((option, at) => clones.push({ panel, pos: { ...pos, y: pos.y + at * pos.h }, scopedVars: { ...scope, [variable]: option }, repeatKey: `${baseKey}-${option.value}` }));
      growth.push({ below: pos.y + pos.h, extra: (options.length - 1) * pos.h });
    } else {
      const maxPerRow = typeof panel.maxPerRow === 'number' && panel.maxPerRow > 0 ? panel.maxPerRow : 4;
      const width = Math.max(1, Math.floor(Math.max(GRID_COLUMNS / options.length, GRID_COLUMNS / maxPerRow)));
      let x = 0;
      let y = pos.y;
      for (const option of options) {
        if (x + width > GRID_COLUMNS) {
          x = 0;
          y += pos.h;
        }
        clones.push({ panel, pos: { x, y, w: width, h: pos.h }, scopedVars: { ...scope, [variable]: option }, repeatKey: `${baseKey}-${option.value}` });
        x += width;
      }
      growth.push({ below: pos.y + pos.h, extra: y - pos.y });
    }
    return clones;
  });
  return placed.flat().map((item) => {
    const original = gridPosOf(item.panel).y - top;
    const shift = growth.filter((grow) => original >= grow.below).reduce((sum, grow) => sum + grow.extra, 0);
    return shift ? { ...item, pos: { ...item.pos, y: item.pos.y + shift } } : item;
  });
}

/**
 * The dashboard's panels with repeats expanded, as Grafana lays them out: a row with
 * `repeat` is copied with its panels once per value of the variable (each copy below the
 * previous one, the value scoped to the row and its panels), and a panel with `repeat` once
 * per value in its section. The result is a plain panel list for `layout`; without any
 * repeat it is `panels` itself.
 */
export function expandRepeats(panels: PanelModel[], repeatOptions: RepeatOptions, cache?: CloneCache): PanelModel[] {
  if (!hasRepeats(panels)) return panels;
  const result: PanelModel[] = [];
  let cursor = 0;
  sections(panels).forEach((section) => {
    const row = section.row;
    const rowVariable = typeof row?.repeat === 'string' && row.repeat ? row.repeat : undefined;
    const rowOptions = rowVariable ? repeatOptions(rowVariable) : undefined;
    const iterations: (VariableOption | undefined)[] = rowOptions && rowOptions.length > 0 ? rowOptions : [undefined];
    for (const option of iterations) {
      const scope = option && rowVariable ? { [rowVariable]: option } : undefined;
      const rowKeyPart = row ? `${row.id ?? 'r'}${option ? `-${option.value}` : ''}/` : '';
      const inner = repeatSectionPanels(section.panels, repeatOptions, scope, rowKeyPart);
      const innerTop = row ? cursor + 1 : cursor;
      const innerPanels = inner.map((item) => cloneOf(item.panel, { gridPos: { ...item.pos, y: item.pos.y + innerTop }, scopedVars: item.scopedVars, repeatKey: item.repeatKey }, cache));
      if (row) {
        const rowChanges = { gridPos: { ...gridPosOf(row), y: cursor }, scopedVars: scope, repeatKey: option ? rowKeyPart.slice(0, -1) : undefined };
        cursor += 1;
        if (row.collapsed) {
          result.push(cloneOf(row, { ...rowChanges, panels: innerPanels }, cache));
          continue;
        }
        result.push(cloneOf(row, rowChanges, cache));
      }
      result.push(...innerPanels);
      cursor = innerPanels.reduce((bottom, panel) => Math.max(bottom, gridPosOf(panel).y + gridPosOf(panel).h), cursor);
    }
  });
  return result;
}
