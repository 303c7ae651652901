//! The TestData query model, read leniently as Grafana does (a field of the wrong type is
//! treated as absent), and the helpers every scenario shares: series names, labels, the
//! spacing of points.

use serde_json::Value;
use sightline_query::frame::Labels;

use crate::plugin::DataQuery;

/// Grafana caps every generated series at this many points.
pub(super) const MAX_POINTS: i64 = 10_000;

/// What a query asks TestData for. Absent fields take the defaults of Grafana's model.
#[derive(Debug, Clone)]
pub(super) struct TestDataQuery<'a> {
    pub ref_id: &'a str,
    pub from_ms: i64,
    pub to_ms: i64,
    pub interval_ms: i64,
    pub max_data_points: i64,
    pub model: &'a Value,
}

impl<'a> TestDataQuery<'a> {
    pub(super) fn new(query: &'a DataQuery) -> TestDataQuery<'a> {
        TestDataQuery {
            ref_id: &query.ref_id,
            from_ms: query.time_range.from_ms(),
            to_ms: query.time_range.to_ms(),
            interval_ms: query.interval_ms,
            max_data_points: query.max_data_points,
            model: &query.model,
        }
    }

    /// `scenarioId`, `random_walk` when absent.
    pub(super) fn scenario_id(&self) -> &'a str {
        self.text("scenarioId").unwrap_or("random_walk")
    }

    pub(super) fn text(&self, key: &str) -> Option<&'a str> {
        self.model.get(key).and_then(Value::as_str)
    }

    /// A number sent as a JSON number or a numeric string.
    pub(super) fn number(&self, key: &str) -> Option<f64> {
        number_of(self.model.get(key)?)
    }

    pub(super) fn flag(&self, key: &str) -> bool {
        self.model
            .get(key)
            .and_then(Value::as_bool)
            .unwrap_or(false)
    }

    /// The milliseconds between two points: the query's interval, widened when the range
    /// would otherwise hold more than `maxDataPoints` points (at least 1 ms).
    pub(super) fn step_ms(&self) -> i64 {
        let mut step = self.interval_ms.max(1);
        if self.max_data_points > 0 {
            let range = self.to_ms.saturating_sub(self.from_ms);
            let widest = range.saturating_add(self.max_data_points - 1) / self.max_data_points;
            step = step.max(widest);
        }
        step
    }

    /// The most points a series may have: `maxDataPoints` when set, never above
    /// [`MAX_POINTS`].
    pub(super) fn point_limit(&self) -> i64 {
        match self.max_data_points {
            limit if limit > 0 => limit.min(MAX_POINTS),
            _ => MAX_POINTS,
        }
    }

    /// Grafana's series name: the alias, else `<refId>-series` with the index from the
    /// second series on.
    pub(super) fn series_name(&self, index: usize) -> String {
        match self.text("alias").filter(|alias| !alias.is_empty()) {
            Some(alias) => alias.to_string(),
            None if index == 0 => format!("{}-series", self.ref_id),
            None => format!("{}-series{index}", self.ref_id),
        }
    }

    /// The `labels` field for series `index`.
    pub(super) fn labels(&self, index: usize) -> Labels {
        parse_labels(self.text("labels").unwrap_or(""), index)
    }
}

pub(super) fn number_of(value: &Value) -> Option<f64> {
    match value {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// Reads `key=value, k2="v2"` (optionally inside braces, as Prometheus writes labels);
/// `$seriesIndex` in a value becomes the series index. Pairs without `=` are skipped.
pub(super) fn parse_labels(text: &str, index: usize) -> Labels {
    let inner = text.trim().trim_start_matches('{').trim_end_matches('}');
    inner
        .split(',')
        .filter_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            let key = key.trim();
            if key.is_empty() {
                return None;
            }
            let value = value
                .trim()
                .trim_matches('"')
                .replace("$seriesIndex", &index.to_string());
            Some((key.to_string(), value))
        })
        .collect()
}
