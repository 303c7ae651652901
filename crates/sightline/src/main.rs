//! The `sightline` command: `server`, `admin reset-admin-password`, `--version`.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use sightline_config::{LoadOptions, Settings};

/// Request handling allocates many small, short-lived buffers; mimalloc serves them with
/// far less contention and bookkeeping than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_decommits` (its place in `mi_option_e`).
const MI_OPTION_PURGE_DECOMMITS: libmimalloc_sys::mi_option_t = 5;

/// Memory mimalloc has held unused for a while goes back to the kernel with `MADV_FREE`
/// rather than `MADV_DONTNEED`: the kernel takes it only under memory pressure, so the next
/// large answer does not fault in and zero every page (two-megabyte ones, with transparent
/// huge pages) again. A 500-series Prometheus query took ~800 page faults, now ~10.
fn tune_allocator() {
    // SAFETY: sets a process-wide option by a valid id before any thread is started.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DECOMMITS, 0) };
}

#[derive(Parser)]
#[command(name = "sightline", version = version_text(), about = "A Grafana-compatible observability server")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct ConfigArgs {
    /// Path to a grafana.ini-style config file (default: <homepath>/conf/custom.ini if present).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Directory that relative paths in the config resolve against.
    #[arg(long, global = true, default_value = ".")]
    homepath: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Serves the HTTP API and the web UI.
    Server {
        #[command(flatten)]
        config: ConfigArgs,
        /// Settings overrides such as `cfg:server.http_port=4000`.
        overrides: Vec<String>,
    },
    /// Administration tasks.
    Admin {
        #[command(flatten)]
        config: ConfigArgs,
        #[command(subcommand)]
        task: AdminTask,
    },
}

#[derive(Subcommand)]
enum AdminTask {
    /// Sets the password of the admin user named by `[security] admin_user`.
    ResetAdminPassword { new_password: String },
    /// Applies pending database migrations and exits.
    Migrate,
}

fn version_text() -> String {
    format!(
        "{} (Grafana API {}, commit {})",
        sightline_core::SIGHTLINE_VERSION,
        sightline_core::GRAFANA_COMPAT_VERSION,
        sightline_api::COMMIT
    )
}

fn load_settings(config: &ConfigArgs, overrides: Vec<String>) -> anyhow::Result<Settings> {
    let options = LoadOptions {
        homepath: config.homepath.clone(),
        config_file: config.config.clone(),
        overrides,
    };
    Ok(Settings::load(&options)?)
}

fn main() -> std::process::ExitCode {
    tune_allocator();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("sightline: cannot start the async runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sightline: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Server { config, overrides } => serve(load_settings(&config, overrides)?).await,
        Command::Admin { config, task } => {
            let settings = load_settings(&config, Vec::new())?;
            sightline::logging::init(&settings)?;
            let store = sightline::open_store(&settings).await?;
            match task {
                AdminTask::Migrate => {}
                AdminTask::ResetAdminPassword { new_password } => {
                    let identity = sightline_identity::IdentityService::new(
                        store.clone(),
                        sightline::identity_options(&settings),
                    );
                    let login = &settings.security.admin_user;
                    let admin = identity
                        .get_user_by_login_or_email(login)
                        .await
                        .with_context(|| format!("admin user {login:?}"))?;
                    identity.set_password(admin.id, &new_password).await?;
                    println!("Admin password changed successfully ✔");
                }
            }
            store.close().await;
            Ok(())
        }
    }
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    sightline::logging::init(&settings)?;
    tracing::info!(
        version = sightline_core::SIGHTLINE_VERSION,
        database = settings.database.db_type.as_str(),
        "starting sightline"
    );
    let mut server = sightline::start(settings).await?;
    tokio::select! {
        result = server.wait() => return result,
        signal = shutdown_signal() => {
            tracing::info!(signal, "shutting down; waiting for in-flight requests");
        }
    }
    server.shutdown().await?;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() -> &'static str {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(stream) => stream,
                Err(_) => {
                    let _ = interrupt.await;
                    return "SIGINT";
                }
            };
        tokio::select! {
            _ = interrupt => "SIGINT",
            _ = terminate.recv() => "SIGTERM",
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
        "SIGINT"
    }
}
