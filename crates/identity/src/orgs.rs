//! Organizations: create, read, rename, delete (with everything that belongs to them).

use sightline_store::{now_epoch, sqlx};

use crate::error::{IdentityError, Result};
use crate::models::{Address, Org};
use crate::{required, storable, IdentityService};

/// `SELECT` of every org column followed by the given clause.
macro_rules! select_org {
    ($clause:literal) => {
        concat!(
            "SELECT id, name, address1, address2, city, zip_code, state, country, created, updated FROM org ",
            $clause
        )
    };
}

impl IdentityService {
    /// Creates an org; when `creator` is given, that user becomes its admin.
    pub async fn create_org(&self, name: &str, creator: Option<i64>) -> Result<i64> {
        let name = required("name", name)?;
        let mut tx = self.store().begin().await?;
        let now = now_epoch();
        let insert = self
            .store()
            .insert_sql("INSERT INTO org (name, created, updated) VALUES (?, ?, ?)");
        let query = sqlx::query(insert).bind(&name).bind(now).bind(now);
        let org_id = match self.store().insert(&mut *tx, query).await {
            Err(error) if error.is_unique_violation() => return Err(IdentityError::OrgNameTaken),
            other => other?,
        };
        if let Some(user_id) = creator {
            self.insert_org_user(&mut tx, org_id, user_id, sightline_core::OrgRole::Admin)
                .await?;
        }
        tx.commit().await?;
        Ok(org_id)
    }

    /// Creates the org with a fixed id when it is missing (the auto-assign org, id 1 by default).
    pub async fn ensure_org(&self, org_id: i64, name: &str) -> Result<()> {
        if self.find_org(org_id).await?.is_some() {
            return Ok(());
        }
        let now = now_epoch();
        let insert = self
            .store()
            .sql("INSERT INTO org (id, name, created, updated) VALUES (?, ?, ?, ?)");
        match sqlx::query(insert)
            .bind(org_id)
            .bind(name)
            .bind(now)
            .bind(now)
            .execute(self.store().pool())
            .await
        {
            Ok(_) => {}
            // Another server created it first.
            Err(error) if self.find_org(org_id).await?.is_some() => {
                tracing::debug!(%error, "org created concurrently");
            }
            Err(error) => return Err(error.into()),
        }
        if self.store().dialect() == sightline_store::Dialect::Postgres {
            // An explicit id does not advance the sequence; keep it ahead of the largest id.
            sqlx::query(
                "SELECT setval(pg_get_serial_sequence('org', 'id'), (SELECT MAX(id) FROM org))",
            )
            .execute(self.store().pool())
            .await?;
        }
        Ok(())
    }

    pub async fn find_org(&self, org_id: i64) -> Result<Option<Org>> {
        let query = self.store().sql(select_org!("WHERE id = ?"));
        Ok(sqlx::query_as(query)
            .bind(org_id)
            .fetch_optional(self.store().pool())
            .await?)
    }

    pub async fn get_org(&self, org_id: i64) -> Result<Org> {
        self.find_org(org_id)
            .await?
            .ok_or(IdentityError::OrgNotFound)
    }

    pub async fn get_org_by_name(&self, name: &str) -> Result<Org> {
        // No stored name holds a NUL character, which PostgreSQL cannot compare.
        if name.contains('\0') {
            return Err(IdentityError::OrgNotFound);
        }
        let query = self.store().sql(select_org!("WHERE name = ?"));
        sqlx::query_as(query)
            .bind(name)
            .fetch_optional(self.store().pool())
            .await?
            .ok_or(IdentityError::OrgNotFound)
    }

    /// Orgs whose name contains `query`, by name.
    pub async fn search_orgs(&self, query: &str, page: crate::Page) -> Result<Vec<Org>> {
        let sql = self.store().sql(select_org!(
            "WHERE LOWER(name) LIKE ? ESCAPE '!' ORDER BY name LIMIT ? OFFSET ?"
        ));
        Ok(sqlx::query_as(sql)
            .bind(crate::like_pattern(query))
            .bind(page.per_page)
            .bind(page.offset())
            .fetch_all(self.store().pool())
            .await?)
    }

    pub async fn update_org(
        &self,
        org_id: i64,
        name: &str,
        address: Option<&Address>,
    ) -> Result<()> {
        let name = required("name", name)?;
        let current = self.get_org(org_id).await?;
        let address = address.unwrap_or(&current.address);
        for (field, value) in [
            ("address1", &address.address1),
            ("address2", &address.address2),
            ("city", &address.city),
            ("zipCode", &address.zip_code),
            ("state", &address.state),
            ("country", &address.country),
        ] {
            storable(field, value)?;
        }
        let update = self.store().sql(
            "UPDATE org SET name = ?, address1 = ?, address2 = ?, city = ?, zip_code = ?, \
             state = ?, country = ?, updated = ?, version = version + 1 WHERE id = ?",
        );
        let result = sqlx::query(update)
            .bind(&name)
            .bind(&address.address1)
            .bind(&address.address2)
            .bind(&address.city)
            .bind(&address.zip_code)
            .bind(&address.state)
            .bind(&address.country)
            .bind(now_epoch())
            .bind(org_id)
            .execute(self.store().pool())
            .await;
        crate::unique_or(result, IdentityError::OrgNameTaken)?;
        Ok(())
    }

    /// Deletes an org with its memberships, teams, preferences and service accounts; users
    /// whose current org it was move to another org of theirs.
    pub async fn delete_org(&self, org_id: i64) -> Result<()> {
        self.get_org(org_id).await?;
        let store = self.store();
        let mut tx = store.begin().await?;
        let statements: [&'static str; 8] = [
            "DELETE FROM api_key WHERE org_id = ?",
            "DELETE FROM user_auth_token WHERE user_id IN (SELECT id FROM user_account WHERE is_service_account = 1 AND org_id = ?)",
            "DELETE FROM org_user WHERE user_id IN (SELECT id FROM user_account WHERE is_service_account = 1 AND org_id = ?)",
            "DELETE FROM user_account WHERE is_service_account = 1 AND org_id = ?",
            "DELETE FROM team_member WHERE org_id = ?",
            "DELETE FROM team WHERE org_id = ?",
            "DELETE FROM preferences WHERE org_id = ?",
            "DELETE FROM org_user WHERE org_id = ?",
        ];
        for statement in statements {
            sqlx::query(store.sql(statement))
                .bind(org_id)
                .execute(&mut *tx)
                .await?;
        }
        // Users whose current org this was switch to another of theirs (0 when none is left).
        let orphaned = store.sql(
            "UPDATE user_account SET org_id = COALESCE((SELECT MIN(ou.org_id) FROM org_user ou \
             WHERE ou.user_id = user_account.id), 0) WHERE org_id = ?",
        );
        sqlx::query(orphaned).bind(org_id).execute(&mut *tx).await?;
        sqlx::query(store.sql("DELETE FROM org WHERE id = ?"))
            .bind(org_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.changed();
        Ok(())
    }
}
