//! Versioned, forward-only migrations, safe when several servers start on one database at
//! once: the runner holds a database-wide lock while it compares and applies.

use sqlx::{Any, AssertSqlSafe, Connection, Executor, Row};

use crate::dialect::Dialect;
use crate::error::StoreError;
use crate::pool::Store;

/// One schema change. `statements` use the DDL tokens of [`Dialect::ddl`].
#[derive(Debug)]
pub struct Migration {
    /// Unique and increasing across all crates; each domain crate owns a range of ids.
    pub id: i64,
    pub name: &'static str,
    pub statements: &'static [&'static str],
}

/// Prefix of the MySQL lock name; the rest is a hash of the database name (locks are
/// server-wide and names are limited to 64 characters).
const LOCK_NAME: &str = "sightline_migrate_";
/// Arbitrary constant naming the Postgres advisory lock.
const POSTGRES_LOCK_KEY: i64 = 0x5167_6874_6c69;

const CREATE_TABLE: &str = "CREATE TABLE IF NOT EXISTS sightline_migration (
    id {int} NOT NULL PRIMARY KEY,
    name {key} NOT NULL,
    applied_at {int} NOT NULL
) {table_options}";

impl Store {
    /// Applies every migration in `migrations` that the database has not seen, in id order.
    pub async fn migrate(&self, migrations: &[&Migration]) -> Result<(), StoreError> {
        let mut ordered: Vec<&Migration> = migrations.to_vec();
        ordered.sort_by_key(|migration| migration.id);
        let mut conn = self.pool().acquire().await?;
        match self.dialect() {
            Dialect::Sqlite => {
                // The write lock of BEGIN IMMEDIATE excludes other processes for the whole run.
                conn.execute("BEGIN IMMEDIATE").await?;
                let outcome = self.apply_pending(&mut conn, &ordered, false).await;
                let end = if outcome.is_ok() {
                    "COMMIT"
                } else {
                    "ROLLBACK"
                };
                conn.execute(end).await?;
                outcome
            }
            Dialect::Postgres => {
                sqlx::query("SELECT pg_advisory_lock($1)")
                    .bind(POSTGRES_LOCK_KEY)
                    .execute(&mut *conn)
                    .await?;
                let outcome = self.apply_pending(&mut conn, &ordered, true).await;
                sqlx::query("SELECT pg_advisory_unlock($1)")
                    .bind(POSTGRES_LOCK_KEY)
                    .execute(&mut *conn)
                    .await?;
                outcome
            }
            Dialect::Mysql => {
                // Named after the database, so migrations of other databases on the same
                // server do not wait for this one.
                let row = sqlx::query("SELECT GET_LOCK(CONCAT(?, MD5(DATABASE())), 300)")
                    .bind(LOCK_NAME)
                    .fetch_one(&mut *conn)
                    .await?;
                if row.try_get::<i64, _>(0)? != 1 {
                    return Err(StoreError::Query(sqlx::Error::Protocol(
                        "timed out waiting for the migration lock".into(),
                    )));
                }
                // MySQL commits DDL implicitly, so a transaction would not help.
                let outcome = self.apply_pending(&mut conn, &ordered, false).await;
                sqlx::query("SELECT RELEASE_LOCK(CONCAT(?, MD5(DATABASE())))")
                    .bind(LOCK_NAME)
                    .execute(&mut *conn)
                    .await?;
                outcome
            }
        }
    }

    async fn apply_pending(
        &self,
        conn: &mut sqlx::AnyConnection,
        ordered: &[&Migration],
        transaction_per_migration: bool,
    ) -> Result<(), StoreError> {
        let dialect = self.dialect();
        conn.execute(AssertSqlSafe(dialect.ddl(CREATE_TABLE)))
            .await?;
        let applied: Vec<i64> = sqlx::query("SELECT id FROM sightline_migration")
            .fetch_all(&mut *conn)
            .await?
            .iter()
            .map(|row| row.try_get::<i64, _>(0))
            .collect::<Result<_, _>>()?;
        for unknown in applied
            .iter()
            .filter(|id| !ordered.iter().any(|migration| migration.id == **id))
        {
            tracing::warn!(
                migration = unknown,
                "database has a migration this version does not know"
            );
        }
        for migration in ordered.iter().filter(|m| !applied.contains(&m.id)) {
            tracing::info!(
                id = migration.id,
                name = migration.name,
                "applying migration"
            );
            let result = if transaction_per_migration {
                let mut transaction = conn.begin().await?;
                let applied = apply_one(&mut transaction, dialect, migration).await;
                match applied {
                    Ok(()) => transaction.commit().await,
                    Err(error) => Err(error),
                }
            } else {
                apply_one(conn, dialect, migration).await
            };
            result.map_err(|source| StoreError::Migration {
                id: migration.id,
                name: migration.name,
                source,
            })?;
        }
        Ok(())
    }
}

async fn apply_one(
    conn: &mut sqlx::AnyConnection,
    dialect: Dialect,
    migration: &Migration,
) -> Result<(), sqlx::Error> {
    for statement in migration.statements {
        conn.execute(AssertSqlSafe(dialect.ddl(statement))).await?;
    }
    let record =
        dialect.sql("INSERT INTO sightline_migration (id, name, applied_at) VALUES (?, ?, ?)");
    sqlx::query::<Any>(record)
        .bind(migration.id)
        .bind(migration.name)
        .bind(crate::now_epoch())
        .execute(&mut *conn)
        .await?;
    Ok(())
}
