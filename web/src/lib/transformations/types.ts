// The shape every transformation shares: Grafana's panel JSON entry (`panel.transformations[]`)
// and a pure function from frames to frames.
import type { Frame } from '../data/frames';

/** One entry of `panel.transformations`, as Grafana's dashboard JSON stores it. */
export interface TransformationConfig {
  id: string;
  options?: unknown;
  disabled?: boolean;
  /** Which frames the step applies to (`byRefId` etc.); the others pass through. */
  filter?: { id: string; options?: unknown };
  topic?: string;
}

/**
 * A transformation: frames in, new frames out, never mutating its input. `options` is
 * whatever the dashboard holds (possibly malformed), so each reads it leniently.
 */
export type Transformer = (frames: Frame[], options: Record<string, unknown>) => Frame[];
