//! Dashboard provisioning end to end: provider files in `<paths.provisioning>/dashboards`,
//! dashboards loaded from disk into folders, kept in sync while the server runs (changed,
//! added, deleted files), the API refusing to change provisioned dashboards, and bad files
//! that are skipped without taking anything else down.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sightline_testkit::{backend_tests, Backend, Client, TestServer};

/// The environment variable the provider files of these tests refer to.
const ROOT_VAR: &str = "SIGHTLINE_TEST_PROVISIONING_ROOT";

/// How long a change on disk may take to show (providers rescan every second).
const DEADLINE: Duration = Duration::from_secs(30);

/// A provisioning directory of one scenario, removed on drop.
struct ProvisioningDir {
    /// `<root>/<unique>`: `provisioning/` and the dashboards directories live here.
    base: PathBuf,
    /// The `<unique>` part, for paths written as `${SIGHTLINE_TEST_PROVISIONING_ROOT}/<unique>`.
    name: String,
}

impl ProvisioningDir {
    fn new() -> ProvisioningDir {
        let root = shared_root();
        let name = format!("case-{}", uuid::Uuid::new_v4().simple());
        let base = root.join(&name);
        std::fs::create_dir_all(base.join("provisioning/dashboards")).expect("mkdir");
        ProvisioningDir { base, name }
    }

    /// The `paths.provisioning` override.
    fn setting(&self) -> String {
        format!(
            "paths.provisioning={}",
            self.base.join("provisioning").display()
        )
    }

    fn provider_file(&self, file: &str, yaml: &str) {
        write(&self.base.join("provisioning/dashboards").join(file), yaml);
    }

    /// Writes a dashboard file under `<base>/<relative>`.
    fn dashboard_file(&self, relative: &str, dashboard: &Value) {
        let text = serde_json::to_string_pretty(dashboard).expect("json");
        write(&self.base.join(relative), &text);
    }

    fn remove(&self, relative: &str) {
        std::fs::remove_file(self.base.join(relative)).expect("remove dashboard file");
    }

    async fn start(&self, backend: Backend) -> TestServer {
        TestServer::start_with(backend, &[&self.setting()]).await
    }
}

impl Drop for ProvisioningDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.base);
    }
}

/// The directory `$SIGHTLINE_TEST_PROVISIONING_ROOT` names: set once for the whole test
/// binary, to the same value for every scenario.
fn shared_root() -> PathBuf {
    static SET: Once = Once::new();
    let root = std::env::temp_dir().join("sightline-provisioning-tests");
    SET.call_once(|| std::env::set_var(ROOT_VAR, &root));
    root
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    // Written aside and renamed, so that a rescan never reads half a file.
    let partial = path.with_extension("partial");
    std::fs::write(&partial, text).expect("write");
    std::fs::rename(&partial, path).expect("rename");
}

fn dashboard(uid: Option<&str>, title: &str, tags: &[&str]) -> Value {
    let mut dashboard = json!({
        "title": title,
        "tags": tags,
        "schemaVersion": 41,
        "panels": [{ "id": 1, "type": "timeseries", "title": "Requests",
                     "gridPos": { "h": 8, "w": 12, "x": 0, "y": 0 } }]
    });
    if let Some(uid) = uid {
        dashboard["uid"] = json!(uid);
    }
    dashboard
}

/// Polls `check` until it gives a value, failing with `what` after [`DEADLINE`].
async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            started.elapsed() < DEADLINE,
            "timed out waiting for: {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// `GET /api/dashboards/uid/:uid` when it answers 200.
async fn dashboard_by_uid(client: &Client, uid: &str) -> Option<Value> {
    let reply = client.get(&format!("/api/dashboards/uid/{uid}")).await;
    (reply.status == 200).then_some(reply.body)
}

/// The search hits with `tag`, by title.
async fn tagged(client: &Client, tag: &str) -> Vec<Value> {
    let reply = client.get(&format!("/api/search?tag={tag}")).await;
    assert_eq!(reply.status, 200, "search: {:?}", reply.body);
    let mut hits = reply.body.as_array().expect("hits").clone();
    hits.sort_by_key(|hit| hit["title"].as_str().unwrap_or_default().to_string());
    hits
}

async fn files_are_provisioned_into_folders_and_followed(backend: Backend) {
    let dir = ProvisioningDir::new();
    dir.provider_file(
        "files.yaml",
        &format!(
            "apiVersion: 1
providers:
  - name: files
    type: file
    updateIntervalSeconds: 1
    options:
      path: ${{{ROOT_VAR}}}/{}/json
      foldersFromFilesStructure: true
",
            dir.name
        ),
    );
    dir.dashboard_file(
        "json/overview.json",
        &dashboard(Some("prov-overview"), "Provisioned Overview", &["prov"]),
    );
    dir.dashboard_file(
        "json/Team A/Services/latency.json",
        &dashboard(None, "Provisioned Latency", &["prov"]),
    );
    let server = dir.start(backend).await;
    let admin = server.admin();

    eventually("both dashboards searchable", || async {
        (tagged(&admin, "prov").await.len() == 2).then_some(())
    })
    .await;
    // Searched again: a search running while a folder and its dashboard were being created
    // may have seen the dashboard but not yet the folder.
    let hits = tagged(&admin, "prov").await;
    assert_eq!(hits[0]["title"], "Provisioned Latency");
    assert_eq!(hits[0]["folderTitle"], "Services");
    assert_eq!(hits[1]["title"], "Provisioned Overview");
    assert_eq!(hits[1]["uid"], "prov-overview");
    assert!(hits[1]["folderUid"].is_null() || hits[1]["folderUid"] == "");

    let overview = dashboard_by_uid(&admin, "prov-overview")
        .await
        .expect("overview");
    assert_eq!(overview["meta"]["provisioned"], true);
    assert_eq!(overview["meta"]["provisionedExternalId"], "overview.json");
    assert_eq!(overview["dashboard"]["version"], 1);

    // A file without a uid gets one derived from its path; nested directories nest folders.
    let latency_uid = hits[0]["uid"].as_str().expect("uid").to_string();
    assert_eq!(latency_uid.len(), 16);
    let latency = dashboard_by_uid(&admin, &latency_uid)
        .await
        .expect("latency");
    assert_eq!(latency["meta"]["provisioned"], true);
    assert_eq!(
        latency["meta"]["provisionedExternalId"],
        "Team A/Services/latency.json"
    );
    let folder_uid = latency["meta"]["folderUid"].as_str().expect("folder uid");
    let folder = admin.get(&format!("/api/folders/{folder_uid}")).await;
    assert_eq!(folder.status, 200, "{:?}", folder.body);
    assert_eq!(folder.body["title"], "Services");
    assert_eq!(folder.body["parents"][0]["title"], "Team A");

    // The API may neither save nor delete it.
    let mut edited = overview["dashboard"].clone();
    edited["title"] = json!("Edited In The UI");
    let refused = admin
        .post(
            "/api/dashboards/db",
            json!({ "dashboard": edited, "overwrite": true }),
        )
        .await;
    assert_eq!(refused.status, 400, "{:?}", refused.body);
    assert_eq!(refused.message(), "Cannot save provisioned dashboard");
    let refused = admin.delete("/api/dashboards/uid/prov-overview").await;
    assert_eq!(refused.status, 400, "{:?}", refused.body);
    assert_eq!(refused.message(), "provisioned dashboard cannot be deleted");

    // A changed file becomes a new version; an unchanged one is not saved again.
    dir.dashboard_file(
        "json/overview.json",
        &dashboard(
            Some("prov-overview"),
            "Provisioned Overview v2",
            &["prov", "changed"],
        ),
    );
    let changed = eventually("the changed file saved", || async {
        let current = dashboard_by_uid(&admin, "prov-overview").await?;
        (current["dashboard"]["version"] == 2).then_some(current)
    })
    .await;
    assert_eq!(changed["dashboard"]["title"], "Provisioned Overview v2");
    assert_eq!(changed["meta"]["provisioned"], true);
    let versions = admin
        .get("/api/dashboards/uid/prov-overview/versions")
        .await;
    assert_eq!(versions.status, 200, "{:?}", versions.body);

    // A new file is added.
    dir.dashboard_file(
        "json/added.json",
        &dashboard(Some("prov-added"), "Provisioned Added", &["prov"]),
    );
    eventually("the new file provisioned", || async {
        dashboard_by_uid(&admin, "prov-added").await
    })
    .await;

    // A deleted file takes its dashboard along.
    dir.remove("json/Team A/Services/latency.json");
    eventually("the deleted file's dashboard gone", || async {
        dashboard_by_uid(&admin, &latency_uid)
            .await
            .is_none()
            .then_some(())
    })
    .await;

    // Rescans of unchanged files leave the versions alone.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let still = dashboard_by_uid(&admin, "prov-overview")
        .await
        .expect("overview");
    assert_eq!(still["dashboard"]["version"], 2);
    let added = dashboard_by_uid(&admin, "prov-added").await.expect("added");
    assert_eq!(added["dashboard"]["version"], 1);
    server.stop().await;
}

async fn ui_updates_and_kept_dashboards(backend: Backend) {
    let dir = ProvisioningDir::new();
    dir.provider_file(
        "kept.yml",
        &format!(
            "apiVersion: 1
providers:
  - name: kept
    orgId: 1
    folder: Kept Dashboards
    folderUid: kept-folder
    disableDeletion: true
    allowUiUpdates: true
    updateIntervalSeconds: 1
    options:
      path: {}
",
            dir.base.join("kept").display()
        ),
    );
    dir.dashboard_file(
        "kept/kept.json",
        &dashboard(Some("prov-kept"), "Kept", &["kept"]),
    );
    let server = dir.start(backend).await;
    let admin = server.admin();

    // Saved and marked as provisioned in one transaction: seen at all, it is marked.
    let kept = eventually("the dashboard provisioned", || async {
        dashboard_by_uid(&admin, "prov-kept").await
    })
    .await;
    assert_eq!(kept["meta"]["provisionedExternalId"], "kept.json");
    assert_eq!(kept["meta"]["folderUid"], "kept-folder");
    assert_eq!(kept["meta"]["folderTitle"], "Kept Dashboards");
    // With allowUiUpdates Grafana does not show it as provisioned, but says where it is from.
    assert_eq!(kept["meta"]["provisioned"], false);
    assert_eq!(kept["meta"]["provisionedExternalId"], "kept.json");

    let mut edited = kept["dashboard"].clone();
    edited["title"] = json!("Kept, edited");
    let saved = admin
        .post(
            "/api/dashboards/db",
            json!({ "dashboard": edited, "folderUid": "kept-folder" }),
        )
        .await;
    assert_eq!(saved.status, 200, "{:?}", saved.body);
    assert_eq!(saved.body["version"], 2);
    let refused = admin.delete("/api/dashboards/uid/prov-kept").await;
    assert_eq!(refused.status, 400, "{:?}", refused.body);
    assert_eq!(refused.message(), "provisioned dashboard cannot be deleted");

    // The file is unchanged, so the UI's edit stays.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let after = dashboard_by_uid(&admin, "prov-kept").await.expect("kept");
    assert_eq!(after["dashboard"]["title"], "Kept, edited");

    // With disableDeletion a deleted file leaves an ordinary dashboard behind.
    dir.remove("kept/kept.json");
    let unprovisioned = eventually("the dashboard unprovisioned", || async {
        let current = dashboard_by_uid(&admin, "prov-kept").await?;
        (current["meta"]["provisionedExternalId"] == "").then_some(current)
    })
    .await;
    assert_eq!(unprovisioned["dashboard"]["title"], "Kept, edited");
    let deleted = admin.delete("/api/dashboards/uid/prov-kept").await;
    assert_eq!(deleted.status, 200, "{:?}", deleted.body);
    server.stop().await;
}

async fn bad_files_are_skipped_and_the_rest_loads(backend: Backend) {
    let dir = ProvisioningDir::new();
    let good_path = dir.base.join("good");
    dir.provider_file(
        "a-broken.yaml",
        "apiVersion: 1\nproviders:\n  - name: [oops\n",
    );
    dir.provider_file(
        "b-wrong-type.yaml",
        &format!(
            "apiVersion: 1\nproviders:\n  - name: wrong\n    updateIntervalSeconds: soon\n    \
             options: {{ path: {} }}\n",
            good_path.display()
        ),
    );
    dir.provider_file(
        "c-good.yaml",
        &format!(
            "apiVersion: 1
providers:
  - name: first
    updateIntervalSeconds: 1
    options: {{ path: {} }}
  - name: second
    updateIntervalSeconds: 1
    options: {{ path: {} }}
",
            good_path.display(),
            dir.base.join("second").display()
        ),
    );
    dir.dashboard_file(
        "good/good.json",
        &dashboard(Some("prov-good"), "Good", &["good"]),
    );
    write(&good_path.join("broken.json"), "{ \"title\": ");
    // The second provider claims a uid the first one holds: the first one wins.
    dir.dashboard_file(
        "second/copy.json",
        &dashboard(Some("prov-good"), "Copy Of Good", &["good"]),
    );
    dir.dashboard_file(
        "second/own.json",
        &dashboard(Some("prov-own"), "Own", &["good"]),
    );
    let server = dir.start(backend).await;
    let admin = server.admin();

    let hits = eventually("the good dashboards provisioned", || async {
        let hits = tagged(&admin, "good").await;
        (hits.len() == 2).then_some(hits)
    })
    .await;
    let titles: Vec<&str> = hits
        .iter()
        .map(|hit| hit["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Good", "Own"]);
    let good = dashboard_by_uid(&admin, "prov-good").await.expect("good");
    assert_eq!(good["meta"]["provisionedExternalId"], "good.json");
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let good = dashboard_by_uid(&admin, "prov-good").await.expect("good");
    assert_eq!(good["dashboard"]["title"], "Good");
    assert_eq!(good["dashboard"]["version"], 1);

    assert_eq!(server.client().get("/api/health").await.status, 200);
    server.stop().await;
}

async fn restarts_save_nothing_new_and_removed_providers_go(backend: Backend) {
    let dir = ProvisioningDir::new();
    let provider = |name: &str| {
        format!(
            "apiVersion: 1\nproviders:\n  - name: {name}\n    updateIntervalSeconds: 1\n    \
             options: {{ path: {} }}\n",
            dir.base.join(name).display()
        )
    };
    dir.provider_file("stay.yaml", &provider("stay"));
    dir.provider_file("gone.yaml", &provider("gone"));
    dir.dashboard_file("stay/a.json", &dashboard(Some("prov-stay"), "Stay", &["r"]));
    dir.dashboard_file("gone/b.json", &dashboard(Some("prov-gone"), "Gone", &["r"]));
    let server = dir.start(backend).await;
    let admin = server.admin();
    eventually("both providers' dashboards", || async {
        (tagged(&admin, "r").await.len() == 2).then_some(())
    })
    .await;

    // Restarted without the provider "gone" and with one more file for "stay".
    std::fs::remove_file(dir.base.join("provisioning/dashboards/gone.yaml")).expect("remove");
    dir.dashboard_file(
        "stay/c.json",
        &dashboard(Some("prov-later"), "Later", &["r"]),
    );
    let server = server.restart_with(&[&dir.setting()]).await;
    let admin = server.admin();
    eventually(
        "the removed provider's dashboard deleted, the new file added",
        || async {
            let gone = dashboard_by_uid(&admin, "prov-gone").await.is_none();
            let later = dashboard_by_uid(&admin, "prov-later").await.is_some();
            (gone && later).then_some(())
        },
    )
    .await;
    // The first pass reads files in path order: a.json was compared before c.json was saved.
    let stay = dashboard_by_uid(&admin, "prov-stay").await.expect("stay");
    assert_eq!(stay["dashboard"]["version"], 1);
    assert_eq!(stay["meta"]["provisioned"], true);
    server.stop().await;
}

backend_tests!(
    on_backend,
    files_are_provisioned_into_folders_and_followed,
    ui_updates_and_kept_dashboards,
    bad_files_are_skipped_and_the_rest_loads,
    restarts_save_nothing_new_and_removed_providers_go,
);
