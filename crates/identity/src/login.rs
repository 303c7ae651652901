//! Password login with Grafana-like brute-force protection: too many failed attempts for one
//! login (and, when enabled, from one client address) within five minutes block further
//! attempts.

use sightline_store::{now_epoch, sqlx};

use crate::error::{IdentityError, Result};
use crate::models::User;
use crate::secrets::{hash_token, verify_password};
use crate::IdentityService;

const ATTEMPT_WINDOW_SECS: i64 = 300;

impl IdentityService {
    /// Checks a login (or email) and password. Failed attempts are recorded per login and
    /// per client address. A pair accepted within the freshness TTL is accepted again without
    /// hashing the password (basic auth sends it with every request).
    pub async fn authenticate(&self, login: &str, password: &str, client_ip: &str) -> Result<User> {
        let login_key = login.trim().to_lowercase();
        let freshness = self.store().freshness();
        let pair = hash_token(
            &self.options().secret_key,
            &format!("{login_key}\0{password}"),
        );
        if let Some(user) = self.caches.passwords.get(freshness, &pair) {
            return Ok(user);
        }
        let read = freshness.stamp();
        let attempts_key = attempts_key(&login_key);
        self.check_login_attempts(&attempts_key, client_ip).await?;
        let user = self.find_user_by_login_or_email(&login_key).await?;
        let Some(user) = user.filter(|user| verify_password(password, &user.password_hash)) else {
            self.record_failed_login(&attempts_key, client_ip).await?;
            return Err(IdentityError::InvalidCredentials);
        };
        if user.is_disabled {
            return Err(IdentityError::UserDisabled);
        }
        if self.options().brute_force_protection {
            let clear = self
                .store()
                .sql("DELETE FROM login_attempt WHERE username = ?");
            sqlx::query(clear)
                .bind(&attempts_key)
                .execute(self.store().pool())
                .await?;
        }
        self.caches
            .passwords
            .put(freshness, pair, user.clone(), read);
        Ok(user)
    }

    async fn check_login_attempts(&self, login_key: &str, client_ip: &str) -> Result<()> {
        if !self.options().brute_force_protection {
            return Ok(());
        }
        let since = now_epoch() - ATTEMPT_WINDOW_SECS;
        let by_login = self
            .store()
            .sql("SELECT COUNT(*) FROM login_attempt WHERE username = ? AND created >= ?");
        let by_ip = self
            .store()
            .sql("SELECT COUNT(*) FROM login_attempt WHERE ip_address = ? AND created >= ?");
        let max = self.options().max_login_attempts;
        let mut checks = vec![(by_login, login_key)];
        if self.options().ip_address_protection {
            checks.push((by_ip, client_ip));
        }
        for (statement, key) in checks {
            let attempts: i64 = sqlx::query_scalar(statement)
                .bind(key)
                .bind(since)
                .fetch_one(self.store().pool())
                .await?;
            if attempts >= max {
                return Err(IdentityError::TooManyLoginAttempts);
            }
        }
        Ok(())
    }

    async fn record_failed_login(&self, login_key: &str, client_ip: &str) -> Result<()> {
        if !self.options().brute_force_protection {
            return Ok(());
        }
        let now = now_epoch();
        let insert = self
            .store()
            .sql("INSERT INTO login_attempt (username, ip_address, created) VALUES (?, ?, ?)");
        sqlx::query(insert)
            .bind(login_key)
            .bind(client_ip)
            .bind(now)
            .execute(self.store().pool())
            .await?;
        let prune = self
            .store()
            .sql("DELETE FROM login_attempt WHERE created < ?");
        sqlx::query(prune)
            .bind(now - ATTEMPT_WINDOW_SECS)
            .execute(self.store().pool())
            .await?;
        // The attempt may lock a login or an address: accepted passwords are checked again.
        self.caches.passwords.clear();
        Ok(())
    }
}

/// The `login_attempt.username` a login is counted under: storable on every backend (at most
/// 190 characters, no NUL), so that checking and recording use the same key.
fn attempts_key(login_key: &str) -> String {
    login_key
        .replace('\0', "\u{fffd}")
        .chars()
        .take(crate::MAX_TEXT_CHARS)
        .collect()
}
