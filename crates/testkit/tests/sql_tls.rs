//! TLS of the SQL data sources and of the store, against the real local PostgreSQL and
//! MariaDB: each mode is checked by asking the server whether the session is encrypted
//! (`pg_stat_ssl`, MariaDB's `Ssl_cipher`), and a wrong certificate must fail the query
//! with the TLS error.
//!
//! Debian's PostgreSQL normally runs with `ssl = on` and its self-signed "snakeoil"
//! certificate, which these tests use as the root certificate. A server without TLS is
//! not a pass: the tests then assert that every TLS mode fails with "server does not
//! support TLS" (and say so loudly on stderr), which is what a data source asking for TLS
//! must get from such a server. Debian's MariaDB runs without TLS, so MySQL TLS is also
//! checked against a MariaDB of the test's own ([`TlsMariaDb`]) started with a certificate
//! signed by a CA made for the test.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use sightline_datasources::plugin::{
    DataQuery, DataSourcePlugin, HealthStatus, PluginContext, QueryRequest,
};
use sightline_datasources::plugins::sql::{SqlDataSource, SqlLimits};
use sightline_datasources::{Access, DataSource, SealedSecrets};
use sightline_query::frame::{DataResponse, FieldValues};
use sightline_query::time::TimeRange;
use sightline_store::sqlx::{self, Connection};
use sightline_testkit::{Backend, TestDatabase, TestServer};

/// A CA that signed nothing any test server presents.
const UNRELATED_CA: &str = include_str!("testdata/unrelated-ca.pem");

const PG_IS_ENCRYPTED: &str =
    "SELECT ssl::text AS encrypted FROM pg_stat_ssl WHERE pid = pg_backend_pid()";
const MYSQL_CIPHER: &str =
    "SELECT VARIABLE_VALUE AS cipher FROM information_schema.SESSION_STATUS \
     WHERE VARIABLE_NAME = 'Ssl_cipher'";

/// `(user, host:port)` of an admin URL such as `postgres://postgres@127.0.0.1:5432/postgres`.
fn target(variable: &str, default: &str) -> (String, String, String) {
    let url = std::env::var(variable).unwrap_or_else(|_| default.to_string());
    let rest = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
    let (credentials, location) = rest.split_once('@').expect("url has a user");
    let address = location.split('/').next().unwrap_or_default();
    let user = credentials.split(':').next().unwrap_or_default();
    (user.to_string(), address.to_string(), url.clone())
}

fn postgres_target() -> (String, String, String) {
    target(
        "SIGHTLINE_TEST_POSTGRES_URL",
        "postgres://postgres@127.0.0.1:5432/postgres",
    )
}

fn mysql_target() -> (String, String, String) {
    target(
        "SIGHTLINE_TEST_MYSQL_URL",
        "mysql://root@127.0.0.1:3306/mysql",
    )
}

fn context(
    type_id: &str,
    address: &str,
    user: &str,
    json_data: Value,
    secrets: &[(&str, &str)],
) -> PluginContext {
    let Value::Object(json_data) = json_data else {
        panic!("jsonData must be an object");
    };
    PluginContext {
        org_id: 1,
        data_source: DataSource {
            id: 1,
            uid: "tls".into(),
            org_id: 1,
            name: "tls".into(),
            type_id: type_id.into(),
            access: Access::Proxy,
            url: address.into(),
            user: user.into(),
            database: String::new(),
            basic_auth: false,
            basic_auth_user: String::new(),
            with_credentials: false,
            is_default: false,
            json_data,
            secure_json_data: SealedSecrets::default(),
            read_only: false,
            prunable: false,
            api_version: String::new(),
            version: 1,
            created: 0,
            updated: 0,
        },
        secure_json_data: secrets
            .iter()
            .map(|(key, value)| (key.to_string(), value.to_string()))
            .collect::<BTreeMap<_, _>>(),
        user: None,
    }
}

/// Runs `sql` with a fresh plugin (so a fresh pool) for the data source of `context`.
async fn query(plugin: SqlDataSource, context: PluginContext, sql: &str) -> DataResponse {
    let request = QueryRequest {
        context,
        queries: vec![DataQuery {
            ref_id: "A".into(),
            query_type: String::new(),
            time_range: TimeRange::new(0, 1000).expect("range"),
            interval_ms: 1000,
            max_data_points: 100,
            model: json!({ "refId": "A", "rawSql": sql, "format": "table" }),
        }],
        data_source_queries: 1,
    };
    plugin
        .query_data(request)
        .await
        .remove("A")
        .expect("an answer for A")
}

/// The one text cell of a successful one-row answer.
fn single_text(response: &DataResponse) -> String {
    assert_eq!(response.error, None, "the query must succeed");
    let field = &response.frames[0].fields[0];
    match &field.values {
        FieldValues::String(column) => column.get(0).cloned().unwrap_or_default(),
        other => panic!("expected a text column, got {other:?}"),
    }
}

fn error_of(response: &DataResponse) -> String {
    response
        .error
        .clone()
        .unwrap_or_else(|| panic!("the query must fail: {response:?}"))
}

async fn postgres_ssl_setting(admin_url: &str) -> (bool, Option<String>) {
    let plain = format!("{admin_url}?sslmode=disable");
    let mut connection = sqlx::PgConnection::connect(&plain)
        .await
        .expect("connects to PostgreSQL");
    let ssl: String = sqlx::query_scalar("SHOW ssl")
        .fetch_one(&mut connection)
        .await
        .expect("reads ssl");
    let certificate: Option<String> =
        sqlx::query_scalar("SELECT pg_read_file(current_setting('ssl_cert_file'))")
            .fetch_one(&mut connection)
            .await
            .ok();
    connection.close().await.expect("closes");
    (ssl == "on", certificate)
}

#[tokio::test]
async fn postgres_sslmodes_are_honoured() {
    let (user, address, admin_url) = postgres_target();
    let (has_tls, server_cert) = postgres_ssl_setting(&admin_url).await;
    let pg = |json_data: Value, secrets: &[(&str, &str)]| {
        context(
            "grafana-postgresql-datasource",
            &address,
            &user,
            json_data,
            secrets,
        )
    };
    let run = |context: PluginContext, sql: &'static str| async move {
        query(SqlDataSource::postgres(SqlLimits::default()), context, sql).await
    };

    let plain = run(pg(json!({"sslmode": "disable"}), &[]), PG_IS_ENCRYPTED).await;
    assert_eq!(single_text(&plain), "false", "disable is plain text");

    if !has_tls {
        eprintln!(
            "!!! PostgreSQL at {address} runs with ssl = off: TLS cannot be tested; \
             asserting that TLS modes fail with a clear error instead"
        );
        for mode in ["", "require"] {
            let failed = run(pg(json!({"sslmode": mode}), &[]), PG_IS_ENCRYPTED).await;
            let error = error_of(&failed);
            assert_eq!(
                error,
                "db query error: TLS connection failed: server does not support TLS"
            );
        }
        return;
    }

    for mode in ["require", ""] {
        let encrypted = run(pg(json!({"sslmode": mode}), &[]), PG_IS_ENCRYPTED).await;
        assert_eq!(single_text(&encrypted), "true", "sslmode {mode:?} encrypts");
    }

    let wrong_ca = run(
        pg(
            json!({"sslmode": "verify-full", "tlsConfigurationMethod": "file-content"}),
            &[("tlsCACert", UNRELATED_CA)],
        ),
        PG_IS_ENCRYPTED,
    )
    .await;
    let error = error_of(&wrong_ca);
    assert_eq!(
        error,
        "db query error: TLS connection failed: invalid peer certificate: UnknownIssuer"
    );
    let health = SqlDataSource::postgres(SqlLimits::default())
        .check_health(&pg(
            json!({"sslmode": "verify-ca", "tlsConfigurationMethod": "file-content"}),
            &[("tlsCACert", UNRELATED_CA)],
        ))
        .await;
    assert_eq!(health.status, HealthStatus::Error);
    assert!(
        health.message.contains("invalid peer certificate"),
        "{}",
        health.message
    );

    let missing_root = run(pg(json!({"sslmode": "verify-full"}), &[]), PG_IS_ENCRYPTED).await;
    let error = error_of(&missing_root);
    assert!(
        error.contains("sslmode verify-full needs a root certificate"),
        "{error}"
    );

    let half_client = run(
        pg(
            json!({"sslmode": "require", "tlsConfigurationMethod": "file-content"}),
            &[("tlsClientCert", UNRELATED_CA)],
        ),
        PG_IS_ENCRYPTED,
    )
    .await;
    let error = error_of(&half_client);
    assert!(error.contains("client key is missing"), "{error}");

    // The server's own (self-signed) certificate as the root: the chain verifies, and with
    // verify-full the host name must be one the certificate names. When the address is not
    // one of them, the error says which names it holds; connect by the first one.
    let server_cert = server_cert.expect("the superuser reads the server certificate");
    let own_ca = |mode: &str, address: &str| {
        context(
            "grafana-postgresql-datasource",
            address,
            &user,
            json!({"sslmode": mode, "tlsConfigurationMethod": "file-content"}),
            &[("tlsCACert", server_cert.as_str())],
        )
    };
    let by_address = run(own_ca("verify-full", &address), PG_IS_ENCRYPTED).await;
    let verified_address = match &by_address.error {
        None => address.clone(),
        Some(error) => {
            let name = certificate_dns_name(error)
                .unwrap_or_else(|| panic!("not a host name mismatch: {error}"));
            let port = address.rsplit_once(':').map_or("5432", |(_, port)| port);
            format!("{name}:{port}")
        }
    };
    let verified = run(own_ca("verify-full", &verified_address), PG_IS_ENCRYPTED).await;
    assert_eq!(
        single_text(&verified),
        "true",
        "verify-full with the server's CA"
    );
    let chain_only = run(own_ca("verify-ca", &verified_address), PG_IS_ENCRYPTED).await;
    assert_eq!(
        single_text(&chain_only),
        "true",
        "verify-ca with the server's CA"
    );
    // verify-ca checks the chain, not the name: the address verify-full refused is accepted.
    if by_address.error.is_some() {
        let unnamed = run(own_ca("verify-ca", &address), PG_IS_ENCRYPTED).await;
        assert_eq!(
            single_text(&unnamed),
            "true",
            "verify-ca by an address the certificate does not name"
        );
    } else {
        eprintln!(
            "!!! PostgreSQL's certificate names {address}: verify-ca's skipped host name \
             check is not exercised"
        );
    }

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("root.crt");
    std::fs::write(&path, &server_cert).expect("writes the certificate");
    let from_file = run(
        context(
            "grafana-postgresql-datasource",
            &verified_address,
            &user,
            json!({"sslmode": "require", "sslRootCertFile": path.to_string_lossy()}),
            &[],
        ),
        PG_IS_ENCRYPTED,
    )
    .await;
    assert_eq!(
        single_text(&from_file),
        "true",
        "file-path: require with a root certificate verifies it"
    );
    let wrong_file = dir.path().join("unrelated.crt");
    std::fs::write(&wrong_file, UNRELATED_CA).expect("writes the certificate");
    let unrelated_file = run(
        pg(
            json!({"sslmode": "require", "sslRootCertFile": wrong_file.to_string_lossy()}),
            &[],
        ),
        PG_IS_ENCRYPTED,
    )
    .await;
    assert_eq!(
        error_of(&unrelated_file),
        "db query error: TLS connection failed: invalid peer certificate: UnknownIssuer",
        "require with a root certificate no longer accepts any certificate"
    );
    let missing_file = run(
        pg(
            json!({"sslmode": "verify-ca", "sslRootCertFile": "/nonexistent/root.crt"}),
            &[],
        ),
        PG_IS_ENCRYPTED,
    )
    .await;
    let error = error_of(&missing_file);
    assert!(error.contains("\"/nonexistent/root.crt\""), "{error}");
}

/// The first `DnsName("…")` a rustls name-mismatch error lists.
fn certificate_dns_name(error: &str) -> Option<String> {
    let (_, rest) = error.split_once("DnsName(\"")?;
    let (name, _) = rest.split_once('"')?;
    Some(name.to_string())
}

/// The session's TLS cipher as the MySQL data source of `context` sees it (empty when the
/// connection is not encrypted).
async fn mysql_cipher(context: PluginContext) -> DataResponse {
    query(
        SqlDataSource::mysql(SqlLimits::default()),
        context,
        MYSQL_CIPHER,
    )
    .await
}

async fn mysql_has_ssl(admin_url: &str) -> bool {
    let mut connection = sqlx::MySqlConnection::connect(&format!("{admin_url}?ssl-mode=disabled"))
        .await
        .expect("connects to MariaDB");
    let have_ssl: String = sqlx::query_scalar("SELECT @@have_ssl")
        .fetch_one(&mut connection)
        .await
        .expect("reads have_ssl");
    connection.close().await.expect("closes");
    have_ssl == "YES"
}

#[tokio::test]
async fn mysql_tls_settings_are_honoured() {
    let (user, address, admin_url) = mysql_target();
    let has_tls = mysql_has_ssl(&admin_url).await;
    let run = |json_data: Value, secrets: &[(&str, &str)]| {
        mysql_cipher(context("mysql", &address, &user, json_data, secrets))
    };

    let plain = run(json!({"tlsSkipVerify": true}), &[]).await;
    assert_eq!(
        single_text(&plain),
        "",
        "no certificate configured: plain text, as in Grafana"
    );

    let skip_verify = run(
        json!({"tlsAuthWithCACert": true, "tlsSkipVerify": true}),
        &[("tlsCACert", UNRELATED_CA)],
    )
    .await;
    let verified = run(
        json!({"tlsAuthWithCACert": true}),
        &[("tlsCACert", UNRELATED_CA)],
    )
    .await;
    if !has_tls {
        eprintln!(
            "!!! MariaDB at {address} has TLS disabled (have_ssl != YES): TLS cannot be \
             tested; asserting that TLS settings fail with a clear error instead"
        );
        for failed in [&skip_verify, &verified] {
            let error = error_of(failed);
            assert!(error.contains("server does not support TLS"), "{error}");
        }
        return;
    }
    assert_ne!(single_text(&skip_verify), "", "tlsSkipVerify encrypts");
    let error = error_of(&verified);
    assert!(error.contains("invalid peer certificate"), "{error}");
}

/// A MariaDB of the test's own with TLS on: Debian's `mariadbd` over a fresh data directory
/// on a free port, presenting a certificate for `127.0.0.1` signed by a CA made here, every
/// login accepted (`--skip-grant-tables`). Killed, and its directory removed, on drop.
struct TlsMariaDb {
    child: tokio::process::Child,
    port: u16,
    ca_pem: String,
    _dir: tempfile::TempDir,
}

impl TlsMariaDb {
    async fn start() -> TlsMariaDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = |name: &str| dir.path().join(name);
        let ca_key = rcgen::KeyPair::generate().expect("CA key");
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("CA");
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let ca = rcgen::CertifiedIssuer::self_signed(ca_params, ca_key).expect("CA signs");
        let server_key = rcgen::KeyPair::generate().expect("server key");
        let server = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()])
            .expect("server params")
            .signed_by(&server_key, &ca)
            .expect("server certificate");
        std::fs::write(path("ca.pem"), ca.pem()).expect("ca.pem");
        std::fs::write(path("server.pem"), server.pem()).expect("server.pem");
        std::fs::write(path("server-key.pem"), server_key.serialize_pem()).expect("key");
        let installed = tokio::process::Command::new("mariadb-install-db")
            .arg("--no-defaults")
            .arg(format!("--datadir={}", path("data").display()))
            .args(["--user=root", "--auth-root-authentication-method=normal"])
            .output()
            .await
            .expect("mariadb-install-db runs (Debian's mariadb-server)");
        assert!(installed.status.success(), "{installed:?}");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let child = tokio::process::Command::new("mariadbd")
            .arg("--no-defaults")
            .arg(format!("--datadir={}", path("data").display()))
            .arg(format!("--socket={}", path("sock").display()))
            .arg(format!("--pid-file={}", path("pid").display()))
            .arg(format!("--log-error={}", path("error.log").display()))
            .arg(format!("--port={port}"))
            .args([
                "--bind-address=127.0.0.1",
                "--user=root",
                "--skip-grant-tables",
            ])
            .arg(format!("--ssl-ca={}", path("ca.pem").display()))
            .arg(format!("--ssl-cert={}", path("server.pem").display()))
            .arg(format!("--ssl-key={}", path("server-key.pem").display()))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("mariadbd starts");
        let url = format!("mysql://root@127.0.0.1:{port}/mysql?ssl-mode=disabled");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while sqlx::MySqlConnection::connect(&url).await.is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "mariadbd did not accept connections: {}",
                std::fs::read_to_string(path("error.log")).unwrap_or_default()
            );
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        TlsMariaDb {
            child,
            port,
            ca_pem: ca.pem(),
            _dir: dir,
        }
    }
}

impl Drop for TlsMariaDb {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

#[tokio::test]
async fn mysql_tls_against_a_server_with_tls() {
    let server = TlsMariaDb::start().await;
    let address = format!("127.0.0.1:{}", server.port);
    let run = |json_data: Value, secrets: &[(&str, &str)]| {
        mysql_cipher(context("mysql", &address, "root", json_data, secrets))
    };
    let verified = run(
        json!({"tlsAuthWithCACert": true}),
        &[("tlsCACert", &server.ca_pem)],
    )
    .await;
    assert_ne!(
        single_text(&verified),
        "",
        "verified against its CA: encrypted"
    );
    let wrong_ca = run(
        json!({"tlsAuthWithCACert": true}),
        &[("tlsCACert", UNRELATED_CA)],
    )
    .await;
    let error = error_of(&wrong_ca);
    assert!(error.contains("invalid peer certificate"), "{error}");
    let skip_verify = run(
        json!({"tlsAuthWithCACert": true, "tlsSkipVerify": true}),
        &[("tlsCACert", UNRELATED_CA)],
    )
    .await;
    assert_ne!(single_text(&skip_verify), "", "tlsSkipVerify encrypts");
    let plain = run(json!({}), &[]).await;
    assert_eq!(single_text(&plain), "", "no TLS asked: plain text");
}

/// The store's own connections: `sslmode` in `[database] url` reaches sqlx, which now
/// speaks TLS.
#[tokio::test]
async fn store_url_sslmode_still_works() {
    let (_, _, admin_url) = postgres_target();
    let (has_tls, server_cert) = postgres_ssl_setting(&admin_url).await;
    let database = TestDatabase::create(Backend::Postgres).await;
    // verify-ca with the server's own certificate as the root: the chain is checked, the
    // host name (127.0.0.1, which Debian's certificate does not name) is not.
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("root.crt");
    std::fs::write(&root, server_cert.unwrap_or_default()).expect("writes the certificate");
    let verify_ca = format!("verify-ca&sslrootcert={}", root.display());
    for (mode, expected) in [("disable", 0_i64), ("require", 1), (verify_ca.as_str(), 1)] {
        let url = format!("database.url={}?sslmode={mode}", database.url());
        let started = TestServer::try_start_with(Backend::Sqlite, &[url.as_str()]).await;
        if mode != "disable" && !has_tls {
            eprintln!("!!! PostgreSQL runs with ssl = off: expecting the store to refuse to start");
            let error = format!("{:#}", started.err().expect("no TLS, no start"));
            assert!(error.contains("TLS"), "{error}");
            continue;
        }
        let server = started.expect("the server starts");
        let encrypted: i64 = sqlx::query_scalar(
            "SELECT CAST(CASE WHEN ssl THEN 1 ELSE 0 END AS BIGINT) \
             FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
        )
        .fetch_one(server.store().pool())
        .await
        .expect("reads pg_stat_ssl");
        assert_eq!(encrypted, expected, "sslmode={mode}");
        let health = server.client().get("/api/health").await;
        assert_eq!(health.status, 200);
        server.stop().await;
    }
    database.drop_database().await;
}
