//! Users: create (joining or creating an org), look up, update, passwords, server admin,
//! search, delete, and which orgs a user belongs to.

use sightline_core::OrgRole;
use sightline_store::{now_epoch, sqlx};

use crate::error::{IdentityError, Result};
use crate::models::{NewUser, User, UserOrg, UserUpdate};
use crate::secrets::{check_new_password, hash_password, verify_password};
use crate::{unique_or, IdentityService, Page};

/// `SELECT` of every user column followed by the given clause.
macro_rules! select_user {
    ($clause:literal) => {
        concat!(
            "SELECT id, uid, login, email, name, password, company, org_id, is_admin, is_disabled, \
             is_service_account, theme, created, updated, last_seen_at FROM user_account ",
            $clause
        )
    };
}

/// How long a user's `last_seen_at` may lag before a request refreshes it.
const LAST_SEEN_RESOLUTION_SECS: i64 = 60;

impl IdentityService {
    /// Creates a user. Login and email default to each other; the user joins `org_id`, or the
    /// auto-assign org, or — with auto-assign off — a new org of their own as its admin.
    pub async fn create_user(&self, new_user: &NewUser) -> Result<User> {
        let (login, email) = login_and_email(&new_user.login, &new_user.email)?;
        crate::storable("name", new_user.name.trim())?;
        check_new_password(&new_user.password).map_err(|_| {
            IdentityError::Invalid(
                "password is missing or too short (at least 4 characters)".into(),
            )
        })?;
        let password_hash = hash_password(&new_user.password)?;
        let options = self.options();
        let (org_id, role) = match new_user.org_id {
            Some(org_id) => {
                // The org is part of the input, so a missing one is a bad request (as in
                // Grafana), not a missing resource.
                if self.find_org(org_id).await?.is_none() {
                    return Err(IdentityError::Invalid(format!(
                        "organization {org_id} not found"
                    )));
                }
                (Some(org_id), options.auto_assign_org_role)
            }
            None if options.auto_assign_org => {
                self.ensure_org(options.auto_assign_org_id, "Main Org.")
                    .await?;
                (
                    Some(options.auto_assign_org_id),
                    options.auto_assign_org_role,
                )
            }
            None => (None, OrgRole::Admin),
        };
        let mut tx = self.store().begin().await?;
        if self
            .login_or_email_taken(&mut tx, &login, &email, 0)
            .await?
        {
            return Err(IdentityError::UserExists { login, email });
        }
        let org_id = match org_id {
            Some(org_id) => org_id,
            None => self.insert_personal_org(&mut tx, &login).await?,
        };
        let user_id = self
            .insert_user_row(
                &mut tx,
                &login,
                &email,
                &new_user.name,
                &password_hash,
                org_id,
                new_user.is_admin,
                false,
            )
            .await
            .map_err(|error| match error {
                IdentityError::Store(store) if store.is_unique_violation() => {
                    IdentityError::UserExists {
                        login: login.clone(),
                        email: email.clone(),
                    }
                }
                other => other,
            })?;
        self.insert_org_user(&mut tx, org_id, user_id, role).await?;
        tx.commit().await?;
        self.get_user(user_id).await
    }

    async fn insert_personal_org(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        login: &str,
    ) -> Result<i64> {
        let now = now_epoch();
        let insert = self
            .store()
            .insert_sql("INSERT INTO org (name, created, updated) VALUES (?, ?, ?)");
        let query = sqlx::query(insert)
            .bind(login.to_string())
            .bind(now)
            .bind(now);
        match self.store().insert(&mut **tx, query).await {
            Err(error) if error.is_unique_violation() => Err(IdentityError::OrgNameTaken),
            other => Ok(other?),
        }
    }

    /// True when a user other than `except_user_id` has `login` as login or `email` as email,
    /// ignoring case: Grafana treats logins and emails case-insensitively, while the unique
    /// indexes compare exactly on every backend.
    async fn login_or_email_taken(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        login: &str,
        email: &str,
        except_user_id: i64,
    ) -> Result<bool> {
        let query = self.store().sql(
            "SELECT COUNT(*) FROM user_account WHERE id <> ? AND (LOWER(login) = ? OR LOWER(email) = ?)",
        );
        let taken: i64 = sqlx::query_scalar(query)
            .bind(except_user_id)
            .bind(login.to_lowercase())
            .bind(email.to_lowercase())
            .fetch_one(&mut **tx)
            .await?;
        Ok(taken > 0)
    }

    /// Inserts a `user_account` row; shared by users and service accounts.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn insert_user_row(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        login: &str,
        email: &str,
        name: &str,
        password_hash: &str,
        org_id: i64,
        is_admin: bool,
        is_service_account: bool,
    ) -> Result<i64> {
        let now = now_epoch();
        let insert = self.store().insert_sql(
            "INSERT INTO user_account (uid, login, email, name, password, org_id, is_admin, \
             is_service_account, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        );
        let query = sqlx::query(insert)
            .bind(new_uid())
            .bind(login.to_string())
            .bind(email.to_string())
            .bind(name.trim().to_string())
            .bind(password_hash.to_string())
            .bind(org_id)
            .bind(i64::from(is_admin))
            .bind(i64::from(is_service_account))
            .bind(now)
            .bind(now);
        Ok(self.store().insert(&mut **tx, query).await?)
    }

    pub async fn find_user(&self, user_id: i64) -> Result<Option<User>> {
        let query = self.store().sql(select_user!("WHERE id = ?"));
        Ok(sqlx::query_as(query)
            .bind(user_id)
            .fetch_optional(self.store().pool())
            .await?)
    }

    /// A person (not a service account) by id.
    pub async fn get_user(&self, user_id: i64) -> Result<User> {
        match self.find_user(user_id).await? {
            Some(user) if !user.is_service_account => Ok(user),
            _ => Err(IdentityError::UserNotFound),
        }
    }

    /// A person by login or email, compared case-insensitively as Grafana does.
    pub async fn find_user_by_login_or_email(&self, login_or_email: &str) -> Result<Option<User>> {
        let needle = login_or_email.trim().to_lowercase();
        // No stored login or email holds a NUL character, which PostgreSQL cannot compare.
        if needle.contains('\0') {
            return Ok(None);
        }
        let query = self.store().sql(select_user!(
            "WHERE is_service_account = 0 AND (LOWER(login) = ? OR LOWER(email) = ?) ORDER BY id"
        ));
        let users: Vec<User> = sqlx::query_as(query)
            .bind(&needle)
            .bind(&needle)
            .fetch_all(self.store().pool())
            .await?;
        // An exact login match wins over an email match of another user.
        let by_login = users
            .iter()
            .position(|user| user.login.to_lowercase() == needle);
        Ok(match by_login {
            Some(index) => users.into_iter().nth(index),
            None => users.into_iter().next(),
        })
    }

    pub async fn get_user_by_login_or_email(&self, login_or_email: &str) -> Result<User> {
        self.find_user_by_login_or_email(login_or_email)
            .await?
            .ok_or(IdentityError::UserNotFound)
    }

    pub async fn update_user(&self, user_id: i64, update: &UserUpdate) -> Result<()> {
        let current = self.get_user(user_id).await?;
        let login = match &update.login {
            Some(login) => crate::required("login", login)?,
            None => current.login,
        };
        let email = match &update.email {
            Some(email) => crate::required("email", email)?,
            None => current.email,
        };
        let name = update
            .name
            .as_deref()
            .map(str::trim)
            .unwrap_or(&current.name)
            .to_string();
        crate::storable("name", &name)?;
        let theme = update.theme.clone().unwrap_or(current.theme);
        crate::storable("theme", &theme)?;
        let mut tx = self.store().begin().await?;
        if self
            .login_or_email_taken(&mut tx, &login, &email, user_id)
            .await?
        {
            return Err(IdentityError::LoginOrEmailTaken);
        }
        let statement = self.store().sql(
            "UPDATE user_account SET login = ?, email = ?, name = ?, theme = ?, updated = ?, \
             version = version + 1 WHERE id = ?",
        );
        let result = sqlx::query(statement)
            .bind(login)
            .bind(email)
            .bind(name)
            .bind(theme)
            .bind(now_epoch())
            .bind(user_id)
            .execute(&mut *tx)
            .await;
        unique_or(result, IdentityError::LoginOrEmailTaken)?;
        tx.commit().await?;
        self.changed();
        Ok(())
    }

    /// A user changing their own password, proving the old one.
    pub async fn change_password(&self, user_id: i64, old: &str, new: &str) -> Result<()> {
        let user = self.get_user(user_id).await?;
        if !verify_password(old, &user.password_hash) {
            return Err(IdentityError::WrongOldPassword);
        }
        self.set_password(user_id, new).await
    }

    /// Sets a password without the old one (server admins, reset-admin-password).
    pub async fn set_password(&self, user_id: i64, new: &str) -> Result<()> {
        check_new_password(new)?;
        self.get_user(user_id).await?;
        let hash = hash_password(new)?;
        let statement = self
            .store()
            .sql("UPDATE user_account SET password = ?, updated = ? WHERE id = ?");
        sqlx::query(statement)
            .bind(hash)
            .bind(now_epoch())
            .bind(user_id)
            .execute(self.store().pool())
            .await?;
        // A new password ends every session of the user, as Grafana does (and makes every
        // cached password check stale).
        self.revoke_all_sessions(user_id).await
    }

    pub async fn set_server_admin(&self, user_id: i64, is_admin: bool) -> Result<()> {
        self.get_user(user_id).await?;
        self.set_user_flag(
            "UPDATE user_account SET is_admin = ?, updated = ? WHERE id = ?",
            user_id,
            is_admin,
        )
        .await
    }

    pub async fn set_user_disabled(&self, user_id: i64, disabled: bool) -> Result<()> {
        self.set_user_flag(
            "UPDATE user_account SET is_disabled = ?, updated = ? WHERE id = ?",
            user_id,
            disabled,
        )
        .await?;
        if disabled {
            self.revoke_all_sessions(user_id).await?;
        }
        Ok(())
    }

    async fn set_user_flag(
        &self,
        statement: &'static str,
        user_id: i64,
        value: bool,
    ) -> Result<()> {
        sqlx::query(self.store().sql(statement))
            .bind(i64::from(value))
            .bind(now_epoch())
            .bind(user_id)
            .execute(self.store().pool())
            .await?;
        self.changed();
        Ok(())
    }

    /// Deletes a person and everything that is only theirs.
    pub async fn delete_user(&self, user_id: i64) -> Result<()> {
        self.get_user(user_id).await?;
        self.delete_user_rows(user_id).await
    }

    pub(crate) async fn delete_user_rows(&self, user_id: i64) -> Result<()> {
        let store = self.store();
        let mut tx = store.begin().await?;
        let statements: [&'static str; 6] = [
            "DELETE FROM org_user WHERE user_id = ?",
            "DELETE FROM team_member WHERE user_id = ?",
            "DELETE FROM user_auth_token WHERE user_id = ?",
            "DELETE FROM preferences WHERE user_id = ?",
            "DELETE FROM api_key WHERE service_account_id = ?",
            "DELETE FROM user_account WHERE id = ?",
        ];
        for statement in statements {
            sqlx::query(store.sql(statement))
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.changed();
        Ok(())
    }

    /// People (not service accounts) whose login, email or name contains `query`, by login,
    /// with the total count of matches.
    pub async fn search_users(&self, query: &str, page: Page) -> Result<(i64, Vec<User>)> {
        let pattern = crate::like_pattern(query);
        let count = self.store().sql(
            "SELECT COUNT(*) FROM user_account WHERE is_service_account = 0 AND (LOWER(login) \
             LIKE ? ESCAPE '!' OR LOWER(email) LIKE ? ESCAPE '!' OR LOWER(name) LIKE ? ESCAPE '!')",
        );
        let total: i64 = sqlx::query_scalar(count)
            .bind(&pattern)
            .bind(&pattern)
            .bind(&pattern)
            .fetch_one(self.store().pool())
            .await?;
        let select = self.store().sql(select_user!(
            "WHERE is_service_account = 0 AND (LOWER(login) LIKE ? ESCAPE '!' OR LOWER(email) \
             LIKE ? ESCAPE '!' OR LOWER(name) LIKE ? ESCAPE '!') ORDER BY login LIMIT ? OFFSET ?"
        ));
        let users = sqlx::query_as(select)
            .bind(&pattern)
            .bind(&pattern)
            .bind(&pattern)
            .bind(page.per_page)
            .bind(page.offset())
            .fetch_all(self.store().pool())
            .await?;
        Ok((total, users))
    }

    /// The orgs a user belongs to, by name.
    pub async fn user_orgs(&self, user_id: i64) -> Result<Vec<UserOrg>> {
        let query = self.store().sql(
            "SELECT o.id, o.name, ou.role FROM org_user ou JOIN org o ON o.id = ou.org_id \
             WHERE ou.user_id = ? ORDER BY o.name",
        );
        let rows: Vec<(i64, String, String)> = sqlx::query_as(query)
            .bind(user_id)
            .fetch_all(self.store().pool())
            .await?;
        rows.into_iter()
            .map(|(org_id, name, role)| {
                let role = crate::models::parse_role(&role).map_err(IdentityError::from)?;
                Ok(UserOrg { org_id, name, role })
            })
            .collect()
    }

    /// The user's role in `org_id`, or `None` when they are not a member.
    pub async fn org_role(&self, user_id: i64, org_id: i64) -> Result<Option<OrgRole>> {
        let query = self
            .store()
            .sql("SELECT role FROM org_user WHERE user_id = ? AND org_id = ?");
        let role: Option<String> = sqlx::query_scalar(query)
            .bind(user_id)
            .bind(org_id)
            .fetch_optional(self.store().pool())
            .await?;
        role.map(|role| crate::models::parse_role(&role).map_err(IdentityError::from))
            .transpose()
    }

    /// Makes `org_id` the user's current org; they must belong to it.
    pub async fn switch_org(&self, user_id: i64, org_id: i64) -> Result<()> {
        if self.org_role(user_id, org_id).await?.is_none() {
            return Err(IdentityError::NotOrgMember);
        }
        let statement = self
            .store()
            .sql("UPDATE user_account SET org_id = ? WHERE id = ?");
        sqlx::query(statement)
            .bind(org_id)
            .bind(user_id)
            .execute(self.store().pool())
            .await?;
        self.changed();
        Ok(())
    }

    /// [`IdentityService::find_user`] for authenticating a request: a user read within the
    /// freshness TTL is not read again.
    pub async fn caller_user(&self, user_id: i64) -> Result<Option<User>> {
        let freshness = self.store().freshness();
        if let Some(user) = self.caches.users.get(freshness, &user_id) {
            return Ok(Some(user));
        }
        let read = freshness.stamp();
        let user = self.find_user(user_id).await?;
        if let Some(user) = &user {
            self.caches
                .users
                .put(freshness, user_id, user.clone(), read);
        }
        Ok(user)
    }

    /// [`IdentityService::org_role`] for authenticating a request, trusted like
    /// [`IdentityService::caller_user`].
    pub async fn caller_org_role(&self, user_id: i64, org_id: i64) -> Result<Option<OrgRole>> {
        let freshness = self.store().freshness();
        if let Some(role) = self.caches.roles.get(freshness, &(user_id, org_id)) {
            return Ok(role);
        }
        let read = freshness.stamp();
        let role = self.org_role(user_id, org_id).await?;
        self.caches
            .roles
            .put(freshness, (user_id, org_id), role, read);
        Ok(role)
    }

    /// Records that the user was active, at most once per minute.
    pub async fn touch_last_seen(&self, user: &User) -> Result<()> {
        let now = now_epoch();
        // The user may come from a cache: this server's own last record counts too.
        {
            let mut last_seen = self
                .caches
                .last_seen
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let recorded = last_seen.entry(user.id).or_insert(user.last_seen_at);
            if now - (*recorded).max(user.last_seen_at) < LAST_SEEN_RESOLUTION_SECS {
                return Ok(());
            }
            *recorded = now;
        }
        let statement = self
            .store()
            .sql("UPDATE user_account SET last_seen_at = ? WHERE id = ?");
        sqlx::query(statement)
            .bind(now)
            .bind(user.id)
            .execute(self.store().pool())
            .await?;
        Ok(())
    }

    /// Creates the initial server admin on first start, unless a user with that login exists.
    pub async fn ensure_initial_admin(
        &self,
        login: &str,
        password: &str,
        email: &str,
    ) -> Result<()> {
        if self.find_user_by_login_or_email(login).await?.is_some() {
            return Ok(());
        }
        let created = self
            .create_user(&NewUser {
                login: login.to_string(),
                email: email.to_string(),
                name: String::new(),
                password: password.to_string(),
                org_id: None,
                is_admin: true,
            })
            .await;
        match created {
            Ok(user) => {
                // The first admin administers the org they land in, whatever the default role.
                self.set_org_role_unchecked(user.org_id, user.id, OrgRole::Admin)
                    .await?;
                tracing::info!(login, "created initial admin user");
                Ok(())
            }
            // A second server starting at the same time created it.
            Err(IdentityError::UserExists { .. }) => Ok(()),
            Err(error) => Err(error),
        }
    }
}

fn login_and_email(login: &str, email: &str) -> Result<(String, String)> {
    let login = login.trim();
    let email = email.trim();
    if login.is_empty() && email.is_empty() {
        return Err(IdentityError::Invalid("login or email is required".into()));
    }
    let login = if login.is_empty() { email } else { login };
    let email = if email.is_empty() { login } else { email };
    crate::storable("login", login)?;
    crate::storable("email", email)?;
    Ok((login.to_string(), email.to_string()))
}

/// A short random uid like Grafana's (14 characters).
pub(crate) fn new_uid() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..14].to_string()
}
