import { describe, expect, it } from 'vitest';
import { vizGrid } from './vizGrid';

describe('vizGrid', () => {
  it('stacks for horizontal and lines up for vertical', () => {
    expect(vizGrid(400, 300, 3, 'horizontal', 1, 0)).toMatchObject({ columns: 1, rows: 3, cellHeight: 100 });
    expect(vizGrid(400, 300, 4, 'vertical', 1, 0)).toMatchObject({ columns: 4, rows: 1, cellWidth: 100 });
  });

  it('picks a grid that suits the aspect in auto', () => {
    expect(vizGrid(1200, 200, 4, 'auto', 1, 0)).toMatchObject({ columns: 4, rows: 1 });
    expect(vizGrid(200, 1200, 4, 'auto', 1, 0)).toMatchObject({ columns: 1, rows: 4 });
    expect(vizGrid(600, 600, 4, 'auto', 1, 0)).toMatchObject({ columns: 2, rows: 2 });
  });
});
