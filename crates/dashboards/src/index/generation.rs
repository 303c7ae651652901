//! The per-org generation: a counter every dashboard/folder/grant write bumps inside its
//! transaction, read before an index is trusted, and the log of what each generation
//! changed. Servers sharing one database thereby notice each other's writes and replay them.
//!
//! The bump takes the org's row lock until the transaction commits, so generations commit
//! in order: once a reader sees generation N, every change up to N is visible.

use sightline_store::sqlx::{self, Any, Executor};
use sightline_store::{Dialect, Store};

use super::Change;
use crate::error::Result;

/// How many generations of changes are kept per org.
const CHANGES_KEPT: i64 = 2000;

/// Increments the org's generation in `tx`, logs `change` under it and returns the new
/// value. Called last in a write transaction, so the row lock it takes is held only until
/// the commit that follows.
pub(crate) async fn bump(
    store: &Store,
    tx: &mut sqlx::Transaction<'static, Any>,
    org_id: i64,
    change: &Change,
) -> Result<i64> {
    let upsert = match store.dialect() {
        Dialect::Mysql => store.sql(
            "INSERT INTO dashboard_generation (org_id, generation) VALUES (?, 1) \
             ON DUPLICATE KEY UPDATE generation = generation + 1",
        ),
        _ => store.sql(
            "INSERT INTO dashboard_generation (org_id, generation) VALUES (?, 1) \
             ON CONFLICT (org_id) DO UPDATE SET generation = dashboard_generation.generation + 1",
        ),
    };
    sqlx::query(upsert).bind(org_id).execute(&mut **tx).await?;
    let generation = current(store, &mut **tx, org_id).await?;
    let (kind, uid) = match change {
        Change::Dashboard(uid) => (DASHBOARD, uid.as_str()),
        Change::Folders => (FOLDERS, ""),
        Change::Everything => (EVERYTHING, ""),
    };
    let log = store
        .sql("INSERT INTO dashboard_change (org_id, generation, kind, uid) VALUES (?, ?, ?, ?)");
    sqlx::query(log)
        .bind(org_id)
        .bind(generation)
        .bind(kind)
        .bind(uid.to_string())
        .execute(&mut **tx)
        .await?;
    if generation % 100 == 0 {
        let prune = store.sql("DELETE FROM dashboard_change WHERE org_id = ? AND generation <= ?");
        sqlx::query(prune)
            .bind(org_id)
            .bind(generation - CHANGES_KEPT)
            .execute(&mut **tx)
            .await?;
    }
    Ok(generation)
}

const DASHBOARD: &str = "dashboard";
const FOLDERS: &str = "folders";
const EVERYTHING: &str = "everything";

/// The changes of generations `after + 1 ..= upto`, in order; `None` when some are no
/// longer kept.
pub(crate) async fn changes(
    store: &Store,
    org_id: i64,
    after: i64,
    upto: i64,
) -> Result<Option<Vec<Change>>> {
    let select = store.sql(
        "SELECT kind, uid FROM dashboard_change WHERE org_id = ? AND generation > ? \
         AND generation <= ? ORDER BY generation",
    );
    let rows: Vec<(String, String)> = sqlx::query_as(select)
        .bind(org_id)
        .bind(after)
        .bind(upto)
        .fetch_all(store.pool())
        .await?;
    if i64::try_from(rows.len()).ok() != Some(upto - after) {
        return Ok(None);
    }
    Ok(Some(
        rows.into_iter()
            .map(|(kind, uid)| match kind.as_str() {
                DASHBOARD => Change::Dashboard(uid),
                FOLDERS => Change::Folders,
                _ => Change::Everything,
            })
            .collect(),
    ))
}

/// The org's generation; 0 before its first write.
pub(crate) async fn current<'c, E>(store: &Store, executor: E, org_id: i64) -> Result<i64>
where
    E: Executor<'c, Database = Any>,
{
    let select = store.sql("SELECT generation FROM dashboard_generation WHERE org_id = ?");
    let generation: Option<i64> = sqlx::query_scalar(select)
        .bind(org_id)
        .fetch_optional(executor)
        .await?;
    Ok(generation.unwrap_or(0))
}
