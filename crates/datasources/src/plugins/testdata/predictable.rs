//! `predictable_pulse` and `predictable_csv_wave`: waves computed from absolute time, so
//! every server and every refresh draws the same values at the same instants. Points fall
//! on multiples of `timeStep` seconds since the epoch; the wave repeats every
//! `timeStep × length` and position `n` of a period takes the `n`-th value.

use serde_json::Value;
use sightline_query::frame::{time_series_frame, Frame, Timestamp};

use super::query::{number_of, parse_labels, TestDataQuery, MAX_POINTS};

/// `pulseWave: {timeStep, onCount, offCount, onValue, offValue}`: `onCount` points of
/// `onValue`, then `offCount` of `offValue`. Defaults are the query editor's (60 s, 3, 6,
/// 1, 0). A value may be `null` (a gap) or `nan`.
pub(super) fn predictable_pulse(query: &TestDataQuery<'_>) -> Result<Vec<Frame>, String> {
    let options = query.model.get("pulseWave").cloned().unwrap_or(Value::Null);
    let integer = |key: &str, default: i64| {
        options
            .get(key)
            .and_then(number_of)
            .map_or(default, |n| n as i64)
    };
    let time_step_s = integer("timeStep", 60);
    let on_count = integer("onCount", 3);
    let off_count = integer("offCount", 6);
    let on_value = wave_value(options.get("onValue"), Some(1.0))
        .map_err(|error| format!("failed to parse onValue: {error}"))?;
    let off_value = wave_value(options.get("offValue"), Some(0.0))
        .map_err(|error| format!("failed to parse offValue: {error}"))?;
    if on_count < 0 || off_count < 0 || on_count + off_count == 0 {
        return Err("onCount and offCount must not be negative, nor both zero".into());
    }
    let values: Vec<Option<f64>> = (0..on_count + off_count)
        .map(|n| if n < on_count { on_value } else { off_value })
        .collect();
    let points = predictable_series(query, time_step_s, &values)?;
    Ok(vec![time_series_frame(
        query.series_name(0),
        query.labels(0),
        points,
    )])
}

/// `csvWave: [{timeStep, valuesCSV, labels, name}]`: one series per entry.
pub(super) fn predictable_csv_wave(query: &TestDataQuery<'_>) -> Result<Vec<Frame>, String> {
    let waves = match query.model.get("csvWave") {
        Some(Value::Array(waves)) => waves.clone(),
        Some(wave @ Value::Object(_)) => vec![wave.clone()],
        _ => Vec::new(),
    };
    waves
        .iter()
        .map(|wave| {
            let time_step_s = wave.get("timeStep").and_then(number_of).unwrap_or(60.0) as i64;
            let csv = wave.get("valuesCSV").and_then(Value::as_str).unwrap_or("");
            let values = csv
                .trim()
                .trim_end_matches(',')
                .split(',')
                .map(|cell| wave_value(Some(&Value::String(cell.trim().into())), None))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|error| format!("failed to parse valuesCSV: {error}"))?;
            let points = predictable_series(query, time_step_s, &values)?;
            let name = match wave.get("name").and_then(Value::as_str) {
                Some(name) if !name.is_empty() => name.to_string(),
                _ => query.series_name(0),
            };
            let labels = parse_labels(wave.get("labels").and_then(Value::as_str).unwrap_or(""), 0);
            Ok(time_series_frame(name, labels, points))
        })
        .collect()
}

/// A wave value: a number, `"null"` (a gap), `"nan"`, or a numeric string; `default` when
/// absent.
fn wave_value(value: Option<&Value>, default: Option<f64>) -> Result<Option<f64>, String> {
    match value {
        None | Some(Value::Null) => Ok(default),
        Some(Value::Number(number)) => Ok(number.as_f64()),
        Some(Value::String(text)) => match text.as_str() {
            "null" => Ok(None),
            "nan" => Ok(Some(f64::NAN)),
            other => other
                .parse()
                .map(Some)
                .map_err(|_| format!("{other:?} is not a number, null or nan")),
        },
        Some(other) => Err(format!("{other} is not a number, null or nan")),
    }
}

/// The points of a wave over the query's range.
fn predictable_series(
    query: &TestDataQuery<'_>,
    time_step_s: i64,
    values: &[Option<f64>],
) -> Result<Vec<(Timestamp, Option<f64>)>, String> {
    if time_step_s <= 0 {
        return Err(format!("timeStep must be positive, got {time_step_s}"));
    }
    if values.is_empty() {
        return Err("the wave has no values".into());
    }
    let step_ms = time_step_s.saturating_mul(1000);
    let period = step_ms.saturating_mul(values.len() as i64);
    let mut time = query.from_ms - query.from_ms.rem_euclid(step_ms);
    let mut points = Vec::new();
    while (points.len() as i64) < MAX_POINTS && time < query.to_ms {
        let position = (time.rem_euclid(period) / step_ms) as usize;
        points.push((Timestamp::from_millis(time), values[position]));
        time = time.saturating_add(step_ms);
    }
    Ok(points)
}
