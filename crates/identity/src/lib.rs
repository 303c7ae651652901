//! Organizations, users, org membership, teams, login sessions, service accounts and their
//! tokens, preferences and login throttling. Knows nothing of HTTP: the `api` crate calls the
//! [`IdentityService`] and maps [`IdentityError`] to responses.

mod error;
mod fresh_cache;
mod login;
mod migrations;
mod models;
mod org_users;
pub use org_users::Removal;
mod orgs;
mod preferences;
pub mod secrets;
mod service_accounts;
mod sessions;
mod teams;
mod users;

use std::sync::Arc;
use std::time::Duration;

use sightline_core::OrgRole;
use sightline_store::Store;

pub use error::{IdentityError, Result};
pub use migrations::MIGRATIONS;
pub use models::*;
pub use sessions::{SessionLookup, SessionToken};

/// Policies from `[users]`, `[auth]` and `[security]` that the identity domain applies.
#[derive(Debug, Clone)]
pub struct IdentityOptions {
    /// `[security] secret_key`: mixed into stored token hashes.
    pub secret_key: String,
    /// `[users] auto_assign_org`: new users join `auto_assign_org_id` instead of getting an org.
    pub auto_assign_org: bool,
    pub auto_assign_org_id: i64,
    pub auto_assign_org_role: OrgRole,
    /// `[auth] login_maximum_inactive_lifetime_duration`.
    pub session_inactive_lifetime: Duration,
    /// `[auth] login_maximum_lifetime_duration`.
    pub session_max_lifetime: Duration,
    /// `[auth] token_rotation_interval_minutes`.
    pub session_rotation_interval: Duration,
    /// False when `[security] disable_brute_force_login_protection` is set.
    pub brute_force_protection: bool,
    /// `[security] brute_force_login_protection_max_attempts`.
    pub max_login_attempts: i64,
    /// False when `[security] disable_ip_address_login_protection` is set (the default):
    /// failed attempts then lock only the login they were made for, not the client address.
    pub ip_address_protection: bool,
}

impl Default for IdentityOptions {
    fn default() -> Self {
        IdentityOptions {
            secret_key: "SW2YcwTIb9zpOOhoPsMm".into(),
            auto_assign_org: true,
            auto_assign_org_id: 1,
            auto_assign_org_role: OrgRole::Viewer,
            session_inactive_lifetime: Duration::from_secs(7 * 86_400),
            session_max_lifetime: Duration::from_secs(30 * 86_400),
            session_rotation_interval: Duration::from_secs(600),
            brute_force_protection: true,
            max_login_attempts: 5,
            ip_address_protection: false,
        }
    }
}

/// The identity domain's entry point; cheap to clone.
#[derive(Clone)]
pub struct IdentityService {
    store: Store,
    options: IdentityOptions,
    caches: Arc<fresh_cache::AuthCaches>,
}

impl IdentityService {
    pub fn new(store: Store, options: IdentityOptions) -> Self {
        IdentityService {
            store,
            options,
            caches: Arc::default(),
        }
    }

    pub fn options(&self) -> &IdentityOptions {
        &self.options
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Call after committing a change to accounts, roles, tokens or team membership: no read
    /// of them cached before it is trusted again.
    pub(crate) fn changed(&self) {
        self.store.freshness().changed_here();
    }
}

/// Trims a name and refuses it when empty or not [`storable`], naming the field.
pub(crate) fn required(field: &str, value: &str) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(IdentityError::Invalid(format!("{field} is required")));
    }
    storable(field, trimmed)?;
    Ok(trimmed.to_string())
}

/// The most characters a short text column (`{key}`, `VARCHAR(190)`) holds on every backend.
pub(crate) const MAX_TEXT_CHARS: usize = 190;

/// Refuses text that some backend cannot store, so that every backend answers the same: more
/// than [`MAX_TEXT_CHARS`] characters (SQLite would keep them, PostgreSQL and MySQL fail) or a
/// NUL character (PostgreSQL fails).
pub(crate) fn storable(field: &str, value: &str) -> Result<()> {
    if value.chars().count() > MAX_TEXT_CHARS {
        return Err(IdentityError::Invalid(format!(
            "{field} is too long: at most {MAX_TEXT_CHARS} characters"
        )));
    }
    if value.contains('\0') {
        return Err(IdentityError::Invalid(format!(
            "{field} must not contain a NUL character"
        )));
    }
    Ok(())
}

/// 1-based paging with Grafana's defaults, clamped to sane bounds.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub page: i64,
    pub per_page: i64,
}

impl Page {
    pub fn new(page: Option<i64>, per_page: Option<i64>, default_per_page: i64) -> Page {
        Page {
            page: page.filter(|p| *p > 0).unwrap_or(1),
            per_page: per_page
                .filter(|p| *p > 0)
                .unwrap_or(default_per_page)
                .min(5000),
        }
    }

    /// Rows to skip; saturates instead of overflowing for absurd page numbers.
    pub fn offset(&self) -> i64 {
        (self.page - 1).saturating_mul(self.per_page)
    }
}

/// `%query%` for a case-insensitive `LIKE … ESCAPE '!'`, with LIKE's wildcards in the query
/// escaped (`!` is the escape character because backslashes read differently per backend).
/// A NUL character, which PostgreSQL refuses and no stored text has, becomes U+FFFD.
pub(crate) fn like_pattern(query: &str) -> String {
    let escaped = query
        .to_lowercase()
        .replace('\0', "\u{fffd}")
        .replace('!', "!!")
        .replace('%', "!%")
        .replace('_', "!_");
    format!("%{escaped}%")
}

/// True when a database error is a unique-key violation.
pub(crate) fn is_unique(error: &sightline_store::sqlx::Error) -> bool {
    matches!(error, sightline_store::sqlx::Error::Database(db) if db.is_unique_violation())
}

/// A write's result, with a unique-key violation reported as `conflict`.
pub(crate) fn unique_or<T>(
    result: std::result::Result<T, sightline_store::sqlx::Error>,
    conflict: IdentityError,
) -> Result<T> {
    match result {
        Err(error) if is_unique(&error) => Err(conflict),
        other => Ok(other?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storable_text_fits_every_backend() {
        assert!(storable("name", &"é".repeat(MAX_TEXT_CHARS)).is_ok());
        assert!(storable("name", &"a".repeat(MAX_TEXT_CHARS + 1)).is_err());
        assert!(storable("name", "a\0b").is_err());
        assert!(required("name", "  ok  ").is_ok_and(|name| name == "ok"));
        assert!(required("name", &"a".repeat(MAX_TEXT_CHARS + 1)).is_err());
    }

    #[test]
    fn absurd_pages_do_not_overflow() {
        let page = Page::new(Some(i64::MAX), Some(i64::MAX), 1000);
        assert_eq!(page.per_page, 5000);
        assert_eq!(page.offset(), i64::MAX);
        assert_eq!(Page::new(Some(3), Some(10), 1000).offset(), 20);
        assert_eq!(Page::new(Some(-1), None, 1000).offset(), 0);
    }

    #[test]
    fn like_patterns_escape_wildcards_and_nul() {
        assert_eq!(like_pattern("A_b%!"), "%a!_b!%!!%");
        assert_eq!(like_pattern("a\0"), "%a\u{fffd}%");
    }
}
