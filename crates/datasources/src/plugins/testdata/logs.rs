//! `logs`: a log-lines frame (`labels`, `timestamp`, `body`, `id`), newest first, one line
//! per step back from `to`. Levels and hosts are drawn from a seeded generator, so the same
//! range gives the same lines.

use serde_json::json;
use sightline_query::frame::{frame_types, Field, Frame, FrameMeta, Timestamp};

use super::query::{TestDataQuery, MAX_POINTS};
use super::rng::SeededRng;

const LEVELS: [&str; 8] = [
    "critical", "error", "warning", "info", "info", "debug", "trace", "",
];
const HOSTS: [&str; 2] = ["srv-001", "srv-002"];

/// `lines` (default 10, at most 10 000) lines, each with `hostname` and `level` labels;
/// without `levelColumn` the line also says `lvl=<level>`.
pub(super) fn logs(query: &TestDataQuery<'_>) -> Frame {
    let lines = query
        .number("lines")
        .unwrap_or(10.0)
        .clamp(0.0, MAX_POINTS as f64) as i64;
    let level_column = query.flag("levelColumn");
    let step = query.interval_ms.max(1);
    let mut rng = SeededRng::for_range(query.from_ms, query.to_ms, 0);
    let mut labels = Vec::new();
    let mut times = Vec::new();
    let mut bodies = Vec::new();
    let mut ids = Vec::new();
    let mut time = query.to_ms;
    for line in 0..lines {
        if time <= query.from_ms {
            break;
        }
        let level = LEVELS[rng.below(LEVELS.len() as u64) as usize];
        let host = HOSTS[rng.below(HOSTS.len() as u64) as usize];
        let status = [200, 200, 200, 404, 502][rng.below(5) as usize];
        let duration_ms = rng.below(900) + 1;
        let level_text = if level_column {
            String::new()
        } else {
            format!("lvl={level} ")
        };
        bodies.push(format!(
            "t={time} {level_text}msg=\"Request Completed\" logger=context userId=1 orgId=1 \
             method=GET path=/api/search status={status} time_ms={duration_ms}"
        ));
        labels.push(json!({ "hostname": host, "level": level }));
        times.push(Timestamp::from_millis(time));
        ids.push(format!("{}_{}_{line}", query.ref_id, time));
        time -= step;
    }
    let meta = FrameMeta {
        preferred_visualisation_type: Some("logs".into()),
        ..FrameMeta::typed(frame_types::LOG_LINES, [0, 0])
    };
    Frame::new(query.ref_id)
        .with_meta(meta)
        .with_field(Field::new("labels", labels))
        .with_field(Field::new("timestamp", times))
        .with_field(Field::new("body", bodies))
        .with_field(Field::new("id", ids))
}
