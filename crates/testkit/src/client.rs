//! A small JSON client for tests: every call returns status and parsed body.

use reqwest::Method;
use serde_json::Value;

/// A response as tests look at it.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Reply {
    /// The `message` of a Grafana-shaped body.
    pub fn message(&self) -> &str {
        self.body["message"].as_str().unwrap_or_default()
    }

    /// The `Set-Cookie` header that sets the cookie `name`, if the response has one.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find(|value| value.starts_with(&format!("{name}=")))
            .map(str::to_string)
    }

    /// The value of the cookie `name` set by this response.
    pub fn cookie_value(&self, name: &str) -> Option<String> {
        let header = self.set_cookie(name)?;
        let pair = header.split(';').next()?;
        pair.split_once('=').map(|(_, value)| value.to_string())
    }
}

#[derive(Clone)]
pub struct Client {
    base_url: String,
    http: reqwest::Client,
    basic: Option<(String, String)>,
    bearer: Option<String>,
    headers: Vec<(String, String)>,
}

impl Client {
    pub fn new(base_url: &str) -> Client {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client");
        Client {
            base_url: base_url.to_string(),
            http,
            basic: None,
            bearer: None,
            headers: Vec::new(),
        }
    }

    pub fn basic_auth(mut self, login: &str, password: &str) -> Client {
        self.basic = Some((login.to_string(), password.to_string()));
        self
    }

    pub fn bearer(mut self, token: &str) -> Client {
        self.bearer = Some(token.to_string());
        self
    }

    pub fn header(mut self, name: &str, value: &str) -> Client {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Method::GET, path, None).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.send(Method::DELETE, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.send(Method::POST, path, Some(body)).await
    }

    pub async fn put(&self, path: &str, body: Value) -> Reply {
        self.send(Method::PUT, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Reply {
        self.send(Method::PATCH, path, Some(body)).await
    }

    /// Sends a raw body with the given content type (for malformed-input tests).
    pub async fn send_raw(
        &self,
        method: &str,
        path: &str,
        content_type: &str,
        body: &str,
    ) -> Reply {
        let method = Method::from_bytes(method.as_bytes()).expect("method");
        let request = self
            .request(method, path)
            .header("content-type", content_type)
            .body(body.to_string());
        Self::finish(request).await
    }

    pub async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let mut request = self.request(method, path);
        if let Some(body) = body {
            request = request.json(&body);
        }
        Self::finish(request).await
    }

    fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let mut request = self
            .http
            .request(method, format!("{}{}", self.base_url, path));
        if let Some((login, password)) = &self.basic {
            request = request.basic_auth(login, Some(password));
        }
        if let Some(token) = &self.bearer {
            request = request.bearer_auth(token);
        }
        for (name, value) in &self.headers {
            request = request.header(name, value);
        }
        request
    }

    async fn finish(request: reqwest::RequestBuilder) -> Reply {
        let response = request.send().await.expect("request must reach the server");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("response body");
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Reply {
            status,
            body,
            headers,
        }
    }
}
