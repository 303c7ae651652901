//! Dashboard provisioning, as Grafana's: dashboards kept in JSON files, declared by provider
//! files in `<paths.provisioning>/dashboards/*.yaml`, loaded at start and kept in sync by
//! polling (`config.rs` reads the providers, [`ProvisioningTask`] runs them).
//!
//! - Each provider's `*.json` files (recursively) are saved through the ordinary save path
//!   and marked in `dashboard_provisioning` with the provider's name, the file's path
//!   relative to the provider's `options.path` and the file's SHA-256; a file whose checksum
//!   (and folder) did not change is not saved again.
//! - A dashboard without a uid gets one derived from org, provider and path, so every server
//!   and every restart names it alike ([`stable_uid`]).
//! - The API may not delete a provisioned dashboard, nor save one unless its provider has
//!   `allowUiUpdates` (`dashboards.rs` and `save.rs` refuse; the provisioner itself is let
//!   through by `is_provisioner`).
//! - Problems never stop the server: a bad provider file or dashboard file is logged with
//!   its path (and field) and skipped.
//!
//! Several servers on one database each run their providers. That is safe — every pass
//! compares checksums, so the first server's save makes the others' passes no-ops, and a
//! concurrent first save of one dashboard ends in one row (the loser retries next pass) —
//! but it multiplies the scanning, and servers with different provider files undo each
//! other's work. Give servers sharing a database the same provisioning directory; electing a
//! single writer is left for later.

mod config;
mod expand;
mod files;
mod folders;
mod provider;
mod records;
mod task;

use std::path::PathBuf;

use sightline_core::{AuthMethod, Identity, OrgRole};

pub use config::{read_providers, ConfigProblem, ProviderConfig, ProviderSet};
pub use expand::{expand, EnvLookup};
pub(crate) use records::Marking;
pub use task::ProvisioningTask;

/// Reads the provider files in `dir` (`<paths.provisioning>/dashboards`) off the async
/// runtime, expanding the process environment.
pub async fn load_providers(dir: PathBuf) -> ProviderSet {
    let read = tokio::task::spawn_blocking(move || {
        read_providers(&dir, &|name: &str| std::env::var(name).ok())
    });
    read.await.unwrap_or_else(|error| ProviderSet {
        errors: vec![ConfigProblem {
            file: PathBuf::new(),
            field: String::new(),
            message: format!("reading the provider files failed: {error}"),
        }],
        ..ProviderSet::default()
    })
}

/// The identity provisioning saves and creates folders as: an org Admin of the provider's org
/// that is no user. Real callers never look like it: users and service accounts have a user
/// id, anonymous visitors are not service accounts.
pub(crate) fn provisioner(org_id: i64) -> Identity {
    Identity {
        org_id,
        user_id: 0,
        login: "provisioning".to_string(),
        org_role: OrgRole::Admin,
        server_admin: false,
        is_service_account: true,
        auth_method: AuthMethod::ServiceAccountToken,
        session_id: None,
    }
}

/// True for the identity of [`provisioner`]: saves by it may update provisioned dashboards.
pub(crate) fn is_provisioner(caller: &Identity) -> bool {
    caller.is_service_account && caller.user_id == 0
}

/// The uid of a provisioned dashboard whose file names none: the same for the same org,
/// provider and file on every server, 16 characters like `4f1c0a9e2b7d5e33`.
pub fn stable_uid(org_id: i64, provider: &str, relative_path: &str) -> String {
    let name = format!("sightline-provisioning/{org_id}/{provider}/{relative_path}");
    let id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, name.as_bytes());
    id.simple().to_string()[..16].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_uids_are_valid_and_depend_on_every_part() {
        let uid = stable_uid(1, "team-a", "web/overview.json");
        assert_eq!(uid, stable_uid(1, "team-a", "web/overview.json"));
        assert_eq!(uid.len(), 16);
        crate::naming::check_uid(&uid).expect("a valid uid");
        assert_ne!(uid, stable_uid(2, "team-a", "web/overview.json"));
        assert_ne!(uid, stable_uid(1, "team-b", "web/overview.json"));
        assert_ne!(uid, stable_uid(1, "team-a", "web/other.json"));
    }

    #[test]
    fn only_the_provisioner_identity_is_the_provisioner() {
        assert!(is_provisioner(&provisioner(3)));
        let mut user = provisioner(3);
        user.user_id = 7;
        assert!(!is_provisioner(&user));
        let mut anonymous = provisioner(3);
        anonymous.is_service_account = false;
        anonymous.auth_method = AuthMethod::Anonymous;
        assert!(!is_provisioner(&anonymous));
    }
}
