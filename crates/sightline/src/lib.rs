//! Wiring: settings → store (migrated) → domain services → router → listener. The binary and
//! the end-to-end test harness both start Sightline through [`start`].

mod listen;
pub mod logging;

pub use listen::ListenAddress;

use std::sync::Arc;

use anyhow::Context;
use sightline_api::{ApiSettings, AppState, Services};
use sightline_config::Settings;
use sightline_dashboards::provisioning::{self, ProvisioningTask};
use sightline_dashboards::{DashboardOptions, DashboardService};
use sightline_datasources::pipeline::QueryService;
use sightline_datasources::plugin::PluginRegistry;
use sightline_datasources::plugins;
use sightline_datasources::{DataSourceService, SnapshotRefresher};
use sightline_identity::{IdentityOptions, IdentityService};
use sightline_store::{Migration, PoolSettings, Store};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Every migration of every domain crate, applied at start in id order.
pub fn all_migrations() -> Vec<&'static Migration> {
    let mut migrations = sightline_identity::MIGRATIONS.to_vec();
    migrations.extend_from_slice(sightline_dashboards::MIGRATIONS);
    migrations.extend_from_slice(sightline_datasources::MIGRATIONS);
    migrations
}

/// Connects to the configured database and brings its schema up to date.
pub async fn open_store(settings: &Settings) -> anyhow::Result<Store> {
    let database = &settings.database;
    if database.db_type == sightline_config::DatabaseType::Sqlite3 {
        if let Some(parent) = database.path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create data directory {}", parent.display()))?;
        }
    }
    let pool = PoolSettings {
        max_open: database.max_connections(),
        max_idle: database.max_idle_conn,
        max_lifetime: database.conn_max_lifetime,
        shared_state_ttl: database.shared_state_ttl,
        ..PoolSettings::default()
    };
    let store = Store::connect(&settings.database_url(), &pool).await?;
    store.migrate(&all_migrations()).await?;
    Ok(store)
}

pub fn identity_options(settings: &Settings) -> IdentityOptions {
    IdentityOptions {
        secret_key: settings.security.secret_key.expose().to_string(),
        auto_assign_org: settings.users.auto_assign_org,
        auto_assign_org_id: settings.users.auto_assign_org_id,
        auto_assign_org_role: settings.users.auto_assign_org_role,
        session_inactive_lifetime: settings.auth.login_maximum_inactive_lifetime,
        session_max_lifetime: settings.auth.login_maximum_lifetime,
        session_rotation_interval: settings.auth.token_rotation_interval,
        brute_force_protection: !settings.security.disable_brute_force_login_protection,
        max_login_attempts: i64::from(settings.security.brute_force_login_protection_max_attempts),
        ip_address_protection: !settings.security.disable_ip_address_login_protection,
    }
}

/// The dashboards domain's policies from `[dashboards]`; a wrong value names its key.
pub fn dashboard_options(settings: &Settings) -> anyhow::Result<DashboardOptions> {
    let mut options = DashboardOptions {
        app_sub_url: settings.server.app_sub_url().to_string(),
        ..DashboardOptions::default()
    };
    if let Some(value) = settings.raw().get("dashboards", "max_size_bytes") {
        let value = value.trim();
        options.max_size_bytes = value
            .parse::<usize>()
            .ok()
            .filter(|bytes| *bytes > 0)
            .with_context(|| {
                format!("[dashboards] max_size_bytes: {value:?} is not a positive number of bytes")
            })?;
    }
    if let Some(value) = settings.raw().get("dashboards", "versions_to_keep") {
        let value = value.trim();
        options.versions_to_keep = value
            .parse::<i64>()
            .ok()
            .filter(|count| *count > 0)
            .with_context(|| {
                format!("[dashboards] versions_to_keep: {value:?} is not a positive number")
            })?;
    }
    Ok(options)
}

/// A server that is accepting connections.
pub struct RunningServer {
    /// Where it accepts connections: a TCP address, or a unix socket for protocol socket.
    pub address: ListenAddress,
    stop: watch::Sender<bool>,
    task: JoinHandle<std::io::Result<()>>,
    store: Store,
    /// Dashboard provisioning, stopped before the pool closes.
    provisioning: ProvisioningTask,
    /// Reloads the data source names dashboards are upgraded with; stopped likewise.
    data_source_names: SnapshotRefresher,
}

impl RunningServer {
    /// Stops accepting connections, lets in-flight requests finish, then closes the pool.
    pub async fn shutdown(self) -> anyhow::Result<()> {
        let _ = self.stop.send(true);
        self.provisioning.stop().await;
        self.data_source_names.stop().await;
        self.task.await.context("server task failed")??;
        self.store.close().await;
        Ok(())
    }

    /// The database the server runs on (tests read rows through it).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Resolves when the server stops on its own (which only an IO error makes it do).
    pub async fn wait(&mut self) -> anyhow::Result<()> {
        (&mut self.task).await.context("server task failed")??;
        Ok(())
    }
}

/// Starts Sightline: opens and migrates the database, creates the first admin, and serves
/// as `[server] protocol` says: http, https or h2 on `[server] http_addr:http_port` (port 0
/// picks a free one), or a unix socket at `[server] socket`.
pub async fn start(settings: Settings) -> anyhow::Result<RunningServer> {
    let dashboard_options = dashboard_options(&settings)?;
    let store = open_store(&settings).await?;
    let identity = IdentityService::new(store.clone(), identity_options(&settings));
    let security = &settings.security;
    if !security.disable_initial_admin_creation {
        identity
            .ensure_initial_admin(
                &security.admin_user,
                security.admin_password.expose(),
                &security.admin_email,
            )
            .await?;
    }
    if settings.auth_anonymous.enabled {
        if let Err(error) = identity
            .get_org_by_name(&settings.auth_anonymous.org_name)
            .await
        {
            tracing::warn!(org = %settings.auth_anonymous.org_name, %error, "anonymous access org not found");
        }
    }
    let datasources = DataSourceService::new(store.clone(), settings.security.secret_key.expose());
    provision_data_sources(&settings, &identity, &datasources).await?;
    datasources.reload_snapshots().await?;
    let dashboards = DashboardService::new(store.clone(), dashboard_options)
        .with_data_sources(datasources.lookups());
    let data_source_names =
        SnapshotRefresher::spawn(datasources.clone(), SnapshotRefresher::DEFAULT_INTERVAL);
    let queries = QueryService::new(
        datasources.clone(),
        builtin_plugins(&settings, &dashboards),
        settings.dataproxy.timeout,
    )
    .with_proxy_allow_list(settings.security.data_source_proxy_whitelist.clone())
    .with_proxy_response_limit(response_limit(&settings));
    let state = AppState::new(Services {
        store: store.clone(),
        identity,
        dashboards,
        datasources,
        queries,
        settings: Arc::new(ApiSettings::from_config(&settings)),
        metrics: Arc::default(),
    });
    let provisioning = start_dashboard_provisioning(&settings, &state).await;
    let router = sightline_api::router(state);
    let (stop, stopped) = watch::channel(false);
    let serving = listen::serve(&settings.server, router, stopped).await?;
    tracing::info!(
        protocol = %settings.server.protocol.as_str(),
        address = %serving.address,
        "HTTP server listening"
    );
    Ok(RunningServer {
        address: serving.address,
        stop,
        task: serving.task,
        store,
        provisioning,
        data_source_names,
    })
}

/// The data source plugins built into Sightline, by Grafana type id. The SQL plugins run
/// under `[dataproxy] row_limit`, `[dataproxy] timeout` and the `[sql_datasources]` pool
/// defaults; the built-in `grafana` data source reads annotations and searches through
/// `dashboards`.
fn builtin_plugins(settings: &Settings, dashboards: &DashboardService) -> PluginRegistry {
    use plugins::sql;
    let mut registry = PluginRegistry::default();
    registry.register(
        Arc::new(plugins::testdata::TestDataPlugin),
        plugins::testdata::ALIASES,
    );
    let prometheus =
        plugins::prometheus::PrometheusPlugin::new().with_response_limit(response_limit(settings));
    registry.register(Arc::new(prometheus), &[]);
    registry.register(
        Arc::new(plugins::grafana::GrafanaPlugin::new(dashboards.clone())),
        &[],
    );
    let limits = sql_limits(settings);
    for dialect in sql::Dialect::ALL {
        let plugin = sql::SqlDataSource::new(dialect, limits);
        registry.register(Arc::new(plugin), dialect.aliases());
    }
    registry
}

/// `[dataproxy] response_limit`: the most read of one answer by the plugins and the proxy.
fn response_limit(settings: &Settings) -> plugins::http_client::ResponseLimit {
    plugins::http_client::ResponseLimit::from_setting(settings.dataproxy.response_limit)
}

/// The limits of the SQL data sources, from the settings.
fn sql_limits(settings: &Settings) -> plugins::sql::SqlLimits {
    let sql = &settings.sql_datasources;
    plugins::sql::SqlLimits {
        row_limit: usize::try_from(sql.row_limit).unwrap_or(usize::MAX),
        query_timeout: settings.dataproxy.timeout,
        pool: plugins::sql::PoolDefaults {
            max_open_conns: sql.max_open_conns_default,
            max_idle_conns: sql.max_idle_conns_default,
            conn_max_lifetime: sql.max_conn_lifetime_default,
        },
    }
}

/// Applies the data sources declared in `<paths.provisioning>/datasources`, before dashboards
/// are provisioned so that they can name them. Files with errors are logged and skipped;
/// more than one default data source per org is Grafana's error and stops the start.
async fn provision_data_sources(
    settings: &Settings,
    identity: &IdentityService,
    datasources: &DataSourceService,
) -> anyhow::Result<()> {
    let dir = settings.paths.provisioning.join("datasources");
    let mut files = sightline_datasources::provisioning::load(dir).await;
    for org_id in files.org_ids() {
        if let Err(error) = identity.get_org(org_id).await {
            files.reject_org(org_id, &error.to_string());
        }
    }
    files.log_problems();
    sightline_datasources::provisioning::apply(datasources, &files)
        .await
        .context("data source provisioning")
}

/// Starts provisioning the dashboards declared in `<paths.provisioning>/dashboards`; the
/// providers of orgs that do not exist are skipped. Every server on a database provisions
/// (see `sightline_dashboards::provisioning` for why that is safe).
async fn start_dashboard_provisioning(settings: &Settings, state: &AppState) -> ProvisioningTask {
    let dir = settings.paths.provisioning.join("dashboards");
    let mut providers = provisioning::load_providers(dir).await;
    for org_id in providers.org_ids() {
        if let Err(error) = state.identity.get_org(org_id).await {
            providers.reject_org(org_id, &error.to_string());
        }
    }
    providers.log_problems();
    ProvisioningTask::spawn(state.dashboards.clone(), providers)
}
