//! End-to-end test harness: a real Sightline server on `127.0.0.1:0` over a fresh database
//! on SQLite, PostgreSQL or MariaDB, and a small HTTP client speaking to it.
//!
//! PostgreSQL and MySQL are reached at `SIGHTLINE_TEST_POSTGRES_URL` and
//! `SIGHTLINE_TEST_MYSQL_URL` (default: the local services, `postgres` trust and `root`
//! without password). Each server gets its own uniquely named database, dropped afterwards.

mod client;
mod database;

use std::collections::HashMap;
use std::path::PathBuf;

pub use client::{Client, Reply};
pub use database::{Backend, TestDatabase};

/// A running server and what it needs; [`TestServer::stop`] tears it down.
pub struct TestServer {
    pub base_url: String,
    pub backend: Backend,
    server: Option<sightline::RunningServer>,
    database: TestDatabase,
    data_dir: PathBuf,
}

impl TestServer {
    /// A server with default settings (admin/admin) on `backend`.
    pub async fn start(backend: Backend) -> TestServer {
        Self::start_with(backend, &[]).await
    }

    /// A server with extra settings as `section.key=value` overrides.
    pub async fn start_with(backend: Backend, overrides: &[&str]) -> TestServer {
        let database = TestDatabase::create(backend).await;
        let data_dir =
            std::env::temp_dir().join(format!("sightline-test-{}", uuid::Uuid::new_v4().simple()));
        let mut all = vec![
            "server.http_addr=127.0.0.1".to_string(),
            "server.http_port=0".to_string(),
            format!("paths.data={}", data_dir.display()),
            format!("paths.logs={}", data_dir.join("log").display()),
        ];
        all.extend(database.overrides());
        all.extend(overrides.iter().map(|value| value.to_string()));
        let settings = load_settings(all).expect("test settings must load");
        let server = sightline::start(settings).await.expect("server must start");
        TestServer {
            base_url: format!("http://{}", server.address),
            backend,
            server: Some(server),
            database,
            data_dir,
        }
    }

    /// A client without credentials (keeps cookies).
    pub fn client(&self) -> Client {
        Client::new(&self.base_url)
    }

    /// A client authenticated as the initial admin with basic auth.
    pub fn admin(&self) -> Client {
        self.client().basic_auth("admin", "admin")
    }

    /// Stops the server gracefully, then drops its database and data directory.
    pub async fn stop(mut self) {
        if let Some(server) = self.server.take() {
            server
                .shutdown()
                .await
                .expect("server must shut down cleanly");
        }
        self.database.drop_database().await;
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

fn load_settings(overrides: Vec<String>) -> anyhow::Result<sightline_config::Settings> {
    let options = sightline_config::LoadOptions {
        homepath: std::env::temp_dir(),
        config_file: None,
        overrides,
    };
    // Tests must not pick up the developer's GF_* variables.
    Ok(sightline_config::Settings::load_with_env(
        &options,
        &HashMap::new(),
    )?)
}

/// Generates one `#[tokio::test]` per backend for a scenario `async fn(TestServer)`:
/// `backend_tests!(my_scenario);` defines `my_scenario::sqlite`, `::postgres` and `::mysql`.
#[macro_export]
macro_rules! backend_tests {
    ($($scenario:ident),+ $(,)?) => {
        $(
            mod $scenario {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$scenario($crate::TestServer::start($crate::Backend::Sqlite).await).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$scenario($crate::TestServer::start($crate::Backend::Postgres).await).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn mysql() {
                    super::$scenario($crate::TestServer::start($crate::Backend::Mysql).await).await;
                }
            }
        )+
    };
}
