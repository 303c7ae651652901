//! The data source proxy end to end (`/api/datasources/proxy/uid/:uid/*` and the legacy
//! numeric-id form) against a tiny local HTTP upstream that records what reached it: the data
//! source's basic auth and custom headers are sent, the caller's own credentials are not;
//! path, query, method and body arrive; `..`, unknown data sources, role None, hosts outside
//! `[security] data_source_proxy_whitelist` and redirects to another host are refused;
//! connections to the data source are reused until the data source changes.

use std::sync::{Arc, Mutex};

use reqwest::Method;
use serde_json::json;
use sightline_testkit::{backend_tests, Client, TestServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One request as the upstream saw it.
#[derive(Debug, Clone)]
struct Seen {
    /// Which of the upstream's connections it came on, counted from 0.
    connection: usize,
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// An HTTP/1.1 upstream on 127.0.0.1 recording each request; `/base/redirect` answers a
/// 302 to `redirect_to`, everything else a JSON 201, closing the connection but for paths
/// under `/base/keepalive`.
struct Upstream {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Upstream {
    async fn start(redirect_to: Option<String>) -> Upstream {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let recorded = Arc::clone(&seen);
        tokio::spawn(async move {
            let mut connection = 0;
            while let Ok((mut socket, _)) = listener.accept().await {
                let recorded = Arc::clone(&recorded);
                let redirect_to = redirect_to.clone();
                tokio::spawn(async move {
                    while let Some(mut request) = read_request(&mut socket).await {
                        request.connection = connection;
                        let keep_alive = request.target.starts_with("/base/keepalive");
                        let close = if keep_alive {
                            ""
                        } else {
                            "Connection: close\r\n"
                        };
                        let reply = match (&redirect_to, request.target.starts_with("/base/redirect")) {
                            (Some(location), true) => format!(
                                "HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n{close}\r\n"
                            ),
                            _ if request.target.starts_with("/base/unauthorized") => format!(
                                "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic\r\nContent-Length: 12\r\n{close}\r\nunauthorized"
                            ),
                            _ => {
                                let body = r#"{"ok":true}"#;
                                format!(
                                    "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nSet-Cookie: upstream=1\r\nX-Upstream: yes\r\nContent-Length: {}\r\n{close}\r\n{body}",
                                    body.len()
                                )
                            }
                        };
                        recorded.lock().expect("lock").push(request);
                        let _ = socket.write_all(reply.as_bytes()).await;
                        if !keep_alive {
                            let _ = socket.shutdown().await;
                            return;
                        }
                    }
                });
                connection += 1;
            }
        });
        Upstream { port, seen }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("lock").clone()
    }
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<Seen> {
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
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_string();
    let target = request_line.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            Some((name.trim().to_string(), value.trim().to_string()))
        })
        .collect();
    let length: usize = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let read = socket.read(&mut chunk).await.ok()?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    Some(Seen {
        connection: 0,
        method,
        target,
        headers,
        body: String::from_utf8_lossy(&body).to_string(),
    })
}

/// An upstream, and the data source `up` proxying to its `/base`; with the admin's client.
async fn proxied(server: &TestServer) -> (Upstream, Client) {
    let upstream = Upstream::start(None).await;
    let admin = server.admin();
    create_proxied(&admin, "up", &format!("{}/base", upstream.url())).await;
    (upstream, admin)
}

/// Creates a proxy-access data source at `url` with basic auth and a custom header.
async fn create_proxied(client: &Client, uid: &str, url: &str) -> i64 {
    let reply = client
        .post(
            "/api/datasources",
            json!({
                "name": format!("Upstream {uid}"), "type": "prometheus", "uid": uid,
                "access": "proxy", "url": url,
                "basicAuth": true, "basicAuthUser": "dsuser",
                "jsonData": { "httpHeaderName1": "X-Scope-OrgID" },
                "secureJsonData": { "basicAuthPassword": "dspass", "httpHeaderValue1": "tenant-7" }
            }),
        )
        .await;
    assert_eq!(reply.status, 200, "create {uid}: {:?}", reply.body);
    reply.body["datasource"]["id"]
        .as_i64()
        .or_else(|| reply.body["id"].as_i64())
        .expect("id")
}

async fn forwards_with_the_data_source_credentials(server: TestServer) {
    let upstream = Upstream::start(None).await;
    let admin = server.admin();
    let id = create_proxied(&admin, "up", &format!("{}/base/", upstream.url())).await;
    let caller = admin
        .clone()
        .header("Cookie", "other=caller-cookie")
        .header("X-Scope-OrgID", "caller-tenant")
        .header("X-Custom", "kept");

    let reply = caller
        .post(
            "/api/datasources/proxy/uid/up/api/v1/query?query=up&time=1",
            json!({ "hello": "world" }),
        )
        .await;
    assert_eq!(reply.status, 201, "{:?}", reply.body);
    assert_eq!(reply.body, json!({ "ok": true }));
    assert_eq!(reply.set_cookie("upstream"), None, "upstream cookies stay");
    let header = |name: &str| {
        reply
            .headers
            .get(name)
            .and_then(|value| value.to_str().ok())
    };
    assert_eq!(header("x-upstream"), Some("yes"));
    assert_eq!(
        header("content-length"),
        Some("11"),
        "the announced length is kept"
    );
    assert_eq!(header("transfer-encoding"), None);
    assert_eq!(
        header("content-security-policy"),
        Some("sandbox"),
        "an upstream page never runs as Sightline's origin"
    );

    let seen = upstream.seen();
    assert_eq!(seen.len(), 1);
    let request = &seen[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/base/api/v1/query?query=up&time=1");
    assert_eq!(request.body, r#"{"hello":"world"}"#);
    // base64("dsuser:dspass")
    assert_eq!(
        request.header("authorization"),
        Some("Basic ZHN1c2VyOmRzcGFzcw==")
    );
    assert_eq!(request.header("x-scope-orgid"), Some("tenant-7"));
    assert_eq!(request.header("x-custom"), Some("kept"));
    assert_eq!(request.header("cookie"), None, "the caller's cookies stay");

    let legacy = admin
        .send(
            Method::GET,
            &format!("/api/datasources/proxy/{id}/status"),
            None,
        )
        .await;
    assert_eq!(legacy.status, 201, "{:?}", legacy.body);
    assert_eq!(upstream.seen()[1].target, "/base/status");
    assert_eq!(upstream.seen()[1].method, "GET");
    server.stop().await;
}

async fn connections_are_reused_until_the_data_source_changes(server: TestServer) {
    let upstream = Upstream::start(None).await;
    let admin = server.admin();
    create_proxied(&admin, "up", &format!("{}/base/", upstream.url())).await;
    for call in 1..=2 {
        let path = format!("/api/datasources/proxy/uid/up/keepalive/{call}");
        assert_eq!(admin.get(&path).await.status, 201);
    }
    // A changed header value: the next call goes out with it, on a new client.
    let changed = admin
        .put(
            "/api/datasources/uid/up",
            json!({
                "name": "Upstream up", "type": "prometheus", "access": "proxy",
                "url": format!("{}/base/", upstream.url()),
                "basicAuth": true, "basicAuthUser": "dsuser",
                "jsonData": { "httpHeaderName1": "X-Scope-OrgID" },
                "secureJsonData": { "httpHeaderValue1": "tenant-8" }
            }),
        )
        .await;
    assert_eq!(changed.status, 200, "{:?}", changed.body);
    let after = admin.get("/api/datasources/proxy/uid/up/keepalive/3").await;
    assert_eq!(after.status, 201, "{:?}", after.body);

    let seen = upstream.seen();
    assert_eq!(seen.len(), 3);
    assert_eq!(seen[0].connection, seen[1].connection, "one connection");
    assert_ne!(seen[1].connection, seen[2].connection, "a new client");
    assert_eq!(seen[1].header("x-scope-orgid"), Some("tenant-7"));
    assert_eq!(seen[2].header("x-scope-orgid"), Some("tenant-8"));
    server.stop().await;
}

async fn refused_requests(server: TestServer) {
    let (upstream, admin) = proxied(&server).await;

    let parent = admin.get("/api/datasources/proxy/uid/up/..%2Fsecret").await;
    assert_eq!(parent.status, 403, "{:?}", parent.body);

    let unknown = admin.get("/api/datasources/proxy/uid/nope/x").await;
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.message(), "Unable to find datasource");

    let nobody = server.user_with_role("nobody", "None").await;
    let denied = nobody.client().get("/api/datasources/proxy/uid/up/x").await;
    assert_eq!(denied.status, 403, "{:?}", denied.body);

    let viewer = server.user_with_role("viewer", "Viewer").await;
    let allowed = viewer.client().get("/api/datasources/proxy/uid/up/x").await;
    assert_eq!(allowed.status, 201, "{:?}", allowed.body);

    assert_eq!(
        upstream.seen().len(),
        1,
        "only the viewer's request went out"
    );
    server.stop().await;
}

/// Prometheus's declared routes: queries may be posted by any role, ruler changes need an
/// editor, and any other write is refused before it reaches the data source.
async fn prometheus_routes_decide_what_reaches_it(server: TestServer) {
    let (upstream, admin) = proxied(&server).await;
    let viewer = server.user_with_role("viewer", "Viewer").await.client();
    let editor = server.user_with_role("editor", "Editor").await.client();

    let query = viewer
        .post(
            "/api/datasources/proxy/uid/up/api/v1/query_range",
            json!({}),
        )
        .await;
    assert_eq!(query.status, 201, "{:?}", query.body);

    let admin_api = admin
        .post(
            "/api/datasources/proxy/uid/up/api/v1/admin/tsdb/delete_series",
            json!({}),
        )
        .await;
    assert_eq!(admin_api.status, 403, "{:?}", admin_api.body);
    assert_eq!(
        admin_api.message(),
        "non allow-listed POSTs not allowed on proxied Prometheus datasource"
    );
    let put = admin
        .put("/api/datasources/proxy/uid/up/api/v1/query", json!({}))
        .await;
    assert_eq!(
        put.message(),
        "non allow-listed PUTs not allowed on proxied Prometheus datasource"
    );

    let rules = "/api/datasources/proxy/uid/up/rules/namespace";
    let by_viewer = viewer.send(Method::DELETE, rules, None).await;
    assert_eq!(by_viewer.status, 403, "{:?}", by_viewer.body);
    assert_eq!(by_viewer.message(), "plugin proxy route access denied");
    let by_editor = editor.send(Method::DELETE, rules, None).await;
    assert_eq!(by_editor.status, 201, "{:?}", by_editor.body);

    let seen: Vec<(String, String)> = upstream
        .seen()
        .into_iter()
        .map(|request| (request.method, request.target))
        .collect();
    assert_eq!(
        seen,
        [
            ("POST".to_string(), "/base/api/v1/query_range".to_string()),
            ("DELETE".to_string(), "/base/rules/namespace".to_string()),
        ],
        "only the allowed calls went out"
    );
    server.stop().await;
}

/// A 401 from the data source is a 400 for the caller: a 401 would sign them out.
async fn upstream_authentication_failures_are_bad_requests(server: TestServer) {
    let (upstream, admin) = proxied(&server).await;
    let reply = admin
        .get("/api/datasources/proxy/uid/up/unauthorized")
        .await;
    assert_eq!(reply.status, 400, "{:?}", reply.body);
    assert_eq!(reply.body, "Authentication to data source failed");
    assert!(reply.headers.get("www-authenticate").is_none());
    assert_eq!(upstream.seen().len(), 1);
    server.stop().await;
}

async fn redirects_to_another_host_are_not_followed(server: TestServer) {
    let elsewhere = Upstream::start(None).await;
    let upstream = Upstream::start(Some(format!("{}/stolen", elsewhere.url()))).await;
    let admin = server.admin();
    create_proxied(&admin, "up", &format!("{}/base", upstream.url())).await;

    let reply = admin.get("/api/datasources/proxy/uid/up/redirect").await;
    assert_eq!(reply.status, 502, "{:?}", reply.body);
    assert_eq!(upstream.seen().len(), 1);
    assert!(elsewhere.seen().is_empty(), "the other host was reached");
    server.stop().await;
}

async fn hosts_outside_the_allow_list_are_refused(server: TestServer) {
    let (upstream, admin) = proxied(&server).await;
    let reply = admin.get("/api/datasources/proxy/uid/up/x").await;
    assert_eq!(reply.status, 403, "{:?}", reply.body);
    assert_eq!(
        reply.message(),
        "Data proxy hostname and ip are not included in whitelist"
    );
    assert!(upstream.seen().is_empty());
    server.stop().await;
}

backend_tests!(
    forwards_with_the_data_source_credentials,
    connections_are_reused_until_the_data_source_changes,
    refused_requests,
    prometheus_routes_decide_what_reaches_it,
    upstream_authentication_failures_are_bad_requests,
    redirects_to_another_host_are_not_followed
);
backend_tests!(
    with["security.data_source_proxy_whitelist=allowed.example:9090"],
    hosts_outside_the_allow_list_are_refused
);
