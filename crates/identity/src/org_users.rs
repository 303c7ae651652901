//! Membership of users in orgs, with Grafana's rule that an org keeps at least one admin.

use sightline_core::OrgRole;
use sightline_store::{now_epoch, sqlx};

use crate::error::{IdentityError, Result};
use crate::models::OrgMember;
use crate::{unique_or, IdentityService};

/// What happened to a user removed from an org.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    RemovedFromOrg,
    /// The org was the user's last one and the caller asked to delete such users.
    UserDeleted,
}

impl IdentityService {
    pub(crate) async fn insert_org_user(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        org_id: i64,
        user_id: i64,
        role: OrgRole,
    ) -> Result<()> {
        let now = now_epoch();
        let insert = self.store().sql(
            "INSERT INTO org_user (org_id, user_id, role, created, updated) VALUES (?, ?, ?, ?, ?)",
        );
        let result = sqlx::query(insert)
            .bind(org_id)
            .bind(user_id)
            .bind(role.as_str())
            .bind(now)
            .bind(now)
            .execute(&mut **tx)
            .await;
        unique_or(result, IdentityError::AlreadyOrgMember)?;
        Ok(())
    }

    /// Adds an existing person to an org; returns their user id.
    pub async fn add_org_user(
        &self,
        org_id: i64,
        login_or_email: &str,
        role: OrgRole,
    ) -> Result<i64> {
        self.get_org(org_id).await?;
        let user = self.get_user_by_login_or_email(login_or_email).await?;
        let mut tx = self.store().begin().await?;
        self.insert_org_user(&mut tx, org_id, user.id, role).await?;
        // A user without a current org (their last one was deleted) lands in this one.
        let adopt = self
            .store()
            .sql("UPDATE user_account SET org_id = ? WHERE id = ? AND org_id = 0");
        sqlx::query(adopt)
            .bind(org_id)
            .bind(user.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.changed();
        Ok(user.id)
    }

    /// Members of an org whose login, email or name contains `query`, by login.
    pub async fn org_members(
        &self,
        org_id: i64,
        query: &str,
        limit: i64,
    ) -> Result<Vec<OrgMember>> {
        let select = self.store().sql(
            "SELECT ou.org_id, ou.user_id, u.uid, u.login, u.email, u.name, ou.role, u.last_seen_at, \
             u.is_disabled FROM org_user ou JOIN user_account u ON u.id = ou.user_id \
             WHERE ou.org_id = ? AND u.is_service_account = 0 AND (LOWER(u.login) LIKE ? ESCAPE '!' \
             OR LOWER(u.email) LIKE ? ESCAPE '!' OR LOWER(u.name) LIKE ? ESCAPE '!') \
             ORDER BY u.login LIMIT ?",
        );
        let pattern = crate::like_pattern(query);
        Ok(sqlx::query_as(select)
            .bind(org_id)
            .bind(&pattern)
            .bind(&pattern)
            .bind(&pattern)
            .bind(limit.clamp(1, 5000))
            .fetch_all(self.store().pool())
            .await?)
    }

    /// Changes a member's role; refuses to demote the org's last admin.
    pub async fn update_org_user_role(
        &self,
        org_id: i64,
        user_id: i64,
        role: OrgRole,
    ) -> Result<()> {
        let current = self
            .org_role(user_id, org_id)
            .await?
            .ok_or(IdentityError::NotOrgMember)?;
        let mut tx = self.store().begin().await?;
        if current == OrgRole::Admin && role != OrgRole::Admin {
            self.ensure_other_admin(&mut tx, org_id, user_id).await?;
        }
        self.write_org_role(&mut *tx, org_id, user_id, role).await?;
        tx.commit().await?;
        self.changed();
        Ok(())
    }

    /// Sets a role without the last-admin rule; used when bootstrapping the first admin.
    pub(crate) async fn set_org_role_unchecked(
        &self,
        org_id: i64,
        user_id: i64,
        role: OrgRole,
    ) -> Result<()> {
        self.write_org_role(self.store().pool(), org_id, user_id, role)
            .await?;
        self.changed();
        Ok(())
    }

    async fn write_org_role<'c, E>(
        &self,
        executor: E,
        org_id: i64,
        user_id: i64,
        role: OrgRole,
    ) -> Result<()>
    where
        E: sqlx::Executor<'c, Database = sqlx::Any>,
    {
        let update = self
            .store()
            .sql("UPDATE org_user SET role = ?, updated = ? WHERE org_id = ? AND user_id = ?");
        sqlx::query(update)
            .bind(role.as_str())
            .bind(now_epoch())
            .bind(org_id)
            .bind(user_id)
            .execute(executor)
            .await?;
        Ok(())
    }

    /// Removes a member. With `delete_orphan`, a user left without any org is deleted, as
    /// Grafana's `/api/orgs/:orgId/users/:userId` does.
    pub async fn remove_org_user(
        &self,
        org_id: i64,
        user_id: i64,
        delete_orphan: bool,
    ) -> Result<Removal> {
        let current = self
            .org_role(user_id, org_id)
            .await?
            .ok_or(IdentityError::NotOrgMember)?;
        let store = self.store();
        let mut tx = store.begin().await?;
        if current == OrgRole::Admin {
            self.ensure_other_admin(&mut tx, org_id, user_id).await?;
        }
        for statement in [
            "DELETE FROM org_user WHERE org_id = ? AND user_id = ?",
            "DELETE FROM team_member WHERE org_id = ? AND user_id = ?",
            "DELETE FROM preferences WHERE org_id = ? AND user_id = ? AND team_id = 0",
        ] {
            sqlx::query(store.sql(statement))
                .bind(org_id)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        let remaining: i64 =
            sqlx::query_scalar(store.sql("SELECT COUNT(*) FROM org_user WHERE user_id = ?"))
                .bind(user_id)
                .fetch_one(&mut *tx)
                .await?;
        let switch = store.sql(
            "UPDATE user_account SET org_id = COALESCE((SELECT MIN(ou.org_id) FROM org_user ou \
             WHERE ou.user_id = user_account.id), 0) WHERE id = ? AND org_id = ?",
        );
        sqlx::query(switch)
            .bind(user_id)
            .bind(org_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.changed();
        if remaining == 0 && delete_orphan {
            self.delete_user_rows(user_id).await?;
            return Ok(Removal::UserDeleted);
        }
        Ok(Removal::RemovedFromOrg)
    }

    async fn ensure_other_admin(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        org_id: i64,
        user_id: i64,
    ) -> Result<()> {
        let query = self.store().sql(
            "SELECT COUNT(*) FROM org_user ou JOIN user_account u ON u.id = ou.user_id \
             WHERE ou.org_id = ? AND ou.role = 'Admin' AND ou.user_id <> ? AND u.is_service_account = 0",
        );
        let others: i64 = sqlx::query_scalar(query)
            .bind(org_id)
            .bind(user_id)
            .fetch_one(&mut **tx)
            .await?;
        if others == 0 {
            return Err(IdentityError::LastOrgAdmin);
        }
        Ok(())
    }
}
