//! [`serve`] with a router that echoes the client address: the TLS listener must still
//! provide `ConnectInfo<SocketAddr>`, which handlers use for the client IP.

use std::collections::HashMap;
use std::net::SocketAddr;

use axum::extract::ConnectInfo;
use axum::routing::get;
use sightline_config::{LoadOptions, ServerSettings, Settings};

use super::*;

fn server_settings(home: &std::path::Path, overrides: &[String]) -> ServerSettings {
    let options = LoadOptions {
        homepath: home.to_path_buf(),
        config_file: None,
        overrides: overrides.to_vec(),
    };
    Settings::load_with_env(&options, &HashMap::new())
        .expect("test settings must load")
        .server
}

fn client_address_router() -> Router {
    Router::new().route(
        "/ip",
        get(|ConnectInfo(client): ConnectInfo<SocketAddr>| async move { client.ip().to_string() }),
    )
}

#[tokio::test]
async fn tls_connections_carry_the_client_address() {
    let home = tempfile::tempdir().expect("temp dir");
    let generated = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()])
        .expect("self-signed certificate");
    let cert_file = home.path().join("cert.pem");
    let key_file = home.path().join("key.pem");
    std::fs::write(&cert_file, generated.cert.pem()).expect("write cert");
    std::fs::write(&key_file, generated.signing_key.serialize_pem()).expect("write key");
    let server = server_settings(
        home.path(),
        &[
            "server.protocol=https".to_string(),
            "server.http_addr=127.0.0.1".to_string(),
            "server.http_port=0".to_string(),
            format!("server.cert_file={}", cert_file.display()),
            format!("server.cert_key={}", key_file.display()),
        ],
    );
    let (stop, stopped) = watch::channel(false);
    let serving = serve(&server, client_address_router(), stopped)
        .await
        .expect("serve");
    let address = serving.address.tcp().expect("a tcp address");

    let root = reqwest::Certificate::from_pem(generated.cert.pem().as_bytes()).expect("root");
    let client = reqwest::Client::builder()
        .add_root_certificate(root)
        .build()
        .expect("client");
    let reply = client
        .get(format!("https://{address}/ip"))
        .send()
        .await
        .expect("request");
    assert_eq!(reply.status(), reqwest::StatusCode::OK);
    assert_eq!(reply.text().await.expect("body"), "127.0.0.1");

    stop.send(true).expect("server still running");
    serving.task.await.expect("join").expect("serve");
}

#[tokio::test]
async fn http_connections_send_without_delay() {
    let home = tempfile::tempdir().expect("temp dir");
    let server = server_settings(
        home.path(),
        &[
            "server.http_addr=127.0.0.1".to_string(),
            "server.http_port=0".to_string(),
        ],
    );
    let mut listener = http_listener(&server).await.expect("listener");
    let address = axum::serve::Listener::local_addr(&listener).expect("address");
    let client = TcpStream::connect(address).await.expect("connect");
    assert!(!client.nodelay().expect("client option"), "off unless set");
    let (accepted, peer) = axum::serve::Listener::accept(&mut listener).await;
    assert_eq!(peer, client.local_addr().expect("client address"));
    assert!(accepted.nodelay().expect("server option"));
}

#[test]
fn tcp_address_defaults_to_all_interfaces_and_brackets_ipv6() {
    assert_eq!(tcp_address("", 3000), "0.0.0.0:3000");
    assert_eq!(tcp_address(" 127.0.0.1 ", 0), "127.0.0.1:0");
    assert_eq!(tcp_address("::1", 3000), "[::1]:3000");
    assert_eq!(tcp_address("[::1]", 3000), "[::1]:3000");
}
