//! Helpers of the Prometheus plugin tests: plugin contexts and queries built by hand, a
//! direct client of Prometheus's own API to compare with, and a tiny HTTP listener that
//! records what the plugin sends.

#![allow(dead_code)]

pub mod exposition;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use sightline_datasources::plugin::DataSourcePlugin;
use sightline_datasources::plugin::{DataQuery, PluginContext, QueryRequest};
use sightline_datasources::plugins::prometheus::PrometheusPlugin;
use sightline_datasources::{Access, DataSource, SealedSecrets};
use sightline_query::frame::{DataResponse, FieldValues, Frame};
use sightline_query::time::TimeRange;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A Prometheus data source at `url`.
pub fn context(url: &str, json_data: Value, secrets: &[(&str, &str)]) -> PluginContext {
    let Value::Object(json_data) = json_data else {
        panic!("json_data must be an object");
    };
    PluginContext {
        org_id: 1,
        data_source: DataSource {
            id: 1,
            uid: format!("prom-{}", uuid_like(url)),
            org_id: 1,
            name: "Prometheus".into(),
            type_id: "prometheus".into(),
            access: Access::Proxy,
            url: url.to_string(),
            user: String::new(),
            database: String::new(),
            basic_auth: false,
            basic_auth_user: String::new(),
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

fn uuid_like(text: &str) -> String {
    text.bytes().map(|b| format!("{b:02x}")).collect()
}

/// A query over `[from_ms, to_ms]` with the panel's `intervalMs` and `maxDataPoints`.
pub fn data_query(ref_id: &str, model: Value, from_ms: i64, to_ms: i64) -> DataQuery {
    let interval_ms = model["intervalMs"].as_i64().unwrap_or(0);
    let max_data_points = model["maxDataPoints"].as_i64().unwrap_or(0);
    DataQuery {
        ref_id: ref_id.to_string(),
        query_type: String::new(),
        time_range: TimeRange::new(from_ms, to_ms).expect("range"),
        interval_ms,
        max_data_points,
        model,
    }
}

/// Runs `queries` through the plugin.
pub async fn run(
    plugin: &PrometheusPlugin,
    context: &PluginContext,
    queries: Vec<DataQuery>,
) -> BTreeMap<String, DataResponse> {
    plugin
        .query_data(QueryRequest {
            context: context.clone(),
            data_source_queries: queries.len(),
            queries,
        })
        .await
}

/// Runs one query and returns its response.
pub async fn run_one(
    plugin: &PrometheusPlugin,
    context: &PluginContext,
    query: DataQuery,
) -> DataResponse {
    let ref_id = query.ref_id.clone();
    let mut results = run(plugin, context, vec![query]).await;
    results.remove(&ref_id).expect("a response for the query")
}

/// GET `path` with `params` from Prometheus itself.
pub async fn prometheus_json(base: &str, path: &str, params: &[(&str, String)]) -> Value {
    reqwest::Client::new()
        .get(format!("{base}{path}"))
        .query(params)
        .send()
        .await
        .expect("prometheus answers")
        .json()
        .await
        .expect("prometheus json")
}

/// Times (ms) and values of a series frame.
pub fn points(frame: &Frame) -> (Vec<i64>, Vec<f64>) {
    let FieldValues::Time(times) = &frame.fields[0].values else {
        panic!("first field is not time: {frame:?}");
    };
    let FieldValues::Float64(values) = &frame.fields[1].values else {
        panic!("second field is not float64: {frame:?}");
    };
    (
        times.iter().map(|t| t.expect("time").millis()).collect(),
        values.iter().map(|v| *v.expect("value")).collect(),
    )
}

/// `text` as Prometheus writes values, read back.
pub fn prom_value(text: &Value) -> f64 {
    text.as_str().expect("value string").parse().expect("float")
}

/// `json!({})` shortcut.
pub fn empty() -> Value {
    json!({})
}

/// A request as the listener saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub head: String,
    pub body: String,
}

impl Seen {
    /// A header's value (name case-insensitive).
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_string())
        })
    }

    pub fn request_line(&self) -> String {
        self.head.lines().next().unwrap_or("").to_string()
    }
}

/// A local HTTP server answering every request with `status`, `extra_headers` and `body`,
/// recording what it received.
pub struct Listener {
    pub url: String,
    pub seen: Arc<Mutex<Vec<Seen>>>,
}

impl Listener {
    pub async fn start(
        status: u16,
        extra_headers: Vec<(String, String)>,
        body: String,
    ) -> Listener {
        let socket = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!(
            "http://127.0.0.1:{}",
            socket.local_addr().expect("addr").port()
        );
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&seen);
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = socket.accept().await {
                let request = read_request(&mut stream).await;
                record.lock().expect("lock").push(request);
                let mut reply = format!(
                    "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n",
                    body.len()
                );
                for (name, value) in &extra_headers {
                    reply.push_str(&format!("{name}: {value}\r\n"));
                }
                reply.push_str("content-type: application/json\r\n\r\n");
                reply.push_str(&body);
                let _ = stream.write_all(reply.as_bytes()).await;
                let _ = stream.shutdown().await;
            }
        });
        Listener { url, seen }
    }

    pub fn requests(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }

    /// The answer to query `A` (`model`, over the first minute) of a data source at this
    /// listener with `json_data`.
    pub async fn query(&self, json_data: Value, model: Value) -> DataResponse {
        let context = context(&self.url, json_data, &[]);
        run_one(
            &PrometheusPlugin::new(),
            &context,
            data_query("A", model, 0, 60_000),
        )
        .await
    }
}

async fn read_request(stream: &mut tokio::net::TcpStream) -> Seen {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    while let Ok(read) = stream.read(&mut chunk).await {
        if read == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..read]);
        let text = String::from_utf8_lossy(&buffer).to_string();
        if let Some(end) = text.find("\r\n\r\n") {
            let head = text[..end].to_string();
            let length = head
                .lines()
                .find_map(|line| {
                    let (key, value) = line.split_once(':')?;
                    key.trim()
                        .eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if buffer.len() >= end + 4 + length {
                let body = String::from_utf8_lossy(&buffer[end + 4..end + 4 + length]).to_string();
                return Seen { head, body };
            }
        }
    }
    Seen {
        head: String::from_utf8_lossy(&buffer).to_string(),
        body: String::new(),
    }
}

/// An empty successful matrix answer.
pub const EMPTY_MATRIX: &str = r#"{"status":"success","data":{"resultType":"matrix","result":[]}}"#;
