//! Clients kept per data source and rebuilt only when its record changes (its `version` or
//! `updated`), so that their connection pools and TLS sessions survive from one call to the
//! next: building a client per call means a new connection, and a TLS handshake, per call.
//! The HTTP plugins keep their clients here, the SQL plugins their pools.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::plugin::PluginContext;

/// One client (or anything built from a data source's record) per data source.
#[derive(Debug)]
pub struct ClientCache<T> {
    clients: Mutex<HashMap<(i64, String), Cached<T>>>,
}

#[derive(Debug)]
struct Cached<T> {
    version: i64,
    updated: i64,
    client: Arc<T>,
}

impl<T> Default for ClientCache<T> {
    fn default() -> Self {
        ClientCache {
            clients: Mutex::new(HashMap::new()),
        }
    }
}

impl<T> ClientCache<T> {
    /// The client for `context`'s data source: the one kept when its record is unchanged,
    /// else what `build` makes (kept unless it failed).
    pub fn get_or_build<E>(
        &self,
        context: &PluginContext,
        build: impl FnOnce() -> Result<T, E>,
    ) -> Result<Arc<T>, E> {
        self.get_or_replace(context, build)
            .map(|(client, _replaced)| client)
    }

    /// As [`ClientCache::get_or_build`], with the client a rebuild replaced, for the caller
    /// to close.
    pub fn get_or_replace<E>(
        &self,
        context: &PluginContext,
        build: impl FnOnce() -> Result<T, E>,
    ) -> Result<(Arc<T>, Option<Arc<T>>), E> {
        let record = &context.data_source;
        let key = (context.org_id, record.uid.clone());
        let mut clients = self
            .clients
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(cached) = clients.get(&key) {
            if cached.version == record.version && cached.updated == record.updated {
                return Ok((Arc::clone(&cached.client), None));
            }
        }
        let client = Arc::new(build()?);
        let replaced = clients.insert(
            key,
            Cached {
                version: record.version,
                updated: record.updated,
                client: Arc::clone(&client),
            },
        );
        Ok((client, replaced.map(|cached| cached.client)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plugins::http_client::tests::context;

    #[test]
    fn a_client_is_kept_until_its_data_source_changes() {
        let cache = ClientCache::default();
        let mut context = context(serde_json::json!({}), &[]);
        let mut builds = 0;
        let mut get = |context: &PluginContext| {
            cache
                .get_or_build(context, || {
                    builds += 1;
                    Ok::<_, String>(builds)
                })
                .expect("built")
        };
        let first = get(&context);
        assert!(Arc::ptr_eq(&first, &get(&context)), "kept");
        context.data_source.version += 1;
        let second = get(&context);
        assert_eq!((*first, *second), (1, 2), "rebuilt after an update");
        context.data_source.updated += 1;
        assert_eq!(*get(&context), 3, "rebuilt when only `updated` changed");
        context.data_source.uid = "other".into();
        assert_eq!(*get(&context), 4, "one per data source");
        context.org_id = 2;
        assert_eq!(*get(&context), 5, "and per org");
    }

    #[test]
    fn a_rebuild_hands_back_the_client_it_replaced() {
        let cache = ClientCache::default();
        let mut context = context(serde_json::json!({}), &[]);
        let build = |value: u8| move || Ok::<_, String>(value);
        let (first, replaced) = cache.get_or_replace(&context, build(1)).expect("built");
        assert_eq!(replaced, None);
        let (_, replaced) = cache.get_or_replace(&context, build(2)).expect("kept");
        assert_eq!(
            replaced, None,
            "nothing replaced while the record is unchanged"
        );
        context.data_source.version += 1;
        let (second, replaced) = cache.get_or_replace(&context, build(3)).expect("rebuilt");
        assert_eq!((*first, *second), (1, 3));
        assert!(replaced.is_some_and(|old| Arc::ptr_eq(&old, &first)));
    }

    #[test]
    fn a_failed_build_is_not_kept() {
        let cache: ClientCache<u8> = ClientCache::default();
        let context = context(serde_json::json!({}), &[]);
        assert_eq!(
            cache.get_or_build(&context, || Err("bad URL")),
            Err("bad URL")
        );
        let built = cache.get_or_build(&context, || Ok::<_, &str>(7));
        assert_eq!(built.as_deref(), Ok(&7));
    }
}
