//! The real `sightline` binary: `--version`, start-up errors naming the bad setting,
//! `admin reset-admin-password`, and graceful shutdown on SIGTERM that lets an in-flight
//! request finish.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BINARY: &str = env!("CARGO_BIN_EXE_sightline");

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address").port()
}

fn start_server(home: &Path, port: u16) -> Child {
    Command::new(BINARY)
        .args(["server", "--homepath"])
        .arg(home)
        .arg("cfg:server.http_addr=127.0.0.1")
        .arg(format!("cfg:server.http_port={port}"))
        .env_remove("GF_DATABASE_URL")
        .env_remove("GF_DATABASE_TYPE")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn sightline")
}

/// Sends a raw HTTP/1.1 request and returns the status line and body.
fn request(
    port: u16,
    method: &str,
    path: &str,
    basic: Option<&str>,
    body: &str,
) -> (String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let authorization = basic
        .map(|credentials| format!("Authorization: Basic {}\r\n", base64(credentials)))
        .unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{authorization}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).expect("write head");
    stream.write_all(body.as_bytes()).expect("write body");
    read_response(&mut stream)
}

fn read_response(stream: &mut TcpStream) -> (String, String) {
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read response");
    let status = response.lines().next().unwrap_or_default().to_string();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default();
    (status, body)
}

fn wait_until_healthy(port: u16, child: &mut Child) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        assert!(
            child.try_wait().expect("status").is_none(),
            "server exited during start"
        );
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            let (status, _) = request(port, "GET", "/api/health", None, "");
            if status.contains(" 200 ") {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("server did not become healthy");
}

fn terminate(child: &Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
}

fn base64(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let value = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for index in 0..4 {
            if index <= chunk.len() {
                out.push(ALPHABET[((value >> (18 - 6 * index)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn version_names_sightline_and_the_grafana_api_level() {
    let output = Command::new(BINARY).arg("--version").output().expect("run");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    assert!(text.contains(env!("CARGO_PKG_VERSION")), "{text}");
    assert!(text.contains("Grafana API 12."), "{text}");
}

#[test]
fn a_wrong_setting_stops_start_up_naming_section_key_and_value() {
    let home = tempfile::tempdir().expect("tempdir");
    let output = Command::new(BINARY)
        .args(["server", "--homepath"])
        .arg(home.path())
        .env("GF_SERVER_HTTP_PORT", "not-a-port")
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(text.contains("[server] http_port"), "{text}");
    assert!(text.contains("not-a-port"), "{text}");
}

#[test]
fn sigterm_lets_an_in_flight_request_finish_then_exits_cleanly() {
    let home = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let mut child = start_server(home.path(), port);
    wait_until_healthy(port, &mut child);

    // Start a login whose body is still on its way when the signal arrives.
    let body = r#"{"user":"admin","password":"admin"}"#;
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let head = format!(
        "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).expect("head");
    stream
        .write_all(&body.as_bytes()[..5])
        .expect("partial body");
    std::thread::sleep(Duration::from_millis(200));
    terminate(&child);
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().expect("status").is_none(),
        "server must wait for the in-flight request"
    );
    stream
        .write_all(&body.as_bytes()[5..])
        .expect("rest of body");
    let (status, response) = read_response(&mut stream);
    assert!(status.contains(" 200 "), "{status} {response}");
    assert!(response.contains("Logged in"), "{response}");

    let deadline = Instant::now() + Duration::from_secs(15);
    let exit = loop {
        if let Some(exit) = child.try_wait().expect("status") {
            break exit;
        }
        assert!(
            Instant::now() < deadline,
            "server did not stop after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "exit status {exit:?}");
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "port must be closed"
    );
}

#[test]
fn reset_admin_password_changes_the_admin_login() {
    let home = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let mut child = start_server(home.path(), port);
    wait_until_healthy(port, &mut child);
    terminate(&child);
    child.wait().expect("stopped");

    let output = Command::new(BINARY)
        .args(["admin", "--homepath"])
        .arg(home.path())
        .args(["reset-admin-password", "n3w-secret"])
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let mut child = start_server(home.path(), port);
    wait_until_healthy(port, &mut child);
    let (old, _) = request(port, "GET", "/api/user", Some("admin:admin"), "");
    let (new, body) = request(port, "GET", "/api/user", Some("admin:n3w-secret"), "");
    terminate(&child);
    child.wait().expect("stopped");
    assert!(old.contains(" 401 "), "{old}");
    assert!(new.contains(" 200 "), "{new}");
    assert!(body.contains("\"login\":\"admin\""), "{body}");
}
