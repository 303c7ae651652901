//! The data source names each org knows, in memory, for the dashboard schema migration: it
//! resolves old dashboards' data source names to `{type, uid}` synchronously, many times per
//! dashboard, so it must not wait for the database.
//!
//! Each org has an immutable snapshot. Every write of this server replaces the written org's
//! snapshot right after its commit; [`SnapshotRefresher`] reloads every org periodically, so
//! writes of other servers on the same database are seen within its interval.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use sightline_dashboards::migration::{DataSourceLookup, DataSourceRef, UnknownDataSources};
use sightline_dashboards::DataSourceDirectory;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::records::RefRow;
use crate::DataSourceService;

/// One org's data sources by name and uid, and its default.
#[derive(Debug, Default)]
pub struct OrgDataSources {
    by_name: HashMap<String, DataSourceRef>,
    by_uid: HashMap<String, DataSourceRef>,
    default: Option<DataSourceRef>,
}

impl OrgDataSources {
    /// Built from `(org_id, uid, name, type, is_default)` rows of one org, in id order (of
    /// two defaults, which only a race can leave, the first wins).
    fn from_rows<'a>(rows: impl Iterator<Item = &'a RefRow>) -> OrgDataSources {
        let mut org = OrgDataSources::default();
        for (_, uid, name, type_id, is_default) in rows {
            let reference = DataSourceRef::new(type_id.clone(), uid.clone());
            if *is_default && org.default.is_none() {
                org.default = Some(reference.clone());
            }
            org.by_name.insert(name.clone(), reference.clone());
            org.by_uid.insert(uid.clone(), reference);
        }
        org
    }
}

impl DataSourceLookup for OrgDataSources {
    fn by_name(&self, name: &str) -> Option<DataSourceRef> {
        self.by_name.get(name).cloned()
    }

    fn default_ref(&self) -> Option<DataSourceRef> {
        self.default.clone()
    }

    fn by_uid(&self, uid: &str) -> Option<DataSourceRef> {
        self.by_uid.get(uid).cloned()
    }
}

/// The snapshots of every org; what `DashboardService::with_data_sources` receives.
#[derive(Default)]
pub struct DataSourceSnapshots {
    orgs: RwLock<HashMap<i64, Arc<OrgDataSources>>>,
}

impl DataSourceSnapshots {
    /// Replaces the snapshot of `org_id` with `rows` (that org's rows).
    pub(crate) fn replace_org(&self, org_id: i64, rows: &[RefRow]) {
        let snapshot = Arc::new(OrgDataSources::from_rows(rows.iter()));
        let mut orgs = self
            .orgs
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        orgs.insert(org_id, snapshot);
    }

    /// Replaces every snapshot with `rows` (all rows of every org).
    pub(crate) fn replace_all(&self, rows: &[RefRow]) {
        let mut grouped: HashMap<i64, Vec<&RefRow>> = HashMap::new();
        for row in rows {
            grouped.entry(row.0).or_default().push(row);
        }
        let fresh: HashMap<i64, Arc<OrgDataSources>> = grouped
            .into_iter()
            .map(|(org_id, rows)| {
                (
                    org_id,
                    Arc::new(OrgDataSources::from_rows(rows.into_iter())),
                )
            })
            .collect();
        let mut orgs = self
            .orgs
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *orgs = fresh;
    }
}

impl DataSourceDirectory for DataSourceSnapshots {
    fn for_org(&self, org_id: i64) -> Arc<dyn DataSourceLookup + Send + Sync> {
        let orgs = self
            .orgs
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match orgs.get(&org_id) {
            Some(snapshot) => Arc::clone(snapshot) as Arc<dyn DataSourceLookup + Send + Sync>,
            None => Arc::new(UnknownDataSources),
        }
    }
}

/// Reloads every org's snapshot from the database every `interval`, until stopped.
pub struct SnapshotRefresher {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl SnapshotRefresher {
    /// How often by default: other servers' data source writes show in name lookups within
    /// this long.
    pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(10);

    pub fn spawn(service: DataSourceService, interval: Duration) -> SnapshotRefresher {
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            let mut ticks = tokio::time::interval(interval);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            ticks.tick().await;
            loop {
                tokio::select! {
                    _ = ticks.tick() => {}
                    _ = stopped.changed() => return,
                }
                if let Err(error) = service.reload_snapshots().await {
                    tracing::warn!(%error, "reloading the data source names failed");
                }
            }
        });
        SnapshotRefresher { stop, task }
    }

    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(error) = self.task.await {
            tracing::error!(%error, "data source snapshot task failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(org_id: i64, uid: &str, name: &str, is_default: bool) -> RefRow {
        (
            org_id,
            uid.to_string(),
            name.to_string(),
            "prometheus".to_string(),
            is_default,
        )
    }

    #[test]
    fn each_org_answers_with_its_own_data_sources() {
        let snapshots = DataSourceSnapshots::default();
        snapshots.replace_all(&[
            row(1, "prom-1", "Prometheus", true),
            row(1, "other", "Other", false),
            row(2, "prom-2", "Prometheus", false),
        ]);
        let org1 = snapshots.for_org(1);
        assert_eq!(
            org1.by_name("Prometheus"),
            Some(DataSourceRef::new("prometheus", "prom-1"))
        );
        assert_eq!(org1.by_uid("other").map(|r| r.uid), Some("other".into()));
        assert_eq!(org1.default_ref().map(|r| r.uid), Some("prom-1".into()));
        let org2 = snapshots.for_org(2);
        assert_eq!(
            org2.by_name("Prometheus").map(|r| r.uid),
            Some("prom-2".into())
        );
        assert_eq!(org2.default_ref(), None);
        assert_eq!(snapshots.for_org(3).by_name("Prometheus"), None);

        snapshots.replace_org(2, &[row(2, "loki", "Loki", true)]);
        assert_eq!(snapshots.for_org(2).by_name("Prometheus"), None);
        assert_eq!(
            snapshots.for_org(2).default_ref().map(|r| r.uid),
            Some("loki".into())
        );
        assert!(snapshots.for_org(1).by_name("Prometheus").is_some());
    }
}
