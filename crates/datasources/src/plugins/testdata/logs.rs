//! `logs`: log lines in the frame Grafana's TestData gives (`time`, `message`,
//! `container_id`, `hostname`, and `level` with `levelColumn`; shown as logs), newest first,
//! one line per step back from `to`. Levels, containers and hosts are drawn from a seeded
//! generator, so the same range gives the same lines.

use sightline_query::frame::{Field, Frame, FrameMeta, Timestamp};

use super::query::{TestDataQuery, MAX_POINTS};
use super::rng::SeededRng;
use crate::plugins::civil::format_rfc3339_nano;

/// Level names as log shippers write them, aliases and an empty one included.
const LEVELS: [&str; 12] = [
    "critical", "crit", "error", "err", "warning", "warn", "info", "info", "notice", "debug",
    "trace", "",
];
const HOSTS: [&str; 2] = ["srv-001", "srv-002"];

/// `lines` (default 10, at most 10 000) lines; without `levelColumn` each line says
/// `lvl=<level>` instead.
pub(super) fn logs(query: &TestDataQuery<'_>) -> Frame {
    let lines = query
        .number("lines")
        .unwrap_or(10.0)
        .clamp(0.0, MAX_POINTS as f64) as i64;
    let level_column = query.flag("levelColumn");
    let step = query.interval_ms.max(1);
    let mut rng = SeededRng::for_range(query.from_ms, query.to_ms, 0);
    let containers: Vec<String> = (0..2)
        .map(|_| {
            (0..4)
                .map(|_| format!("{:016x}", rng.below(u64::MAX)))
                .collect()
        })
        .collect();
    let mut times = Vec::new();
    let mut messages = Vec::new();
    let mut container_ids = Vec::new();
    let mut hostnames = Vec::new();
    let mut levels = Vec::new();
    let mut time = query.to_ms;
    for _ in 0..lines {
        if time <= query.from_ms {
            break;
        }
        let level = LEVELS[rng.below(LEVELS.len() as u64) as usize];
        let status = [200, 200, 200, 404, 502][rng.below(5) as usize];
        let duration_ms = rng.below(900) + 1;
        let level_text = if level_column {
            String::new()
        } else {
            format!("lvl={level} ")
        };
        messages.push(format!(
            "t={} {level_text}msg=\"Request Completed\" logger=context userId=1 orgId=1 \
             method=GET path=/api/search status={status} time_ms={duration_ms}",
            format_rfc3339_nano(time - time.rem_euclid(1000))
        ));
        times.push(Timestamp::from_millis(time));
        container_ids.push(containers[rng.below(2) as usize].clone());
        hostnames.push(HOSTS[rng.below(2) as usize].to_string());
        levels.push(level.to_string());
        time -= step;
    }
    let meta = FrameMeta {
        preferred_visualisation_type: Some("logs".into()),
        ..FrameMeta::default()
    };
    let frame = Frame::new(query.ref_id)
        .with_meta(meta)
        .with_field(Field::new("time", times))
        .with_field(Field::new("message", messages))
        .with_field(Field::new("container_id", container_ids))
        .with_field(Field::new("hostname", hostnames));
    if level_column {
        frame.with_field(Field::new("level", levels))
    } else {
        frame
    }
}
