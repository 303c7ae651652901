//! The built-in variables Grafana's Prometheus data source replaces in `expr` on the server
//! (`interpolateVariables`): `$__interval` (the step, `1m`), `$__interval_ms`, `$__range`
//! (`3600s`), `$__range_s`, `$__range_ms`, `$__rate_interval` (`1m0s`, Go's duration
//! format) and `$__rate_interval_ms`, each also written `${...}`. Dashboard variables are
//! replaced before the query reaches the plugin.

use sightline_query::interval::{format_go_duration, format_interval, rate_interval};
use sightline_query::Duration;

use super::step::is_rate_interval;

/// What the variables are made of.
#[derive(Debug, Clone, Copy)]
pub struct VariableInputs<'a> {
    /// The interval the panel computed (`intervalMs` of the request, 1s when absent).
    pub panel_interval: Duration,
    /// The query's step, from [`super::step::calculate_step`].
    pub step: Duration,
    /// The query's `interval` ("Min step") as written.
    pub query_interval: &'a str,
    /// The data source's `timeInterval`.
    pub scrape_interval: &'a str,
    pub range_ms: i64,
}

/// `$__rate_interval` for these inputs: the step itself when the query's min step is
/// `$__rate_interval`; else `max(panel interval + scrape, 4 × scrape)`, where `scrape` is the
/// query's min step (the step when it is `$__interval`), else the data source's, else 15s.
pub fn rate_interval_for(inputs: &VariableInputs<'_>) -> Duration {
    if is_rate_interval(inputs.query_interval) {
        return inputs.step;
    }
    let scrape = match inputs.query_interval {
        "$__interval" | "${__interval}" => format_go_duration(inputs.step),
        "" => inputs.scrape_interval.to_string(),
        other => other.to_string(),
    };
    rate_interval(inputs.panel_interval, &scrape).unwrap_or(Duration::ZERO)
}

/// `expr` with the built-in variables replaced.
pub fn replace_builtins(expr: &str, inputs: &VariableInputs<'_>) -> String {
    let range_s = (inputs.range_ms as f64 / 1000.0).round() as i64;
    let rate = rate_interval_for(inputs);
    let step_ms = inputs.step.whole_milliseconds().to_string();
    let rate_ms = rate.whole_milliseconds().to_string();
    // Longer names first, so `$__interval` does not eat the start of `$__interval_ms`.
    let replacements: [(&str, String); 7] = [
        ("__interval_ms", step_ms),
        ("__interval", format_interval(inputs.step)),
        ("__range_ms", inputs.range_ms.to_string()),
        ("__range_s", range_s.to_string()),
        ("__range", format!("{range_s}s")),
        ("__rate_interval_ms", rate_ms),
        ("__rate_interval", format_go_duration(rate)),
    ];
    let mut result = expr.to_string();
    for (name, value) in &replacements {
        result = result.replace(&format!("${name}"), value);
    }
    for (name, value) in &replacements {
        result = result.replace(&format!("${{{name}}}"), value);
    }
    result
}

/// The panel interval of a query: its `intervalMs`, or 1s as Grafana's query service
/// assumes when it is absent.
pub fn panel_interval(interval_ms: i64) -> Duration {
    if interval_ms > 0 {
        Duration::milliseconds(interval_ms)
    } else {
        Duration::milliseconds(sightline_query::interval::DEFAULT_INTERVAL_MS)
    }
}
