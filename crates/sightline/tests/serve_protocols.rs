//! `[server] protocol`: Sightline started through `sightline::start` answers `/api/health`
//! over https, h2 (negotiated through ALPN) and a unix socket, fails to start naming the
//! setting when a TLS file is missing, and keeps serving while a client stalls the TLS
//! handshake.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sightline::{ListenAddress, RunningServer};
use sightline_config::{LoadOptions, Settings};
use tempfile::TempDir;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A self-signed certificate for `127.0.0.1`, written as PEM files in a temp dir that also
/// serves as home and data directory.
struct Fixture {
    home: TempDir,
    cert_pem: String,
    cert_file: PathBuf,
    key_file: PathBuf,
}

impl Fixture {
    fn new() -> Fixture {
        let home = tempfile::tempdir().expect("temp dir");
        let generated = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()])
            .expect("self-signed certificate");
        let cert_pem = generated.cert.pem();
        let cert_file = home.path().join("cert.pem");
        let key_file = home.path().join("key.pem");
        std::fs::write(&cert_file, &cert_pem).expect("write cert");
        std::fs::write(&key_file, generated.signing_key.serialize_pem()).expect("write key");
        Fixture {
            home,
            cert_pem,
            cert_file,
            key_file,
        }
    }

    fn settings(&self, overrides: &[String]) -> Settings {
        let mut all = vec![
            "server.http_addr=127.0.0.1".to_string(),
            "server.http_port=0".to_string(),
            format!("paths.data={}", self.home.path().join("data").display()),
            "database.type=sqlite3".to_string(),
        ];
        all.extend_from_slice(overrides);
        let options = LoadOptions {
            homepath: self.home.path().to_path_buf(),
            config_file: None,
            overrides: all,
        };
        Settings::load_with_env(&options, &HashMap::new()).expect("test settings must load")
    }

    fn tls_settings(&self, protocol: &str) -> Settings {
        self.settings(&[
            format!("server.protocol={protocol}"),
            format!("server.cert_file={}", self.cert_file.display()),
            format!("server.cert_key={}", self.key_file.display()),
        ])
    }

    /// A client that trusts only the fixture's certificate.
    fn client(&self) -> reqwest::Client {
        let root = reqwest::Certificate::from_pem(self.cert_pem.as_bytes()).expect("root");
        reqwest::Client::builder()
            .add_root_certificate(root)
            .timeout(Duration::from_secs(5))
            .build()
            .expect("client")
    }
}

fn health_url(server: &RunningServer) -> String {
    let ListenAddress::Tcp(address) = &server.address else {
        panic!("expected a tcp address, got {}", server.address);
    };
    format!("https://{address}/api/health")
}

#[tokio::test]
async fn https_serves_http1_over_tls() {
    let fixture = Fixture::new();
    let server = sightline::start(fixture.tls_settings("https"))
        .await
        .expect("server must start");

    let reply = fixture
        .client()
        .get(health_url(&server))
        .send()
        .await
        .expect("request");
    assert_eq!(reply.status(), reqwest::StatusCode::OK);
    assert_eq!(reply.version(), reqwest::Version::HTTP_11);
    let body = reply.text().await.expect("body");
    assert!(body.contains("\"database\""), "unexpected body: {body}");

    server.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn h2_negotiates_http2_through_alpn() {
    let fixture = Fixture::new();
    let server = sightline::start(fixture.tls_settings("h2"))
        .await
        .expect("server must start");

    let reply = fixture
        .client()
        .get(health_url(&server))
        .send()
        .await
        .expect("request");
    assert_eq!(reply.status(), reqwest::StatusCode::OK);
    assert_eq!(reply.version(), reqwest::Version::HTTP_2);

    server.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn missing_cert_file_fails_start_naming_the_setting() {
    let fixture = Fixture::new();
    let missing = fixture.home.path().join("missing.pem");
    let settings = fixture.settings(&[
        "server.protocol=https".to_string(),
        format!("server.cert_file={}", missing.display()),
        format!("server.cert_key={}", fixture.key_file.display()),
    ]);

    let Err(error) = sightline::start(settings).await else {
        panic!("start must fail without the certificate file");
    };
    let message = format!("{error:#}");
    let expected = format!("cannot read [server] cert_file {}", missing.display());
    assert!(message.contains(&expected), "unexpected error: {message}");
}

#[tokio::test]
async fn silent_tls_client_does_not_block_others() {
    let fixture = Fixture::new();
    let server = sightline::start(fixture.tls_settings("https"))
        .await
        .expect("server must start");
    let ListenAddress::Tcp(address) = &server.address else {
        panic!("expected a tcp address");
    };

    // Connects and never starts the handshake.
    let silent = tokio::net::TcpStream::connect(address)
        .await
        .expect("connect");
    let reply = fixture
        .client()
        .get(health_url(&server))
        .send()
        .await
        .expect("a request beside a silent client must be served");
    assert_eq!(reply.status(), reqwest::StatusCode::OK);

    drop(silent);
    server.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn socket_serves_http_on_a_unix_socket() {
    use std::os::unix::fs::PermissionsExt;

    let fixture = Fixture::new();
    let socket = fixture.home.path().join("run").join("sightline.sock");
    let settings = fixture.settings(&[
        "server.protocol=socket".to_string(),
        format!("server.socket={}", socket.display()),
    ]);
    // A socket file left behind by an earlier run is replaced.
    std::fs::create_dir_all(socket.parent().expect("parent")).expect("socket dir");
    drop(std::os::unix::net::UnixListener::bind(&socket).expect("stale socket"));

    let server = sightline::start(settings).await.expect("server must start");
    assert_eq!(server.address, ListenAddress::Unix(socket.clone()));
    let mode = std::fs::metadata(&socket)
        .expect("socket")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o660);

    let response = raw_get(&socket, "/api/health").await;
    assert!(
        response.starts_with("HTTP/1.1 200 OK\r\n"),
        "unexpected response: {response}"
    );
    assert!(
        response.contains("\"database\""),
        "unexpected response: {response}"
    );

    server.shutdown().await.expect("clean shutdown");
    assert!(!socket.exists(), "the socket file is removed on shutdown");
}

/// Sends a bare HTTP/1.1 GET over the unix socket and reads the whole response.
async fn raw_get(socket: &Path, path: &str) -> String {
    let mut stream = tokio::net::UnixStream::connect(socket)
        .await
        .expect("connect to socket");
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .await
        .expect("write request");
    let mut response = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut response))
        .await
        .expect("response within 5s")
        .expect("read response");
    String::from_utf8_lossy(&response).into_owned()
}
