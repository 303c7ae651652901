//! Grafana's data source proxy (`/api/datasources/proxy/uid/:uid/*`): a caller's HTTP
//! request forwarded to the data source's URL with the data source's credentials, its answer
//! streamed back.
//!
//! The request keeps its method, query string and body; its path is appended to the data
//! source URL's path. The upstream client is [`DataSourceHttpClient`], so the data source's
//! basic auth, custom headers, TLS settings and same-origin redirect rule apply; it is built
//! once per data source version, so connections to the data source are reused. The caller's
//! own credentials (`Authorization`, `Cookie`), Sightline's headers and hop-by-hop headers are
//! not forwarded; `Set-Cookie` from upstream is not passed back. Only `proxy` access data
//! sources are proxied, paths with `..` are refused, a data source type's declared routes
//! decide which methods reach it and for which roles ([`routes`]), and when `[security]
//! data_source_proxy_whitelist` is set the data source's `host:port` (as written in its URL)
//! must be in it.
//!
//! As Grafana's: upstream answers carry `Content-Security-Policy: sandbox`, so that a page a
//! data source serves cannot run as Sightline's origin, and an upstream 401 becomes a 400
//! "Authentication to data source failed" (a 401 would sign the caller out of the web UI).
//!
//! `[dataproxy] response_limit` bounds the answer: one announced larger (`Content-Length`) is
//! a 502 with Grafana's "response body too large" text; one found larger while streaming is
//! cut off there (the status is sent by then), and nothing more is read from upstream. An
//! announced length is passed back with the body (its bytes are forwarded as they are), so
//! the caller reads it as sent rather than re-chunked.

use std::time::Duration;

use bytes::Bytes;
use futures::stream::{BoxStream, StreamExt};
use sightline_core::{ErrorKind, HasErrorKind, OrgRole};

use crate::models::Access;
use crate::plugin::PluginContext;
use crate::plugins::client_cache::ClientCache;
use crate::plugins::http_client::{
    custom_headers, describe_request_error, DataSourceHttpClient, HttpClientError, ResponseLimit,
    ResponseTooLarge,
};

mod routes;

/// What replaces an upstream 401, as Grafana words it.
const AUTHENTICATION_FAILED: &str = "Authentication to data source failed";

/// Caller headers never forwarded: credentials, Sightline's own, and hop-by-hop ones.
const WITHHELD_REQUEST_HEADERS: [&str; 13] = [
    "authorization",
    "cookie",
    "x-grafana-org-id",
    "x-grafana-device-id",
    "host",
    "content-length",
    "connection",
    "keep-alive",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "transfer-encoding",
    "upgrade",
];

/// Upstream headers never passed back.
const WITHHELD_RESPONSE_HEADERS: [&str; 5] = [
    "set-cookie",
    "connection",
    "keep-alive",
    "transfer-encoding",
    "upgrade",
];

/// How the proxy calls data sources.
#[derive(Debug, Clone, Default)]
pub struct ProxySettings {
    /// `[dataproxy] timeout`: the bound of one proxied request.
    pub timeout: Duration,
    /// `[security] data_source_proxy_whitelist`: `host:port` entries; empty allows any host.
    pub allow_list: Vec<String>,
    /// `[dataproxy] response_limit`: the most passed back of one answer.
    pub response_limit: ResponseLimit,
}

/// A caller's request, as the HTTP edge read it.
#[derive(Debug, Clone, Default)]
pub struct ProxyRequest {
    pub method: String,
    /// The part after `/api/datasources/proxy/uid/:uid/`.
    pub path: String,
    /// The raw query string, without `?`.
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// The upstream answer: status, headers and a body streamed as it arrives.
pub struct ProxyResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: BoxStream<'static, Result<Bytes, ProxyBodyError>>,
}

/// Why a streamed body stopped early.
#[derive(Debug, thiserror::Error)]
pub enum ProxyBodyError {
    #[error(transparent)]
    TooLarge(#[from] ResponseTooLarge),
    #[error("reading the data source response failed: {0}")]
    Upstream(String),
}

/// Why a request was not forwarded.
#[derive(Debug, thiserror::Error)]
pub enum ProxyError {
    /// Grafana's wording.
    #[error("Data proxy hostname and ip are not included in whitelist")]
    NotAllowListed,
    #[error("path may not contain '..'")]
    ParentPath,
    #[error("data source access is direct: only proxy data sources are proxied")]
    DirectAccess,
    #[error("Invalid data source URL: {0}")]
    Client(#[from] HttpClientError),
    #[error("invalid method {0:?}")]
    Method(String),
    /// Grafana's wording: the route needs a higher org role.
    #[error("plugin proxy route access denied")]
    RouteDenied,
    /// Grafana's wording: a write to Prometheus matching no declared route.
    #[error("non allow-listed {0}s not allowed on proxied Prometheus datasource")]
    MethodRefused(String),
}

impl HasErrorKind for ProxyError {
    fn kind(&self) -> ErrorKind {
        match self {
            ProxyError::NotAllowListed
            | ProxyError::ParentPath
            | ProxyError::RouteDenied
            | ProxyError::MethodRefused(_) => ErrorKind::Forbidden,
            ProxyError::DirectAccess | ProxyError::Client(_) | ProxyError::Method(_) => {
                ErrorKind::BadRequest
            }
        }
    }
}

/// Forwards `request` of a caller holding `role` to `context`'s data source, with the client
/// kept for it in `clients` (so that connections are reused). Upstream failures are answers
/// (502, or 504 on timeout) rather than errors, as Grafana's reverse proxy gives them.
pub async fn forward(
    context: &PluginContext,
    settings: &ProxySettings,
    clients: &ClientCache<DataSourceHttpClient>,
    request: ProxyRequest,
    role: OrgRole,
) -> Result<ProxyResponse, ProxyError> {
    if context.data_source.access != Access::Proxy {
        return Err(ProxyError::DirectAccess);
    }
    if has_parent_segment(&request.path) {
        return Err(ProxyError::ParentPath);
    }
    routes::check(
        &context.data_source.type_id,
        &request.method,
        &request.path,
        role,
    )?;
    let client = clients.get_or_build(context, || {
        DataSourceHttpClient::from_context(context, settings.timeout)
            .map(|client| client.with_response_limit(settings.response_limit))
    })?;
    if !host_allowed(&context.data_source.url, &settings.allow_list) {
        return Err(ProxyError::NotAllowListed);
    }
    let method = reqwest::Method::from_bytes(request.method.as_bytes())
        .map_err(|_| ProxyError::Method(request.method.clone()))?;
    let mut url = client.endpoint(&request.path);
    if !request.query.is_empty() {
        url.set_query(Some(&request.query));
    }
    let data_source_headers: Vec<String> = custom_headers(context)
        .into_iter()
        .map(|(name, _)| name.trim().to_ascii_lowercase())
        .collect();
    let mut builder = client.client().request(method, url);
    for (name, value) in &request.headers {
        let lower = name.to_ascii_lowercase();
        if WITHHELD_REQUEST_HEADERS.contains(&lower.as_str())
            || lower == "user-agent"
            || data_source_headers.contains(&lower)
        {
            continue;
        }
        builder = builder.header(name.as_str(), value.as_str());
    }
    let upstream = match builder.body(request.body).send().await {
        Ok(upstream) => upstream,
        Err(error) => return Ok(failure(&error)),
    };
    if let Err(too_large) = settings.response_limit.check_announced(&upstream) {
        tracing::warn!(error = %too_large, "data source proxy answer refused");
        return Ok(json_answer(502, &too_large.to_string()));
    }
    let status = upstream.status().as_u16();
    if status == 401 {
        tracing::info!("data source proxy: authentication to the data source failed");
        let body = Bytes::from_static(AUTHENTICATION_FAILED.as_bytes());
        return Ok(own_answer(400, "text/plain; charset=utf-8", body));
    }
    let mut headers: Vec<(String, String)> = upstream
        .headers()
        .iter()
        .filter(|(name, _)| {
            !WITHHELD_RESPONSE_HEADERS.contains(&name.as_str())
                && *name != "content-security-policy"
        })
        .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.to_string())))
        .collect();
    headers.push(("content-security-policy".to_string(), "sandbox".to_string()));
    Ok(ProxyResponse {
        status,
        headers,
        body: bounded_body(upstream, settings.response_limit),
    })
}

/// The upstream body, failing (and no longer reading) once more than `limit` arrived.
fn bounded_body(
    upstream: reqwest::Response,
    limit: ResponseLimit,
) -> BoxStream<'static, Result<Bytes, ProxyBodyError>> {
    futures::stream::try_unfold(
        (upstream, 0_u64),
        move |(mut upstream, received)| async move {
            let Some(chunk) = upstream
                .chunk()
                .await
                .map_err(|error| ProxyBodyError::Upstream(error.to_string()))?
            else {
                return Ok(None);
            };
            let received = received + chunk.len() as u64;
            if received > limit.bytes() {
                let too_large = limit.exceeded();
                tracing::warn!(error = %too_large, "data source proxy answer cut off");
                return Err(too_large.into());
            }
            Ok(Some((chunk, (upstream, received))))
        },
    )
    .boxed()
}

/// A 502 (504 on timeout) answer describing an upstream failure.
fn failure(error: &reqwest::Error) -> ProxyResponse {
    let status = if error.is_timeout() { 504 } else { 502 };
    tracing::warn!(error = %describe_request_error(error), "data source proxy request failed");
    json_answer(
        status,
        if status == 504 {
            "Gateway Timeout"
        } else {
            "Bad Gateway"
        },
    )
}

/// An answer of Sightline's own: `{"message": ...}` with `status`.
fn json_answer(status: u16, message: &str) -> ProxyResponse {
    let body = Bytes::from(serde_json::json!({ "message": message }).to_string());
    own_answer(status, "application/json", body)
}

/// An answer of Sightline's own, of one piece.
fn own_answer(status: u16, content_type: &str, body: Bytes) -> ProxyResponse {
    ProxyResponse {
        status,
        headers: vec![("content-type".to_string(), content_type.to_string())],
        body: futures::stream::once(async move { Ok(body) }).boxed(),
    }
}

/// `..` as a path segment, also when percent-encoded.
fn has_parent_segment(path: &str) -> bool {
    let decoded = path
        .to_ascii_lowercase()
        .replace("%2e", ".")
        .replace("%2f", "/")
        .replace("%5c", "/");
    decoded.split(['/', '\\']).any(|segment| segment == "..")
}

/// Grafana compares the URL's `host[:port]` as written (a default port included) with the
/// list's entries.
fn host_allowed(url: &str, allow_list: &[String]) -> bool {
    if allow_list.is_empty() {
        return true;
    }
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = after_scheme
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    host_port.is_empty() || allow_list.iter().any(|entry| entry == host_port)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_segments_are_found_plain_and_encoded() {
        assert!(has_parent_segment(".."));
        assert!(has_parent_segment("api/../admin"));
        assert!(has_parent_segment("api/%2E%2E/admin"));
        assert!(has_parent_segment("api%2f..%2fadmin"));
        assert!(!has_parent_segment("api/v1/query"));
        assert!(!has_parent_segment("api/v1..2/x"));
    }

    #[test]
    fn allow_list_matches_host_and_port_as_written() {
        let url = "http://prom.local:9090/x";
        assert!(host_allowed(url, &[]));
        assert!(host_allowed(url, &["prom.local:9090".to_string()]));
        assert!(!host_allowed(url, &["prom.local".to_string()]));
        let default_port = "http://user:secret@prom.local:80?x=1";
        assert!(host_allowed(default_port, &["prom.local:80".to_string()]));
        assert!(!host_allowed(default_port, &["prom.local".to_string()]));
    }
}
