//! Dashboard history (`/api/dashboards/uid/:uid/versions`, `/restore`) and imports
//! (`/api/dashboards/import`).

mod dashboards_support;

use dashboards_support::{create_dashboard, fixture, get_ok, save, save_ok};
use serde_json::{json, Value};
use sightline_testkit::{backend_tests, Client, TestServer};

/// Saves three versions of one dashboard with messages and returns its uid.
async fn three_versions(admin: &Client) -> String {
    let uid = create_dashboard(admin, "History", "").await;
    for (version, message) in [(1, "second"), (2, "third")] {
        let mut change = get_ok(admin, &uid).await["dashboard"].clone();
        change["description"] = Value::from(message);
        let saved = save(admin, json!({ "dashboard": change, "message": message })).await;
        assert_eq!(saved.status, 200, "{:?}", saved.body);
        assert_eq!(saved.body["version"], version + 1);
    }
    uid
}

async fn versions_are_listed_newest_first(server: TestServer) {
    let admin = server.admin();
    let uid = three_versions(&admin).await;
    let id = get_ok(&admin, &uid).await["dashboard"]["id"].clone();
    let listed = admin
        .get(&format!("/api/dashboards/uid/{uid}/versions"))
        .await;
    assert_eq!(listed.status, 200, "{:?}", listed.body);
    assert_eq!(listed.body["continueToken"], "");
    let versions = listed.body["versions"].as_array().expect("versions");
    let numbers: Vec<i64> = versions
        .iter()
        .map(|version| version["version"].as_i64().expect("version"))
        .collect();
    assert_eq!(numbers, [3, 2, 1]);
    let newest = &versions[0];
    assert_eq!(newest["dashboardId"], id);
    assert_eq!(newest["uid"], uid.as_str());
    assert_eq!(newest["parentVersion"], 2);
    assert_eq!(newest["restoredFrom"], 0);
    assert_eq!(newest["message"], "third");
    assert_eq!(newest["createdBy"], "admin");
    assert!(newest["created"].as_str().expect("created").ends_with('Z'));
    assert!(newest.get("data").is_none());
    assert_eq!(versions[2]["parentVersion"], 0);
    assert_eq!(versions[2]["message"], "Initial save");

    // Paging with limit and start, and with the continue token.
    let first_page = admin
        .get(&format!("/api/dashboards/uid/{uid}/versions?limit=2"))
        .await;
    let token = first_page.body["continueToken"].as_str().expect("token");
    assert!(!token.is_empty());
    assert_eq!(
        first_page.body["versions"].as_array().expect("page").len(),
        2
    );
    let second_page = admin
        .get(&format!(
            "/api/dashboards/uid/{uid}/versions?limit=2&continueToken={token}"
        ))
        .await;
    assert_eq!(second_page.status, 200, "{:?}", second_page.body);
    assert_eq!(second_page.body["versions"][0]["version"], 1);
    assert_eq!(second_page.body["continueToken"], "");
    let started = admin
        .get(&format!(
            "/api/dashboards/uid/{uid}/versions?limit=1&start=1"
        ))
        .await;
    assert_eq!(started.body["versions"][0]["version"], 2);
    let bad_token = admin
        .get(&format!(
            "/api/dashboards/uid/{uid}/versions?continueToken=x"
        ))
        .await;
    assert_eq!(bad_token.status, 400, "{:?}", bad_token.body);
    server.stop().await;
}

async fn a_version_is_read_with_its_data(server: TestServer) {
    let admin = server.admin();
    let uid = three_versions(&admin).await;
    let second = admin
        .get(&format!("/api/dashboards/uid/{uid}/versions/2"))
        .await;
    assert_eq!(second.status, 200, "{:?}", second.body);
    assert_eq!(second.body["version"], 2);
    assert_eq!(second.body["message"], "second");
    assert_eq!(second.body["uid"], uid.as_str());
    assert_eq!(second.body["data"]["description"], "second");
    assert_eq!(second.body["data"]["version"], 2);
    assert_eq!(second.body["data"]["uid"], uid.as_str());
    let missing = admin
        .get(&format!("/api/dashboards/uid/{uid}/versions/9"))
        .await;
    assert_eq!(missing.status, 404, "{:?}", missing.body);
    server.stop().await;
}

async fn restoring_saves_an_old_version_as_the_newest(server: TestServer) {
    let admin = server.admin();
    let uid = three_versions(&admin).await;
    let restored = admin
        .post(
            &format!("/api/dashboards/uid/{uid}/restore"),
            json!({ "version": 1 }),
        )
        .await;
    assert_eq!(restored.status, 200, "{:?}", restored.body);
    assert_eq!(restored.body["status"], "success");
    assert_eq!(restored.body["version"], 4);
    assert_eq!(restored.body["uid"], uid.as_str());
    assert_eq!(restored.body["url"], format!("/d/{uid}/history"));

    let current = get_ok(&admin, &uid).await["dashboard"].clone();
    assert_eq!(current["version"], 4);
    assert!(current.get("description").is_none(), "{current}");
    let listed = admin
        .get(&format!("/api/dashboards/uid/{uid}/versions"))
        .await;
    let newest = &listed.body["versions"][0];
    assert_eq!(newest["version"], 4);
    assert_eq!(newest["restoredFrom"], 1);
    assert_eq!(newest["parentVersion"], 3);
    assert_eq!(newest["message"], "Restored from version 1");

    let missing = admin
        .post(
            &format!("/api/dashboards/uid/{uid}/restore"),
            json!({ "version": 42 }),
        )
        .await;
    assert_eq!(missing.status, 404, "{:?}", missing.body);
    let viewer = server.user_with_role("vic", "Viewer").await.client();
    let refused = viewer
        .post(
            &format!("/api/dashboards/uid/{uid}/restore"),
            json!({ "version": 1 }),
        )
        .await;
    assert_eq!(refused.status, 403, "{:?}", refused.body);
    assert_eq!(get_ok(&admin, &uid).await["dashboard"]["version"], 4);
    server.stop().await;
}

async fn imports_fill_in_their_inputs(server: TestServer) {
    let admin = server.admin();
    let folder_uid = dashboards_support::create_folder(&admin, "Imported", "").await;
    let exported = fixture("exported-with-inputs.json");
    let imported = admin
        .post(
            "/api/dashboards/import",
            json!({
                "dashboard": exported.clone(),
                "overwrite": false,
                "folderUid": folder_uid,
                "inputs": [
                    { "name": "DS_PROM", "type": "datasource", "pluginId": "prometheus", "value": "prom-main" },
                    { "name": "VAR_JOB", "type": "constant", "value": "node-exporter" }
                ]
            }),
        )
        .await;
    assert_eq!(imported.status, 200, "{:?}", imported.body);
    let body = &imported.body;
    assert_eq!(body["imported"], true);
    assert_eq!(body["title"], "Node Exporter");
    assert_eq!(body["dashboardUid"], "node-exporter");
    assert_eq!(body["uid"], "node-exporter");
    assert_eq!(body["slug"], "node-exporter");
    assert_eq!(body["importedUri"], "db/node-exporter");
    assert_eq!(body["importedUrl"], "/d/node-exporter/node-exporter");
    assert_eq!(body["folderUid"], folder_uid.as_str());
    assert_eq!(body["removed"], false);
    assert_eq!(body["revision"], 4);
    assert!(body["dashboardId"].as_i64().expect("dashboard id") > 0);

    let stored = get_ok(&admin, "node-exporter").await;
    let dashboard = &stored["dashboard"];
    assert!(dashboard.get("__inputs").is_none());
    assert!(dashboard.get("__requires").is_none());
    assert_eq!(dashboard["id"], body["dashboardId"]);
    assert_eq!(dashboard["panels"][0]["datasource"]["uid"], "prom-main");
    assert_eq!(
        dashboard["panels"][0]["targets"][0]["expr"],
        "rate(node_cpu_seconds_total{job=\"node-exporter\", instance=~\"$instance\"}[5m])"
    );
    assert_eq!(
        dashboard["templating"]["list"][0]["query"],
        "label_values(node_uname_info{job=\"node-exporter\"}, instance)"
    );
    assert_eq!(
        dashboard["templating"]["list"][0]["datasource"]["uid"],
        "prom-main"
    );
    assert_eq!(stored["meta"]["folderUid"], folder_uid.as_str());
    assert_eq!(stored["meta"]["folderTitle"], "Imported");

    // Once changed here, importing the export (version 1) again without overwrite is a
    // conflict, as a stale save is; with overwrite it is a new version.
    let mut changed = stored["dashboard"].clone();
    changed["description"] = Value::from("edited after import");
    save_ok(&admin, changed, &folder_uid).await;
    let again = json!({
        "dashboard": exported,
        "folderUid": folder_uid,
        "inputs": [
            { "name": "DS_PROM", "type": "datasource", "pluginId": "prometheus", "value": "prom-2" },
            { "name": "VAR_JOB", "type": "constant", "value": "node" }
        ]
    });
    let refused = admin.post("/api/dashboards/import", again.clone()).await;
    assert_eq!(refused.status, 412, "{:?}", refused.body);
    assert_eq!(refused.body["status"], "version-mismatch");
    let mut forced = again;
    forced["overwrite"] = Value::from(true);
    let overwritten = admin.post("/api/dashboards/import", forced).await;
    assert_eq!(overwritten.status, 200, "{:?}", overwritten.body);
    let after = get_ok(&admin, "node-exporter").await;
    assert_eq!(after["dashboard"]["version"], 3);
    assert_eq!(
        after["dashboard"]["panels"][0]["datasource"]["uid"],
        "prom-2"
    );
    server.stop().await;
}

async fn imports_without_an_input_are_refused(server: TestServer) {
    let admin = server.admin();
    let reply = admin
        .post(
            "/api/dashboards/import",
            json!({
                "dashboard": fixture("exported-with-inputs.json"),
                "inputs": [{ "name": "DS_PROM", "type": "datasource", "value": "prom" }]
            }),
        )
        .await;
    assert_eq!(reply.status, 400, "{:?}", reply.body);
    assert_eq!(
        reply.message(),
        "Dashboard input variable: VAR_JOB missing from import command"
    );
    let missing_dashboard = admin.post("/api/dashboards/import", json!({})).await;
    assert_eq!(
        missing_dashboard.status, 400,
        "{:?}",
        missing_dashboard.body
    );
    assert!(dashboards_support::all_titles(&admin).await.is_empty());
    server.stop().await;
}

async fn history_keeps_the_json_as_sent(server: TestServer) {
    let admin = server.admin();
    let old = fixture("schema-14-rows.json");
    let saved = save_ok(&admin, old.clone(), "").await;
    let uid = saved["uid"].as_str().expect("uid");
    let live = get_ok(&admin, uid).await["dashboard"].clone();
    assert!(live["schemaVersion"].as_i64().expect("schemaVersion") > 14);

    // Version 1 holds the pre-upgrade JSON; restoring it upgrades it again.
    let first = admin
        .get(&format!("/api/dashboards/uid/{uid}/versions/1"))
        .await;
    let original = &first.body["data"];
    assert_eq!(original["schemaVersion"], 14);
    assert_eq!(original["rows"], old["rows"]);
    assert_eq!(original["style"], "dark");
    let restored = admin
        .post(
            &format!("/api/dashboards/uid/{uid}/restore"),
            json!({ "version": 1 }),
        )
        .await;
    assert_eq!(restored.status, 200, "{:?}", restored.body);
    let after = get_ok(&admin, uid).await["dashboard"].clone();
    assert_eq!(after["schemaVersion"], live["schemaVersion"]);
    assert_eq!(after["panels"], live["panels"]);
    server.stop().await;
}

backend_tests!(
    versions_are_listed_newest_first,
    a_version_is_read_with_its_data,
    restoring_saves_an_old_version_as_the_newest,
    imports_fill_in_their_inputs,
    imports_without_an_input_are_refused,
    history_keeps_the_json_as_sent,
);

async fn history_keeps_only_the_newest_versions(server: TestServer) {
    let admin = server.admin();
    let uid = three_versions(&admin).await;
    let numbers = |listed: &Value| -> Vec<i64> {
        listed["versions"]
            .as_array()
            .expect("versions")
            .iter()
            .map(|version| version["version"].as_i64().expect("version"))
            .collect()
    };
    let listed = admin
        .get(&format!("/api/dashboards/uid/{uid}/versions"))
        .await;
    assert_eq!(numbers(&listed.body), [3, 2]);
    let pruned = admin
        .get(&format!("/api/dashboards/uid/{uid}/versions/1"))
        .await;
    assert_eq!(pruned.status, 404, "{:?}", pruned.body);
    let restored = admin
        .post(
            &format!("/api/dashboards/uid/{uid}/restore"),
            json!({ "version": 2 }),
        )
        .await;
    assert_eq!(restored.status, 200, "{:?}", restored.body);
    let listed = admin
        .get(&format!("/api/dashboards/uid/{uid}/versions"))
        .await;
    assert_eq!(numbers(&listed.body), [4, 3]);
    server.stop().await;
}

backend_tests!(
    with["dashboards.versions_to_keep=2"],
    history_keeps_only_the_newest_versions,
);
