//! The background task: once at start the dashboards of providers that are gone are deleted
//! and every provider makes a first pass, in order (so that of two files claiming one uid the
//! first provider's wins); then each provider rescans every `updateIntervalSeconds` until
//! the task is stopped.

use std::collections::HashSet;

use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::{interval_at, Instant, MissedTickBehavior};

use super::config::ProviderSet;
use super::provider::{is_stopping, Provider};
use crate::DashboardService;

/// The running provisioning; [`ProvisioningTask::stop`] ends it.
pub struct ProvisioningTask {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl ProvisioningTask {
    /// Starts provisioning the dashboards of `providers`. Returns at once; the first pass
    /// runs in the background.
    pub fn spawn(service: DashboardService, providers: ProviderSet) -> ProvisioningTask {
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(run(service, providers, stopped));
        ProvisioningTask { stop, task }
    }

    /// Stops every provider and waits until they have: a pass in progress ends after the
    /// file it is saving.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        if let Err(error) = self.task.await {
            tracing::error!(%error, "dashboard provisioning task failed");
        }
    }
}

async fn run(service: DashboardService, set: ProviderSet, stopped: watch::Receiver<bool>) {
    if set.is_complete() {
        let current: HashSet<&str> = set.providers.iter().map(|p| p.name.as_str()).collect();
        remove_orphans(&service, &current).await;
    } else {
        tracing::warn!(
            "some dashboard provider files have errors: dashboards of providers that are no \
             longer configured are kept until they are fixed"
        );
    }
    let mut providers: Vec<Provider> = set
        .providers
        .into_iter()
        .map(|config| Provider::new(service.clone(), config))
        .collect();
    for provider in &mut providers {
        tracing::info!(provider = %provider.config().name, path = %provider.config().path.display(), "provisioning dashboards");
        provider.sync(&stopped).await;
        if is_stopping(&stopped) {
            return;
        }
    }
    let mut polling = JoinSet::new();
    for provider in providers {
        polling.spawn(poll(provider, stopped.clone()));
    }
    while polling.join_next().await.is_some() {}
}

/// Rescans every `updateIntervalSeconds`, the first time one interval after the first pass.
async fn poll(mut provider: Provider, mut stopped: watch::Receiver<bool>) {
    let period = provider.config().update_interval;
    let mut ticks = interval_at(Instant::now() + period, period);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = stopped.wait_for(|stop| *stop) => return,
            _ = ticks.tick() => {}
        }
        provider.sync(&stopped).await;
    }
}

/// Deletes the dashboards of providers that are no longer configured, as Grafana does at
/// start.
async fn remove_orphans(service: &DashboardService, current: &HashSet<&str>) {
    let provisioned = match service.all_provisioned().await {
        Ok(provisioned) => provisioned,
        Err(error) => {
            tracing::error!(%error, "provisioned dashboards could not be listed");
            return;
        }
    };
    for orphan in provisioned
        .iter()
        .filter(|dashboard| !current.contains(dashboard.provider.as_str()))
    {
        match service.delete_provisioned(orphan).await {
            Ok(()) => {
                tracing::info!(provider = %orphan.provider, file = %orphan.external_id, uid = %orphan.uid, "dashboard of a removed provider deleted")
            }
            Err(error) => {
                tracing::error!(provider = %orphan.provider, uid = %orphan.uid, %error, "dashboard of a removed provider could not be deleted")
            }
        }
    }
}
