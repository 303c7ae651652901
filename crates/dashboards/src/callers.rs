//! The teams and stars of recent callers, so that a busy caller's requests do not each read
//! them. An entry is used while the store's `Freshness` trusts it: a local write to team
//! membership or stars ends that at once, another server's within `[database]
//! shared_state_ttl`.

use std::collections::HashSet;
use std::sync::Arc;

use sightline_store::FreshCache;

/// What access decisions need to know of a caller beyond their identity.
#[derive(Debug)]
pub(crate) struct CallerState {
    /// The caller's teams in the org.
    pub teams: Vec<i64>,
    /// The uids of the dashboards the caller starred.
    pub starred: HashSet<String>,
}

/// Caller states by (org id, user id).
pub(crate) type Callers = FreshCache<(i64, i64), Arc<CallerState>>;
