// Panel transformations (`panel.transformations`): Grafana's ordered steps over a panel's
// frames, run after the query and before the panel draws. Each step is looked up by Grafana's
// transformation id; a `disabled` step is skipped, a `filter` limits a step to the frames it
// matches (the others pass through), and a step whose id is unknown — or that fails on odd
// data — passes the frames on unchanged and leaves a notice for the panel to show.
import type { Frame, PanelData } from '../data/frames';
import { calculateFieldTransformer } from './calculateField';
import { convertFieldTypeTransformer } from './convertFieldType';
import { asRecord, asString } from './fields';
import { groupByTransformer } from './groupBy';
import { joinByFieldTransformer } from './join';
import { labelsToFieldsTransformer } from './labelsToFields';
import { concatenateTransformer, mergeTransformer, seriesToRowsTransformer } from './merge';
import { filterByRefIdTransformer, filterFieldsByNameTransformer, organizeTransformer, refIdMatcher, renameByRegexTransformer } from './organize';
import { reduceTransformer } from './reduce';
import { filterByValueTransformer, limitTransformer, sortByTransformer } from './rows';
import type { TransformationConfig, Transformer } from './types';

export type { TransformationConfig, Transformer } from './types';

/** Every transformation Sightline applies, by Grafana's id (old ids beside their successors). */
export const TRANSFORMERS: Readonly<Record<string, Transformer>> = {
  reduce: reduceTransformer,
  merge: mergeTransformer,
  seriesToRows: seriesToRowsTransformer,
  joinByField: joinByFieldTransformer,
  seriesToColumns: joinByFieldTransformer,
  organize: organizeTransformer,
  filterFieldsByName: filterFieldsByNameTransformer,
  filterByRefId: filterByRefIdTransformer,
  renameByRegex: renameByRegexTransformer,
  labelsToFields: labelsToFieldsTransformer,
  calculateField: calculateFieldTransformer,
  sortBy: sortByTransformer,
  limit: limitTransformer,
  groupBy: groupByTransformer,
  concatenate: concatenateTransformer,
  convertFieldType: convertFieldTypeTransformer,
  filterByValue: filterByValueTransformer,
};

export interface TransformResult {
  frames: Frame[];
  /** Steps that were not applied, and why, for a notice on the panel. */
  notices: string[];
}

/** The frames a step's `filter` selects: Grafana's frame matchers by refId (others: all). */
function frameFilter(filter: TransformationConfig['filter']): ((frame: Frame) => boolean) | undefined {
  if (!filter || filter.id !== 'byRefId') return undefined;
  const pattern = asString(filter.options);
  if (!pattern) return undefined;
  const matches = refIdMatcher(pattern);
  return (frame) => matches(frame.refId);
}

function isConfig(value: unknown): value is TransformationConfig {
  return typeof asRecord(value).id === 'string';
}

/** `frames` through each step of `transformations` in order. */
export function transformFrames(frames: Frame[], transformations: unknown): TransformResult {
  const steps = Array.isArray(transformations) ? transformations : [];
  const notices: string[] = [];
  let current = frames;
  for (const step of steps) {
    // Steps on the annotations topic transform annotation frames, not the series.
    if (!isConfig(step) || step.disabled === true || step.topic === 'annotations') continue;
    const transformer = Object.hasOwn(TRANSFORMERS, step.id) ? TRANSFORMERS[step.id] : undefined;
    if (!transformer) {
      notices.push(`Transformation "${step.id}" is not supported yet; the data is shown without it.`);
      continue;
    }
    const selects = frameFilter(step.filter);
    const selected = selects ? current.filter(selects) : current;
    const others = selects ? current.filter((frame) => !selects(frame)) : [];
    try {
      current = [...transformer(selected, asRecord(step.options)), ...others];
    } catch (failure) {
      const reason = failure instanceof Error ? failure.message : String(failure);
      notices.push(`Transformation "${step.id}" failed (${reason}); the data is shown without it.`);
    }
  }
  return { frames: current, notices };
}

/** The panel's data with its transformations applied; the same object when there are none. */
export function applyPanelTransformations(data: PanelData, transformations: unknown): PanelData {
  if (!Array.isArray(transformations) || transformations.length === 0) return data;
  const { frames, notices } = transformFrames(data.frames, transformations);
  return notices.length ? { ...data, frames, notices } : { ...data, frames };
}
