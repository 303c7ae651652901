//! Loading end to end: precedence, expansion, typed values and their errors. The only IO
//! is temporary home directories created (and removed) by [`TempHome`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use sightline_core::OrgRole;

use super::*;
use crate::raw::DEFAULT_SECTION;
use crate::sections::database::DatabaseType;
use crate::sections::log::{LogFormat, LogLevel, LogMode};
use crate::sections::security::CookieSameSite;
use crate::sections::server::Protocol;
use crate::sections::users::Theme;

const DAY: u64 = 86_400;

/// A unique directory under the system temp dir, removed on drop.
struct TempHome {
    path: PathBuf,
}

impl TempHome {
    fn new() -> TempHome {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "sightline-config-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        if let Err(error) = std::fs::create_dir_all(path.join("conf")) {
            panic!("cannot create {}: {error}", path.display());
        }
        TempHome { path }
    }

    /// Writes `relative` under the home and returns its absolute path.
    fn write(&self, relative: &str, content: &str) -> PathBuf {
        let path = self.path.join(relative);
        if let Err(error) = std::fs::write(&path, content) {
            panic!("cannot write {}: {error}", path.display());
        }
        path
    }

    fn options(&self) -> LoadOptions {
        LoadOptions {
            homepath: self.path.clone(),
            config_file: None,
            overrides: Vec::new(),
        }
    }
}

impl Drop for TempHome {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

fn load(options: &LoadOptions, env: &HashMap<String, String>) -> Settings {
    match Settings::load_with_env(options, env) {
        Ok(settings) => settings,
        Err(error) => panic!("unexpected error: {error}"),
    }
}

fn load_error(options: &LoadOptions, env: &HashMap<String, String>) -> String {
    match Settings::load_with_env(options, env) {
        Ok(_) => panic!("expected an error"),
        Err(error) => error.to_string(),
    }
}

/// Loads a `conf/custom.ini` holding `ini` in a fresh home.
fn load_ini(ini: &str) -> Result<Settings, String> {
    let home = TempHome::new();
    home.write("conf/custom.ini", ini);
    Settings::load_with_env(&home.options(), &HashMap::new()).map_err(|error| error.to_string())
}

fn load_ini_ok(ini: &str) -> Settings {
    match load_ini(ini) {
        Ok(settings) => settings,
        Err(error) => panic!("unexpected error: {error}"),
    }
}

fn load_ini_error(ini: &str) -> String {
    match load_ini(ini) {
        Ok(_) => panic!("expected an error for {ini:?}"),
        Err(error) => error,
    }
}

#[test]
fn defaults_match_grafana() {
    let settings = match Settings::defaults("/opt/sightline") {
        Ok(settings) => settings,
        Err(error) => panic!("{error}"),
    };
    let home = Path::new("/opt/sightline");
    assert_eq!(settings.paths.data, home.join("data"));
    assert_eq!(settings.paths.logs, home.join("data/log"));
    assert_eq!(settings.paths.provisioning, home.join("conf/provisioning"));

    let server = &settings.server;
    assert_eq!(server.protocol, Protocol::Http);
    assert_eq!(server.http_addr, "");
    assert_eq!(server.http_port, 3000);
    assert_eq!(server.domain, "localhost");
    assert_eq!(server.root_url, "http://localhost:3000/");
    assert_eq!(server.app_sub_url(), "");
    assert!(!server.serve_from_sub_path && !server.enable_gzip);
    assert_eq!(
        (server.cert_file.clone(), server.cert_key.clone()),
        (None, None)
    );

    let database = &settings.database;
    assert_eq!(database.db_type, DatabaseType::Sqlite3);
    assert_eq!(
        (database.host.as_str(), database.port),
        ("127.0.0.1", Some(3306))
    );
    assert_eq!(
        (database.name.as_str(), database.user.as_str()),
        ("sightline", "root")
    );
    assert!(database.password.is_empty());
    assert_eq!(database.path, home.join("data/sightline.db"));
    assert_eq!(
        (database.max_open_conn, database.max_connections()),
        (0, 10)
    );
    assert_eq!(database.max_idle_conn, 2);
    assert_eq!(database.conn_max_lifetime, Duration::from_secs(14_400));
    assert_eq!(database.shared_state_ttl, Duration::from_secs(1));
    assert_eq!(
        settings.database_url(),
        "sqlite:///opt/sightline/data/sightline.db?mode=rwc"
    );

    let security = &settings.security;
    assert_eq!(security.admin_user, "admin");
    assert_eq!(security.admin_password.expose(), "admin");
    assert_eq!(security.admin_email, "admin@localhost");
    assert_eq!(security.secret_key.expose(), "SW2YcwTIb9zpOOhoPsMm");
    assert!(!security.disable_initial_admin_creation && !security.cookie_secure);
    assert_eq!(security.cookie_samesite, CookieSameSite::Lax);
    assert!(!security.disable_brute_force_login_protection);
    assert_eq!(security.brute_force_login_protection_max_attempts, 5);
    assert!(security.disable_ip_address_login_protection);

    let users = &settings.users;
    assert!(!users.allow_sign_up && !users.allow_org_create && users.auto_assign_org);
    assert_eq!(users.auto_assign_org_id, 1);
    assert_eq!(users.auto_assign_org_role, OrgRole::Viewer);
    assert_eq!(users.default_theme, Theme::Dark);

    let auth = &settings.auth;
    assert_eq!(auth.login_cookie_name, "grafana_session");
    assert_eq!(
        auth.login_maximum_inactive_lifetime,
        Duration::from_secs(7 * DAY)
    );
    assert_eq!(auth.login_maximum_lifetime, Duration::from_secs(30 * DAY));
    assert_eq!(auth.token_rotation_interval, Duration::from_secs(600));
    assert!(!auth.disable_login_form && !auth.disable_signout_menu);
    assert!(settings.auth_basic.enabled);

    let anonymous = &settings.auth_anonymous;
    assert!(!anonymous.enabled && !anonymous.hide_version);
    assert_eq!(anonymous.org_name, "Main Org.");
    assert_eq!(anonymous.org_role, OrgRole::Viewer);

    assert_eq!(settings.log.modes, vec![LogMode::Console]);
    assert_eq!(settings.log.level, LogLevel::Info);
    assert_eq!(settings.log.console_level, None);
    assert_eq!(settings.log.effective_level(), LogLevel::Info);
    assert_eq!(settings.log.effective_format(), LogFormat::Console);
    assert!(settings.log.filters.is_empty());

    assert_eq!(settings.dataproxy.timeout, Duration::from_secs(30));
    assert!(settings.metrics.enabled);
    assert_eq!(settings.metrics.basic_auth_username, "");
    assert!(settings.unknown_keys().is_empty());
    assert_eq!(settings.config_file, None);
}

#[test]
fn debug_output_hides_secrets() {
    let settings = load_ini_ok(
        "[security]\nadmin_password = hunter2\n[database]\nurl = mysql://u:hunter3@h/db\n\
         [smtp]\npassword = hunter4\n",
    );
    let debug = format!("{settings:?}");
    for secret in ["hunter2", "hunter3", "hunter4"] {
        assert!(!debug.contains(secret), "{secret} in {debug}");
    }
}

#[test]
fn precedence_is_defaults_then_file_then_env_then_overrides() {
    let home = TempHome::new();
    home.write(
        "conf/custom.ini",
        "[server]\nhttp_port = 3001\ndomain = file.example\nenable_gzip = true\n\
         [security]\nadmin_user = file-admin\n[users]\ndefault_theme = light\n",
    );
    let mut options = home.options();
    options.overrides = vec![
        "cfg:server.http_port=3003".to_string(),
        "users.default_theme=system".to_string(),
        "cfg:default.security.admin_user=default-admin".to_string(),
        "cfg:default.security.admin_email=default@example.com".to_string(),
    ];
    let vars = env(&[
        ("GF_SERVER_HTTP_PORT", "3002"),
        ("GF_SERVER_DOMAIN", "env.example"),
        ("GF_USERS_DEFAULT_THEME", "dark"),
        ("GF_SECURITY_COOKIE_SECURE", ""),
    ]);
    let settings = load(&options, &vars);

    assert_eq!(settings.server.http_port, 3003, "override beats env");
    assert_eq!(settings.server.domain, "env.example", "env beats file");
    assert!(settings.server.enable_gzip, "file beats default");
    assert_eq!(settings.users.default_theme, Theme::System);
    assert_eq!(
        settings.security.admin_user, "file-admin",
        "file beats default. override"
    );
    assert_eq!(settings.security.admin_email, "default@example.com");
    assert!(
        !settings.security.cookie_secure,
        "empty env values are ignored"
    );
    assert_eq!(settings.server.root_url, "http://env.example:3003/");
    assert_eq!(
        settings.config_file,
        Some(home.path.join("conf/custom.ini"))
    );
    assert_eq!(
        settings.raw().lookup("server.http_port").as_deref(),
        Some("3003")
    );
}

#[test]
fn explicit_config_file_replaces_custom_ini() {
    let home = TempHome::new();
    home.write("conf/custom.ini", "[server]\nhttp_port = 3001\n");
    let explicit = home.write("explicit.ini", "[server]\ndomain = explicit.example\n");
    let mut options = home.options();
    options.config_file = Some(explicit.clone());
    let settings = load(&options, &HashMap::new());
    assert_eq!(settings.server.http_port, 3000);
    assert_eq!(settings.server.domain, "explicit.example");
    assert_eq!(settings.config_file, Some(explicit));

    options.config_file = Some(home.path.join("missing.ini"));
    let error = load_error(&options, &HashMap::new());
    assert!(
        error.starts_with(&format!(
            "cannot read config file {}:",
            home.path.join("missing.ini").display()
        )),
        "{error}"
    );
}

#[test]
fn empty_file_values_keep_the_default() {
    let settings = load_ini_ok("[server]\ndomain =\nhttp_port = \"\"\n");
    assert_eq!(settings.server.domain, "localhost");
    assert_eq!(settings.server.http_port, 3000);
}

#[test]
fn expands_env_and_file_references() {
    let home = TempHome::new();
    let secret = home.write("db-password", "s3cret\n");
    home.write(
        "conf/custom.ini",
        &format!(
            "[database]\ntype = postgres\nhost = ${{DB_HOST}}\nuser = $__env{{DB_USER}}\n\
             password = $__file{{{}}}\nname = db_${{UNSET}}name\n",
            secret.display()
        ),
    );
    let vars = env(&[("DB_HOST", "pg.internal:5433"), ("DB_USER", "grafana")]);
    let settings = load(&home.options(), &vars);
    assert_eq!(settings.database.host, "pg.internal");
    assert_eq!(settings.database.port, Some(5433));
    assert_eq!(settings.database.user, "grafana");
    assert_eq!(settings.database.password.expose(), "s3cret");
    assert_eq!(settings.database.name, "db_name");

    let missing = home.path.join("absent");
    home.write(
        "conf/custom.ini",
        &format!("[database]\npassword = $__file{{{}}}\n", missing.display()),
    );
    let error = load_error(&home.options(), &HashMap::new());
    assert!(
        error.starts_with(&format!(
            "cannot expand [database] password: cannot read file {}:",
            missing.display()
        )),
        "{error}"
    );
}

#[test]
fn env_overrides_apply_to_values_expanded_from_env() {
    let home = TempHome::new();
    let vars = env(&[
        ("GF_SECURITY_SECRET_KEY", "$__env{REAL_KEY}"),
        ("REAL_KEY", "k3y"),
    ]);
    let settings = load(&home.options(), &vars);
    assert_eq!(settings.security.secret_key.expose(), "k3y");
}

#[test]
fn root_url_interpolates_and_yields_the_sub_path() {
    let settings = load_ini_ok(
        "[server]\nprotocol = https\ndomain = example.com\ncert_file = /c.pem\ncert_key = /k.pem\n\
         root_url = %(protocol)s://%(domain)s/grafana\n",
    );
    assert_eq!(settings.server.root_url, "https://example.com/grafana/");
    assert_eq!(settings.server.app_sub_url(), "/grafana");
    assert_eq!(settings.server.cert_file, Some(PathBuf::from("/c.pem")));
}

#[test]
fn database_url_for_each_type() {
    let postgres = load_ini_ok(
        "[database]\ntype = postgres\nhost = db:5433\nname = my db\nuser = us er\npassword = \"p@ss:w/rd\"\n",
    );
    assert_eq!(
        postgres.database_url(),
        "postgres://us%20er:p%40ss%3Aw%2Frd@db:5433/my%20db?sslmode=disable"
    );

    let mysql = load_ini_ok("[database]\ntype = mysql\nhost = mysql.local\n");
    assert_eq!(
        mysql.database_url(),
        "mysql://root@mysql.local:3306/sightline?ssl-mode=DISABLED"
    );

    let postgres_default_port =
        load_ini_ok("[database]\ntype = postgres\nhost = [::1]\nuser = u\n");
    assert_eq!(
        postgres_default_port.database_url(),
        "postgres://u@[::1]:5432/sightline?sslmode=disable"
    );

    let socket = load_ini_ok("[database]\ntype = mysql\nhost = /run/mysqld/mysqld.sock\n");
    assert_eq!(
        socket.database_url(),
        "mysql://root@localhost/sightline?ssl-mode=DISABLED&socket=/run/mysqld/mysqld.sock"
    );

    let sqlite = load_ini_ok("[paths]\ndata = /srv/data\n[database]\npath = sub/my.db\n");
    assert_eq!(
        sqlite.database_url(),
        "sqlite:///srv/data/sub/my.db?mode=rwc"
    );
    let sqlite_absolute = load_ini_ok("[database]\npath = /var/db/x.db\n");
    assert_eq!(
        sqlite_absolute.database_url(),
        "sqlite:///var/db/x.db?mode=rwc"
    );
}

#[test]
fn database_url_setting_replaces_the_other_keys() {
    let postgres = load_ini_ok(
        "[database]\ntype = mysql\nuser = ignored\nurl = postgres://grafana:p%40ss@pg.local/metrics?sslmode=require\n",
    );
    let database = &postgres.database;
    assert_eq!(database.db_type, DatabaseType::Postgres);
    assert_eq!((database.host.as_str(), database.port), ("pg.local", None));
    assert_eq!(
        (database.user.as_str(), database.name.as_str()),
        ("grafana", "metrics")
    );
    assert_eq!(database.password.expose(), "p@ss");
    assert_eq!(
        postgres.database_url(),
        "postgres://grafana:p%40ss@pg.local:5432/metrics?sslmode=require"
    );

    let mysql = load_ini_ok("[database]\nurl = mysql://root:pw@mysql:3307/grafana\n");
    assert_eq!(
        mysql.database_url(),
        "mysql://root:pw@mysql:3307/grafana?ssl-mode=DISABLED"
    );
}

#[test]
fn ssl_mode_and_certificates_reach_the_driver_unless_the_url_sets_them() {
    let postgres = load_ini_ok(
        "[database]\ntype = postgres\nhost = db\nuser = u\nssl_mode = verify-full\nca_cert_path = /etc/ca one.pem\nclient_key_path = /k.pem\n",
    );
    assert_eq!(
        postgres.database_url(),
        "postgres://u@db:5432/sightline?sslmode=verify-full&sslrootcert=/etc/ca%20one.pem&sslkey=/k.pem"
    );
    let mysql = load_ini_ok(
        "[database]\ntype = mysql\nhost = db\nssl_mode = skip-verify\nclient_cert_path = /c.pem\n",
    );
    assert_eq!(
        mysql.database_url(),
        "mysql://root@db:3306/sightline?ssl-mode=REQUIRED&ssl-cert=/c.pem"
    );
    let verified = load_ini_ok("[database]\ntype = mysql\nhost = db\nssl_mode = true\n");
    assert!(verified
        .database_url()
        .ends_with("?ssl-mode=VERIFY_IDENTITY"));
    let url_wins = load_ini_ok(
        "[database]\nurl = postgres://u@db/x?sslmode=require\nssl_mode = verify-full\n",
    );
    assert_eq!(
        url_wins.database_url(),
        "postgres://u@db:5432/x?sslmode=require"
    );
    assert_eq!(
        load_ini_error("[database]\ntype = postgres\nssl_mode = true\n"),
        "invalid value \"true\" for [database] ssl_mode: expected one of disable, allow, prefer, require, verify-ca, verify-full for postgres"
    );
}

#[test]
fn wrong_values_name_section_key_and_value() {
    let cases = [
        (
            "[server]\nhttp_port = abc\n",
            "invalid value \"abc\" for [server] http_port: expected an integer",
        ),
        (
            "[server]\nhttp_port = 70000\n",
            "invalid value \"70000\" for [server] http_port: expected an integer between 0 and 65535",
        ),
        (
            "[server]\nprotocol = ftp\n",
            "invalid value \"ftp\" for [server] protocol: expected one of http, https, h2, socket",
        ),
        (
            "[server]\nprotocol = https\n",
            "invalid value \"\" for [server] cert_file: required when protocol is https",
        ),
        (
            "[server]\nroot_url = localhost:3000\n",
            "invalid value \"localhost:3000\" for [server] root_url: expected an absolute url such as http://localhost:3000/",
        ),
        (
            "[database]\ntype = oracle\n",
            "invalid value \"oracle\" for [database] type: expected one of sqlite3, postgres, mysql",
        ),
        (
            "[database]\nhost = db:port\n",
            "invalid value \"db:port\" for [database] host: expected host or host:port with a port between 0 and 65535",
        ),
        (
            "[database]\nmax_open_conn = -1\n",
            "invalid value \"-1\" for [database] max_open_conn: expected an integer between 0 and 4294967295",
        ),
        (
            "[auth.anonymous]\nenabled = maybe\n",
            "invalid value \"maybe\" for [auth.anonymous] enabled: expected a boolean (true or false)",
        ),
        (
            "[auth.anonymous]\norg_role = viewer\n",
            "invalid value \"viewer\" for [auth.anonymous] org_role: expected one of Viewer, Editor, Admin, None",
        ),
        (
            "[users]\nauto_assign_org_role = Owner\n",
            "invalid value \"Owner\" for [users] auto_assign_org_role: expected one of Viewer, Editor, Admin, None",
        ),
        (
            "[users]\ndefault_theme = blue\n",
            "invalid value \"blue\" for [users] default_theme: expected one of dark, light, system",
        ),
        (
            "[auth]\nlogin_maximum_lifetime_duration = 5x\n",
            "invalid value \"5x\" for [auth] login_maximum_lifetime_duration: expected a duration such as 90s, 10m, 1h30m or 7d, or a number of days",
        ),
        (
            "[security]\ncookie_samesite = loose\n",
            "invalid value \"loose\" for [security] cookie_samesite: expected one of lax, strict, none, disabled",
        ),
        (
            "[log]\nlevel = loud\n",
            "invalid value \"loud\" for [log] level: expected one of trace, debug, info, warn, error, critical",
        ),
        (
            "[log.console]\nformat = xml\n",
            "invalid value \"xml\" for [log.console] format: expected one of console, text, json",
        ),
        (
            "[database]\nshared_state_ttl = soon\n",
            "invalid value \"soon\" for [database] shared_state_ttl: expected a duration such as 90s, 10m, 1h30m or 7d",
        ),
        (
            "[dataproxy]\ntimeout = 30s\n",
            "invalid value \"30s\" for [dataproxy] timeout: expected an integer",
        ),
    ];
    for (ini, expected) in cases {
        assert_eq!(load_ini_error(ini), expected, "{ini}");
    }
}

#[test]
fn database_url_errors_hide_the_password() {
    let error = load_ini_error("[database]\nurl = oracle://scott:tiger@db/orcl\n");
    assert_eq!(
        error,
        "invalid value \"oracle://scott:xxxxx@db/orcl\" for [database] url: unknown scheme: expected one of sqlite3, postgres, mysql"
    );
}

#[test]
fn env_values_are_validated_like_file_values() {
    let home = TempHome::new();
    let error = load_error(&home.options(), &env(&[("GF_DATABASE_TYPE", "mssql")]));
    assert_eq!(
        error,
        "invalid value \"mssql\" for [database] type: expected one of sqlite3, postgres, mysql"
    );
}

#[test]
fn parse_errors_name_the_file_and_line() {
    let home = TempHome::new();
    let path = home.write(
        "conf/custom.ini",
        "[server]\nhttp_port = 3000\nbroken line\n",
    );
    let error = load_error(&home.options(), &HashMap::new());
    assert_eq!(
        error,
        format!(
            "cannot parse {} line 3: expected \"key = value\" or \"[section]\", found \"broken line\"",
            path.display()
        )
    );
}

#[test]
fn invalid_overrides_are_rejected() {
    let home = TempHome::new();
    let mut options = home.options();
    options.overrides = vec!["cfg:server.http_port".to_string()];
    assert!(load_error(&options, &HashMap::new())
        .starts_with("invalid override \"cfg:server.http_port\""));
}

#[test]
fn quoted_values_are_unwrapped() {
    let settings = load_ini_ok(
        "[security]\nadmin_password = \"\"\"#not;a comment\"\"\"\nadmin_user = \"  spaced  \"\n\
         [auth.anonymous]\norg_name = 'Acme # Corp' ; the org\n[metrics]\nbasic_auth_username = prom # comment\n",
    );
    assert_eq!(settings.security.admin_password.expose(), "#not;a comment");
    assert_eq!(settings.security.admin_user, "  spaced  ");
    assert_eq!(settings.auth_anonymous.org_name, "Acme # Corp");
    assert_eq!(settings.metrics.basic_auth_username, "prom");
}

#[test]
fn unknown_keys_are_ignored_but_listed_and_readable() {
    let home = TempHome::new();
    home.write(
        "conf/custom.ini",
        "app_mode = development\n[smtp]\nenabled = false\n[server]\nrouter_logging = true\n",
    );
    let mut options = home.options();
    options.overrides = vec!["cfg:alerting.enabled=true".to_string()];
    let settings = load(&options, &env(&[("GF_SMTP_ENABLED", "true")]));
    assert_eq!(
        settings.unknown_keys(),
        [
            "app_mode",
            "alerting.enabled",
            "server.router_logging",
            "smtp.enabled"
        ]
    );
    assert_eq!(
        settings.raw().lookup("smtp.enabled").as_deref(),
        Some("true")
    );
    assert_eq!(
        settings.raw().get(DEFAULT_SECTION, "app_mode").as_deref(),
        Some("development")
    );
    assert_eq!(
        settings.raw().lookup("alerting.enabled").as_deref(),
        Some("true")
    );
}

#[test]
fn durations_accept_grafana_syntax_and_legacy_days() {
    let settings = load_ini_ok(
        "[auth]\nlogin_maximum_inactive_lifetime_duration = 1h30m\nlogin_maximum_lifetime_duration = 14\n\
         token_rotation_interval_minutes = 1\n",
    );
    assert_eq!(
        settings.auth.login_maximum_inactive_lifetime,
        Duration::from_secs(5_400)
    );
    assert_eq!(
        settings.auth.login_maximum_lifetime,
        Duration::from_secs(14 * DAY)
    );
    assert_eq!(
        settings.auth.token_rotation_interval,
        Duration::from_secs(120)
    );

    let weeks = load_ini_ok("[auth]\nlogin_maximum_lifetime_duration = 1w\n");
    assert_eq!(
        weeks.auth.login_maximum_lifetime,
        Duration::from_secs(7 * DAY)
    );
}

#[test]
fn paths_resolve_against_home_unless_absolute() {
    let home = TempHome::new();
    let vars = env(&[
        ("GF_PATHS_DATA", "/var/lib/sightline"),
        ("GF_PATHS_LOGS", "logs"),
    ]);
    let settings = load(&home.options(), &vars);
    assert_eq!(settings.paths.data, PathBuf::from("/var/lib/sightline"));
    assert_eq!(settings.paths.logs, home.path.join("logs"));
    assert_eq!(
        settings.database.path,
        PathBuf::from("/var/lib/sightline/sightline.db")
    );
}

#[test]
fn log_console_level_overrides_log_level() {
    let settings = load_ini_ok(
        "[log]\nmode = console file\nlevel = warn\nfilters = sqlstore:debug\n\
         [log.console]\nlevel = debug\nformat = json\n",
    );
    assert_eq!(settings.log.modes, vec![LogMode::Console, LogMode::File]);
    assert_eq!(settings.log.level, LogLevel::Warn);
    assert_eq!(settings.log.effective_level(), LogLevel::Debug);
    assert_eq!(settings.log.effective_format(), LogFormat::Json);
    assert_eq!(settings.log.filters.len(), 1);

    let inherited = load_ini_ok("[log]\nlevel = error\n");
    assert_eq!(inherited.log.effective_level(), LogLevel::Error);
}
