//! The SQL of the `data_source` table, one function per statement. Callers own the
//! transaction; every statement is written once with portable `?` placeholders.

use sightline_store::sqlx::any::AnyArguments;
use sightline_store::sqlx::query::Query;
use sightline_store::sqlx::{self, Any, AnyConnection, Row};
use sightline_store::Store;

use crate::models::{DataSource, DataSourceKey};
use crate::secrets::SealedSecrets;

/// Grafana's `[datasources] datasource_limit`: the most data sources a list returns.
pub(crate) const LIST_LIMIT: i64 = 5000;

/// `SELECT <every column> FROM data_source <rest>` as one literal.
macro_rules! select {
    ($rest:literal) => {
        concat!(
            "SELECT id, uid, org_id, name, type, access, url, user_name, database_name, \
             basic_auth, basic_auth_user, with_credentials, is_default, json_data, \
             secure_json_data, read_only, is_prunable, api_version, version, created, updated \
             FROM data_source ",
            $rest
        )
    };
}

/// What a data source row holds apart from its id and creation time.
pub(crate) struct RowValues<'a> {
    pub org_id: i64,
    pub uid: &'a str,
    pub name: &'a str,
    pub type_id: &'a str,
    pub access: &'a str,
    pub url: &'a str,
    pub user: &'a str,
    pub database: &'a str,
    pub basic_auth: bool,
    pub basic_auth_user: &'a str,
    pub with_credentials: bool,
    pub is_default: bool,
    pub json_data: String,
    pub secure_json_data: &'a SealedSecrets,
    pub read_only: bool,
    pub prunable: bool,
    pub api_version: &'a str,
    pub version: i64,
}

pub(crate) async fn find(
    store: &Store,
    conn: &mut AnyConnection,
    org_id: i64,
    key: DataSourceKey<'_>,
) -> sqlx::Result<Option<DataSource>> {
    let query = match key {
        DataSourceKey::Id(id) => sqlx::query_as(store.sql(select!("WHERE org_id = ? AND id = ?")))
            .bind(org_id)
            .bind(id),
        // PostgreSQL cannot compare text holding NUL, and no stored uid or name has one.
        DataSourceKey::Uid(uid) if uid.contains('\0') => return Ok(None),
        DataSourceKey::Name(name) if name.contains('\0') => return Ok(None),
        DataSourceKey::Uid(uid) => {
            sqlx::query_as(store.sql(select!("WHERE org_id = ? AND uid = ?")))
                .bind(org_id)
                .bind(uid.to_string())
        }
        DataSourceKey::Name(name) => {
            sqlx::query_as(store.sql(select!("WHERE org_id = ? AND name = ?")))
                .bind(org_id)
                .bind(name.to_string())
        }
    };
    query.fetch_optional(&mut *conn).await
}

/// The org's data sources ordered by name, at most [`LIST_LIMIT`].
pub(crate) async fn list_org(
    store: &Store,
    conn: &mut AnyConnection,
    org_id: i64,
) -> sqlx::Result<Vec<DataSource>> {
    sqlx::query_as(store.sql(select!("WHERE org_id = ? ORDER BY name LIMIT ?")))
        .bind(org_id)
        .bind(LIST_LIMIT)
        .fetch_all(&mut *conn)
        .await
}

/// Data sources of every org provisioned from files with `prune: true`.
pub(crate) async fn list_prunable(
    store: &Store,
    conn: &mut AnyConnection,
) -> sqlx::Result<Vec<DataSource>> {
    sqlx::query_as(store.sql(select!("WHERE is_prunable = 1 ORDER BY id")))
        .fetch_all(&mut *conn)
        .await
}

/// The names in use in an org.
pub(crate) async fn org_names(
    store: &Store,
    conn: &mut AnyConnection,
    org_id: i64,
) -> sqlx::Result<Vec<String>> {
    let rows = sqlx::query(store.sql("SELECT name FROM data_source WHERE org_id = ?"))
        .bind(org_id)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(|row| row.try_get("name")).collect()
}

/// What name lookups need of a data source: `(org_id, uid, name, type, is_default)`.
pub(crate) type RefRow = (i64, String, String, String, bool);

/// The reference columns of every data source (`org_id` given: of that org only).
pub(crate) async fn references(
    store: &Store,
    conn: &mut AnyConnection,
    org_id: Option<i64>,
) -> sqlx::Result<Vec<RefRow>> {
    let rows = match org_id {
        Some(org_id) => {
            sqlx::query(store.sql(
                "SELECT org_id, uid, name, type, is_default FROM data_source WHERE org_id = ? \
                 ORDER BY id",
            ))
            .bind(org_id)
            .fetch_all(&mut *conn)
            .await?
        }
        None => {
            sqlx::query("SELECT org_id, uid, name, type, is_default FROM data_source ORDER BY id")
                .fetch_all(&mut *conn)
                .await?
        }
    };
    rows.iter()
        .map(|row| {
            Ok((
                row.try_get("org_id")?,
                row.try_get("uid")?,
                row.try_get("name")?,
                row.try_get("type")?,
                row.try_get::<i64, _>("is_default")? != 0,
            ))
        })
        .collect()
}

type AnyQuery<'q> = Query<'q, Any, AnyArguments>;

/// Inserts a data source and returns its id.
pub(crate) async fn insert(
    store: &Store,
    conn: &mut AnyConnection,
    row: &RowValues<'_>,
    now: i64,
) -> Result<i64, sightline_store::StoreError> {
    let statement = store.insert_sql(
        "INSERT INTO data_source (org_id, uid, name, type, access, url, user_name, \
         database_name, basic_auth, basic_auth_user, with_credentials, is_default, json_data, \
         secure_json_data, read_only, is_prunable, api_version, version, created, updated) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    let query = bind_values(sqlx::query(statement).bind(row.org_id), row)
        .bind(now)
        .bind(now);
    store.insert(&mut *conn, query).await
}

/// Rewrites data source `id` if it still has `base_version`; false when it changed meanwhile.
pub(crate) async fn update(
    store: &Store,
    conn: &mut AnyConnection,
    id: i64,
    base_version: i64,
    row: &RowValues<'_>,
    now: i64,
) -> sqlx::Result<bool> {
    let statement = store.sql(
        "UPDATE data_source SET uid = ?, name = ?, type = ?, access = ?, url = ?, \
         user_name = ?, database_name = ?, basic_auth = ?, basic_auth_user = ?, \
         with_credentials = ?, is_default = ?, json_data = ?, secure_json_data = ?, \
         read_only = ?, is_prunable = ?, api_version = ?, version = ?, updated = ? \
         WHERE org_id = ? AND id = ? AND version = ?",
    );
    let done = bind_values(sqlx::query(statement), row)
        .bind(now)
        .bind(row.org_id)
        .bind(id)
        .bind(base_version)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Binds a row's columns from `uid` to `version`, in the order `insert` and `update` name them.
fn bind_values<'q>(query: AnyQuery<'q>, row: &RowValues<'_>) -> AnyQuery<'q> {
    query
        .bind(row.uid.to_string())
        .bind(row.name.to_string())
        .bind(row.type_id.to_string())
        .bind(row.access.to_string())
        .bind(row.url.to_string())
        .bind(row.user.to_string())
        .bind(row.database.to_string())
        .bind(i64::from(row.basic_auth))
        .bind(row.basic_auth_user.to_string())
        .bind(i64::from(row.with_credentials))
        .bind(i64::from(row.is_default))
        .bind(row.json_data.clone())
        .bind(row.secure_json_data.to_stored())
        .bind(i64::from(row.read_only))
        .bind(i64::from(row.prunable))
        .bind(row.api_version.to_string())
        .bind(row.version)
}

/// Makes data source `id` the org's only default.
pub(crate) async fn clear_other_defaults(
    store: &Store,
    conn: &mut AnyConnection,
    org_id: i64,
    id: i64,
) -> sqlx::Result<()> {
    sqlx::query(store.sql(
        "UPDATE data_source SET is_default = 0 WHERE org_id = ? AND id <> ? AND is_default = 1",
    ))
    .bind(org_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn delete(
    store: &Store,
    conn: &mut AnyConnection,
    org_id: i64,
    id: i64,
) -> sqlx::Result<()> {
    sqlx::query(store.sql("DELETE FROM data_source WHERE org_id = ? AND id = ?"))
        .bind(org_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
