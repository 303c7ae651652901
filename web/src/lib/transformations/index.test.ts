import { describe, expect, it } from 'vitest';
import { applyPanelTransformations, transformFrames, TRANSFORMERS } from './index';
import { series, view } from './testing';

const frames = [series('A', 'A-series', [1, 2], [1, 3]), series('B', 'B-series', [1, 2], [10, 30])];

describe('transformFrames', () => {
  it('runs the steps in order', () => {
    const { frames: result, notices } = transformFrames(frames, [
      { id: 'reduce', options: { reducers: ['max'] } },
      { id: 'organize', options: { renameByName: { Field: 'Series' } } },
      { id: 'sortBy', options: { sort: [{ field: 'Max', desc: true }] } },
    ]);
    expect(notices).toEqual([]);
    expect(view(result)).toEqual([
      [
        ['Series', 'string', ['B-series', 'A-series']],
        ['Max', 'number', [30, 3]],
      ],
    ]);
  });

  it.each([
    { name: 'disabled steps', step: { id: 'reduce', options: { reducers: ['max'] }, disabled: true } },
    { name: 'steps on the annotations topic', step: { id: 'reduce', options: { reducers: ['max'] }, topic: 'annotations' } },
  ])('skips $name', ({ step }) => {
    expect(transformFrames(frames, [step]).frames).toBe(frames);
  });

  it('passes unknown ids through with a notice', () => {
    const { frames: result, notices } = transformFrames(frames, [{ id: 'partitionByValues', options: {} }, { id: 'limit', options: { limitField: 1 } }]);
    expect(view(result).map((each) => each[1]![2])).toEqual([[1], [10]]);
    expect(notices).toEqual(['Transformation "partitionByValues" is not supported yet; the data is shown without it.']);
  });

  it('ignores malformed entries and tolerates malformed options', () => {
    const { frames: result, notices } = transformFrames(frames, [null, 'reduce', { options: {} }, { id: 'reduce', options: 'max' }, { id: 'organize', options: { indexByName: 'x' } }]);
    expect(view(result)).toEqual(view(frames));
    expect(notices).toEqual([]);
  });

  it('a step with a refId filter leaves the other frames alone', () => {
    const { frames: result } = transformFrames(frames, [{ id: 'reduce', options: { reducers: ['max'] }, filter: { id: 'byRefId', options: 'B' } }]);
    expect(view(result)).toEqual([[['Field', 'string', ['B-series']], ['Max', 'number', [30]]], view([frames[0]!])[0]]);
  });

  it('a step that throws passes its input on with a notice', () => {
    const original = TRANSFORMERS.limit;
    const registry = TRANSFORMERS as Record<string, typeof original>;
    registry.limit = () => {
      throw new Error('boom');
    };
    try {
      const { frames: result, notices } = transformFrames(frames, [{ id: 'limit' }]);
      expect(result).toBe(frames);
      expect(notices).toEqual(['Transformation "limit" failed (boom); the data is shown without it.']);
    } finally {
      registry.limit = original;
    }
  });

  it('the old seriesToColumns id joins like joinByField', () => {
    expect(view(transformFrames(frames, [{ id: 'seriesToColumns', options: { reducers: [] } }]).frames)).toEqual([
      [
        ['time', 'time', [1, 2]],
        ['A-series', 'number', [1, 3]],
        ['B-series', 'number', [10, 30]],
      ],
    ]);
  });
});

describe('applyPanelTransformations', () => {
  it('returns the same data without transformations', () => {
    const data = { frames, errors: [] };
    expect(applyPanelTransformations(data, undefined)).toBe(data);
    expect(applyPanelTransformations(data, [])).toBe(data);
  });

  it('keeps the errors and adds notices only when there are some', () => {
    const data = { frames, errors: [{ refId: 'C', message: 'bad' }] };
    const merged = applyPanelTransformations(data, [{ id: 'merge', options: {} }]);
    expect(merged.errors).toEqual(data.errors);
    expect(merged.frames).toHaveLength(1);
    expect(merged.notices).toBeUndefined();
    expect(applyPanelTransformations(data, [{ id: 'rowsToFields' }]).notices).toHaveLength(1);
  });
});
