//! What authenticating a request reads — accepted tokens, password checks, sessions, users
//! and org roles — kept so that a busy client's requests do not each read it again. An
//! entry is used while the store's [`Freshness`] trusts it: every write through this server
//! to accounts, roles, tokens or sessions ends that at once (`IdentityService::changed`),
//! another server's within `[database] shared_state_ttl`. Failures are never cached.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

use sightline_core::OrgRole;
use sightline_store::{Freshness, ReadStamp};

use crate::models::{TokenIdentity, User};
use crate::sessions::SessionRow;

/// Beyond this many entries the stale ones are dropped, and all of them if none is.
const MAX_ENTRIES: usize = 4096;

pub(crate) struct FreshCache<K, V> {
    entries: Mutex<HashMap<K, (V, ReadStamp)>>,
}

impl<K, V> Default for FreshCache<K, V> {
    fn default() -> Self {
        FreshCache {
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash, V: Clone> FreshCache<K, V> {
    pub fn get(&self, freshness: &Freshness, key: &K) -> Option<V> {
        let entries = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let (value, read) = entries.get(key)?;
        freshness.is_fresh(*read).then(|| value.clone())
    }

    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clear();
    }

    /// Remembers `value`, read from the database at `read` (a stamp taken before the read).
    pub fn put(&self, freshness: &Freshness, key: K, value: V, read: ReadStamp) {
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, (_, read)| freshness.is_fresh(*read));
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(key, (value, read));
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn entries_live_while_fresh() {
        let freshness = Freshness::new(Duration::from_secs(60));
        let cache: FreshCache<i64, &str> = FreshCache::default();
        cache.put(&freshness, 1, "one", freshness.stamp());
        assert_eq!(cache.get(&freshness, &1), Some("one"));
        assert_eq!(cache.get(&freshness, &2), None);
        freshness.changed_here();
        assert_eq!(cache.get(&freshness, &1), None);
    }
}
