//! Teams of an org and their members. A team belongs to exactly one org; every lookup is
//! scoped by org, so a team of another org reads as not found. Members must belong to the org.

use sightline_store::{now_epoch, sqlx};

use crate::error::{IdentityError, Result};
use crate::models::{Team, TeamMember};
use crate::users::new_uid;
use crate::{required, storable, unique_or, IdentityService, Page};

/// `SELECT` of every team column and its member count, followed by the given clause.
macro_rules! select_team {
    ($clause:literal) => {
        concat!(
            "SELECT t.id, t.uid, t.org_id, t.name, t.email, t.created, t.updated, \
             (SELECT COUNT(*) FROM team_member tm WHERE tm.team_id = t.id) AS member_count \
             FROM team t ",
            $clause
        )
    };
}

impl IdentityService {
    /// Creates a team with a generated uid; names are unique within an org.
    pub async fn create_team(&self, org_id: i64, name: &str, email: &str) -> Result<Team> {
        let name = required("name", name)?;
        storable("email", email.trim())?;
        let now = now_epoch();
        let insert = self.store().insert_sql(
            "INSERT INTO team (uid, org_id, name, email, created, updated) VALUES (?, ?, ?, ?, ?, ?)",
        );
        let query = sqlx::query(insert)
            .bind(new_uid())
            .bind(org_id)
            .bind(name)
            .bind(email.trim().to_string())
            .bind(now)
            .bind(now);
        let team_id = match self.store().insert(self.store().pool(), query).await {
            Err(error) if error.is_unique_violation() => return Err(IdentityError::TeamNameTaken),
            other => other?,
        };
        self.get_team(org_id, team_id).await
    }

    /// A team of `org_id`; a team of another org is not found.
    pub async fn get_team(&self, org_id: i64, team_id: i64) -> Result<Team> {
        let query = self
            .store()
            .sql(select_team!("WHERE t.org_id = ? AND t.id = ?"));
        let team: Option<Team> = sqlx::query_as(query)
            .bind(org_id)
            .bind(team_id)
            .fetch_optional(self.store().pool())
            .await?;
        team.ok_or(IdentityError::TeamNotFound)
    }

    /// Teams of an org whose name contains `query` (and equals `name_exact` when given), by
    /// name, with the total count of matches.
    pub async fn search_teams(
        &self,
        org_id: i64,
        query: &str,
        name_exact: Option<&str>,
        page: Page,
    ) -> Result<(i64, Vec<Team>)> {
        let pattern = crate::like_pattern(query);
        // `? = 0 OR …` switches the exact-name filter off without a second statement.
        let filter_by_name = i64::from(name_exact.is_some());
        let name = name_exact.unwrap_or_default().to_string();
        let count = self.store().sql(
            "SELECT COUNT(*) FROM team t WHERE t.org_id = ? AND LOWER(t.name) LIKE ? ESCAPE '!' \
             AND (? = 0 OR t.name = ?)",
        );
        let total: i64 = sqlx::query_scalar(count)
            .bind(org_id)
            .bind(&pattern)
            .bind(filter_by_name)
            .bind(&name)
            .fetch_one(self.store().pool())
            .await?;
        let select = self.store().sql(select_team!(
            "WHERE t.org_id = ? AND LOWER(t.name) LIKE ? ESCAPE '!' AND (? = 0 OR t.name = ?) \
             ORDER BY t.name, t.id LIMIT ? OFFSET ?"
        ));
        let teams = sqlx::query_as(select)
            .bind(org_id)
            .bind(&pattern)
            .bind(filter_by_name)
            .bind(&name)
            .bind(page.per_page)
            .bind(page.offset())
            .fetch_all(self.store().pool())
            .await?;
        Ok((total, teams))
    }

    /// Renames a team and sets its email.
    pub async fn update_team(
        &self,
        org_id: i64,
        team_id: i64,
        name: &str,
        email: &str,
    ) -> Result<()> {
        let name = required("name", name)?;
        storable("email", email.trim())?;
        self.get_team(org_id, team_id).await?;
        let update = self
            .store()
            .sql("UPDATE team SET name = ?, email = ?, updated = ? WHERE id = ? AND org_id = ?");
        let result = sqlx::query(update)
            .bind(name)
            .bind(email.trim().to_string())
            .bind(now_epoch())
            .bind(team_id)
            .bind(org_id)
            .execute(self.store().pool())
            .await;
        unique_or(result, IdentityError::TeamNameTaken)?;
        Ok(())
    }

    /// Deletes a team with its memberships and its team preferences.
    pub async fn delete_team(&self, org_id: i64, team_id: i64) -> Result<()> {
        self.get_team(org_id, team_id).await?;
        let store = self.store();
        let mut tx = store.begin().await?;
        for statement in [
            "DELETE FROM team_member WHERE org_id = ? AND team_id = ?",
            "DELETE FROM preferences WHERE org_id = ? AND team_id = ?",
            "DELETE FROM team WHERE org_id = ? AND id = ?",
        ] {
            sqlx::query(store.sql(statement))
                .bind(org_id)
                .bind(team_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.changed();
        Ok(())
    }

    /// The members of a team, by login.
    pub async fn team_members(&self, org_id: i64, team_id: i64) -> Result<Vec<TeamMember>> {
        self.get_team(org_id, team_id).await?;
        let select = self.store().sql(
            "SELECT tm.org_id, tm.team_id, t.uid AS team_uid, tm.user_id, u.uid AS user_uid, \
             u.login, u.email, u.name, tm.permission FROM team_member tm \
             JOIN team t ON t.id = tm.team_id JOIN user_account u ON u.id = tm.user_id \
             WHERE tm.org_id = ? AND tm.team_id = ? ORDER BY u.login",
        );
        Ok(sqlx::query_as(select)
            .bind(org_id)
            .bind(team_id)
            .fetch_all(self.store().pool())
            .await?)
    }

    /// Adds a member of the org to a team with a [`TeamMember::MEMBER`] or
    /// [`TeamMember::ADMIN`] permission.
    pub async fn add_team_member(
        &self,
        org_id: i64,
        team_id: i64,
        user_id: i64,
        permission: i64,
    ) -> Result<()> {
        check_permission(permission)?;
        self.get_team(org_id, team_id).await?;
        // Also covers a user that does not exist: they belong to no org.
        if self.org_role(user_id, org_id).await?.is_none() {
            return Err(IdentityError::NotOrgMember);
        }
        let now = now_epoch();
        let insert = self.store().sql(
            "INSERT INTO team_member (org_id, team_id, user_id, permission, created, updated) \
             VALUES (?, ?, ?, ?, ?, ?)",
        );
        let result = sqlx::query(insert)
            .bind(org_id)
            .bind(team_id)
            .bind(user_id)
            .bind(permission)
            .bind(now)
            .bind(now)
            .execute(self.store().pool())
            .await;
        unique_or(result, IdentityError::AlreadyTeamMember)?;
        self.changed();
        Ok(())
    }

    /// Changes a member's permission in a team.
    pub async fn set_team_member_permission(
        &self,
        org_id: i64,
        team_id: i64,
        user_id: i64,
        permission: i64,
    ) -> Result<()> {
        check_permission(permission)?;
        self.get_team(org_id, team_id).await?;
        let update = self.store().sql(
            "UPDATE team_member SET permission = ?, updated = ? \
             WHERE org_id = ? AND team_id = ? AND user_id = ?",
        );
        // Affected rows count matched rows on every backend (MySQL connects with FOUND_ROWS).
        let done = sqlx::query(update)
            .bind(permission)
            .bind(now_epoch())
            .bind(org_id)
            .bind(team_id)
            .bind(user_id)
            .execute(self.store().pool())
            .await?;
        if done.rows_affected() == 0 {
            return Err(IdentityError::NotTeamMember);
        }
        Ok(())
    }

    pub async fn remove_team_member(&self, org_id: i64, team_id: i64, user_id: i64) -> Result<()> {
        self.get_team(org_id, team_id).await?;
        let delete = self
            .store()
            .sql("DELETE FROM team_member WHERE org_id = ? AND team_id = ? AND user_id = ?");
        let done = sqlx::query(delete)
            .bind(org_id)
            .bind(team_id)
            .bind(user_id)
            .execute(self.store().pool())
            .await?;
        if done.rows_affected() == 0 {
            return Err(IdentityError::NotTeamMember);
        }
        self.changed();
        Ok(())
    }

    /// The teams of `org_id` the user belongs to, by name.
    pub async fn user_teams(&self, org_id: i64, user_id: i64) -> Result<Vec<Team>> {
        let select = self.store().sql(select_team!(
            "WHERE t.org_id = ? AND t.id IN (SELECT team_id FROM team_member WHERE user_id = ?) \
             ORDER BY t.name, t.id"
        ));
        Ok(sqlx::query_as(select)
            .bind(org_id)
            .bind(user_id)
            .fetch_all(self.store().pool())
            .await?)
    }
}

fn check_permission(permission: i64) -> Result<()> {
    if permission == TeamMember::MEMBER || permission == TeamMember::ADMIN {
        return Ok(());
    }
    Err(IdentityError::Invalid(format!(
        "invalid team permission {permission}: expected 0 (member) or 4 (admin)"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_member_and_admin_permissions_are_accepted() {
        assert!(check_permission(0).is_ok());
        assert!(check_permission(4).is_ok());
        assert!(check_permission(1).is_err());
        assert!(check_permission(-4).is_err());
    }
}
