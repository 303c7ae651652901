//! `random_walk` and `random_walk_table`: seeded random series. The seed is the query's
//! `seed` when set, else derived from its range (and the series index), as Grafana derives
//! it; so a refresh over the same absolute range draws the same series.

use serde_json::json;
use sightline_query::frame::{
    frame_types, Column, Field, FieldConfig, FieldValues, Frame, FrameMeta, Timestamp,
};

use super::query::{TestDataQuery, MAX_POINTS};
use super::rng::SeededRng;

fn rng_for(query: &TestDataQuery<'_>, index: usize) -> SeededRng {
    match query.number("seed") {
        Some(seed) => SeededRng::new((seed as i64).wrapping_add(index as i64)),
        None => SeededRng::for_range(query.from_ms, query.to_ms, index),
    }
}

/// One frame per series (`seriesCount`, default 1): a `time` field and a nullable value
/// field named after the series, carrying its labels.
pub(super) fn random_walk(query: &TestDataQuery<'_>) -> Vec<Frame> {
    let series_count = query
        .number("seriesCount")
        .unwrap_or(1.0)
        .clamp(0.0, 1000.0) as usize;
    (0..series_count)
        .map(|index| random_walk_series(query, index))
        .collect()
}

fn random_walk_series(query: &TestDataQuery<'_>, index: usize) -> Frame {
    let mut rng = rng_for(query, index);
    let spread = query.number("spread").unwrap_or(1.0);
    let noise = query.number("noise").unwrap_or(0.0);
    let drop = query.number("dropPercent").unwrap_or(0.0) / 100.0; // 0 to 100
    let min = query.number("min");
    let max = query.number("max");
    let step = query.step_ms();
    let mut walker = match query.number("startValue") {
        Some(start) => start,
        None => rng.next_f64() * 100.0,
    };
    let mut times = Vec::new();
    let mut values = Vec::new();
    let mut time = query.from_ms;
    let mut point = 0;
    while point < query.point_limit() && time < query.to_ms {
        let mut next = walker + rng.next_f64() * noise;
        if let Some(min) = min.filter(|min| next < *min) {
            next = min;
            walker = min;
        }
        if let Some(max) = max.filter(|max| next > *max) {
            next = max;
            walker = max;
        }
        let dropped = drop > 0.0 && rng.next_f64() < drop;
        if !dropped {
            times.push(Timestamp::from_millis(time));
            values.push(Some(next));
        }
        walker += (rng.next_f64() - 0.5) * spread;
        time = time.saturating_add(step);
        point += 1;
    }
    let time_field = Field::new("time", times).with_config(FieldConfig {
        interval: Some(step as f64),
        ..FieldConfig::default()
    });
    let mut value_field = Field::new(query.series_name(index), values);
    value_field.labels = Some(query.labels(index));
    Frame::new("")
        .with_meta(FrameMeta::typed(frame_types::TIMESERIES_MULTI, [0, 0]))
        .with_field(time_field)
        .with_field(value_field)
}

/// A table of `Time`, `Value`, `Min`, `Max`, `Info` and an enum `State` (`Unknown`, `Up`,
/// `Down`); `withNil` blanks some cells.
pub(super) fn random_walk_table(query: &TestDataQuery<'_>) -> Frame {
    let mut rng = rng_for(query, 0);
    let with_nil = query.flag("withNil");
    let spread = 2.5;
    let mut walker = query.number("startValue").unwrap_or(0.0);
    let mut times = Column::empty(true);
    let mut values = Column::empty(true);
    let mut mins = Column::empty(true);
    let mut maxes = Column::empty(true);
    let mut infos = Column::empty(true);
    let mut states: Column<u16> = Column::empty(false);
    let step = query.step_ms();
    let mut time = query.from_ms;
    let mut row = 0;
    while row < query.point_limit().min(MAX_POINTS) && time < query.to_ms {
        let delta = rng.next_f64() - 0.5;
        walker += delta;
        let mut info = if delta > 0.0 { "up" } else { "down" }.to_string();
        if delta.abs() > 0.4 {
            info.push_str(" fast");
        }
        let mut state = if delta > 0.0 { 1 } else { 2 };
        let mut cells = [
            Some(walker),
            Some(walker - (rng.next_f64() * spread + 0.01)),
            Some(walker + (rng.next_f64() * spread + 0.01)),
        ];
        if with_nil && rng.next_f64() > 0.8 {
            for cell in &mut cells {
                if rng.next_f64() > 0.2 {
                    *cell = None;
                    state = 0;
                }
            }
        }
        times.push(Timestamp::from_millis(time));
        values.push_cell(cells[0]);
        mins.push_cell(cells[1]);
        maxes.push_cell(cells[2]);
        infos.push(info);
        states.push(state);
        time = time.saturating_add(step);
        row += 1;
    }
    let state_field = Field::new("State", FieldValues::Enum(states)).with_config(FieldConfig {
        type_config: Some(json!({ "enum": { "text": ["Unknown", "Up", "Down"] } })),
        ..FieldConfig::default()
    });
    Frame::new(query.ref_id)
        .with_field(Field::new("Time", FieldValues::Time(times)))
        .with_field(Field::new("Value", FieldValues::Float64(values)))
        .with_field(Field::new("Min", FieldValues::Float64(mins)))
        .with_field(Field::new("Max", FieldValues::Float64(maxes)))
        .with_field(Field::new("Info", FieldValues::String(infos)))
        .with_field(state_field)
}
