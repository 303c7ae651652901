//! Calls to the Prometheus HTTP API through the data source's [`DataSourceHttpClient`]:
//! queries as a form POST or as GET parameters (`jsonData.httpMethod`), resource calls for the
//! editors with Grafana's method rules (label values and metadata only answer GET; a POST
//! refused with 400 or 405 is retried as GET). Answers are read whole, at most the data
//! source's response limit, into a buffer sized after the previous answer.

use std::sync::atomic::{AtomicUsize, Ordering};

use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, StatusCode};

use super::settings::{HttpMethod, PrometheusSettings};
use crate::plugins::http_client::{BodyError, DataSourceHttpClient};

/// Resource paths that Prometheus serves only over GET.
const GET_ONLY_PREFIXES: [&str; 2] = ["api/v1/label/", "api/v1/metadata"];

/// Prometheus's answer: its status, content type and body.
#[derive(Debug, Clone)]
pub struct UpstreamReply {
    pub status: StatusCode,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// A client for one Prometheus data source.
#[derive(Debug)]
pub struct PrometheusClient {
    http: DataSourceHttpClient,
    method: HttpMethod,
    /// `jsonData.queryTimeout` as written, `""` unset.
    query_timeout: String,
    /// The size of the last answer: a panel's refreshes get answers of about one size, so
    /// the next body buffer starts that large instead of doubling its way there.
    last_body_len: AtomicUsize,
}

impl PrometheusClient {
    pub fn new(http: DataSourceHttpClient, settings: &PrometheusSettings) -> PrometheusClient {
        PrometheusClient {
            http,
            method: settings.http_method,
            query_timeout: settings.query_timeout_text.clone(),
            last_body_len: AtomicUsize::new(0),
        }
    }

    /// Runs a query endpoint (`api/v1/query`, `api/v1/query_range`, ...) with `params`.
    pub async fn query(
        &self,
        endpoint: &str,
        params: &[(&str, String)],
    ) -> Result<UpstreamReply, BodyError> {
        let url = self.http.endpoint(endpoint);
        let request = match self.method {
            HttpMethod::Post => self.http.client().post(url).form(params),
            HttpMethod::Get => self.http.client().get(url).query(params),
        };
        self.read_reply(request.send().await?).await
    }

    /// Runs a range query with `params`, and the data source's query timeout as Prometheus's
    /// own `timeout` when one is set (as Grafana does; instant queries go without it).
    pub async fn query_range(
        &self,
        mut params: Vec<(&str, String)>,
    ) -> Result<UpstreamReply, BodyError> {
        if !self.query_timeout.is_empty() {
            params.push(("timeout", self.query_timeout.clone()));
        }
        self.query("api/v1/query_range", &params).await
    }

    /// Forwards an editor's resource call (`api/v1/labels`, `api/v1/series`, ...) with its
    /// raw query string and form body, nothing else of the caller's request.
    pub async fn resource(
        &self,
        path: &str,
        raw_query: &str,
        form_body: &[u8],
    ) -> Result<UpstreamReply, BodyError> {
        let mut url = self.http.endpoint(path);
        if !raw_query.is_empty() {
            url.set_query(Some(raw_query));
        }
        let get_only = GET_ONLY_PREFIXES
            .iter()
            .any(|prefix| path.starts_with(prefix));
        if self.method == HttpMethod::Post && !get_only {
            let reply = self
                .read_reply(
                    self.http
                        .client()
                        .post(url.clone())
                        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
                        .body(form_body.to_vec())
                        .send()
                        .await?,
                )
                .await?;
            let refused = reply.status == StatusCode::BAD_REQUEST
                || reply.status == StatusCode::METHOD_NOT_ALLOWED;
            if !refused {
                return Ok(reply);
            }
        }
        let get_url = with_form_in_query(url, form_body);
        let request = self.http.client().request(Method::GET, get_url);
        self.read_reply(request.send().await?).await
    }

    async fn read_reply(&self, response: reqwest::Response) -> Result<UpstreamReply, BodyError> {
        let status = response.status();
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .map(str::to_string);
        let expected_len = self.last_body_len.load(Ordering::Relaxed);
        let body = self.http.read_body(response, expected_len).await?;
        self.last_body_len.store(body.len(), Ordering::Relaxed);
        Ok(UpstreamReply {
            status,
            content_type,
            body,
        })
    }
}

/// `url` with the pairs of a form body appended to its query string.
fn with_form_in_query(mut url: reqwest::Url, form_body: &[u8]) -> reqwest::Url {
    if form_body.is_empty() {
        return url;
    }
    let pairs: Vec<(String, String)> = url::form_urlencoded_pairs(form_body);
    if pairs.is_empty() {
        return url;
    }
    url.query_pairs_mut().extend_pairs(pairs);
    url
}

/// Decoding of `application/x-www-form-urlencoded` text, through the URL parser reqwest uses.
mod url {
    pub fn form_urlencoded_pairs(body: &[u8]) -> Vec<(String, String)> {
        let text = String::from_utf8_lossy(body);
        let Ok(parsed) = reqwest::Url::parse(&format!("http://form.invalid/?{text}")) else {
            return Vec::new();
        };
        parsed
            .query_pairs()
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect()
    }
}
