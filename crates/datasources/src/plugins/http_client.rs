//! The HTTP client a data source plugin calls its upstream with, built from the data
//! source's settings as Grafana's SDK builds it (`httpclient.Options`):
//!
//! - basic auth when `basicAuth` is set: `basicAuthUser` and the secret `basicAuthPassword`;
//! - custom headers: `jsonData.httpHeaderName<N>` with the secret `httpHeaderValue<N>`
//!   (a bearer token is an `Authorization` header set this way);
//! - TLS: the system's CA bundle, plus the secret `tlsCACert` when `jsonData.tlsAuthWithCACert`,
//!   and no verification at all when `jsonData.tlsSkipVerify`;
//! - a timeout per request (`jsonData.timeout` seconds, else the caller's default);
//! - a bound on the answers read ([`ResponseLimit`], `[dataproxy] response_limit`): a body
//!   announced or found larger fails with Grafana's "response body too large" text and is not
//!   read further, so memory stays bounded. No `Accept-Encoding` is sent, so upstreams answer
//!   uncompressed (on a local network gzip costs more CPU on both sides than it saves).
//!
//! Only these headers leave Sightline: nothing of the caller's request (cookies, Sightline
//! sessions or tokens) is forwarded. Redirects are followed only within the data source's own
//! scheme, host and port; a redirect elsewhere fails the request.

use std::sync::OnceLock;
use std::time::Duration;

use base64::Engine;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, USER_AGENT};
use reqwest::redirect::{Attempt, Policy};
use reqwest::{Certificate, Client, Url};
use serde_json::Value;

use crate::plugin::PluginContext;

/// Redirects followed at most, all within the data source's origin.
const MAX_REDIRECTS: usize = 10;
/// Where Debian and most distributions keep the CA bundle; `SSL_CERT_FILE` overrides it.
const SYSTEM_CA_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

/// Why a client could not be built from a data source's settings.
#[derive(Debug, thiserror::Error)]
pub enum HttpClientError {
    #[error("invalid data source url {url:?}: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error("invalid custom header {name:?}: {reason}")]
    InvalidHeader { name: String, reason: &'static str },
    #[error("invalid tlsCACert: {0}")]
    InvalidCaCert(String),
    #[error("cannot build the http client: {0}")]
    Build(String),
}

/// `[dataproxy] response_limit`: the most bytes read of one upstream answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseLimit(u64);

impl ResponseLimit {
    /// Sightline's own bound, when `response_limit` is 0 (Grafana's "no limit").
    pub const DEFAULT: ResponseLimit = ResponseLimit(256 * 1024 * 1024);

    /// From the setting: bytes, 0 for [`ResponseLimit::DEFAULT`].
    pub fn from_setting(bytes: u64) -> ResponseLimit {
        if bytes == 0 {
            ResponseLimit::DEFAULT
        } else {
            ResponseLimit(bytes)
        }
    }

    pub fn bytes(self) -> u64 {
        self.0
    }

    /// The error of an answer past this limit.
    pub fn exceeded(self) -> ResponseTooLarge {
        ResponseTooLarge { limit: self.0 }
    }

    /// Fails when `response` announces a body larger than the limit.
    pub fn check_announced(self, response: &reqwest::Response) -> Result<(), ResponseTooLarge> {
        match response.content_length() {
            Some(length) if length > self.0 => Err(self.exceeded()),
            _ => Ok(()),
        }
    }
}

impl Default for ResponseLimit {
    fn default() -> ResponseLimit {
        ResponseLimit::DEFAULT
    }
}

/// An upstream answer larger than the response limit; Grafana's wording.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("error: http: response body too large, response limit is set to: {limit}")]
pub struct ResponseTooLarge {
    pub limit: u64,
}

/// Why an upstream body could not be read.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    #[error(transparent)]
    TooLarge(#[from] ResponseTooLarge),
    #[error(transparent)]
    Request(#[from] reqwest::Error),
}

impl BodyError {
    /// The status a failed call answers with: 504 when the upstream did not answer in time,
    /// else 502.
    pub fn status(&self) -> u16 {
        match self {
            BodyError::Request(error) if error.is_timeout() => 504,
            _ => 502,
        }
    }

    /// The failure in plain words ([`describe_request_error`] for request errors).
    pub fn describe(&self) -> String {
        match self {
            BodyError::TooLarge(error) => error.to_string(),
            BodyError::Request(error) => describe_request_error(error),
        }
    }
}

/// A client bound to one data source: its base URL, the headers it sends and the most it
/// reads of an answer.
#[derive(Debug, Clone)]
pub struct DataSourceHttpClient {
    client: Client,
    base_url: Url,
    response_limit: ResponseLimit,
}

impl DataSourceHttpClient {
    /// Builds the client for `context`'s data source; `default_timeout` applies unless the
    /// data source sets `jsonData.timeout` (seconds).
    pub fn from_context(
        context: &PluginContext,
        default_timeout: Duration,
    ) -> Result<DataSourceHttpClient, HttpClientError> {
        let data_source = &context.data_source;
        let base_url = parse_base_url(&data_source.url)?;
        let json_data = &data_source.json_data;
        let mut builder = Client::builder()
            .default_headers(upstream_headers(context)?)
            .redirect(same_origin_redirects())
            .timeout(timeout_setting(json_data).unwrap_or(default_timeout))
            .connect_timeout(Duration::from_secs(10))
            .tls_built_in_root_certs(false);
        for certificate in system_roots() {
            builder = builder.add_root_certificate(certificate.clone());
        }
        if json_flag(json_data, "tlsAuthWithCACert") {
            if let Some(pem) = context.secure_json_data.get("tlsCACert") {
                let extra = Certificate::from_pem_bundle(pem.as_bytes())
                    .map_err(|error| HttpClientError::InvalidCaCert(error.to_string()))?;
                for certificate in extra {
                    builder = builder.add_root_certificate(certificate);
                }
            }
        }
        if json_flag(json_data, "tlsSkipVerify") {
            builder = builder.danger_accept_invalid_certs(true);
        }
        let client = builder
            .build()
            .map_err(|error| HttpClientError::Build(error.to_string()))?;
        Ok(DataSourceHttpClient {
            client,
            base_url,
            response_limit: ResponseLimit::DEFAULT,
        })
    }

    /// The same client reading at most `limit` of an answer.
    pub fn with_response_limit(mut self, limit: ResponseLimit) -> DataSourceHttpClient {
        self.response_limit = limit;
        self
    }

    pub fn response_limit(&self) -> ResponseLimit {
        self.response_limit
    }

    /// Reads `response`'s body into one buffer, sized up front when the length is announced
    /// (else from `expected_len`, such as the size of the previous answer). Stops reading,
    /// dropping the connection, as soon as the body passes the response limit.
    pub async fn read_body(
        &self,
        mut response: reqwest::Response,
        expected_len: usize,
    ) -> Result<Vec<u8>, BodyError> {
        let limit = self.response_limit;
        limit.check_announced(&response)?;
        let announced = response
            .content_length()
            .and_then(|n| usize::try_from(n).ok());
        let capacity = announced.unwrap_or(expected_len);
        let bound = usize::try_from(limit.bytes()).unwrap_or(usize::MAX);
        let mut body = Vec::with_capacity(capacity.min(bound));
        while let Some(chunk) = response.chunk().await? {
            if chunk.len() > bound - body.len() {
                return Err(limit.exceeded().into());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }

    pub fn base_url(&self) -> &Url {
        &self.base_url
    }

    /// The base URL with `path` appended to its path (as Go's `path.Join`: one slash between
    /// them), its query string cleared.
    pub fn endpoint(&self, path: &str) -> Url {
        let mut url = self.base_url.clone();
        let joined = format!(
            "{}/{}",
            url.path().trim_end_matches('/'),
            path.trim_start_matches('/')
        );
        url.set_path(&joined);
        url.set_query(None);
        url
    }

    /// The underlying client, with the data source's headers, TLS and redirect rules.
    pub fn client(&self) -> &Client {
        &self.client
    }
}

fn parse_base_url(raw: &str) -> Result<Url, HttpClientError> {
    let invalid = |reason: String| HttpClientError::InvalidUrl {
        url: raw.to_string(),
        reason,
    };
    let url = Url::parse(raw.trim()).map_err(|error| invalid(error.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("scheme must be http or https".to_string()));
    }
    if url.host_str().is_none() {
        return Err(invalid("no host".to_string()));
    }
    Ok(url)
}

/// The headers every request to the data source carries.
fn upstream_headers(context: &PluginContext) -> Result<HeaderMap, HttpClientError> {
    let mut headers = HeaderMap::new();
    let agent = format!("Sightline/{}", sightline_core::SIGHTLINE_VERSION);
    if let Ok(value) = HeaderValue::from_str(&agent) {
        headers.insert(USER_AGENT, value);
    }
    let data_source = &context.data_source;
    if data_source.basic_auth {
        let password = context
            .secure_json_data
            .get("basicAuthPassword")
            .map_or("", String::as_str);
        headers.insert(
            AUTHORIZATION,
            basic_auth_value(&data_source.basic_auth_user, password)?,
        );
    }
    for (name, value) in custom_headers(context) {
        let header_name = HeaderName::from_bytes(name.trim().as_bytes()).map_err(|_| {
            HttpClientError::InvalidHeader {
                name: name.clone(),
                reason: "not a valid header name",
            }
        })?;
        let mut header_value =
            HeaderValue::from_str(&value).map_err(|_| HttpClientError::InvalidHeader {
                name: name.clone(),
                reason: "value holds characters a header may not",
            })?;
        header_value.set_sensitive(true);
        headers.insert(header_name, header_value);
    }
    Ok(headers)
}

/// `Authorization: Basic base64(user:password)`, marked sensitive.
pub fn basic_auth_value(user: &str, password: &str) -> Result<HeaderValue, HttpClientError> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    let mut value = HeaderValue::from_str(&format!("Basic {encoded}")).map_err(|_| {
        HttpClientError::InvalidHeader {
            name: "Authorization".to_string(),
            reason: "basic auth user holds characters a header may not",
        }
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// `jsonData.httpHeaderName<N>` paired with the secret `httpHeaderValue<N>`, in `N` order;
/// names left empty are skipped, a missing secret is an empty value (as in Grafana).
pub fn custom_headers(context: &PluginContext) -> Vec<(String, String)> {
    let mut numbered: Vec<(u32, String, String)> = context
        .data_source
        .json_data
        .iter()
        .filter_map(|(key, value)| {
            let index: u32 = key.strip_prefix("httpHeaderName")?.parse().ok()?;
            let name = value.as_str()?.trim();
            if name.is_empty() {
                return None;
            }
            let secret = context
                .secure_json_data
                .get(&format!("httpHeaderValue{index}"))
                .cloned()
                .unwrap_or_default();
            Some((index, name.to_string(), secret))
        })
        .collect();
    numbered.sort_by_key(|(index, _, _)| *index);
    numbered
        .into_iter()
        .map(|(_, name, value)| (name, value))
        .collect()
}

/// Follows redirects only to the origin (scheme, host, port) of the first request.
fn same_origin_redirects() -> Policy {
    Policy::custom(|attempt: Attempt| {
        let Some(first) = attempt.previous().first() else {
            return attempt.follow();
        };
        if attempt.previous().len() > MAX_REDIRECTS {
            return attempt.error("too many redirects");
        }
        let target = attempt.url();
        let same_origin = first.scheme() == target.scheme()
            && first.host_str() == target.host_str()
            && first.port_or_known_default() == target.port_or_known_default();
        if same_origin {
            attempt.follow()
        } else {
            let host = target.host_str().unwrap_or("").to_string();
            attempt.error(CrossOriginRedirect { host })
        }
    })
}

/// The error a redirect to another origin fails with.
#[derive(Debug, thiserror::Error)]
#[error("refusing to follow a redirect to another host ({host})")]
pub struct CrossOriginRedirect {
    pub host: String,
}

/// `jsonData.timeout`: seconds, as a number or a numeric string; absent or 0 means unset.
fn timeout_setting(json_data: &serde_json::Map<String, Value>) -> Option<Duration> {
    let seconds = match json_data.get("timeout")? {
        Value::Number(number) => number.as_f64()?,
        Value::String(text) => text.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    (seconds.is_finite() && seconds > 0.0).then(|| Duration::from_secs_f64(seconds))
}

fn json_flag(json_data: &serde_json::Map<String, Value>, key: &str) -> bool {
    match json_data.get(key) {
        Some(Value::Bool(flag)) => *flag,
        Some(Value::String(text)) => text == "true",
        _ => false,
    }
}

/// The system's CA certificates, read once.
fn system_roots() -> &'static [Certificate] {
    static ROOTS: OnceLock<Vec<Certificate>> = OnceLock::new();
    ROOTS.get_or_init(|| {
        let path = std::env::var("SSL_CERT_FILE").unwrap_or_else(|_| SYSTEM_CA_BUNDLE.into());
        match std::fs::read(&path) {
            Ok(pem) => Certificate::from_pem_bundle(&pem).unwrap_or_else(|error| {
                tracing::warn!(path, %error, "cannot read the CA bundle");
                Vec::new()
            }),
            Err(error) => {
                tracing::warn!(path, %error, "no CA bundle; https data sources will fail");
                Vec::new()
            }
        }
    })
}

/// Describes a failed upstream call for a query's error: timeouts, refused connections and
/// refused redirects in plain words, with the cause chain.
pub fn describe_request_error(error: &reqwest::Error) -> String {
    use std::error::Error as _;
    let mut causes = Vec::new();
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !causes.contains(&text) {
            causes.push(text);
        }
        source = cause.source();
    }
    let url = error
        .url()
        .map(|url| {
            let mut shown = url.clone();
            shown.set_query(None);
            let _ = shown.set_password(None);
            format!(" {shown}")
        })
        .unwrap_or_default();
    let what = if error.is_timeout() {
        "request timed out"
    } else if error.is_redirect() {
        "redirect refused"
    } else if error.is_connect() {
        "cannot connect"
    } else {
        "request failed"
    };
    if causes.is_empty() {
        format!("{what}:{url}")
    } else {
        format!("{what}:{url}: {}", causes.join(": "))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::models::{Access, DataSource};
    use crate::secrets::SealedSecrets;
    use std::collections::BTreeMap;

    /// A Prometheus data source's context, for tests.
    pub(crate) fn context(json_data: Value, secrets: &[(&str, &str)]) -> PluginContext {
        let Value::Object(json_data) = json_data else {
            panic!("json_data must be an object");
        };
        PluginContext {
            org_id: 1,
            data_source: DataSource {
                id: 1,
                uid: "uid".into(),
                org_id: 1,
                name: "ds".into(),
                type_id: "prometheus".into(),
                access: Access::Proxy,
                url: "http://127.0.0.1:9090/prefix/".into(),
                user: String::new(),
                database: String::new(),
                basic_auth: true,
                basic_auth_user: "alice".into(),
                with_credentials: false,
                is_default: false,
                json_data,
                secure_json_data: SealedSecrets::default(),
                read_only: false,
                prunable: false,
                api_version: String::new(),
                version: 1,
                created: 0,
                updated: 0,
            },
            secure_json_data: secrets
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect::<BTreeMap<_, _>>(),
            user: None,
        }
    }

    #[test]
    fn custom_headers_pair_names_with_secret_values_in_order() {
        let ctx = context(
            serde_json::json!({
                "httpHeaderName2": "X-Scope-OrgID",
                "httpHeaderName1": "Authorization",
                "httpHeaderName3": "",
            }),
            &[
                ("httpHeaderValue1", "Bearer t0k"),
                ("httpHeaderValue2", "tenant"),
            ],
        );
        assert_eq!(
            custom_headers(&ctx),
            vec![
                ("Authorization".to_string(), "Bearer t0k".to_string()),
                ("X-Scope-OrgID".to_string(), "tenant".to_string()),
            ]
        );
    }

    #[test]
    fn basic_auth_header_encodes_user_and_secret_password() {
        let ctx = context(serde_json::json!({}), &[("basicAuthPassword", "s3cret")]);
        let headers = upstream_headers(&ctx).expect("headers");
        let expected = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode("alice:s3cret")
        );
        assert_eq!(headers.get(AUTHORIZATION).expect("auth"), expected.as_str());
    }

    #[test]
    fn endpoint_joins_onto_the_base_path() {
        let ctx = context(serde_json::json!({}), &[]);
        let client =
            DataSourceHttpClient::from_context(&ctx, Duration::from_secs(5)).expect("client");
        assert_eq!(
            client.endpoint("api/v1/query").as_str(),
            "http://127.0.0.1:9090/prefix/api/v1/query"
        );
    }

    #[test]
    fn urls_without_http_scheme_are_refused() {
        let mut ctx = context(serde_json::json!({}), &[]);
        ctx.data_source.url = "file:///etc/passwd".into();
        assert!(matches!(
            DataSourceHttpClient::from_context(&ctx, Duration::from_secs(5)),
            Err(HttpClientError::InvalidUrl { .. })
        ));
    }

    #[test]
    fn timeout_reads_numbers_and_numeric_strings() {
        let json = |v: Value| match v {
            Value::Object(map) => map,
            _ => serde_json::Map::new(),
        };
        assert_eq!(
            timeout_setting(&json(serde_json::json!({"timeout": 7}))),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            timeout_setting(&json(serde_json::json!({"timeout": "3"}))),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            timeout_setting(&json(serde_json::json!({"timeout": 0}))),
            None
        );
    }
}
