//! The SQL data source plugins (PostgreSQL, MySQL/MariaDB, SQLite) against real databases,
//! called directly with a constructed `PluginContext`: every scenario runs on a fresh
//! database seeded with the same deterministic metrics and asserts frames value for value.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};
use sightline_datasources::plugin::{
    DataQuery, DataSourcePlugin, HealthStatus, PluginContext, QueryRequest,
};
use sightline_datasources::plugins::sql::{SqlDataSource, SqlLimits};
use sightline_datasources::{Access, DataSource, SealedSecrets};
use sightline_query::frame::{Column, DataResponse, FieldValues, Frame, Timestamp};
use sightline_query::time::TimeRange;
use sightline_store::sqlx::{self, Connection};
use sightline_testkit::{Backend, TestDatabase};

/// 2024-01-01T00:00:00Z in milliseconds.
const T0: i64 = 1_704_067_200_000;
const MINUTE: i64 = 60_000;

/// `(seconds after T0, host, value)`: hosts a and b every minute, none at 2 min, only a
/// at 3 min.
const ROWS: [(i64, &str, f64); 5] = [
    (0, "a", 1.0),
    (0, "b", 10.0),
    (60, "a", 2.0),
    (60, "b", 20.0),
    (180, "a", 4.0),
];

fn seed_statements(backend: Backend) -> Vec<String> {
    let (time_type, literal_suffix) = match backend {
        Backend::Postgres => ("TIMESTAMPTZ", "+00"),
        Backend::Mysql => ("DATETIME", ""),
        Backend::Sqlite => ("DATETIME", ""),
    };
    let value_type = match backend {
        Backend::Postgres => "DOUBLE PRECISION",
        Backend::Mysql | Backend::Sqlite => "DOUBLE",
    };
    let mut statements = vec![format!(
        "CREATE TABLE metrics (ts {time_type} NOT NULL, host VARCHAR(20) NOT NULL, \
         value {value_type}, epoch_s BIGINT NOT NULL)"
    )];
    for (seconds, host, value) in ROWS {
        let epoch = T0 / 1000 + seconds;
        statements.push(format!(
            "INSERT INTO metrics VALUES ('2024-01-01 00:{:02}:00{literal_suffix}', '{host}', {value}, {epoch})",
            seconds / 60
        ));
    }
    statements
}

async fn seed(url: &str, backend: Backend) {
    sqlx::any::install_default_drivers();
    let mut connection = sqlx::AnyConnection::connect(url)
        .await
        .expect("connects to the test database");
    for statement in seed_statements(backend) {
        sqlx::Executor::execute(&mut connection, sqlx::AssertSqlSafe(statement))
            .await
            .expect("seeds");
    }
    connection.close().await.expect("closes");
}

/// `scheme://user@host:port/database` → (user, host:port, database).
fn url_parts(url: &str) -> (String, String, String) {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let (credentials, location) = rest.split_once('@').expect("url has a user");
    let (address, database) = location.split_once('/').expect("url has a database");
    let user = credentials.split(':').next().unwrap_or_default();
    (user.into(), address.into(), database.into())
}

fn context(type_id: &str, url: &str, user: &str, database: &str, password: &str) -> PluginContext {
    let mut secure_json_data = BTreeMap::new();
    if !password.is_empty() {
        secure_json_data.insert("password".to_string(), password.to_string());
    }
    let mut json_data = Map::new();
    json_data.insert("sslmode".into(), json!("disable"));
    PluginContext {
        org_id: 1,
        data_source: DataSource {
            id: 1,
            uid: format!("sql-{user}-{}", password.len()),
            org_id: 1,
            name: "sql".into(),
            type_id: type_id.into(),
            access: Access::Proxy,
            url: url.into(),
            user: user.into(),
            database: database.into(),
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
        secure_json_data,
        user: None,
    }
}

/// A plugin and the context of the seeded database.
struct Fixture {
    backend: Backend,
    plugin: SqlDataSource,
    context: PluginContext,
}

impl Fixture {
    async fn query(&self, sql: &str, format: &str, from: i64, to: i64) -> DataResponse {
        let request = QueryRequest {
            context: self.context.clone(),
            queries: vec![DataQuery {
                ref_id: "A".into(),
                query_type: String::new(),
                time_range: TimeRange::new(from, to).expect("valid range"),
                interval_ms: 30_000,
                max_data_points: 100,
                model: json!({"refId": "A", "rawSql": sql, "format": format}),
            }],
            data_source_queries: 1,
        };
        let mut results = self.plugin.query_data(request).await;
        results.remove("A").expect("an answer for A")
    }

    /// The one frame of a successful query.
    async fn frame(&self, sql: &str, format: &str, from: i64, to: i64) -> Frame {
        let response = self.query(sql, format, from, to).await;
        assert_eq!(response.error, None, "{:?} {sql}", self.backend);
        assert_eq!(response.frames.len(), 1);
        response.frames.into_iter().next().expect("one frame")
    }

    async fn error(&self, sql: &str, format: &str) -> String {
        let response = self.query(sql, format, T0, T0 + 10 * MINUTE).await;
        response
            .error
            .unwrap_or_else(|| panic!("{sql} should fail"))
    }
}

fn times(offsets_ms: &[i64]) -> FieldValues {
    Column::nullable(
        offsets_ms
            .iter()
            .map(|ms| Some(Timestamp::from_millis(T0 + ms)))
            .collect(),
    )
    .into()
}

fn required_times(offsets_ms: &[i64]) -> FieldValues {
    Column::required(
        offsets_ms
            .iter()
            .map(|ms| Timestamp::from_millis(T0 + ms))
            .collect(),
    )
    .into()
}

fn floats(values: &[Option<f64>]) -> FieldValues {
    Column::nullable(values.to_vec()).into()
}

fn names(frame: &Frame) -> Vec<String> {
    frame
        .fields
        .iter()
        .map(|field| field.name.clone())
        .collect()
}

fn executed(frame: &Frame) -> String {
    frame
        .meta
        .as_ref()
        .and_then(|meta| meta.executed_query_string.clone())
        .unwrap_or_default()
}

async fn table_format(fixture: &Fixture) {
    let frame = fixture
        .frame(
            "SELECT ts AS time, host, value, epoch_s FROM metrics ORDER BY ts, host",
            "table",
            T0,
            T0 + 10 * MINUTE,
        )
        .await;
    assert_eq!(names(&frame), ["time", "host", "value", "epoch_s"]);
    assert_eq!(frame.ref_id, "A");
    assert_eq!(
        frame.fields[0].values,
        times(&[0, 0, MINUTE, MINUTE, 3 * MINUTE])
    );
    let hosts: Vec<Option<String>> = ["a", "b", "a", "b", "a"]
        .iter()
        .map(|h| Some(h.to_string()))
        .collect();
    assert_eq!(frame.fields[1].values, Column::nullable(hosts).into());
    assert_eq!(
        frame.fields[2].values,
        floats(&[Some(1.0), Some(10.0), Some(2.0), Some(20.0), Some(4.0)])
    );
    let epochs: Vec<Option<i64>> = ROWS.iter().map(|r| Some(T0 / 1000 + r.0)).collect();
    assert_eq!(frame.fields[3].values, Column::nullable(epochs).into());
}

async fn long_to_wide_with_two_series(fixture: &Fixture) {
    let sql = "SELECT $__time(ts), host, value FROM metrics WHERE $__timeFilter(ts) ORDER BY 1";
    let frame = fixture
        .frame(sql, "time_series", T0, T0 + 10 * MINUTE)
        .await;
    assert!(!executed(&frame).contains("$__"), "{}", executed(&frame));
    assert_eq!(names(&frame), ["Time", "value", "value"]);
    assert_eq!(
        frame.fields[0].values,
        required_times(&[0, MINUTE, 3 * MINUTE])
    );
    let host = |field: usize| frame.fields[field].label_set().get("host").cloned();
    assert_eq!((host(1), host(2)), (Some("a".into()), Some("b".into())));
    assert_eq!(
        frame.fields[1].values,
        floats(&[Some(1.0), Some(2.0), Some(4.0)])
    );
    assert_eq!(
        frame.fields[2].values,
        floats(&[Some(10.0), Some(20.0), None])
    );

    let by_metric = "SELECT $__time(ts), value, host AS metric FROM metrics ORDER BY 1";
    let frame = fixture.frame(by_metric, "time_series", T0, T0).await;
    assert_eq!(names(&frame), ["Time", "a", "b"]);
    assert!(frame.fields.iter().all(|field| field.labels.is_none()));
}

async fn time_filter_with_a_range(fixture: &Fixture) {
    let sql = "SELECT value FROM metrics WHERE $__timeFilter(ts) AND host = 'a' ORDER BY ts";
    let frame = fixture.frame(sql, "table", T0 + 30_000, T0 + 200_000).await;
    assert_eq!(frame.fields[0].values, floats(&[Some(2.0), Some(4.0)]));
    let bounds =
        "SELECT count(*) AS n FROM metrics WHERE ts >= $__timeFrom() AND ts <= $__timeTo()";
    let frame = fixture.frame(bounds, "table", T0, T0 + MINUTE).await;
    assert_eq!(
        frame.fields[0].values,
        Column::nullable(vec![Some(4i64)]).into()
    );
}

async fn time_group_fill_modes(fixture: &Fixture) {
    let query = |fill: &str| {
        format!(
            "SELECT $__timeGroupAlias(ts, '1m'{fill}), sum(value) AS value FROM metrics \
             WHERE $__timeFilter(ts) GROUP BY 1 ORDER BY 1"
        )
    };
    let grid = [0, MINUTE, 2 * MINUTE, 3 * MINUTE, 4 * MINUTE];
    let cases = [
        ("", None),
        (
            ", NULL",
            Some([Some(11.0), Some(22.0), None, Some(4.0), None]),
        ),
        (
            ", previous",
            Some([Some(11.0), Some(22.0), Some(22.0), Some(4.0), Some(4.0)]),
        ),
        (
            ", 0",
            Some([Some(11.0), Some(22.0), Some(0.0), Some(4.0), Some(0.0)]),
        ),
    ];
    for (fill, expected) in cases {
        let frame = fixture
            .frame(&query(fill), "time_series", T0, T0 + 4 * MINUTE)
            .await;
        assert_eq!(names(&frame), ["Time", "value"], "fill {fill:?}");
        match expected {
            None => {
                assert_eq!(
                    frame.fields[0].values,
                    times(&[0, MINUTE, 3 * MINUTE]),
                    "no fill"
                );
                assert_eq!(
                    frame.fields[1].values,
                    floats(&[Some(11.0), Some(22.0), Some(4.0)])
                );
            }
            Some(values) => {
                assert_eq!(
                    frame.fields[0].values,
                    required_times(&grid),
                    "fill {fill:?}"
                );
                assert_eq!(frame.fields[1].values, floats(&values), "fill {fill:?}");
            }
        }
    }
}

async fn unix_epoch_macros(fixture: &Fixture) {
    let filtered = "SELECT epoch_s AS time, value FROM metrics \
                    WHERE host = 'a' AND $__unixEpochFilter(epoch_s) ORDER BY 1";
    let frame = fixture
        .frame(filtered, "time_series", T0 + MINUTE, T0 + 10 * MINUTE)
        .await;
    assert_eq!(names(&frame), ["Time", "value"]);
    assert_eq!(frame.fields[0].values, times(&[MINUTE, 3 * MINUTE]));
    assert_eq!(frame.fields[1].values, floats(&[Some(2.0), Some(4.0)]));

    let grouped = "SELECT $__unixEpochGroupAlias(epoch_s, '2m'), sum(value) AS value FROM metrics \
                   WHERE epoch_s >= $__unixEpochFrom() AND epoch_s <= $__unixEpochTo() \
                   GROUP BY 1 ORDER BY 1";
    let frame = fixture
        .frame(grouped, "time_series", T0, T0 + 10 * MINUTE)
        .await;
    assert_eq!(frame.fields[0].values, times(&[0, 2 * MINUTE]));
    assert_eq!(frame.fields[1].values, floats(&[Some(33.0), Some(4.0)]));

    let nanos = "SELECT count(*) AS n FROM metrics \
                 WHERE epoch_s * 1000000000 >= $__unixEpochNanoFrom() \
                 AND $__unixEpochNanoFilter(epoch_s * 1000000000)";
    let error = fixture.error(nanos, "table").await;
    assert!(
        error.starts_with("interpolation failed: invalid column argument"),
        "{error}"
    );
}

async fn errors(fixture: &Fixture) {
    let missing = fixture
        .error("SELECT value FROM metrics", "time_series")
        .await;
    assert_eq!(
        missing,
        "db has no time column: time column is missing; make sure your data includes a time \
         column for time series format or switch to a table format that doesn't require it"
    );
    let bad_sql = fixture.error("SELECT nope FROM metrics", "table").await;
    let expected = match fixture.backend {
        Backend::Postgres => {
            "db query error: ERROR: column \"nope\" does not exist (SQLSTATE 42703)"
        }
        Backend::Mysql => "db query error: Error 1054 (42S22): Unknown column 'nope'",
        Backend::Sqlite => "db query error: no such column: nope",
    };
    assert!(bad_sql.starts_with(expected), "{bad_sql}");
    let response = fixture
        .query(
            "SELECT $__timeGroup(ts) FROM metrics",
            "time_series",
            T0,
            T0,
        )
        .await;
    assert_eq!(
        response.error.as_deref(),
        Some("interpolation failed: macro __timeGroup needs time column and interval and optional fill value")
    );
    assert_eq!(
        executed(&response.frames[0]),
        "SELECT $__timeGroup(ts) FROM metrics"
    );
}

async fn row_limit(fixture: &Fixture) {
    let limited = SqlDataSource::new(
        fixture.plugin.dialect(),
        SqlLimits {
            row_limit: 2,
            ..SqlLimits::default()
        },
    );
    let request = QueryRequest {
        context: fixture.context.clone(),
        queries: vec![DataQuery {
            ref_id: "A".into(),
            query_type: String::new(),
            time_range: TimeRange::new(T0, T0).expect("range"),
            interval_ms: 0,
            max_data_points: 0,
            model: json!({"rawSql": "SELECT value FROM metrics ORDER BY value", "format": "table"}),
        }],
        data_source_queries: 1,
    };
    let response = limited.query_data(request).await.remove("A").expect("A");
    let frame = &response.frames[0];
    assert_eq!(frame.fields[0].values, floats(&[Some(1.0), Some(2.0)]));
    let notices = &frame.meta.as_ref().expect("meta").notices;
    assert_eq!(
        notices[0].text,
        "Results have been limited to 2 because the SQL row limit was reached"
    );
}

async fn run_scenarios(fixture: &Fixture) {
    let health = fixture.plugin.check_health(&fixture.context).await;
    assert_eq!(
        (health.status, health.message.as_str()),
        (HealthStatus::Ok, "Database Connection OK")
    );
    table_format(fixture).await;
    long_to_wide_with_two_series(fixture).await;
    time_filter_with_a_range(fixture).await;
    time_group_fill_modes(fixture).await;
    unix_epoch_macros(fixture).await;
    errors(fixture).await;
    row_limit(fixture).await;
}

/// The connections open to the test database, the counting one included.
async fn open_connections(counter: &mut sqlx::AnyConnection, backend: Backend) -> i64 {
    let sql = match backend {
        Backend::Postgres => {
            "SELECT CAST(count(*) AS BIGINT) FROM pg_stat_activity WHERE datname = current_database()"
        }
        _ => "SELECT CAST(count(*) AS SIGNED) FROM information_schema.PROCESSLIST WHERE DB = DATABASE()",
    };
    sqlx::query_scalar(sql)
        .fetch_one(counter)
        .await
        .expect("counts connections")
}

/// Polls until the open connections are `expected`; the last count seen otherwise.
async fn settles_at(counter: &mut sqlx::AnyConnection, backend: Backend, expected: i64) -> i64 {
    let mut seen = open_connections(counter, backend).await;
    for _ in 0..40 {
        if seen == expected {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        seen = open_connections(counter, backend).await;
    }
    seen
}

/// `maxIdleConns` caps the connections kept once queries are done, as Go's
/// `SetMaxIdleConns` does for Grafana: four concurrent queries open four connections, and
/// one (`maxIdleConns` 1) or none (0) stays open after them.
async fn idle_connections_are_capped(fixture: &Fixture, url: &str) {
    let mut counter = sqlx::AnyConnection::connect(url).await.expect("connects");
    let sleep = match fixture.backend {
        Backend::Postgres => "SELECT pg_sleep(0.5) AS slept",
        _ => "SELECT SLEEP(0.5) AS slept",
    };
    for max_idle in [1_i64, 0] {
        let before = open_connections(&mut counter, fixture.backend).await;
        let mut context = fixture.context.clone();
        // A data source of its own: a pool of its own, with these limits.
        context.data_source.uid = format!("idle-{max_idle}");
        let json_data = &mut context.data_source.json_data;
        json_data.insert("maxOpenConns".into(), json!(4));
        json_data.insert("maxIdleConns".into(), json!(max_idle));
        let queries = ["A", "B", "C", "D"]
            .map(|ref_id| DataQuery {
                ref_id: ref_id.into(),
                query_type: String::new(),
                time_range: TimeRange::new(T0, T0).expect("range"),
                interval_ms: 0,
                max_data_points: 0,
                model: json!({ "rawSql": sleep, "format": "table" }),
            })
            .to_vec();
        let request = QueryRequest {
            context,
            data_source_queries: queries.len(),
            queries,
        };
        let running = fixture.plugin.query_data(request);
        let watching = settles_at(&mut counter, fixture.backend, before + 4);
        let (results, during) = tokio::join!(running, watching);
        assert!(results.values().all(|r| r.error.is_none()), "{results:?}");
        assert_eq!(during, before + 4, "four queries at once");
        let after = settles_at(&mut counter, fixture.backend, before + max_idle).await;
        assert_eq!(after, before + max_idle, "maxIdleConns {max_idle}");
    }
    counter.close().await.expect("closes");
}

async fn server_backend(backend: Backend, plugin: SqlDataSource) {
    let database = TestDatabase::create(backend).await;
    let url = database.url();
    seed(&url, backend).await;
    let (user, address, name) = url_parts(&url);
    let type_id = plugin.dialect().type_id();
    let fixture = Fixture {
        backend,
        context: context(type_id, &address, &user, &name, ""),
        plugin,
    };
    run_scenarios(&fixture).await;
    idle_connections_are_capped(&fixture, &url).await;

    // PostgreSQL here trusts local connections, so only an unknown role fails there.
    let (bad_user, bad_password) = match backend {
        Backend::Postgres => ("no_such_role", ""),
        _ => (user.as_str(), "wrong password"),
    };
    let wrong = context(type_id, &address, bad_user, &name, bad_password);
    let health = fixture.plugin.check_health(&wrong).await;
    assert_eq!(health.status, HealthStatus::Error);
    let expected = match backend {
        Backend::Postgres => "FATAL: role \"no_such_role\" does not exist (SQLSTATE 28000)",
        _ => "Error 1045 (28000): Access denied for user",
    };
    assert!(health.message.starts_with(expected), "{}", health.message);
    database.drop_database().await;
}

#[tokio::test]
async fn postgres_data_source() {
    server_backend(
        Backend::Postgres,
        SqlDataSource::postgres(SqlLimits::default()),
    )
    .await;
}

#[tokio::test]
async fn mysql_data_source() {
    server_backend(Backend::Mysql, SqlDataSource::mysql(SqlLimits::default())).await;
}

#[tokio::test]
async fn sqlite_data_source() {
    let directory = tempfile::tempdir().expect("temp dir");
    let path = directory.path().join("metrics.db");
    let path_text = path.to_string_lossy().to_string();
    seed(&format!("sqlite://{path_text}?mode=rwc"), Backend::Sqlite).await;
    let plugin = SqlDataSource::sqlite(SqlLimits::default());
    let mut context = context(plugin.dialect().type_id(), "", "", "", "");
    context
        .data_source
        .json_data
        .insert("path".into(), Value::String(path_text.clone()));
    let mut fixture = Fixture {
        backend: Backend::Sqlite,
        plugin,
        context,
    };
    run_scenarios(&fixture).await;

    // The pool is kept while the data source's version is: a path changed without a new
    // version still reads the old file; the next version opens the new path.
    let count = "SELECT count(*) AS n FROM metrics";
    fixture
        .context
        .data_source
        .json_data
        .insert("path".into(), json!("/nonexistent/metrics.db"));
    fixture.frame(count, "table", T0, T0 + MINUTE).await;
    fixture.context.data_source.version += 1;
    let reopened = fixture.error(count, "table").await;
    assert!(
        reopened.contains("unable to open database file"),
        "{reopened}"
    );
    // And back to the seeded file, with the version after.
    fixture
        .context
        .data_source
        .json_data
        .insert("path".into(), Value::String(path_text));
    fixture.context.data_source.version += 1;

    let write = fixture.error("DELETE FROM metrics", "table").await;
    assert!(write.contains("readonly database"), "{write}");
    let mut missing = fixture.context.clone();
    missing.data_source.uid = "missing".into();
    missing
        .data_source
        .json_data
        .insert("path".into(), json!("/nonexistent/metrics.db"));
    let health = fixture.plugin.check_health(&missing).await;
    assert_eq!(health.status, HealthStatus::Error);
    assert!(
        health.message.contains("unable to open database file"),
        "{}",
        health.message
    );
}
