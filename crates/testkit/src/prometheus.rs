//! A real Prometheus for tests: Debian's `/usr/bin/prometheus` (package `prometheus`, which
//! `scripts/services.sh` installs) on a free `127.0.0.1` port, with a temporary data
//! directory, a configuration without scrape targets, and deterministic data backfilled
//! beforehand with `promtool tsdb create-blocks-from openmetrics` — or, for what OpenMetrics
//! cannot carry (native histograms), no data and a target of the test's to scrape.
//!
//! The data ([`Fixture::standard`]) is [`FIXTURE_POINTS`] samples per series, 15 s apart,
//! ending at [`FIXTURE_END_SECONDS`] (a fixed, hour-aligned instant); the server keeps 50
//! years of data so the blocks never fall out of retention. Every value is a function of the
//! sample's index, so a test can compute what any query must return.
//!
//! The server is killed and its directory removed when the [`PrometheusServer`] is dropped.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use tokio::process::{Child, Command};

/// Where Debian installs the binaries.
pub const PROMETHEUS_BIN: &str = "/usr/bin/prometheus";
pub const PROMTOOL_BIN: &str = "/usr/bin/promtool";

/// The last sample's time: 2025-01-01T00:00:00Z.
pub const FIXTURE_END_SECONDS: i64 = 1_735_689_600;
/// Seconds between samples.
pub const FIXTURE_SPACING_SECONDS: i64 = 15;
/// Samples per series.
pub const FIXTURE_POINTS: i64 = 1_100;

/// The first sample's time.
pub const fn fixture_start_seconds() -> i64 {
    FIXTURE_END_SECONDS - (FIXTURE_POINTS - 1) * FIXTURE_SPACING_SECONDS
}

/// The standard series: name, labels, kind and value at sample `index`.
pub struct FixtureSeries {
    pub name: &'static str,
    pub labels: Vec<(&'static str, String)>,
    /// Sample value by index (0 = first sample).
    pub value: fn(i64) -> f64,
}

/// An OpenMetrics document to backfill.
pub struct Fixture {
    pub openmetrics: String,
}

impl Fixture {
    /// The data most tests use:
    /// - counter `sightline_requests_total{job="api", instance="a:9090"|"b:9090",
    ///   code="200"|"500"}`: `10·i` (a/200), `2·i` (a/500), `7·i` (b/200), `1·i` (b/500);
    /// - gauge `sightline_temperature_celsius{room="kitchen"|"lab"}`: `20 + i mod 10`,
    ///   `15 + i mod 7`;
    /// - histogram `sightline_latency_seconds` with buckets `0.1`, `0.5`, `+Inf`: `i`, `3·i`,
    ///   `6·i` (count `6·i`, sum `i`).
    pub fn standard() -> Fixture {
        let mut text = String::new();
        text.push_str("# HELP sightline_requests Requests served.\n");
        text.push_str("# TYPE sightline_requests counter\n");
        for series in request_series() {
            write_series(&mut text, &series);
        }
        text.push_str("# HELP sightline_temperature_celsius Room temperature.\n");
        text.push_str("# TYPE sightline_temperature_celsius gauge\n");
        text.push_str("# UNIT sightline_temperature_celsius celsius\n");
        for series in temperature_series() {
            write_series(&mut text, &series);
        }
        text.push_str("# HELP sightline_latency_seconds Request latency.\n");
        text.push_str("# TYPE sightline_latency_seconds histogram\n");
        text.push_str("# UNIT sightline_latency_seconds seconds\n");
        for series in latency_series() {
            write_series(&mut text, &series);
        }
        text.push_str("# EOF\n");
        Fixture { openmetrics: text }
    }

    /// `count` gauge series `sightline_bench_value{series="<n>"}` (value `n + i mod 100`),
    /// for benchmarks.
    pub fn many_gauges(count: usize) -> Fixture {
        let mut text = String::new();
        text.push_str("# TYPE sightline_bench_value gauge\n");
        for n in 0..count {
            for index in 0..FIXTURE_POINTS {
                let _ = writeln!(
                    text,
                    "sightline_bench_value{{series=\"{n}\"}} {} {}",
                    n as i64 + index % 100,
                    sample_time(index)
                );
            }
        }
        text.push_str("# EOF\n");
        Fixture { openmetrics: text }
    }
}

/// The request counters of [`Fixture::standard`].
pub fn request_series() -> Vec<FixtureSeries> {
    let series = |instance: &str, code: &str, value: fn(i64) -> f64| FixtureSeries {
        name: "sightline_requests_total",
        labels: vec![
            ("code", code.to_string()),
            ("instance", instance.to_string()),
            ("job", "api".to_string()),
        ],
        value,
    };
    vec![
        series("a:9090", "200", |i| 10.0 * i as f64),
        series("a:9090", "500", |i| 2.0 * i as f64),
        series("b:9090", "200", |i| 7.0 * i as f64),
        series("b:9090", "500", |i| i as f64),
    ]
}

/// The temperature gauges of [`Fixture::standard`].
pub fn temperature_series() -> Vec<FixtureSeries> {
    vec![
        FixtureSeries {
            name: "sightline_temperature_celsius",
            labels: vec![("room", "kitchen".to_string())],
            value: |i| 20.0 + (i % 10) as f64,
        },
        FixtureSeries {
            name: "sightline_temperature_celsius",
            labels: vec![("room", "lab".to_string())],
            value: |i| 15.0 + (i % 7) as f64,
        },
    ]
}

/// The latency histogram of [`Fixture::standard`].
pub fn latency_series() -> Vec<FixtureSeries> {
    let bucket = |le: &str, value: fn(i64) -> f64| FixtureSeries {
        name: "sightline_latency_seconds_bucket",
        labels: vec![("le", le.to_string())],
        value,
    };
    vec![
        bucket("0.1", |i| i as f64),
        bucket("0.5", |i| 3.0 * i as f64),
        bucket("+Inf", |i| 6.0 * i as f64),
        FixtureSeries {
            name: "sightline_latency_seconds_count",
            labels: Vec::new(),
            value: |i| 6.0 * i as f64,
        },
        FixtureSeries {
            name: "sightline_latency_seconds_sum",
            labels: Vec::new(),
            value: |i| i as f64,
        },
    ]
}

/// The time of sample `index`, in seconds.
pub fn sample_time(index: i64) -> i64 {
    fixture_start_seconds() + index * FIXTURE_SPACING_SECONDS
}

fn write_series(text: &mut String, series: &FixtureSeries) {
    let labels: Vec<String> = series
        .labels
        .iter()
        .map(|(name, value)| format!("{name}=\"{value}\""))
        .collect();
    let selector = if labels.is_empty() {
        series.name.to_string()
    } else {
        format!("{}{{{}}}", series.name, labels.join(","))
    };
    for index in 0..FIXTURE_POINTS {
        let _ = writeln!(
            text,
            "{selector} {} {}",
            (series.value)(index),
            sample_time(index)
        );
    }
}

/// A running Prometheus; killed and cleaned up on drop.
pub struct PrometheusServer {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl PrometheusServer {
    /// Whether Debian's Prometheus is installed (tests skip themselves when it is not).
    pub fn available() -> bool {
        Path::new(PROMETHEUS_BIN).exists() && Path::new(PROMTOOL_BIN).exists()
    }

    /// A server holding [`Fixture::standard`].
    pub async fn start() -> anyhow::Result<PrometheusServer> {
        Self::start_with(&Fixture::standard()).await
    }

    /// A server holding `fixture`.
    pub async fn start_with(fixture: &Fixture) -> anyhow::Result<PrometheusServer> {
        Self::launch(Some(fixture), "global:\n  scrape_interval: 15s\n", &[]).await
    }

    /// A server without data scraping `127.0.0.1:<target_port>` every second, with native
    /// histograms on (it then asks targets for the protobuf exposition format).
    pub async fn start_scraping(target_port: u16) -> anyhow::Result<PrometheusServer> {
        let config = format!(
            "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: exporter\n    \
             static_configs:\n      - targets: ['127.0.0.1:{target_port}']\n"
        );
        Self::launch(None, &config, &["--enable-feature=native-histograms"]).await
    }

    /// Backfills `fixture` (if any) and starts a server with `config` and `flags`.
    async fn launch(
        fixture: Option<&Fixture>,
        config: &str,
        flags: &[&str],
    ) -> anyhow::Result<PrometheusServer> {
        if !Self::available() {
            bail!("{PROMETHEUS_BIN} is missing: apt-get install prometheus (scripts/services.sh does)");
        }
        let dir =
            std::env::temp_dir().join(format!("sightline-prometheus-{}", uuid::Uuid::new_v4()));
        let data_dir = dir.join("data");
        std::fs::create_dir_all(&data_dir).context("creating the data directory")?;
        let cleanup = DirGuard(dir.clone());
        if let Some(fixture) = fixture {
            backfill(&dir, &data_dir, fixture).await?;
        }
        let config_file = dir.join("prometheus.yml");
        std::fs::write(&config_file, config).context("writing the config")?;
        let mut last_error = None;
        for _ in 0..3 {
            let port = free_port()?;
            let child = spawn(&config_file, &data_dir, port, flags)?;
            let mut server = PrometheusServer {
                child,
                port,
                dir: dir.clone(),
            };
            match server.wait_ready().await {
                Ok(()) => {
                    std::mem::forget(cleanup);
                    return Ok(server);
                }
                Err(error) => {
                    let _ = server.child.start_kill();
                    // The directory is shared by the retries; keep it until the last one.
                    server.dir = PathBuf::new();
                    last_error = Some(error);
                }
            }
        }
        Err(last_error.unwrap_or_else(|| anyhow::anyhow!("prometheus did not start")))
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    async fn wait_ready(&mut self) -> anyhow::Result<()> {
        let client = reqwest::Client::new();
        let ready = format!("{}/-/ready", self.url());
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                bail!(
                    "prometheus exited with {status} (see {})",
                    self.dir.display()
                );
            }
            if let Ok(reply) = client.get(&ready).send().await {
                if reply.status().is_success() {
                    return Ok(());
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("prometheus was not ready within 60 s")
    }
}

impl Drop for PrometheusServer {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
        if !self.dir.as_os_str().is_empty() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Removes a directory unless forgotten.
struct DirGuard(PathBuf);

impl Drop for DirGuard {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes `fixture` and turns it into TSDB blocks in `data_dir`. Blocks span at most 2 h
/// (promtool's default), all older than the empty head, so Prometheus loads them as they are.
async fn backfill(dir: &Path, data_dir: &Path, fixture: &Fixture) -> anyhow::Result<()> {
    let input = dir.join("fixture.om.txt");
    std::fs::write(&input, &fixture.openmetrics).context("writing the OpenMetrics file")?;
    let output = Command::new(PROMTOOL_BIN)
        .args(["tsdb", "create-blocks-from", "openmetrics"])
        .arg(&input)
        .arg(data_dir)
        .stdin(Stdio::null())
        .output()
        .await
        .context("running promtool")?;
    if !output.status.success() {
        bail!(
            "promtool failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

fn spawn(config: &Path, data_dir: &Path, port: u16, flags: &[&str]) -> anyhow::Result<Child> {
    Command::new(PROMETHEUS_BIN)
        .arg(format!("--config.file={}", config.display()))
        .arg(format!("--storage.tsdb.path={}", data_dir.display()))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .arg("--storage.tsdb.retention.time=50y")
        .arg("--log.level=warn")
        .args(flags)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .context("starting prometheus")
}

/// A port nothing listens on right now.
fn free_port() -> anyhow::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}
