//! What authenticating a request reads — accepted tokens, password checks, sessions, users
//! and org roles — kept so that a busy client's requests do not each read it again. An
//! entry is used while the store's `Freshness` trusts it: every write through this server
//! to accounts, roles, tokens or sessions ends that at once (`IdentityService::changed`),
//! another server's within `[database] shared_state_ttl`. Failures are never cached.

use std::collections::HashMap;
use std::sync::Mutex;

use sightline_core::OrgRole;
use sightline_store::FreshCache;

use crate::models::{TokenIdentity, User};
use crate::sessions::SessionRow;

/// The caches of one identity service.
#[derive(Default)]
pub(crate) struct AuthCaches {
    /// Accepted service account tokens by key hash, with their expiry (epoch seconds).
    pub tokens: FreshCache<String, (TokenIdentity, Option<i64>)>,
    /// Users whose password was accepted, by a hash of login and password.
    pub passwords: FreshCache<String, User>,
    /// Session rows by the hash of a cookie token.
    pub sessions: FreshCache<String, SessionRow>,
    pub users: FreshCache<i64, User>,
    /// Org roles by (user id, org id); `None`: not a member.
    pub roles: FreshCache<(i64, i64), Option<OrgRole>>,
    /// When this server last recorded each user's activity (epoch seconds).
    pub last_seen: Mutex<HashMap<i64, i64>>,
}
