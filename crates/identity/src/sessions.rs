//! Login sessions: a random token in the cookie, stored hashed; inactive and absolute
//! lifetimes; rotation with a short grace period for the previous token.

use sightline_store::{now_epoch, sqlx};

use crate::error::Result;
use crate::secrets::{hash_token, new_session_token};
use crate::IdentityService;

/// How long the token replaced by a rotation keeps working, for requests already in flight.
const ROTATION_GRACE_SECS: i64 = 60;
/// How often a request refreshes `seen_at`.
const SEEN_RESOLUTION_SECS: i64 = 60;

/// A session as handed to the client: the token goes into the cookie.
#[derive(Debug, Clone)]
pub struct SessionToken {
    pub id: i64,
    pub user_id: i64,
    pub token: String,
}

/// A valid session found for a cookie.
#[derive(Debug, Clone)]
pub struct SessionLookup {
    pub id: i64,
    pub user_id: i64,
    /// Set when this request rotated the token: the cookie must be replaced with it.
    pub rotated_token: Option<String>,
}

#[derive(sqlx::FromRow, Clone)]
pub(crate) struct SessionRow {
    id: i64,
    user_id: i64,
    auth_token: String,
    seen_at: i64,
    rotated_at: i64,
    created_at: i64,
}

impl IdentityService {
    pub async fn create_session(
        &self,
        user_id: i64,
        user_agent: &str,
        client_ip: &str,
    ) -> Result<SessionToken> {
        let token = new_session_token();
        let hashed = hash_token(&self.options().secret_key, &token);
        let now = now_epoch();
        let insert = self.store().insert_sql(
            "INSERT INTO user_auth_token (user_id, auth_token, prev_auth_token, user_agent, \
             client_ip, seen_at, rotated_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        );
        let query = sqlx::query(insert)
            .bind(user_id)
            .bind(hashed.clone())
            .bind(hashed)
            .bind(truncate(user_agent, 180))
            .bind(truncate(client_ip, 64))
            .bind(now)
            .bind(now)
            .bind(now)
            .bind(now);
        let id = self.store().insert(self.store().pool(), query).await?;
        Ok(SessionToken { id, user_id, token })
    }

    /// Finds the session of a cookie token, enforcing lifetimes and rotating when due. A
    /// session read within the freshness TTL is not read again unless it is due for rotation
    /// or for recording its use.
    pub async fn lookup_session(&self, token: &str) -> Result<Option<SessionLookup>> {
        let hashed = hash_token(&self.options().secret_key, token);
        let freshness = self.store().freshness();
        if let Some(row) = self.caches.sessions.get(freshness, &hashed) {
            if let Some(lookup) = self.session_without_writes(&row, &hashed, now_epoch()) {
                return Ok(Some(lookup));
            }
        }
        let read = freshness.stamp();
        let select = self.store().sql(
            "SELECT id, user_id, auth_token, seen_at, rotated_at, created_at FROM user_auth_token \
             WHERE (auth_token = ? OR prev_auth_token = ?) AND revoked_at = 0",
        );
        let Some(row): Option<SessionRow> = sqlx::query_as(select)
            .bind(&hashed)
            .bind(&hashed)
            .fetch_optional(self.store().pool())
            .await?
        else {
            return Ok(None);
        };
        let now = now_epoch();
        let options = self.options();
        let max_lifetime = options.session_max_lifetime.as_secs() as i64;
        let inactive_lifetime = options.session_inactive_lifetime.as_secs() as i64;
        if now - row.created_at > max_lifetime || now - row.seen_at > inactive_lifetime {
            self.revoke_session(row.id).await?;
            return Ok(None);
        }
        let is_current = row.auth_token == hashed;
        if !is_current && now - row.rotated_at > ROTATION_GRACE_SECS {
            return Ok(None);
        }
        let rotation_due =
            now - row.rotated_at >= options.session_rotation_interval.as_secs() as i64;
        let rotated_token = if is_current && rotation_due {
            let rotated = self.rotate(&row, now).await?;
            self.changed();
            rotated
        } else {
            if now - row.seen_at >= SEEN_RESOLUTION_SECS {
                let touch = self
                    .store()
                    .sql("UPDATE user_auth_token SET seen_at = ? WHERE id = ?");
                sqlx::query(touch)
                    .bind(now)
                    .bind(row.id)
                    .execute(self.store().pool())
                    .await?;
            }
            None
        };
        if rotated_token.is_none() {
            let mut seen = row.clone();
            seen.seen_at = seen.seen_at.max(now);
            self.caches.sessions.put(freshness, hashed, seen, read);
        }
        Ok(Some(SessionLookup {
            id: row.id,
            user_id: row.user_id,
            rotated_token,
        }))
    }

    /// The lookup of a cached session row when it needs no write now: within its lifetimes,
    /// not due for rotation, its use recorded within the last minute.
    fn session_without_writes(
        &self,
        row: &SessionRow,
        hashed: &str,
        now: i64,
    ) -> Option<SessionLookup> {
        let options = self.options();
        let within_lifetimes = now - row.created_at
            <= options.session_max_lifetime.as_secs() as i64
            && now - row.seen_at <= options.session_inactive_lifetime.as_secs() as i64;
        let is_current = row.auth_token == hashed;
        let usable = within_lifetimes
            && (is_current || now - row.rotated_at <= ROTATION_GRACE_SECS)
            && now - row.rotated_at < options.session_rotation_interval.as_secs() as i64
            && now - row.seen_at < SEEN_RESOLUTION_SECS;
        usable.then_some(SessionLookup {
            id: row.id,
            user_id: row.user_id,
            rotated_token: None,
        })
    }

    /// Replaces the token; of two concurrent requests only one rotates, the other keeps
    /// working with the now-previous token.
    async fn rotate(&self, row: &SessionRow, now: i64) -> Result<Option<String>> {
        let token = new_session_token();
        let update = self.store().sql(
            "UPDATE user_auth_token SET prev_auth_token = auth_token, auth_token = ?, \
             rotated_at = ?, seen_at = ?, updated_at = ? WHERE id = ? AND auth_token = ?",
        );
        let done = sqlx::query(update)
            .bind(hash_token(&self.options().secret_key, &token))
            .bind(now)
            .bind(now)
            .bind(now)
            .bind(row.id)
            .bind(&row.auth_token)
            .execute(self.store().pool())
            .await?;
        Ok((done.rows_affected() == 1).then_some(token))
    }

    pub async fn revoke_session(&self, session_id: i64) -> Result<()> {
        let delete = self.store().sql("DELETE FROM user_auth_token WHERE id = ?");
        sqlx::query(delete)
            .bind(session_id)
            .execute(self.store().pool())
            .await?;
        self.changed();
        Ok(())
    }

    pub async fn revoke_all_sessions(&self, user_id: i64) -> Result<()> {
        let delete = self
            .store()
            .sql("DELETE FROM user_auth_token WHERE user_id = ?");
        sqlx::query(delete)
            .bind(user_id)
            .execute(self.store().pool())
            .await?;
        self.changed();
        Ok(())
    }
}

fn truncate(value: &str, max_chars: usize) -> String {
    value.chars().take(max_chars).collect()
}
