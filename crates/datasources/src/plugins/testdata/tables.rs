//! `table_static` (a fixed table) and the heatmap bucket scenarios
//! (`exponential_heatmap_bucket_data`, `linear_heatmap_bucket_data`).

use sightline_query::frame::{Column, Field, FieldValues, Frame, Timestamp};

use super::query::TestDataQuery;
use super::rng::SeededRng;

/// Up to 10 rows from `from`, one per step: `Time`, `Message`, `Description`, `Value`.
pub(super) fn table_static(query: &TestDataQuery<'_>) -> Frame {
    let step = query.step_ms();
    let times: Vec<Timestamp> = (0..10)
        .map(|row| query.from_ms.saturating_add(row * step))
        .take_while(|time| *time < query.to_ms)
        .map(Timestamp::from_millis)
        .collect();
    let rows = times.len();
    Frame::new(query.ref_id)
        .with_field(Field::new("Time", times))
        .with_field(Field::new(
            "Message",
            vec!["This is a message".to_string(); rows],
        ))
        .with_field(Field::new(
            "Description",
            vec!["Description".to_string(); rows],
        ))
        .with_field(Field::new("Value", vec![23.1; rows]))
}

/// How the ten buckets are bounded.
#[derive(Debug, Clone, Copy)]
pub(super) enum Buckets {
    /// 1, 2, 4, … 512.
    Exponential,
    /// 0, 10, 20, … 90.
    Linear,
}

/// A frame `data` with a time field and ten bucket fields named by their bound, each
/// holding a count in `0..100`; up to 100 rows, 50 intervals apart.
pub(super) fn heatmap_buckets(query: &TestDataQuery<'_>, buckets: Buckets) -> Frame {
    let mut rng = SeededRng::for_range(query.from_ms, query.to_ms, 0);
    let step = query.interval_ms.max(1).saturating_mul(50);
    let times: Vec<i64> = (0..100)
        .map(|row| query.from_ms.saturating_add(row * step))
        .take_while(|time| *time < query.to_ms)
        .collect();
    let mut frame = Frame::new("data").with_field(Field::new(
        "time",
        FieldValues::Time(Column::nullable(
            times
                .iter()
                .map(|t| Some(Timestamp::from_millis(*t)))
                .collect(),
        )),
    ));
    for bucket in 0..10u32 {
        let bound = match buckets {
            Buckets::Exponential => 2i64.pow(bucket),
            Buckets::Linear => i64::from(bucket) * 10,
        };
        let counts: Vec<Option<f64>> = times.iter().map(|_| Some(rng.below(100) as f64)).collect();
        frame = frame.with_field(Field::new(bound.to_string(), counts));
    }
    frame
}
