//! The per-org generation: a counter every dashboard/folder/grant write bumps inside its
//! transaction, read before an index is trusted. Servers sharing one database thereby notice
//! each other's writes.

use sightline_store::sqlx::{self, Any, Executor};
use sightline_store::{Dialect, Store};

use crate::error::Result;

/// Increments the org's generation in `executor`'s transaction and returns the new value.
/// Called as the last statement of a write transaction, so the row lock it takes is held
/// only until the commit that follows.
pub(crate) async fn bump(
    store: &Store,
    tx: &mut sqlx::Transaction<'static, Any>,
    org_id: i64,
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
    current(store, &mut **tx, org_id).await
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
