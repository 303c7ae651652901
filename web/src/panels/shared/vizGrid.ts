// How the single-value panels (stat, gauge, bar gauge) lay several values out, as Grafana's
// repeater does: `horizontal` stacks them in one column, `vertical` puts them side by side
// in one row, `auto` picks the grid whose cells come closest to the visual's natural shape
// (its width-to-height `aspect`), leaving as little empty space as it can.

export type Orientation = 'auto' | 'horizontal' | 'vertical';

export interface VizGrid {
  columns: number;
  rows: number;
  cellWidth: number;
  cellHeight: number;
}

export function vizGrid(width: number, height: number, count: number, orientation: Orientation, aspect: number, gap = 4): VizGrid {
  const cells = Math.max(count, 1);
  const make = (columns: number): VizGrid => {
    const rows = Math.ceil(cells / columns);
    return { columns, rows, cellWidth: (width - gap * (columns - 1)) / columns, cellHeight: (height - gap * (rows - 1)) / rows };
  };
  if (orientation === 'horizontal') return make(1);
  if (orientation === 'vertical') return make(cells);
  let best = make(1);
  let bestScore = -Infinity;
  for (let columns = 1; columns <= cells; columns++) {
    const grid = make(columns);
    if (grid.cellWidth <= 0 || grid.cellHeight <= 0) continue;
    // The size a visual of this aspect gets in the cell, less a little for empty cells.
    const fitted = Math.min(grid.cellWidth, grid.cellHeight * aspect);
    const empty = grid.columns * grid.rows - cells;
    const score = fitted * (1 - empty * 0.02);
    if (score > bestScore + 0.5) {
      best = grid;
      bestScore = score;
    }
  }
  return best;
}
