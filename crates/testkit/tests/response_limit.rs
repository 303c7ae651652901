//! `[dataproxy] response_limit` end to end, against a local upstream that answers larger
//! than the limit: the Prometheus plugin's query fails alone with Grafana's "response body
//! too large" text (a small answer still reads), the data source proxy answers 502 with that
//! text when the length is announced and cuts a streamed answer off; in both cases Sightline
//! stops reading, so an upstream that never stops writing is dropped. SQLite only: the limit
//! does not touch the database.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use sightline_testkit::{Backend, TestServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const LIMIT: usize = 4096;
const TOO_LARGE: &str = "error: http: response body too large, response limit is set to: 4096";

/// A small Prometheus matrix answer, well under the limit.
const SMALL_ANSWER: &str = r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up"},"values":[[1700000000,"1"],[1700000015,"2"]]}]}}"#;

/// An upstream answering by path: `/announced` and `/api/v1/query_range?big` a body over the
/// limit with its `Content-Length`, `/endless` and the range query of `endless` an endless
/// chunked body, anything else [`SMALL_ANSWER`]. Counts the endless streams that ended
/// because the reader went away.
struct Upstream {
    port: u16,
    dropped_streams: Arc<AtomicUsize>,
}

impl Upstream {
    async fn start() -> Upstream {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let dropped_streams = Arc::new(AtomicUsize::new(0));
        let dropped = Arc::clone(&dropped_streams);
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                tokio::spawn(answer(socket, Arc::clone(&dropped)));
            }
        });
        Upstream {
            port,
            dropped_streams,
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Waits until `count` endless streams were dropped by their reader.
    async fn wait_for_dropped_streams(&self, count: usize) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while self.dropped_streams.load(Ordering::SeqCst) < count {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the endless upstream answer is still being read"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// Serves one connection: reads a request, answers by its target and body.
async fn answer(mut socket: TcpStream, dropped: Arc<AtomicUsize>) {
    let Some(request) = read_request(&mut socket).await else {
        return;
    };
    let endless = request.contains("/endless") || request.contains("endless_metric");
    if endless {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        if socket.write_all(head.as_bytes()).await.is_err() {
            return;
        }
        let chunk = format!("400\r\n{}\r\n", "x".repeat(0x400));
        // Writes until the reader goes away; a reader that kept reading would never stop it.
        while socket.write_all(chunk.as_bytes()).await.is_ok() {}
        dropped.fetch_add(1, Ordering::SeqCst);
        return;
    }
    let big = request.contains("/announced") || request.contains("big_metric");
    let body = if big {
        format!(
            r#"{{"status":"success","data":{{"resultType":"matrix","result":[{{"metric":{{"pad":"{}"}},"values":[]}}]}}}}"#,
            "p".repeat(LIMIT)
        )
    } else {
        SMALL_ANSWER.to_string()
    };
    let reply = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = socket.write_all(reply.as_bytes()).await;
    let _ = socket.shutdown().await;
}

/// The request line, headers and body (by `Content-Length`) as text.
async fn read_request(socket: &mut TcpStream) -> Option<String> {
    let mut buffer = Vec::new();
    let mut chunk = [0_u8; 4096];
    let head_end = loop {
        let read = socket.read(&mut chunk).await.ok()?;
        if read == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(index) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break index;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0);
    while buffer.len() < head_end + 4 + length {
        let read = socket.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
    Some(String::from_utf8_lossy(&buffer).to_string())
}

async fn server_with_limit() -> TestServer {
    TestServer::start_with(
        Backend::Sqlite,
        &[&format!("dataproxy.response_limit={LIMIT}")],
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prometheus_answers_past_the_limit_fail_alone() {
    let upstream = Upstream::start().await;
    let server = server_with_limit().await;
    let admin = server.admin();
    let created = admin
        .post(
            "/api/datasources",
            json!({
                "name": "Limited", "type": "prometheus", "uid": "limited", "access": "proxy",
                "url": upstream.url(), "jsonData": { "httpMethod": "POST" }
            }),
        )
        .await;
    assert_eq!(created.status, 200, "{:?}", created.body);

    let query = |ref_id: &str, expr: &str| {
        json!({ "refId": ref_id, "datasource": { "uid": "limited", "type": "prometheus" },
                "expr": expr, "range": true, "intervalMs": 15000 })
    };
    let reply = admin
        .post(
            "/api/ds/query",
            json!({
                "from": "1700000000000", "to": "1700000600000",
                "queries": [query("A", "up"), query("B", "big_metric"), query("C", "endless_metric")]
            }),
        )
        .await;
    assert_eq!(
        reply.status, 400,
        "a failed query makes it a 400: {}",
        reply.body
    );
    let results = &reply.body["results"];
    assert_eq!(results["A"]["status"], 200, "{}", results["A"]);
    assert_eq!(
        results["A"]["frames"][0]["data"]["values"][1],
        json!([1, 2])
    );
    for ref_id in ["B", "C"] {
        let result = &results[ref_id];
        assert_eq!(result["status"], 502, "{result}");
        assert_eq!(result["error"], TOO_LARGE, "{result}");
        assert_eq!(result["errorSource"], "downstream", "{result}");
    }
    upstream.wait_for_dropped_streams(1).await;
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn proxied_answers_past_the_limit_are_refused_or_cut_off() {
    let upstream = Upstream::start().await;
    let server = server_with_limit().await;
    let admin = server.admin();
    let created = admin
        .post(
            "/api/datasources",
            json!({
                "name": "Limited", "type": "prometheus", "uid": "limited", "access": "proxy",
                "url": upstream.url()
            }),
        )
        .await;
    assert_eq!(created.status, 200, "{:?}", created.body);

    let small = admin.get("/api/datasources/proxy/uid/limited/small").await;
    assert_eq!(small.status, 200, "{:?}", small.body);
    assert_eq!(small.body["status"], "success");

    let announced = admin
        .get("/api/datasources/proxy/uid/limited/announced")
        .await;
    assert_eq!(announced.status, 502, "{:?}", announced.body);
    assert_eq!(announced.message(), TOO_LARGE);

    // The status is sent before the body passes the limit: the body is cut off there.
    let response = reqwest::Client::new()
        .get(format!(
            "{}/api/datasources/proxy/uid/limited/endless",
            server.base_url
        ))
        .basic_auth("admin", Some("admin"))
        .send()
        .await
        .expect("the proxy answers");
    assert_eq!(response.status().as_u16(), 200);
    let body = response.bytes().await;
    assert!(
        body.as_ref().map_or(true, |body| body.len() <= LIMIT),
        "the body stops at the limit"
    );
    upstream.wait_for_dropped_streams(1).await;
    server.stop().await;
}
