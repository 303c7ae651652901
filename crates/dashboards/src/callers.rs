//! The teams and stars of recent callers, so that a busy caller's requests do not each read
//! them. An entry is used while the store's [`Freshness`] trusts it: a local write to team
//! membership or stars ends that at once, another server's within `[database]
//! shared_state_ttl`.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use sightline_store::{Freshness, ReadStamp};

/// Beyond this many entries the stale ones are dropped, and all of them if none is.
const MAX_ENTRIES: usize = 4096;

/// What access decisions need to know of a caller beyond their identity.
#[derive(Debug)]
pub(crate) struct CallerState {
    /// The caller's teams in the org.
    pub teams: Vec<i64>,
    /// The uids of the dashboards the caller starred.
    pub starred: HashSet<String>,
    read: ReadStamp,
}

impl CallerState {
    pub fn new(teams: Vec<i64>, starred: HashSet<String>, read: ReadStamp) -> CallerState {
        CallerState {
            teams,
            starred,
            read,
        }
    }
}

/// Caller states by (org id, user id).
#[derive(Default)]
pub(crate) struct Callers {
    entries: Mutex<HashMap<(i64, i64), Arc<CallerState>>>,
}

impl Callers {
    pub fn get(
        &self,
        freshness: &Freshness,
        org_id: i64,
        user_id: i64,
    ) -> Option<Arc<CallerState>> {
        let entries = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let state = entries.get(&(org_id, user_id))?;
        freshness.is_fresh(state.read).then(|| Arc::clone(state))
    }

    pub fn put(&self, freshness: &Freshness, org_id: i64, user_id: i64, state: Arc<CallerState>) {
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, state| freshness.is_fresh(state.read));
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert((org_id, user_id), state);
    }
}
