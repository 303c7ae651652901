//! Sightline's own metrics in the Prometheus text format: HTTP requests by route, method and
//! status with duration histograms, process memory and CPU, and the database pool.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::state::AppState;

/// Upper bounds of the duration histogram, in seconds.
const BUCKETS: [f64; 11] = [
    0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct SeriesKey {
    handler: String,
    method: String,
    status: u16,
}

#[derive(Default)]
struct Histogram {
    bucket_counts: [u64; BUCKETS.len()],
    sum_seconds: f64,
    count: u64,
}

/// HTTP request metrics, updated by [`track`].
pub struct HttpMetrics {
    series: Mutex<BTreeMap<SeriesKey, Histogram>>,
    started: std::time::SystemTime,
}

impl Default for HttpMetrics {
    fn default() -> Self {
        HttpMetrics {
            series: Mutex::new(BTreeMap::new()),
            started: std::time::SystemTime::now(),
        }
    }
}

impl HttpMetrics {
    fn observe(&self, key: SeriesKey, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        let mut series = match self.series.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        let histogram = series.entry(key).or_default();
        for (bound, count) in BUCKETS.iter().zip(histogram.bucket_counts.iter_mut()) {
            if seconds <= *bound {
                *count += 1;
            }
        }
        histogram.sum_seconds += seconds;
        histogram.count += 1;
    }

    fn render_http(&self, out: &mut String) {
        let series = match self.series.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        out.push_str(
            "# HELP sightline_http_request_duration_seconds Time spent serving HTTP requests.\n",
        );
        out.push_str("# TYPE sightline_http_request_duration_seconds histogram\n");
        for (key, histogram) in series.iter() {
            let labels = format!(
                "handler=\"{}\",method=\"{}\",status_code=\"{}\"",
                escape(&key.handler),
                key.method,
                key.status
            );
            for (bound, count) in BUCKETS.iter().zip(histogram.bucket_counts.iter()) {
                let _ = writeln!(out, "sightline_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {count}");
            }
            let _ = writeln!(
                out,
                "sightline_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                histogram.count
            );
            let _ = writeln!(
                out,
                "sightline_http_request_duration_seconds_sum{{{labels}}} {}",
                histogram.sum_seconds
            );
            let _ = writeln!(
                out,
                "sightline_http_request_duration_seconds_count{{{labels}}} {}",
                histogram.count
            );
        }
        out.push_str("# HELP sightline_http_requests_total Requests served, by handler, method and status.\n");
        out.push_str("# TYPE sightline_http_requests_total counter\n");
        for (key, histogram) in series.iter() {
            let _ = writeln!(
                out,
                "sightline_http_requests_total{{handler=\"{}\",method=\"{}\",status_code=\"{}\"}} {}",
                escape(&key.handler),
                key.method,
                key.status,
                histogram.count
            );
        }
    }
}

/// Middleware: times every request under its route template (not its concrete path, so ids do
/// not explode the series count).
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let handler = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let key = SeriesKey {
        handler,
        method,
        status: response.status().as_u16(),
    };
    state.metrics.observe(key, started.elapsed());
    response
}

/// `GET /metrics`.
pub async fn render(State(state): State<AppState>) -> Response {
    let mut out = String::with_capacity(8192);
    state.metrics.render_http(&mut out);
    render_process(&mut out, state.metrics.started);
    let (open, idle) = state.store.pool_stats();
    let idle = idle as u32;
    out.push_str("# HELP sightline_database_connections Database pool connections by state.\n");
    out.push_str("# TYPE sightline_database_connections gauge\n");
    let _ = writeln!(
        out,
        "sightline_database_connections{{state=\"idle\"}} {idle}"
    );
    let _ = writeln!(
        out,
        "sightline_database_connections{{state=\"in_use\"}} {}",
        open.saturating_sub(idle)
    );
    let _ = writeln!(
        out,
        "# HELP sightline_build_info Build information.\n# TYPE sightline_build_info gauge\nsightline_build_info{{version=\"{}\",grafana_version=\"{}\",commit=\"{}\"}} 1",
        sightline_core::SIGHTLINE_VERSION,
        sightline_core::GRAFANA_COMPAT_VERSION,
        escape(&state.settings.commit)
    );
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        out,
    )
        .into_response()
}

/// Process metrics with the names Prometheus client libraries use, read from `/proc`.
fn render_process(out: &mut String, started: std::time::SystemTime) {
    let start_seconds = started
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs_f64())
        .unwrap_or(0.0);
    let _ = writeln!(out, "# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.\n# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds {start_seconds}");
    let Some(stat) = std::fs::read_to_string("/proc/self/stat").ok() else {
        return;
    };
    // Fields after the command name, which is in parentheses and may contain spaces.
    let Some(after_name) = stat.rsplit_once(')').map(|(_, rest)| rest) else {
        return;
    };
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks_per_second = 100.0;
    let field = |index: usize| {
        fields
            .get(index)
            .and_then(|value| value.parse::<f64>().ok())
    };
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name; rss is 24 (22).
    if let (Some(user), Some(system)) = (field(11), field(12)) {
        let _ = writeln!(out, "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total {}", (user + system) / ticks_per_second);
    }
    if let (Some(virtual_bytes), Some(rss_pages)) = (field(20), field(21)) {
        let _ = writeln!(out, "# HELP process_virtual_memory_bytes Virtual memory size in bytes.\n# TYPE process_virtual_memory_bytes gauge\nprocess_virtual_memory_bytes {virtual_bytes}");
        let _ = writeln!(out, "# HELP process_resident_memory_bytes Resident memory size in bytes.\n# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes {}", rss_pages * 4096.0);
    }
    if let Ok(entries) = std::fs::read_dir("/proc/self/fd") {
        let _ = writeln!(out, "# HELP process_open_fds Number of open file descriptors.\n# TYPE process_open_fds gauge\nprocess_open_fds {}", entries.count());
    }
}

fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}
