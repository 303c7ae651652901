//! Data source provisioning end to end: files in `<paths.provisioning>/datasources` applied at
//! start with `$VAR` expansion, provisioned data sources closed to the API unless editable,
//! `deleteDatasources`, versions and `prune` across restarts, broken files that do not stop
//! the others, Grafana's refusal of two defaults in one org, and provisioned dashboards that
//! name provisioned data sources.

use std::path::PathBuf;
use std::sync::Once;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sightline_testkit::{backend_tests, Backend, Client, TestServer};

/// Environment variables the files of these tests refer to, set once for the test binary.
const URL_VAR: &str = "SIGHTLINE_TEST_DS_PROM_URL";
const SECRET_VAR: &str = "SIGHTLINE_TEST_DS_PROM_SECRET";
const PROM_URL: &str = "http://prometheus.test:9090";
const PROM_SECRET: &str = "provisioned-secret-value";

/// Grafana's uid for a provisioned data source named `Prometheus` without a uid.
const PROMETHEUS_UID: &str = "PBFA97CFB590B2093";

fn set_environment() {
    static SET: Once = Once::new();
    SET.call_once(|| {
        std::env::set_var(URL_VAR, PROM_URL);
        std::env::set_var(SECRET_VAR, PROM_SECRET);
    });
}

/// A provisioning directory of one scenario, removed on drop.
struct ProvisioningDir {
    base: PathBuf,
}

impl ProvisioningDir {
    fn new() -> ProvisioningDir {
        set_environment();
        let base = std::env::temp_dir().join(format!(
            "sightline-ds-provisioning-{}",
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::create_dir_all(base.join("provisioning/datasources")).expect("mkdir");
        ProvisioningDir { base }
    }

    fn setting(&self) -> String {
        format!(
            "paths.provisioning={}",
            self.base.join("provisioning").display()
        )
    }

    fn file(&self, relative: &str, text: &str) {
        let path = self.base.join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    fn data_sources(&self, name: &str, yaml: &str) {
        self.file(&format!("provisioning/datasources/{name}"), yaml);
    }

    fn remove_data_sources(&self, name: &str) {
        let path = self.base.join("provisioning/datasources").join(name);
        std::fs::remove_file(path).expect("remove");
    }

    async fn start(&self, backend: Backend) -> TestServer {
        TestServer::start_with(backend, &[&self.setting()]).await
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.base.join(relative)
    }
}

impl Drop for ProvisioningDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.base);
    }
}

async fn by_name(client: &Client, name: &str) -> Option<Value> {
    let reply = client.get(&format!("/api/datasources/name/{name}")).await;
    (reply.status == 200).then_some(reply.body)
}

async fn names(client: &Client) -> Vec<String> {
    let list = client.get("/api/datasources").await;
    assert_eq!(list.status, 200, "{:?}", list.body);
    list.body
        .as_array()
        .expect("list")
        .iter()
        .map(|d| d["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

async fn files_are_applied_at_start_and_protected(backend: Backend) {
    let dir = ProvisioningDir::new();
    dir.data_sources(
        "a-main.yaml",
        &format!(
            "apiVersion: 1
datasources:
  - name: Prometheus
    type: prometheus
    url: ${URL_VAR}
    isDefault: true
    jsonData:
      httpMethod: POST
      docs: $URL_VAR_IS_NOT_SET/x
    secureJsonData:
      basicAuthPassword: ${{{SECRET_VAR}}}
  - name: Loki
    type: loki
    uid: loki-uid
    access: direct
    editable: true
"
        ),
    );
    dir.data_sources(
        "b-broken.yaml",
        "apiVersion: 1\ndatasources:\n  - name: [oops\n",
    );
    dir.data_sources(
        "c-partly.yml",
        "apiVersion: 1\ndatasources:\n  - name: Typeless\n  - name: Tempo\n    type: tempo\n    \
         orgId: 1\n",
    );
    dir.data_sources(
        "d-other-org.yaml",
        "apiVersion: 1\ndatasources:\n  - name: Elsewhere\n    type: loki\n    orgId: 42\n",
    );
    let server = dir.start(backend).await;
    let admin = server.admin();
    assert_eq!(names(&admin).await, ["Loki", "Prometheus", "Tempo"]);

    let prometheus = by_name(&admin, "Prometheus").await.expect("provisioned");
    assert_eq!(prometheus["uid"], PROMETHEUS_UID);
    assert_eq!(prometheus["url"], PROM_URL);
    assert_eq!(prometheus["access"], "proxy");
    assert_eq!(prometheus["isDefault"], true);
    assert_eq!(prometheus["readOnly"], true);
    assert_eq!(
        prometheus["jsonData"],
        json!({ "httpMethod": "POST", "docs": "/x" })
    );
    assert_eq!(
        prometheus["secureJsonFields"],
        json!({ "basicAuthPassword": true })
    );
    assert!(!prometheus.to_string().contains(PROM_SECRET));
    let loki = by_name(&admin, "Loki").await.expect("provisioned");
    assert_eq!(loki["uid"], "loki-uid");
    assert_eq!(loki["access"], "direct");
    assert_eq!(loki["readOnly"], false);

    // Read-only data sources are closed to the API; editable ones are not.
    let change = json!({ "name": "Prometheus", "type": "prometheus", "access": "proxy" });
    let path = format!("/api/datasources/uid/{PROMETHEUS_UID}");
    let update = admin.put(&path, change).await;
    assert_eq!(update.status, 403, "{:?}", update.body);
    assert_eq!(update.message(), "Cannot update read-only data source");
    for delete in [
        admin.delete(&path).await,
        admin.delete("/api/datasources/name/Prometheus").await,
        admin
            .delete(&format!("/api/datasources/{}", prometheus["id"]))
            .await,
    ] {
        assert_eq!(delete.status, 403, "{:?}", delete.body);
        assert_eq!(delete.message(), "Cannot delete read-only data source");
    }
    let edit = admin
        .put(
            "/api/datasources/uid/loki-uid",
            json!({ "name": "Loki", "type": "loki", "access": "proxy", "url": "http://loki" }),
        )
        .await;
    assert_eq!(edit.status, 200, "{:?}", edit.body);
    assert_eq!(edit.body["datasource"]["readOnly"], false);
    assert_eq!(by_name(&admin, "Prometheus").await, Some(prometheus));
    server.stop().await;
}

async fn deletions_versions_and_prune_across_restarts(backend: Backend) {
    let dir = ProvisioningDir::new();
    let pruned = |a_url: &str, with_b: bool| {
        let b = if with_b {
            "  - name: B\n    type: loki\n"
        } else {
            ""
        };
        format!(
            "apiVersion: 1\nprune: true\ndatasources:\n  - name: A\n    type: loki\n    \
             version: 1\n    url: {a_url}\n{b}"
        )
    };
    dir.data_sources("pruned.yaml", &pruned("http://a/1", true));
    dir.data_sources(
        "kept.yaml",
        "apiVersion: 1\ndatasources:\n  - name: C\n    type: tempo\n  - name: D\n    type: tempo\n",
    );
    let server = dir.start(backend).await;
    let admin = server.admin();
    assert_eq!(names(&admin).await, ["A", "B", "C", "D"]);
    let a = by_name(&admin, "A").await.expect("A");
    assert_eq!(
        (a["version"].as_i64(), a["url"].as_str()),
        (Some(1), Some("http://a/1"))
    );

    // B leaves the pruned file while another file is broken: nothing is pruned.
    dir.data_sources("pruned.yaml", &pruned("http://a/2", false));
    dir.data_sources("zz-broken.yaml", "apiVersion: 1\ndatasources: {oops\n");
    let server = server.restart_with(&[&dir.setting()]).await;
    let admin = server.admin();
    assert_eq!(names(&admin).await, ["A", "B", "C", "D"]);
    // The file's version 1 is not older than the stored 1: A is updated to version 2.
    let a = by_name(&admin, "A").await.expect("A");
    assert_eq!(
        (a["version"].as_i64(), a["url"].as_str()),
        (Some(2), Some("http://a/2"))
    );

    // Fixed: B is pruned; C is deleted by deleteDatasources; D, without prune, stays even
    // though no file declares it; A's stored version 2 is newer than the file's 1: kept.
    dir.remove_data_sources("zz-broken.yaml");
    dir.data_sources("pruned.yaml", &pruned("http://a/3", false));
    dir.data_sources(
        "kept.yaml",
        "apiVersion: 1\ndeleteDatasources:\n  - name: C\n    orgId: 1\n",
    );
    let server = server.restart_with(&[&dir.setting()]).await;
    let admin = server.admin();
    assert_eq!(names(&admin).await, ["A", "D"]);
    let a = by_name(&admin, "A").await.expect("A");
    assert_eq!(
        (a["version"].as_i64(), a["url"].as_str()),
        (Some(2), Some("http://a/2"))
    );
    assert_eq!(by_name(&admin, "D").await.expect("D")["readOnly"], true);

    // The pruned file removed entirely: its data sources go with it.
    dir.remove_data_sources("pruned.yaml");
    let server = server.restart_with(&[&dir.setting()]).await;
    assert_eq!(names(&server.admin()).await, ["D"]);
    server.stop().await;
}

async fn two_defaults_in_one_org_stop_the_start(backend: Backend) {
    let dir = ProvisioningDir::new();
    dir.data_sources(
        "a.yaml",
        "apiVersion: 1\ndatasources:\n  - {name: A, type: loki, isDefault: true}\n",
    );
    dir.data_sources(
        "b.yaml",
        "apiVersion: 1\ndatasources:\n  - {name: B, type: loki, isDefault: true}\n",
    );
    let refused = TestServer::try_start_with(backend, &[&dir.setting()]).await;
    let Err(error) = refused else {
        panic!("a server with two default data sources in org 1 must not start");
    };
    let message = format!("{error:#}");
    assert!(
        message.contains(
            "datasource.yaml config is invalid. Only one datasource per organization can be \
             marked as default"
        ),
        "{message}"
    );
    assert!(message.contains("b.yaml"), "{message}");
}

/// An old dashboard naming data sources, both provisioned from a file and imported through
/// the API, gets `{type, uid}` references of the provisioned data sources.
async fn dashboards_name_provisioned_data_sources(backend: Backend) {
    let dir = ProvisioningDir::new();
    dir.data_sources(
        "sources.yaml",
        "apiVersion: 1
datasources:
  - name: Prometheus
    type: prometheus
    isDefault: true
  - name: Logs
    type: loki
    uid: logs-uid
",
    );
    let old = |uid: &str| {
        json!({
            "uid": uid,
            "title": format!("Old {uid}"),
            "schemaVersion": 27,
            "panels": [
                { "id": 1, "type": "graph", "title": "logs", "datasource": "Logs",
                  "gridPos": { "h": 8, "w": 12, "x": 0, "y": 0 },
                  "targets": [{ "refId": "A", "expr": "{job=\"x\"}" }] },
                { "id": 2, "type": "timeseries", "title": "default", "datasource": null,
                  "gridPos": { "h": 8, "w": 12, "x": 12, "y": 0 },
                  "targets": [{ "refId": "A", "expr": "up" }] }
            ]
        })
    };
    dir.file(
        "dashboards/old.json",
        &serde_json::to_string(&old("from-file")).expect("json"),
    );
    dir.file(
        "provisioning/dashboards/files.yaml",
        &format!(
            "apiVersion: 1\nproviders:\n  - name: files\n    options:\n      path: {}\n",
            dir.path("dashboards").display()
        ),
    );
    let server = dir.start(backend).await;
    let admin = server.admin();

    let imported = admin
        .post(
            "/api/dashboards/import",
            json!({ "dashboard": old("imported"), "overwrite": true, "inputs": [] }),
        )
        .await;
    assert_eq!(imported.status, 200, "{:?}", imported.body);
    let logs = json!({ "type": "loki", "uid": "logs-uid" });
    let default = json!({ "type": "prometheus", "uid": PROMETHEUS_UID });
    for uid in ["imported", "from-file"] {
        let dashboard = eventually_dashboard(&admin, uid).await;
        let panels = &dashboard["panels"];
        assert_eq!(panels[0]["datasource"], logs, "{uid}");
        assert_eq!(panels[0]["targets"][0]["datasource"], logs, "{uid}");
        assert_eq!(panels[1]["datasource"], default, "{uid}");
        assert_eq!(panels[1]["targets"][0]["datasource"], default, "{uid}");
    }
    server.stop().await;
}

/// The dashboard `uid` once it is there (provisioned dashboards arrive in the background).
async fn eventually_dashboard(client: &Client, uid: &str) -> Value {
    let started = Instant::now();
    loop {
        let reply = client.get(&format!("/api/dashboards/uid/{uid}")).await;
        if reply.status == 200 {
            return reply.body["dashboard"].clone();
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "dashboard {uid} never appeared: {:?}",
            reply.body
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

backend_tests!(
    on_backend,
    files_are_applied_at_start_and_protected,
    deletions_versions_and_prune_across_restarts,
    two_defaults_in_one_org_stop_the_start,
    dashboards_name_provisioned_data_sources,
);
