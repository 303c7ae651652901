//! How long this server trusts what it has read of state that other servers sharing the
//! database may change: service account tokens, team membership, stars, and the generation
//! of an org's dashboard index. Callers cache such reads with a [`ReadStamp`] taken *before*
//! the read; the read stays trusted while [`Freshness::is_fresh`] says so.
//!
//! Writes made through this server call [`Freshness::changed_here`], which makes every
//! cached read stale at once, so this server never serves its own stale state; writes made
//! on another server show here within `[database] shared_state_ttl` (0: every request reads).

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The trust horizon of cached reads, shared by every clone of a [`crate::Store`].
#[derive(Debug)]
pub struct Freshness {
    ttl: Duration,
    /// Bumped by every local write that may invalidate a cached read.
    epoch: AtomicU64,
}

/// When a cached read was made: its time and the local write epoch then.
#[derive(Debug, Clone, Copy)]
pub struct ReadStamp {
    at: Instant,
    epoch: u64,
}

impl Freshness {
    pub fn new(ttl: Duration) -> Freshness {
        Freshness {
            ttl,
            epoch: AtomicU64::new(0),
        }
    }

    /// Take it before reading what is to be cached.
    pub fn stamp(&self) -> ReadStamp {
        ReadStamp {
            at: Instant::now(),
            epoch: self.epoch.load(Ordering::Acquire),
        }
    }

    /// Whether a read made at `stamp` may still be used instead of reading again.
    pub fn is_fresh(&self, stamp: ReadStamp) -> bool {
        stamp.epoch == self.epoch.load(Ordering::Acquire) && stamp.at.elapsed() < self.ttl
    }

    /// A write through this server changed tokens, users, roles, teams or stars: no
    /// cached read made before it is used again.
    pub fn changed_here(&self) {
        self.epoch.fetch_add(1, Ordering::AcqRel);
    }
}

/// Values read from the database, each used while [`Freshness::is_fresh`] trusts its read.
/// Beyond [`FreshCache::MAX_ENTRIES`] the stale ones are dropped, and all of them if none is.
pub struct FreshCache<K, V> {
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
    pub const MAX_ENTRIES: usize = 4096;

    fn entries(&self) -> std::sync::MutexGuard<'_, HashMap<K, (V, ReadStamp)>> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn get(&self, freshness: &Freshness, key: &K) -> Option<V> {
        let entries = self.entries();
        let (value, read) = entries.get(key)?;
        freshness.is_fresh(*read).then(|| value.clone())
    }

    /// Remembers `value`, read from the database at `read` (a stamp taken before the read).
    pub fn put(&self, freshness: &Freshness, key: K, value: V, read: ReadStamp) {
        let mut entries = self.entries();
        if entries.len() >= Self::MAX_ENTRIES {
            entries.retain(|_, (_, read)| freshness.is_fresh(*read));
            if entries.len() >= Self::MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(key, (value, read));
    }

    pub fn clear(&self) {
        self.entries().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_is_trusted_for_the_ttl_and_not_past_a_local_write() {
        let freshness = Freshness::new(Duration::from_secs(60));
        let stamp = freshness.stamp();
        assert!(freshness.is_fresh(stamp));
        freshness.changed_here();
        assert!(!freshness.is_fresh(stamp));
        assert!(freshness.is_fresh(freshness.stamp()));
    }

    #[test]
    fn a_zero_ttl_trusts_nothing() {
        let freshness = Freshness::new(Duration::ZERO);
        assert!(!freshness.is_fresh(freshness.stamp()));
    }

    #[test]
    fn cached_values_live_while_fresh() {
        let freshness = Freshness::new(Duration::from_secs(60));
        let cache: FreshCache<i64, &str> = FreshCache::default();
        cache.put(&freshness, 1, "one", freshness.stamp());
        assert_eq!(cache.get(&freshness, &1), Some("one"));
        assert_eq!(cache.get(&freshness, &2), None);
        freshness.changed_here();
        assert_eq!(cache.get(&freshness, &1), None);
    }

    #[test]
    fn a_read_expires() {
        let freshness = Freshness::new(Duration::from_millis(20));
        let stamp = freshness.stamp();
        std::thread::sleep(Duration::from_millis(30));
        assert!(!freshness.is_fresh(stamp));
    }
}
