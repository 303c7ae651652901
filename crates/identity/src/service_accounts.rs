//! Service accounts, their tokens, and authentication by token.
//!
//! A service account is a `user_account` row with `is_service_account = 1` that lives in one
//! org (its `org_id`, with an `org_user` row carrying its role). Its login is derived from its
//! name, so the unique login index also keeps names unique per org. It has no usable password:
//! it acts only through `glsa_` tokens, which are stored as hashes in `api_key`.

use sightline_core::OrgRole;
use sightline_store::{now_epoch, sqlx};

use crate::error::{IdentityError, Result};
use crate::models::{parse_role, ServiceAccount, ServiceAccountToken, TokenIdentity};
use crate::secrets::{hash_token, is_service_account_token, new_service_account_token};
use crate::{is_unique, required, IdentityService, Page};

/// `SELECT` of a service account with its role and token count, followed by the given clause.
/// The first placeholder is always the org id.
macro_rules! select_service_account {
    ($clause:literal) => {
        concat!(
            "SELECT u.id, u.uid, u.name, u.login, ou.org_id, ou.role, u.is_disabled, u.created, \
             u.updated, (SELECT COUNT(*) FROM api_key k WHERE k.service_account_id = u.id) AS tokens \
             FROM user_account u JOIN org_user ou ON ou.user_id = u.id AND ou.org_id = u.org_id \
             WHERE u.is_service_account = 1 AND ou.org_id = ? ",
            $clause
        )
    };
}

/// The longest login the `{key}` columns hold.
const MAX_LOGIN_CHARS: usize = 190;
/// How long a token's `last_used_at` may lag before a request refreshes it.
const LAST_USED_RESOLUTION_SECS: i64 = 60;

#[derive(sqlx::FromRow)]
struct TokenOwnerRow {
    token_id: i64,
    org_id: i64,
    expires: Option<i64>,
    last_used_at: Option<i64>,
    is_revoked: i64,
    user_id: i64,
    login: String,
    is_disabled: i64,
    role: String,
}

impl IdentityService {
    /// Creates a service account in `org_id` with `role`; its name must be new in the org.
    pub async fn create_service_account(
        &self,
        org_id: i64,
        name: &str,
        role: OrgRole,
        is_disabled: bool,
    ) -> Result<ServiceAccount> {
        let name = required("name", name)?;
        let login = service_account_login(org_id, &name)?;
        self.get_org(org_id).await?;
        let mut tx = self.store().begin().await?;
        let account_id = self
            .insert_user_row(&mut tx, &login, &login, &name, "", org_id, false, true)
            .await
            .map_err(name_taken)?;
        if is_disabled {
            let disable = self
                .store()
                .sql("UPDATE user_account SET is_disabled = 1 WHERE id = ?");
            sqlx::query(disable)
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
        }
        self.insert_org_user(&mut tx, org_id, account_id, role)
            .await?;
        tx.commit().await?;
        self.changed();
        self.get_service_account(org_id, account_id).await
    }

    /// A service account of `org_id`; users and accounts of other orgs are not found.
    pub async fn get_service_account(
        &self,
        org_id: i64,
        account_id: i64,
    ) -> Result<ServiceAccount> {
        let query = self.store().sql(select_service_account!("AND u.id = ?"));
        let account: Option<ServiceAccount> = sqlx::query_as(query)
            .bind(org_id)
            .bind(account_id)
            .fetch_optional(self.store().pool())
            .await?;
        account.ok_or(IdentityError::ServiceAccountNotFound)
    }

    /// Service accounts of an org whose name or login contains `query`, by login, with the
    /// total count of matches.
    pub async fn search_service_accounts(
        &self,
        org_id: i64,
        query: &str,
        page: Page,
    ) -> Result<(i64, Vec<ServiceAccount>)> {
        let pattern = crate::like_pattern(query);
        let count = self.store().sql(
            "SELECT COUNT(*) FROM user_account u JOIN org_user ou ON ou.user_id = u.id \
             AND ou.org_id = u.org_id WHERE u.is_service_account = 1 AND ou.org_id = ? \
             AND (LOWER(u.name) LIKE ? ESCAPE '!' OR LOWER(u.login) LIKE ? ESCAPE '!')",
        );
        let total: i64 = sqlx::query_scalar(count)
            .bind(org_id)
            .bind(&pattern)
            .bind(&pattern)
            .fetch_one(self.store().pool())
            .await?;
        let select = self.store().sql(select_service_account!(
            "AND (LOWER(u.name) LIKE ? ESCAPE '!' OR LOWER(u.login) LIKE ? ESCAPE '!') \
             ORDER BY u.login LIMIT ? OFFSET ?"
        ));
        let accounts = sqlx::query_as(select)
            .bind(org_id)
            .bind(&pattern)
            .bind(&pattern)
            .bind(page.per_page)
            .bind(page.offset())
            .fetch_all(self.store().pool())
            .await?;
        Ok((total, accounts))
    }

    /// Changes the given fields; a new name also changes the login, as in Grafana 10+.
    pub async fn update_service_account(
        &self,
        org_id: i64,
        account_id: i64,
        name: Option<&str>,
        role: Option<OrgRole>,
        is_disabled: Option<bool>,
    ) -> Result<ServiceAccount> {
        let renamed = match name {
            Some(name) => {
                let name = required("name", name)?;
                let login = service_account_login(org_id, &name)?;
                Some((name, login))
            }
            None => None,
        };
        self.get_service_account(org_id, account_id).await?;
        let store = self.store();
        let now = now_epoch();
        let mut tx = store.begin().await?;
        if let Some((name, login)) = renamed {
            let rename = store.sql(
                "UPDATE user_account SET name = ?, login = ?, email = ?, updated = ?, \
                 version = version + 1 WHERE id = ?",
            );
            let result = sqlx::query(rename)
                .bind(name)
                .bind(login.clone())
                .bind(login)
                .bind(now)
                .bind(account_id)
                .execute(&mut *tx)
                .await;
            match result {
                Err(error) if is_unique(&error) => {
                    return Err(IdentityError::ServiceAccountNameTaken)
                }
                Err(error) => return Err(error.into()),
                Ok(_) => {}
            }
        }
        if let Some(disabled) = is_disabled {
            let update =
                store.sql("UPDATE user_account SET is_disabled = ?, updated = ? WHERE id = ?");
            sqlx::query(update)
                .bind(i64::from(disabled))
                .bind(now)
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
        }
        if let Some(role) = role {
            let update = store
                .sql("UPDATE org_user SET role = ?, updated = ? WHERE org_id = ? AND user_id = ?");
            sqlx::query(update)
                .bind(role.as_str())
                .bind(now)
                .bind(org_id)
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.changed();
        self.get_service_account(org_id, account_id).await
    }

    /// Deletes a service account with its tokens, membership and everything else it owns.
    pub async fn delete_service_account(&self, org_id: i64, account_id: i64) -> Result<()> {
        self.get_service_account(org_id, account_id).await?;
        self.delete_user_rows(account_id).await
    }

    /// The tokens of a service account, by name; never their secrets.
    pub async fn list_tokens(
        &self,
        org_id: i64,
        account_id: i64,
    ) -> Result<Vec<ServiceAccountToken>> {
        self.get_service_account(org_id, account_id).await?;
        let select = self.store().sql(
            "SELECT id, name, created, last_used_at, expires, is_revoked FROM api_key \
             WHERE org_id = ? AND service_account_id = ? ORDER BY name",
        );
        Ok(sqlx::query_as(select)
            .bind(org_id)
            .bind(account_id)
            .fetch_all(self.store().pool())
            .await?)
    }

    /// Creates a token and returns it with its secret key, which is stored only as a hash and
    /// cannot be shown again. Token names are unique per org; no `seconds_to_live` (or 0) means
    /// the token never expires.
    pub async fn create_token(
        &self,
        org_id: i64,
        account_id: i64,
        name: &str,
        seconds_to_live: Option<i64>,
    ) -> Result<(ServiceAccountToken, String)> {
        let name = required("name", name)?;
        if let Some(seconds) = seconds_to_live.filter(|seconds| *seconds < 0) {
            return Err(IdentityError::Invalid(format!(
                "invalid secondsToLive {seconds}: the number of seconds until expiration must be non-negative"
            )));
        }
        self.get_service_account(org_id, account_id).await?;
        let key = new_service_account_token();
        let now = now_epoch();
        let expires = seconds_to_live
            .filter(|seconds| *seconds > 0)
            .map(|seconds| now.saturating_add(seconds));
        let insert = self.store().insert_sql(
            "INSERT INTO api_key (org_id, service_account_id, name, key_hash, created, updated, \
             expires) VALUES (?, ?, ?, ?, ?, ?, ?)",
        );
        let query = sqlx::query(insert)
            .bind(org_id)
            .bind(account_id)
            .bind(name.clone())
            .bind(hash_token(&self.options().secret_key, &key))
            .bind(now)
            .bind(now)
            .bind(expires);
        // The other unique key, the hash of 32 random characters, does not collide in practice.
        let token_id = match self.store().insert(self.store().pool(), query).await {
            Err(error) if error.is_unique_violation() => return Err(IdentityError::TokenNameTaken),
            other => other?,
        };
        let token = ServiceAccountToken {
            id: token_id,
            name,
            created: now,
            last_used_at: None,
            expires,
            is_revoked: false,
        };
        Ok((token, key))
    }

    pub async fn delete_token(&self, org_id: i64, account_id: i64, token_id: i64) -> Result<()> {
        self.get_service_account(org_id, account_id).await?;
        let delete = self
            .store()
            .sql("DELETE FROM api_key WHERE id = ? AND org_id = ? AND service_account_id = ?");
        let done = sqlx::query(delete)
            .bind(token_id)
            .bind(org_id)
            .bind(account_id)
            .execute(self.store().pool())
            .await?;
        if done.rows_affected() == 0 {
            return Err(IdentityError::TokenNotFound);
        }
        self.changed();
        Ok(())
    }

    /// The service account a bearer key authenticates, or `None` when the key is malformed,
    /// unknown, revoked or expired, or its account is disabled or gone. Records the use, at
    /// most once per minute per token.
    pub async fn authenticate_token(&self, key: &str) -> Result<Option<TokenIdentity>> {
        if !is_service_account_token(key) {
            return Ok(None);
        }
        let key_hash = hash_token(&self.options().secret_key, key);
        let now = now_epoch();
        let freshness = self.store().freshness();
        if let Some((identity, expires)) = self.caches.tokens.get(freshness, &key_hash) {
            if expires.is_none_or(|at| now < at) {
                return Ok(Some(identity));
            }
        }
        let read = freshness.stamp();
        let select = self.store().sql(
            "SELECT k.id AS token_id, k.org_id, k.expires, k.last_used_at, k.is_revoked, \
             u.id AS user_id, u.login, u.is_disabled, ou.role FROM api_key k \
             JOIN user_account u ON u.id = k.service_account_id AND u.is_service_account = 1 \
             JOIN org_user ou ON ou.user_id = u.id AND ou.org_id = k.org_id \
             WHERE k.key_hash = ?",
        );
        let Some(row): Option<TokenOwnerRow> = sqlx::query_as(select)
            .bind(&key_hash)
            .fetch_optional(self.store().pool())
            .await?
        else {
            return Ok(None);
        };
        let expired = row.expires.is_some_and(|expires| now >= expires);
        if row.is_revoked != 0 || expired || row.is_disabled != 0 {
            return Ok(None);
        }
        let role = parse_role(&row.role)?;
        let use_is_recorded = row
            .last_used_at
            .is_some_and(|last_used| now - last_used < LAST_USED_RESOLUTION_SECS);
        if !use_is_recorded {
            let touch = self
                .store()
                .sql("UPDATE api_key SET last_used_at = ? WHERE id = ?");
            sqlx::query(touch)
                .bind(now)
                .bind(row.token_id)
                .execute(self.store().pool())
                .await?;
        }
        let identity = TokenIdentity {
            token_id: row.token_id,
            user_id: row.user_id,
            login: row.login,
            org_id: row.org_id,
            role,
        };
        self.caches
            .tokens
            .put(freshness, key_hash, (identity.clone(), row.expires), read);
        Ok(Some(identity))
    }
}

/// A unique-key violation on the account row means its login, hence its name, is taken.
fn name_taken(error: IdentityError) -> IdentityError {
    match error {
        IdentityError::Store(store) if store.is_unique_violation() => {
            IdentityError::ServiceAccountNameTaken
        }
        other => other,
    }
}

/// The login of a service account named `name` in `org_id`: `sa-<orgId>-<slug>`, where the
/// slug is the lowercased name with every character that is not a letter or digit replaced by
/// `-` (Grafana 10+ style).
fn service_account_login(org_id: i64, name: &str) -> Result<String> {
    let slug: String = name
        .trim()
        .to_lowercase()
        .chars()
        .map(|ch| if ch.is_alphanumeric() { ch } else { '-' })
        .collect();
    let login = format!("sa-{org_id}-{slug}");
    if login.chars().count() > MAX_LOGIN_CHARS {
        return Err(IdentityError::Invalid(format!(
            "service account name is too long: its login {login:?} exceeds {MAX_LOGIN_CHARS} characters"
        )));
    }
    Ok(login)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_is_the_org_and_a_lowercase_slug_of_the_name() {
        let login = |org_id, name| service_account_login(org_id, name).expect("login");
        assert_eq!(login(1, "Grafana Agent"), "sa-1-grafana-agent");
        assert_eq!(login(12, "ci/cd: deploy_bot"), "sa-12-ci-cd--deploy-bot");
        assert_eq!(login(3, "  Trimmed  "), "sa-3-trimmed");
        assert_eq!(login(1, "Überwachung 2"), "sa-1-überwachung-2");
    }

    #[test]
    fn overlong_names_are_refused() {
        assert!(service_account_login(1, &"a".repeat(180)).is_ok());
        assert!(service_account_login(1, &"a".repeat(190)).is_err());
    }
}
