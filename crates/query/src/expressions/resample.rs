//! The resample command (`type: resample`): each series is put on a regular grid over the
//! query's time range, as Grafana's `Series.Resample` does.
//!
//! The grid times are `from`, `from + window`, ... up to `to` (`floor((to - from) / window)
//! + 1` points). The value at a grid time takes the points not yet used whose time is at
//! or before it (so the first one also gets everything before `from`): one point is taken
//! as it is, several are combined by the downsampler (`mean`, `min`, `max`, `sum`, `last`,
//! with the strict reducers' null/NaN rule), none are filled by the upsampler: `pad` (the
//! last point seen, null before any), `backfilling` (the next point, null after the last),
//! `fillna` (null). The input points must be in time order.

use super::reduce::Reducer;
use super::value::{Point, Series, Value};
use crate::frame::Timestamp;
use crate::time::TimeRange;
use crate::Duration;

/// The most points a resampled series may have, so that a tiny window over a long range
/// cannot exhaust memory (Grafana has no such limit).
pub const MAX_POINTS: i64 = 1_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsampler {
    Pad,
    Backfilling,
    FillNa,
}

impl Upsampler {
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "pad" => Upsampler::Pad,
            "backfilling" => Upsampler::Backfilling,
            "fillna" => Upsampler::FillNa,
            _ => return None,
        })
    }
}

/// The downsamplers Grafana accepts (the reducers without `count` and `median`).
pub fn parse_downsampler(name: &str) -> Option<Reducer> {
    match Reducer::parse(name)? {
        Reducer::Count | Reducer::Median => None,
        reducer => Some(reducer),
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Resample {
    pub window: Duration,
    pub downsampler: Reducer,
    pub upsampler: Upsampler,
}

impl Resample {
    /// Resamples every series of `input`; no data stays no data, numbers are refused.
    pub fn apply(&self, input: &[Value], range: &TimeRange) -> Result<Vec<Value>, String> {
        let mut output = Vec::with_capacity(input.len());
        for value in input {
            match value {
                Value::Series(series) => output.push(Value::Series(self.series(series, range)?)),
                Value::NoData => return Ok(vec![Value::NoData]),
                other => {
                    return Err(format!(
                        "can only resample series, got {}",
                        other.type_name()
                    ))
                }
            }
        }
        Ok(output)
    }

    fn series(&self, series: &Series, range: &TimeRange) -> Result<Series, String> {
        let window_nanos = i64::try_from(self.window.whole_nanoseconds()).unwrap_or(i64::MAX);
        if window_nanos <= 0 {
            return Err("the resample window must be positive".into());
        }
        let from = Timestamp::from_millis(range.from_ms()).nanos();
        let to = Timestamp::from_millis(range.to_ms()).nanos();
        let steps = (to.saturating_sub(from)) / window_nanos;
        if steps <= 0 {
            return Err(
                "the series cannot be sampled further; the time range is shorter than the interval"
                    .into(),
            );
        }
        if steps >= MAX_POINTS {
            return Err(format!(
                "resampling would produce {} points per series, more than the limit of {MAX_POINTS}; use a larger window",
                steps.saturating_add(1)
            ));
        }
        let points = &series.points;
        let mut next = 0;
        let mut last_seen: Option<f64> = None;
        let mut resampled: Vec<Point> = Vec::new();
        for step in 0..=steps {
            let at = from.saturating_add(step.saturating_mul(window_nanos));
            let taken_from = next;
            while next < points.len() && points[next].0.nanos() <= at {
                last_seen = points[next].1;
                next += 1;
            }
            let bucket: Vec<Option<f64>> = points[taken_from..next].iter().map(|p| p.1).collect();
            let value = match bucket.as_slice() {
                [] => match self.upsampler {
                    Upsampler::Pad => last_seen,
                    Upsampler::Backfilling => points.get(next).and_then(|p| p.1),
                    Upsampler::FillNa => None,
                },
                bucket => self.downsampler.reduce(bucket),
            };
            resampled.push((Timestamp::from_nanos(at), value));
        }
        Ok(Series::new(series.labels.clone(), resampled))
    }
}
