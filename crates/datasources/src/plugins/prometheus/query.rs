//! A panel's Prometheus query as Grafana's query editor saves it (the model), and the query
//! Sightline sends: expression with built-in variables replaced, step, range, kind.

use serde::Deserialize;
use serde_json::Value;
use sightline_query::interval::{format_go_duration, DurationError};
use sightline_query::Duration;

use super::settings::PrometheusSettings;
use super::step::{align_to_step, calculate_step, StepInputs};
use super::variables::{panel_interval, replace_builtins, VariableInputs};
use crate::plugin::DataQuery;

/// `format` of the query model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ResultFormat {
    #[default]
    TimeSeries,
    Table,
    Heatmap,
}

impl ResultFormat {
    fn parse(text: &str) -> ResultFormat {
        match text {
            "table" => ResultFormat::Table,
            "heatmap" => ResultFormat::Heatmap,
            _ => ResultFormat::TimeSeries,
        }
    }
}

/// The fields of the query model this plugin reads; the rest is ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct QueryModel {
    expr: String,
    legend_format: String,
    format: String,
    interval: String,
    interval_ms: Option<f64>,
    interval_factor: Option<f64>,
    range: bool,
    instant: bool,
    exemplar: bool,
    utc_offset_sec: i64,
}

/// A query ready to send.
#[derive(Debug, Clone, PartialEq)]
pub struct PromQuery {
    pub ref_id: String,
    /// The expression with built-in variables replaced.
    pub expr: String,
    pub legend_format: String,
    pub format: ResultFormat,
    pub step: Duration,
    /// The query's time range, not aligned (instant queries run at `end_ms`).
    pub start_ms: i64,
    pub end_ms: i64,
    pub utc_offset_sec: i64,
    pub range: bool,
    pub instant: bool,
    pub exemplar: bool,
}

/// Why a query model could not be read.
#[derive(Debug, thiserror::Error)]
pub enum QueryModelError {
    #[error("invalid query: {0}")]
    Json(#[from] serde_json::Error),
    #[error("invalid query interval: {0}")]
    Interval(#[from] DurationError),
}

impl PromQuery {
    /// Reads `query`'s model and computes what Grafana computes for it: the step, the
    /// expression with `$__interval` and friends replaced, and the kinds to run (range when
    /// neither `range` nor `instant` is set, as older dashboards expect).
    pub fn from_data_query(
        query: &DataQuery,
        settings: &PrometheusSettings,
    ) -> Result<PromQuery, QueryModelError> {
        let model = QueryModel::deserialize(&query.model)?;
        let interval_ms = model.interval_ms.map_or(0, |ms| ms as i64);
        let step = calculate_step(&StepInputs {
            query_interval: &model.interval,
            scrape_interval: &settings.time_interval,
            interval_ms,
            interval_factor: model.interval_factor.map_or(0, |factor| factor as i64),
            max_data_points: max_data_points(query),
            range: query.time_range,
        })?;
        let expr = replace_builtins(
            &model.expr,
            &VariableInputs {
                panel_interval: panel_interval(query.interval_ms),
                step,
                query_interval: &model.interval,
                scrape_interval: &settings.time_interval,
                range_ms: query.time_range.duration_ms(),
            },
        );
        let range = model.range || !model.instant;
        Ok(PromQuery {
            ref_id: query.ref_id.clone(),
            expr,
            legend_format: model.legend_format,
            format: ResultFormat::parse(&model.format),
            step,
            start_ms: query.time_range.from_ms(),
            end_ms: query.time_range.to_ms(),
            utc_offset_sec: model.utc_offset_sec,
            range,
            instant: model.instant,
            exemplar: model.exemplar,
        })
    }

    /// The range of a range query: start and end rounded down to the step.
    pub fn aligned_range_ms(&self) -> (i64, i64) {
        (
            align_to_step(self.start_ms, self.step, self.utc_offset_sec),
            align_to_step(self.end_ms, self.step, self.utc_offset_sec),
        )
    }

    /// What the query inspector shows (`meta.executedQueryString`).
    pub fn executed_query_string(&self) -> String {
        format!(
            "Expr: {}\nStep: {}",
            self.expr,
            format_go_duration(self.step)
        )
    }

    /// The step in milliseconds, the time field's `config.interval`.
    pub fn step_ms(&self) -> f64 {
        self.step.whole_milliseconds() as f64
    }
}

/// `maxDataPoints` of the request, else of the model, else 0 (the default resolution).
fn max_data_points(query: &DataQuery) -> i64 {
    if query.max_data_points > 0 {
        return query.max_data_points;
    }
    match query.model.get("maxDataPoints") {
        Some(Value::Number(number)) => number.as_f64().map_or(0, |points| points as i64),
        _ => 0,
    }
}
