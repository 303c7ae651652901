//! Running one query: its range, instant and exemplar calls, each answer read into frames
//! and decorated, merged into the query's [`DataResponse`] as Grafana merges them (errors
//! joined, the last failing call's status kept; an exemplar failure only logged).
//!
//! Status of a failed call: Prometheus's own (400 for bad PromQL, 422 for an execution
//! error, 503 on timeout or overload) when it answered; 500 for an answer of any other
//! non-2xx status (a proxy's 404 page, say; quoted in the error, as Grafana's); 502 when it
//! could not be reached or its answer passed the response limit, 504 when it did not answer
//! in time.

use sightline_query::frame::{DataResponse, ErrorSource, Frame};

use super::client::{PrometheusClient, UpstreamReply};
use super::exemplars::read_exemplar_answer;
use super::formats::{to_heatmap, to_table};
use super::framing::{decorate, mark_as_answer};
use super::query::{PromQuery, ResultFormat};
use super::response::{read_query_answer, AnswerError};
use super::step::{seconds_param, step_param};
use crate::plugins::http_client::BodyError;

/// The outcome of one call to Prometheus.
struct CallOutcome {
    frames: Vec<Frame>,
    error: Option<(u16, String)>,
}

/// Runs `query`; `many_queries` says whether its request holds others (table value names).
pub async fn run_query(
    client: &PrometheusClient,
    query: &PromQuery,
    many_queries: bool,
) -> DataResponse {
    let mut frames = Vec::new();
    let mut error: Option<(u16, String)> = None;
    let mut merge = |outcome: CallOutcome| {
        frames.extend(outcome.frames);
        if let Some((status, message)) = outcome.error {
            error = Some(match error.take() {
                Some((_, earlier)) => (status, format!("{earlier} {message}")),
                None => (status, message),
            });
        }
    };
    if query.instant {
        merge(instant_call(client, query).await);
    }
    if query.range {
        merge(range_call(client, query).await);
    }
    let frames = match query.format {
        ResultFormat::TimeSeries => frames,
        ResultFormat::Table => to_table(frames, &query.ref_id, many_queries),
        ResultFormat::Heatmap => to_heatmap(frames, &query.ref_id),
    };
    let mut frames = frames;
    if query.exemplar {
        frames.extend(exemplar_frames(client, query).await);
    }
    match error {
        Some((status, message)) => DataResponse {
            frames,
            ..DataResponse::error(status, message, ErrorSource::Downstream)
        },
        None => DataResponse::ok(frames),
    }
}

async fn range_call(client: &PrometheusClient, query: &PromQuery) -> CallOutcome {
    let (start_ms, end_ms) = query.aligned_range_ms();
    let params = vec![
        ("query", query.expr.clone()),
        ("start", seconds_param(start_ms)),
        ("end", seconds_param(end_ms)),
        ("step", step_param(query.step)),
    ];
    let reply = client.query_range(params).await;
    outcome_of(reply, query)
}

async fn instant_call(client: &PrometheusClient, query: &PromQuery) -> CallOutcome {
    // Instant queries run at the end of the range as given, not aligned to the step.
    let params = [
        ("query", query.expr.clone()),
        ("time", seconds_param(query.end_ms)),
    ];
    let reply = client.query("api/v1/query", &params).await;
    outcome_of(reply, query)
}

async fn exemplar_frames(client: &PrometheusClient, query: &PromQuery) -> Vec<Frame> {
    let (start_ms, end_ms) = query.aligned_range_ms();
    let params = [
        ("query", query.expr.clone()),
        ("start", seconds_param(start_ms)),
        ("end", seconds_param(end_ms)),
    ];
    let answer = match client.query("api/v1/query_exemplars", &params).await {
        Ok(reply) => read_exemplar_answer(&reply.body, query.step_ms() as i64)
            .map_err(|error| error.message().to_string()),
        Err(error) => Err(error.describe()),
    };
    match answer {
        Ok(frames) => mark_as_answer(frames, query),
        Err(message) => {
            tracing::warn!(
                ref_id = query.ref_id,
                error = message,
                "exemplar query failed"
            );
            Vec::new()
        }
    }
}

fn outcome_of(reply: Result<UpstreamReply, BodyError>, query: &PromQuery) -> CallOutcome {
    let reply = match reply {
        Ok(reply) => reply,
        Err(error) => {
            return CallOutcome {
                frames: Vec::new(),
                error: Some((error.status(), error.describe())),
            };
        }
    };
    let status = reply.status.as_u16();
    // As Grafana's promlib: only these answers are read; any other is an error quoting the
    // start of the body (a proxy's 404 page, say), 500 as the SDK reports an unset status.
    if !(reply.status.is_success() || matches!(status, 400 | 422 | 503)) {
        let start = &reply.body[..reply.body.len().min(UNEXPECTED_BODY_BYTES)];
        return CallOutcome {
            frames: decorate(Vec::new(), query),
            error: Some((
                500,
                format!(
                    "unexpected response with status code {status}: {}",
                    String::from_utf8_lossy(start)
                ),
            )),
        };
    }
    match read_query_answer(&reply.body) {
        Ok(frames) => CallOutcome {
            frames: decorate(frames, query),
            error: (!reply.status.is_success()).then(|| {
                (
                    status,
                    format!("unexpected status {status} from Prometheus"),
                )
            }),
        },
        Err(AnswerError::Prometheus(message)) => CallOutcome {
            frames: decorate(Vec::new(), query),
            error: Some((error_status(status), message)),
        },
        Err(AnswerError::Unreadable(message)) => CallOutcome {
            frames: Vec::new(),
            error: Some((
                if reply.status.is_success() {
                    502
                } else {
                    status
                },
                format!("{message} (status {status}: {})", body_excerpt(&reply.body)),
            )),
        },
    }
}

/// How much of an answer with an unexpected status its error quotes, as Grafana.
const UNEXPECTED_BODY_BYTES: usize = 1024;

/// The status of a Prometheus error answer; a 2xx one (never sent) becomes 500.
fn error_status(status: u16) -> u16 {
    if (200..300).contains(&status) {
        500
    } else {
        status
    }
}

/// The start of a body, for errors about unreadable answers.
fn body_excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim();
    match trimmed.char_indices().nth(200) {
        Some((cut, _)) => format!("{}…", &trimmed[..cut]),
        None => trimmed.to_string(),
    }
}
