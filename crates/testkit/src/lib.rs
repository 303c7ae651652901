//! End-to-end test harness: a real Sightline server on `127.0.0.1:0` over a fresh database
//! on SQLite, PostgreSQL or MariaDB, and a small HTTP client speaking to it.
//!
//! PostgreSQL and MySQL are reached at `SIGHTLINE_TEST_POSTGRES_URL` and
//! `SIGHTLINE_TEST_MYSQL_URL` (default: the local services, `postgres` trust and `root`
//! without password). Each server gets its own uniquely named database, dropped afterwards.

mod client;
mod database;
mod fixtures;
pub mod prometheus;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

pub use client::{Client, Reply};
pub use database::{Backend, TestDatabase};
pub use fixtures::TestUser;

/// A running server and what it needs; [`TestServer::stop`] tears it down.
pub struct TestServer {
    pub base_url: String,
    pub backend: Backend,
    server: Option<sightline::RunningServer>,
    /// Shared by the servers of [`TestServer::start_pair`]; the last one stopped drops it.
    storage: Arc<Storage>,
}

/// The database and data directory (which holds the SQLite file) of one or more servers.
/// Removed by [`TestServer::stop`], or on drop when a failing scenario never got there.
struct Storage {
    database: TestDatabase,
    data_dir: PathBuf,
    removed: bool,
}

impl TestServer {
    /// A server with default settings (admin/admin) on `backend`.
    pub async fn start(backend: Backend) -> TestServer {
        Self::start_with(backend, &[]).await
    }

    /// A server with extra settings as `section.key=value` overrides.
    pub async fn start_with(backend: Backend, overrides: &[&str]) -> TestServer {
        let storage = Arc::new(Storage::create(backend).await);
        Self::start_on(backend, storage, overrides).await
    }

    /// Two servers with `overrides` started at the same moment on one fresh database (for
    /// SQLite, one file), so both run the migrations and the first-admin creation
    /// concurrently.
    pub async fn start_pair(backend: Backend, overrides: &[&str]) -> (TestServer, TestServer) {
        let storage = Arc::new(Storage::create(backend).await);
        tokio::join!(
            Self::start_on(backend, Arc::clone(&storage), overrides),
            Self::start_on(backend, Arc::clone(&storage), overrides),
        )
    }

    /// A server with `overrides` that may refuse to start (the error is returned); its
    /// database is dropped when it does.
    pub async fn try_start_with(
        backend: Backend,
        overrides: &[&str],
    ) -> anyhow::Result<TestServer> {
        let storage = Arc::new(Storage::create(backend).await);
        Self::try_start_on(backend, storage, overrides).await
    }

    async fn start_on(backend: Backend, storage: Arc<Storage>, overrides: &[&str]) -> TestServer {
        Self::try_start_on(backend, storage, overrides)
            .await
            .expect("server must start")
    }

    async fn try_start_on(
        backend: Backend,
        storage: Arc<Storage>,
        overrides: &[&str],
    ) -> anyhow::Result<TestServer> {
        let data_dir = &storage.data_dir;
        let mut all = vec![
            "server.http_addr=127.0.0.1".to_string(),
            "server.http_port=0".to_string(),
            format!("paths.data={}", data_dir.display()),
            format!("paths.logs={}", data_dir.join("log").display()),
        ];
        all.extend(storage.database.overrides());
        all.extend(overrides.iter().map(|value| value.to_string()));
        let settings = load_settings(all).expect("test settings must load");
        let server = sightline::start(settings).await?;
        Ok(TestServer {
            base_url: format!("http://{}", server.address),
            backend,
            server: Some(server),
            storage,
        })
    }

    /// The server's database, for scenarios that look at stored rows.
    pub fn store(&self) -> sightline_store::Store {
        self.server
            .as_ref()
            .expect("the server is running")
            .store()
            .clone()
    }

    /// A client without credentials (keeps cookies).
    pub fn client(&self) -> Client {
        Client::new(&self.base_url)
    }

    /// A client authenticated as the initial admin with basic auth.
    pub fn admin(&self) -> Client {
        self.client().basic_auth("admin", "admin")
    }

    /// Stops the server gracefully and starts a new one on the same database and data
    /// directory with `overrides` (as a restart with a changed configuration).
    pub async fn restart_with(mut self, overrides: &[&str]) -> TestServer {
        if let Some(server) = self.server.take() {
            server
                .shutdown()
                .await
                .expect("server must shut down cleanly");
        }
        Self::start_on(self.backend, self.storage, overrides).await
    }

    /// Stops the server gracefully, then drops its database and data directory unless
    /// another server of the same [`TestServer::start_pair`] still uses them.
    pub async fn stop(mut self) {
        if let Some(server) = self.server.take() {
            server
                .shutdown()
                .await
                .expect("server must shut down cleanly");
        }
        if let Some(mut storage) = Arc::into_inner(self.storage) {
            storage.database.drop_database().await;
            let _ = std::fs::remove_dir_all(&storage.data_dir);
            storage.removed = true;
        }
    }
}

impl Storage {
    async fn create(backend: Backend) -> Storage {
        Storage {
            database: TestDatabase::create(backend).await,
            data_dir: std::env::temp_dir()
                .join(format!("sightline-test-{}", uuid::Uuid::new_v4().simple())),
            removed: false,
        }
    }
}

impl Drop for Storage {
    /// A scenario that panicked before `stop()` still leaves no database behind. The drop runs
    /// on a runtime thread, so the cleanup gets a thread and a small runtime of its own.
    fn drop(&mut self) {
        if self.removed {
            return;
        }
        let database = &self.database;
        std::thread::scope(|scope| {
            scope.spawn(|| {
                match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime.block_on(database.drop_database()),
                    Err(error) => {
                        eprintln!("warning: no runtime to drop the test database: {error}")
                    }
                }
            });
        });
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

/// Generates one `#[tokio::test]` per backend for each scenario, in three forms:
///
/// - `backend_tests!(a, b);` — `async fn a(server: TestServer)` gets a default server;
/// - `backend_tests!(with ["auth.anonymous.enabled=true"], a, b);` — a server started with
///   those `section.key=value` overrides;
/// - `backend_tests!(on_backend, a, b);` — `async fn a(backend: Backend)` starts what it needs.
///
/// Each scenario `a` becomes a module with the tests `a::sqlite`, `a::postgres`, `a::mysql`.
#[macro_export]
macro_rules! backend_tests {
    (on_backend, $($scenario:ident),+ $(,)?) => {
        $(
            mod $scenario {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$scenario($crate::Backend::Sqlite).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$scenario($crate::Backend::Postgres).await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn mysql() {
                    super::$scenario($crate::Backend::Mysql).await;
                }
            }
        )+
    };
    (with $settings:tt, $($scenario:ident),+ $(,)?) => {
        $(
            mod $scenario {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let settings: &[&str] = &$settings;
                    super::$scenario(
                        $crate::TestServer::start_with($crate::Backend::Sqlite, settings).await,
                    )
                    .await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    let settings: &[&str] = &$settings;
                    super::$scenario(
                        $crate::TestServer::start_with($crate::Backend::Postgres, settings).await,
                    )
                    .await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn mysql() {
                    let settings: &[&str] = &$settings;
                    super::$scenario(
                        $crate::TestServer::start_with($crate::Backend::Mysql, settings).await,
                    )
                    .await;
                }
            }
        )+
    };
    ($($scenario:ident),+ $(,)?) => {
        $crate::backend_tests!(with [], $($scenario),+);
    };
}
