//! A scrape target serving one native histogram in Prometheus's protobuf exposition format
//! (what OpenMetrics text cannot carry): a length-delimited `io.prometheus.client.
//! MetricFamily`, encoded here field by field.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The histogram served: `sightline_native_seconds{path="/api"}`, schema 0 (bucket `i` is
/// `(2^(i-1), 2^i]`), a zero bucket of width 0.001 holding 1, and buckets 0, 1 and 2 holding
/// 2, 3 and 2 observations.
pub const NATIVE_HISTOGRAM: &str = "sightline_native_seconds";

/// Starts the target on a free port; returns the port.
pub async fn start_native_histogram_target() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let body = delimited(&metric_family());
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let body = body.clone();
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                // One request per connection; its content does not matter.
                let _ = stream.read(&mut request).await;
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/vnd.google.protobuf; \
                     proto=io.prometheus.client.MetricFamily; encoding=delimited\r\n\
                     content-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&body).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    port
}

fn metric_family() -> Vec<u8> {
    let mut histogram = Vec::new();
    varint_field(&mut histogram, 1, 8); // sample_count
    double_field(&mut histogram, 2, 10.0); // sample_sum
    varint_field(&mut histogram, 5, zigzag(0)); // schema
    double_field(&mut histogram, 6, 0.001); // zero_threshold
    varint_field(&mut histogram, 7, 1); // zero_count
    let mut span = Vec::new();
    varint_field(&mut span, 1, zigzag(0)); // offset
    varint_field(&mut span, 2, 3); // length
    bytes_field(&mut histogram, 12, &span); // positive_span
    for delta in [2, 1, -1] {
        varint_field(&mut histogram, 13, zigzag(delta)); // positive_delta
    }
    let mut label = Vec::new();
    bytes_field(&mut label, 1, b"path");
    bytes_field(&mut label, 2, b"/api");
    let mut metric = Vec::new();
    bytes_field(&mut metric, 1, &label);
    bytes_field(&mut metric, 7, &histogram);
    let mut family = Vec::new();
    bytes_field(&mut family, 1, NATIVE_HISTOGRAM.as_bytes());
    bytes_field(&mut family, 2, b"Latency.");
    varint_field(&mut family, 3, 4); // HISTOGRAM
    bytes_field(&mut family, 4, &metric);
    family
}

fn delimited(message: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    varint(&mut out, message.len() as u64);
    out.extend_from_slice(message);
    out
}

fn zigzag(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

fn varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn varint_field(out: &mut Vec<u8>, field: u64, value: u64) {
    varint(out, field << 3);
    varint(out, value);
}

fn double_field(out: &mut Vec<u8>, field: u64, value: f64) {
    varint(out, (field << 3) | 1);
    out.extend_from_slice(&value.to_le_bytes());
}

fn bytes_field(out: &mut Vec<u8>, field: u64, bytes: &[u8]) {
    varint(out, (field << 3) | 2);
    varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}
