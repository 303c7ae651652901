//! Graph panels that did not plot over time: a `series` x-axis becomes a `bargauge`, a
//! `histogram` x-axis a `histogram` panel.
//!
//! - Bar gauge (Grafana's `migrateFromGraphPanel`): one bar per series reduced by the
//!   x-axis `values` (`avg` → `mean`, `current` → `lastNotNull`, `total` → `sum`), classic
//!   palette colours, and the graph's legend settings.
//! - Histogram (Grafana's `graphToHistogramOptions`): default legend and tooltip, series not
//!   combined, stacking (percent when `percentage`) when the graph stacked. The histogram
//!   starts from a fresh field config, as in Grafana.

use serde_json::Value;

use super::{
    field_config, legend_options, merge_options, previous_field_config, single_stat_follow_up,
};
use crate::migration::json::{arr_at, obj_at, object, truthy, Object};
use crate::migration::reducers::reducer_id;

/// Converts a graph with a `series` x-axis to a bar gauge.
pub(super) fn to_bar_gauge(panel: &mut Object) {
    let xaxis = obj_at(panel, "xaxis");
    let calcs: Vec<Value> = xaxis
        .and_then(|xaxis| arr_at(xaxis, "values"))
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter_map(reducer_id)
        .map(Value::String)
        .collect();
    let mut options = Object::new();
    options.insert("orientation".to_owned(), "auto".into());
    options.insert(
        "reduceOptions".to_owned(),
        object([
            ("values", Value::Bool(false)),
            ("calcs", Value::Array(calcs)),
        ]),
    );
    options.insert(
        "legend".to_owned(),
        Value::Object(legend_options(obj_at(panel, "legend"))),
    );

    let (defaults, overrides) = previous_field_config(panel);
    let mut defaults = defaults.unwrap_or_default();
    defaults.insert(
        "color".to_owned(),
        object([("mode", "palette-classic".into())]),
    );
    panel.insert("fieldConfig".to_owned(), field_config(defaults, overrides));
    panel.insert("type".to_owned(), "bargauge".into());
    merge_options(panel, options);
    single_stat_follow_up(panel);
}

/// Converts a graph with a `histogram` x-axis to a histogram panel.
pub(super) fn to_histogram(panel: &mut Object) {
    let mut custom = Object::new();
    if truthy(panel.get("stack")) {
        let mode = if truthy(panel.get("percentage")) {
            "percent"
        } else {
            "normal"
        };
        custom.insert(
            "stacking".to_owned(),
            object([("mode", mode.into()), ("group", "A".into())]),
        );
    }
    let mut defaults = Object::new();
    defaults.insert("custom".to_owned(), Value::Object(custom));

    let mut options = Object::new();
    options.insert("legend".to_owned(), Value::Object(legend_options(None)));
    options.insert(
        "tooltip".to_owned(),
        object([("mode", "single".into()), ("sort", "none".into())]),
    );
    options.insert("combine".to_owned(), Value::Bool(false));

    panel.insert("fieldConfig".to_owned(), field_config(defaults, Vec::new()));
    panel.insert("type".to_owned(), "histogram".into());
    merge_options(panel, options);
}
