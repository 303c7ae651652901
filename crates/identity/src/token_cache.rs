//! The service account tokens this server has recently accepted, so that a busy client's
//! requests do not each look their token up. An entry is used while the store's
//! [`Freshness`] trusts it (a local write to accounts, roles or tokens ends that at once) and
//! its token has not expired; unknown or refused keys are never cached.

use std::collections::HashMap;
use std::sync::Mutex;

use sightline_store::{Freshness, ReadStamp};

use crate::models::TokenIdentity;

/// Beyond this many entries the stale ones are dropped, and all of them if none is.
const MAX_ENTRIES: usize = 4096;

#[derive(Default)]
pub(crate) struct TokenCache {
    entries: Mutex<HashMap<String, Entry>>,
}

struct Entry {
    identity: TokenIdentity,
    /// Epoch seconds at which the token stops being valid.
    expires: Option<i64>,
    read: ReadStamp,
}

impl TokenCache {
    /// The identity cached for the token whose hash is `key_hash`, if still trusted at `now`.
    pub fn get(&self, freshness: &Freshness, key_hash: &str, now: i64) -> Option<TokenIdentity> {
        let entries = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let entry = entries.get(key_hash)?;
        let valid = freshness.is_fresh(entry.read) && entry.expires.is_none_or(|at| now < at);
        valid.then(|| entry.identity.clone())
    }

    /// Remembers an accepted token, read from the database at `read`.
    pub fn put(
        &self,
        freshness: &Freshness,
        key_hash: String,
        identity: TokenIdentity,
        expires: Option<i64>,
        read: ReadStamp,
    ) {
        let mut entries = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, entry| freshness.is_fresh(entry.read));
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(
            key_hash,
            Entry {
                identity,
                expires,
                read,
            },
        );
    }
}
