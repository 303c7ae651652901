//! Filling missing intervals (`$__timeGroup(col, '5m', NULL|previous|<value>)`), as the
//! plugin SDK's `ResampleWideFrame`: one row per interval from the range's start (rounded
//! down to a multiple of the interval) through its end; each row takes the last row of the
//! result in `(t - interval, t]`, and where there is none, null, the given value, or the
//! value of the last row before it.

use sightline_query::frame::series::{SeriesSchema, SeriesShape};
use sightline_query::frame::{Column, Field, FieldValues, FillMissing, Frame, Timestamp};
use sightline_query::time::TimeRange;

use super::macros::FillSpec;
use super::series::floats;

/// More rows than this are not made up: the fill is skipped with a notice.
const MAX_FILLED_ROWS: i64 = 1_000_000;

/// Where the value of one resampled row comes from.
#[derive(Debug, Clone, Copy)]
enum Source {
    Row(usize),
    /// No row in the interval: fill, knowing the last row before it (if any).
    Missing {
        last_seen: Option<usize>,
    },
}

/// The resampled frame; `None` when the frame is not a time series with times in order.
pub fn resample(frame: &Frame, spec: FillSpec, range: &TimeRange) -> Option<Frame> {
    let schema = SeriesSchema::of(frame);
    if schema.shape == SeriesShape::Not {
        return None;
    }
    let step_ms = i64::try_from(spec.interval.whole_milliseconds()).ok()?;
    if step_ms <= 0 {
        return Some(frame.clone());
    }
    let FieldValues::Time(times) = &frame.fields.get(schema.time_index)?.values else {
        return None;
    };
    let start = range.from_ms().div_euclid(step_ms) * step_ms;
    if (range.to_ms() - start) / step_ms >= MAX_FILLED_ROWS {
        return None;
    }

    let mut grid = Vec::new();
    let mut sources = Vec::new();
    let mut cursor = 0;
    let mut last_seen = None;
    let mut current = start;
    while current <= range.to_ms() {
        let window_end = Timestamp::from_millis(current);
        let window_start = Timestamp::from_millis(current - step_ms);
        let mut in_window = None;
        while cursor < times.len() {
            let time = *times.get(cursor)?;
            if time > window_end {
                break;
            }
            if time > window_start {
                in_window = Some(cursor);
            }
            last_seen = Some(cursor);
            cursor += 1;
        }
        grid.push(window_end);
        sources.push(match in_window {
            Some(row) => Source::Row(row),
            None => Source::Missing { last_seen },
        });
        current += step_ms;
    }

    let mut fields = Vec::with_capacity(frame.fields.len());
    for (index, field) in frame.fields.iter().enumerate() {
        if index == schema.time_index {
            fields.push(Field {
                values: Column::required(grid.clone()).into(),
                ..field.clone()
            });
            continue;
        }
        let values = floats(&field.values)?;
        let at = |row: usize| values.get(row).copied().flatten();
        let filled: Vec<Option<f64>> = sources
            .iter()
            .map(|source| match (*source, spec.missing) {
                (Source::Row(row), _) => at(row),
                (Source::Missing { .. }, FillMissing::Null) => None,
                (Source::Missing { .. }, FillMissing::Value(value)) => Some(value),
                (Source::Missing { last_seen }, FillMissing::Previous) => last_seen.and_then(at),
            })
            .collect();
        fields.push(Field {
            values: Column::nullable(filled).into(),
            ..field.clone()
        });
    }
    Some(Frame {
        fields,
        ..frame.clone()
    })
}
