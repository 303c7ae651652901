//! Organizations, users, org membership, teams, login sessions, service accounts and their
//! tokens, preferences and login throttling. Knows nothing of HTTP: the `api` crate calls the
//! [`IdentityService`] and maps [`IdentityError`] to responses.

mod error;
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
}

impl IdentityService {
    pub fn new(store: Store, options: IdentityOptions) -> Self {
        IdentityService { store, options }
    }

    pub fn options(&self) -> &IdentityOptions {
        &self.options
    }

    pub fn store(&self) -> &Store {
        &self.store
    }
}

/// Trims a name and refuses it when empty, naming the field.
pub(crate) fn required(field: &str, value: &str) -> Result<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(IdentityError::Invalid(format!("{field} is required")));
    }
    Ok(trimmed.to_string())
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

    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.per_page
    }
}

/// `%query%` for a case-insensitive `LIKE … ESCAPE '!'`, with LIKE's wildcards in the query
/// escaped (`!` is the escape character because backslashes read differently per backend).
pub(crate) fn like_pattern(query: &str) -> String {
    let escaped = query
        .to_lowercase()
        .replace('!', "!!")
        .replace('%', "!%")
        .replace('_', "!_");
    format!("%{escaped}%")
}

/// True when a database error is a unique-key violation.
pub(crate) fn is_unique(error: &sightline_store::sqlx::Error) -> bool {
    matches!(error, sightline_store::sqlx::Error::Database(db) if db.is_unique_violation())
}
