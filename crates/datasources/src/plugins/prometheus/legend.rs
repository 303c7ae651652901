//! The display name of a series (`config.displayNameFromDS`), as Grafana's Prometheus data
//! source names it: the query's `legendFormat` with `{{label}}` replaced by label values;
//! `__auto` leaves labelled series to the panel (no name); no legend format means
//! `metric{label="value", ...}`; a series with no labels at all is named by the expression.

use std::fmt::Write as _;

use sightline_query::frame::Labels;

/// The legend format that lets the panel name series itself.
pub const LEGEND_AUTO: &str = "__auto";

/// The display name for a series with `labels`, `""` when it should have none.
pub fn display_name(legend_format: &str, expr: &str, labels: &Labels) -> String {
    let legend = if legend_format == LEGEND_AUTO {
        if labels.is_empty() {
            metric_name_from_labels(labels)
        } else {
            String::new()
        }
    } else if legend_format.is_empty() {
        metric_name_from_labels(labels)
    } else {
        expand_legend(legend_format, labels)
    };
    if legend == "{}" {
        return expr.to_string();
    }
    legend
}

/// `name{a="1", b="2"}` (labels sorted, values quoted as Go's `%q`), `name` without other
/// labels, `{}` without any.
pub fn metric_name_from_labels(labels: &Labels) -> String {
    let name = labels.get("__name__").map_or("", String::as_str);
    let others: Vec<String> = labels
        .iter()
        .filter(|(key, _)| key.as_str() != "__name__")
        .map(|(key, value)| format!("{key}={}", go_quote(value)))
        .collect();
    if others.is_empty() {
        return if labels.contains_key("__name__") {
            name.to_string()
        } else {
            "{}".to_string()
        };
    }
    format!("{name}{{{}}}", others.join(", "))
}

/// Replaces every `{{ label }}` of `format` by the label's value (`""` when absent). A
/// placeholder holds at least one character and no line break; spaces around the name are
/// ignored.
pub fn expand_legend(format: &str, labels: &Labels) -> String {
    let mut result = String::with_capacity(format.len());
    let mut rest = format;
    while let Some(open) = rest.find("{{") {
        let inside_start = open + 2;
        let close = rest
            .get(inside_start + 1..)
            .and_then(|tail| tail.find("}}"))
            .map(|offset| inside_start + 1 + offset);
        let Some(close) = close.filter(|close| !rest[inside_start..*close].contains('\n')) else {
            result.push_str(&rest[..inside_start]);
            rest = &rest[inside_start..];
            continue;
        };
        result.push_str(&rest[..open]);
        let name = rest[inside_start..close].trim();
        if let Some(value) = labels.get(name) {
            result.push_str(value);
        }
        rest = &rest[close + 2..];
    }
    result.push_str(rest);
    result
}

/// A string quoted as Go's `strconv.Quote` quotes printable text.
fn go_quote(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for character in value.chars() {
        match character {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            control if control.is_control() => {
                let code = u32::from(control);
                if code < 0x80 {
                    let _ = write!(quoted, "\\x{code:02x}");
                } else {
                    let _ = write!(quoted, "\\u{code:04x}");
                }
            }
            other => quoted.push(other),
        }
    }
    quoted.push('"');
    quoted
}
