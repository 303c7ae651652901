// Moving and widening a range, as Grafana's time picker buttons and `t ←`, `t →`, `t z`
// shortcuts do: a shift moves by half the span, zoom out doubles the span around its centre.
// The results are absolute (epoch milliseconds), as Grafana puts them in the URL.

export interface AbsoluteRange {
  from: number;
  to: number;
}

/** The span Grafana zooms out to when a range has no width. */
const EMPTY_ZOOM_SPAN = 30_000;

/**
 * `range` moved back (`-1`) or forward (`1`) by half its span. Forward never runs past
 * `now`: a range ending before now that would cross it ends at now and keeps its start.
 */
export function shiftRange(range: AbsoluteRange, direction: -1 | 1, now: number = Date.now()): AbsoluteRange {
  const half = Math.round((range.to - range.from) / 2);
  if (direction === -1) return { from: range.from - half, to: range.to - half };
  const to = range.to + half;
  if (to > now && range.to < now) return { from: range.from, to: now };
  return { from: range.from + half, to };
}

/** `range` widened `factor` times around its centre (Grafana's zoom out uses 2). */
export function zoomOutRange(range: AbsoluteRange, factor = 2): AbsoluteRange {
  const span = range.to - range.from;
  const centre = range.to - span / 2;
  const wider = span === 0 ? EMPTY_ZOOM_SPAN : span * factor;
  return { from: Math.round(centre - wider / 2), to: Math.round(centre + wider / 2) };
}

