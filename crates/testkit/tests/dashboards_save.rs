//! Saving, reading and deleting dashboards (`/api/dashboards/db`, `/api/dashboards/uid/:uid`):
//! round trips, uids, versions and Grafana's conflicts, concurrent saves, bad input, access,
//! tags, the home dashboard and schema upgrades of old dashboards.

mod dashboards_support;

use dashboards_support::{create_dashboard, dashboard, fixture, get_ok, save, save_ok};
use serde_json::{json, Value};
use sightline_testkit::{backend_tests, TestServer};

async fn saved_dashboards_round_trip_with_unknown_fields(server: TestServer) {
    let admin = server.admin();
    let sent = json!({
        "title": "Round Trip",
        "uid": "round-trip",
        "tags": ["b", "a"],
        "schemaVersion": 41,
        "x-custom": { "kept": [1, 2.5, "three", null, true] },
        "panels": [
            { "id": 1, "type": "acme-sankey-panel", "title": "Flows",
              "options": { "unknownOption": { "deep": ["x"] } },
              "gridPos": { "h": 8, "w": 12, "x": 0, "y": 0 } }
        ]
    });
    let saved = save_ok(&admin, sent.clone(), "").await;
    assert_eq!(saved["status"], "success");
    assert_eq!(saved["uid"], "round-trip");
    assert_eq!(saved["version"], 1);
    assert_eq!(saved["slug"], "round-trip");
    assert_eq!(saved["url"], "/d/round-trip/round-trip");
    assert_eq!(saved["folderUid"], "");
    let id = saved["id"].as_i64().expect("id");
    assert!(id > 0);

    let read = get_ok(&admin, "round-trip").await;
    let stored = &read["dashboard"];
    assert_eq!(stored["id"], id);
    assert_eq!(stored["uid"], "round-trip");
    assert_eq!(stored["version"], 1);
    assert_eq!(stored["title"], "Round Trip");
    assert_eq!(stored["x-custom"], sent["x-custom"]);
    assert_eq!(stored["panels"][0]["type"], "acme-sankey-panel");
    assert_eq!(stored["panels"][0]["options"], sent["panels"][0]["options"]);
    assert_eq!(stored["tags"], json!(["b", "a"]));

    let meta = &read["meta"];
    assert_eq!(meta["type"], "db");
    assert_eq!(meta["slug"], "round-trip");
    assert_eq!(meta["url"], "/d/round-trip/round-trip");
    assert_eq!(meta["version"], 1);
    assert_eq!(meta["canSave"], true);
    assert_eq!(meta["canEdit"], true);
    assert_eq!(meta["canAdmin"], true);
    assert_eq!(meta["canDelete"], true);
    assert_eq!(meta["canStar"], true);
    assert_eq!(meta["isFolder"], false);
    assert_eq!(meta["hasAcl"], false);
    assert_eq!(meta["folderId"], 0);
    assert_eq!(meta["folderUid"], "");
    assert_eq!(meta["folderTitle"], "General");
    assert_eq!(meta["folderUrl"], "");
    assert_eq!(meta["provisioned"], false);
    assert_eq!(meta["createdBy"], "admin");
    assert_eq!(meta["updatedBy"], "admin");
    assert_eq!(meta["annotationsPermissions"]["dashboard"]["canAdd"], true);
    assert!(meta["created"].as_str().expect("created").ends_with('Z'));

    let missing = admin.get("/api/dashboards/uid/nope").await;
    assert_eq!(missing.status, 404, "{:?}", missing.body);
    assert_eq!(missing.message(), "Dashboard not found");
    server.stop().await;
}

async fn new_dashboards_get_a_generated_uid(server: TestServer) {
    let admin = server.admin();
    let first = save_ok(&admin, dashboard("Generated One"), "").await;
    let second = save_ok(&admin, dashboard("Generated Two"), "").await;
    for saved in [&first, &second] {
        let uid = saved["uid"].as_str().expect("uid");
        assert!((9..=14).contains(&uid.len()), "uid {uid}");
        assert!(
            uid.chars().all(|ch| ch.is_ascii_alphanumeric()),
            "uid {uid}"
        );
    }
    assert_ne!(first["uid"], second["uid"]);
    let slug = first["slug"].as_str().expect("slug");
    assert_eq!(slug, "generated-one");
    let uid = first["uid"].as_str().expect("uid");
    assert_eq!(first["url"], format!("/d/{uid}/generated-one"));
    server.stop().await;
}

async fn versions_increment_and_stale_saves_are_refused(server: TestServer) {
    let admin = server.admin();
    let uid = create_dashboard(&admin, "Versioned", "").await;
    let mut current = get_ok(&admin, &uid).await["dashboard"].clone();
    for expected in 2..=3 {
        current["description"] = Value::from(format!("change {expected}"));
        let saved = save_ok(&admin, current.clone(), "").await;
        assert_eq!(saved["version"], expected);
        assert_eq!(saved["uid"], uid.as_str());
        current["version"] = saved["version"].clone();
    }
    // A save based on version 1 after version 3 exists.
    current["version"] = Value::from(1);
    let stale = save(&admin, json!({ "dashboard": current })).await;
    assert_eq!(stale.status, 412, "{:?}", stale.body);
    assert_eq!(
        stale.body,
        json!({ "message": "The dashboard has been changed by someone else", "status": "version-mismatch" })
    );
    // An existing uid on what the client thinks is a create (no version) is refused alike.
    let mut fresh = dashboard("Versioned");
    fresh["uid"] = Value::from(uid.clone());
    let create_over = save(&admin, json!({ "dashboard": fresh })).await;
    assert_eq!(create_over.status, 412, "{:?}", create_over.body);
    assert_eq!(create_over.body["status"], "version-mismatch");
    assert_eq!(get_ok(&admin, &uid).await["dashboard"]["version"], 3);
    server.stop().await;
}

async fn overwrite_saves_over_newer_versions_and_same_titles(server: TestServer) {
    let admin = server.admin();
    let uid = create_dashboard(&admin, "Overwritten", "").await;
    let mut stale = get_ok(&admin, &uid).await["dashboard"].clone();
    stale["description"] = Value::from("newer");
    save_ok(&admin, stale.clone(), "").await;

    stale["description"] = Value::from("forced");
    let forced = save(&admin, json!({ "dashboard": stale, "overwrite": true })).await;
    assert_eq!(forced.status, 200, "{:?}", forced.body);
    assert_eq!(forced.body["version"], 3);
    assert_eq!(
        get_ok(&admin, &uid).await["dashboard"]["description"],
        "forced"
    );

    // A new dashboard with a taken title in the same folder takes the existing one over.
    let same_title = save(
        &admin,
        json!({ "dashboard": dashboard("Overwritten"), "overwrite": true }),
    )
    .await;
    assert_eq!(same_title.status, 200, "{:?}", same_title.body);
    assert_eq!(same_title.body["uid"], uid.as_str());
    assert_eq!(same_title.body["version"], 4);
    server.stop().await;
}

async fn same_title_in_a_folder_is_refused(server: TestServer) {
    let admin = server.admin();
    create_dashboard(&admin, "Twins", "").await;
    let twin = save(&admin, json!({ "dashboard": dashboard("Twins") })).await;
    assert_eq!(twin.status, 412, "{:?}", twin.body);
    assert_eq!(
        twin.body,
        json!({ "status": "name-exists", "message": "A dashboard with the same name in the folder already exists" })
    );
    // The same title in another folder is fine.
    let folder_uid = dashboards_support::create_folder(&admin, "Elsewhere", "").await;
    save_ok(&admin, dashboard("Twins"), &folder_uid).await;
    server.stop().await;
}

async fn concurrent_saves_from_one_version_let_exactly_one_win(server: TestServer) {
    let admin = server.admin();
    let uid = create_dashboard(&admin, "Contended", "").await;
    let base = get_ok(&admin, &uid).await["dashboard"].clone();
    let saves = (0..8).map(|writer| {
        let client = admin.clone();
        let mut change = base.clone();
        change["description"] = Value::from(format!("writer {writer}"));
        tokio::spawn(async move { save(&client, json!({ "dashboard": change })).await })
    });
    let mut statuses = Vec::new();
    for handle in saves.collect::<Vec<_>>() {
        let reply = handle.await.expect("save task");
        if reply.status == 412 {
            assert_eq!(reply.body["status"], "version-mismatch", "{:?}", reply.body);
        }
        statuses.push(reply.status);
    }
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 412, 412, 412, 412, 412, 412, 412]);

    let read = get_ok(&admin, &uid).await;
    assert_eq!(read["dashboard"]["version"], 2);
    let history = admin
        .get(&format!("/api/dashboards/uid/{uid}/versions"))
        .await;
    assert_eq!(history.status, 200, "{:?}", history.body);
    let versions: Vec<i64> = history.body["versions"]
        .as_array()
        .expect("versions")
        .iter()
        .map(|version| version["version"].as_i64().expect("version"))
        .collect();
    assert_eq!(versions, [2, 1]);
    server.stop().await;
}

async fn deleting_removes_the_dashboard_and_its_history(server: TestServer) {
    let admin = server.admin();
    let uid = create_dashboard(&admin, "Doomed", "").await;
    let mut change = get_ok(&admin, &uid).await["dashboard"].clone();
    change["tags"] = json!(["gone"]);
    save_ok(&admin, change, "").await;
    let starred = admin
        .post(&format!("/api/user/stars/dashboard/uid/{uid}"), json!({}))
        .await;
    assert_eq!(starred.status, 200, "{:?}", starred.body);

    let deleted = admin.delete(&format!("/api/dashboards/uid/{uid}")).await;
    assert_eq!(deleted.status, 200, "{:?}", deleted.body);
    assert_eq!(
        deleted.body,
        json!({ "title": "Doomed", "message": "Dashboard Doomed deleted", "uid": uid })
    );
    let gone = admin.get(&format!("/api/dashboards/uid/{uid}")).await;
    assert_eq!(gone.status, 404, "{:?}", gone.body);
    let history = admin
        .get(&format!("/api/dashboards/uid/{uid}/versions"))
        .await;
    assert_eq!(history.status, 404, "{:?}", history.body);
    let again = admin.delete(&format!("/api/dashboards/uid/{uid}")).await;
    assert_eq!(again.status, 404, "{:?}", again.body);
    assert_eq!(admin.get("/api/dashboards/tags").await.body, json!([]));
    assert_eq!(admin.get("/api/user/stars").await.body, json!([]));

    // The uid and title are free again, and history starts over.
    let mut reborn = dashboard("Doomed");
    reborn["uid"] = Value::from(uid.clone());
    let recreated = save(&admin, json!({ "dashboard": reborn })).await;
    assert_eq!(recreated.status, 200, "{:?}", recreated.body);
    assert_eq!(recreated.body["version"], 1);
    server.stop().await;
}

async fn tags_are_counted_across_dashboards(server: TestServer) {
    let admin = server.admin();
    for (title, tags) in [
        ("Tagged A", json!(["prod", "web"])),
        ("Tagged B", json!(["prod", "db", "prod"])),
        ("Tagged C", json!([])),
    ] {
        let mut board = dashboard(title);
        board["tags"] = tags;
        save_ok(&admin, board, "").await;
    }
    let tags = admin.get("/api/dashboards/tags").await;
    assert_eq!(tags.status, 200, "{:?}", tags.body);
    assert_eq!(
        tags.body,
        json!([
            { "term": "db", "count": 1 },
            { "term": "prod", "count": 2 },
            { "term": "web", "count": 1 }
        ])
    );
    server.stop().await;
}

async fn home_is_built_in_or_the_preferred_dashboard(server: TestServer) {
    let admin = server.admin();
    let home = admin.get("/api/dashboards/home").await;
    assert_eq!(home.status, 200, "{:?}", home.body);
    assert_eq!(home.body["dashboard"]["title"], "Home");
    assert!(home.body["dashboard"]["panels"].is_array());
    assert_eq!(home.body["meta"]["folderTitle"], "General");
    assert_eq!(home.body["meta"]["canEdit"], true);

    let uid = create_dashboard(&admin, "My Home", "").await;
    let preferred = admin
        .put("/api/org/preferences", json!({ "homeDashboardUID": uid }))
        .await;
    assert_eq!(preferred.status, 200, "{:?}", preferred.body);
    let redirected = admin.get("/api/dashboards/home").await;
    assert_eq!(redirected.status, 200, "{:?}", redirected.body);
    assert_eq!(
        redirected.body,
        json!({ "redirectUri": format!("/d/{uid}/my-home") })
    );

    // A preference naming a dashboard that is gone falls back to the built-in home.
    admin.delete(&format!("/api/dashboards/uid/{uid}")).await;
    let fallback = admin.get("/api/dashboards/home").await;
    assert_eq!(fallback.body["dashboard"]["title"], "Home");
    server.stop().await;
}

async fn viewers_read_but_cannot_save_or_delete(server: TestServer) {
    let admin = server.admin();
    let uid = create_dashboard(&admin, "Look Only", "").await;
    let viewer = server.user_with_role("vera", "Viewer").await.client();

    let read = get_ok(&viewer, &uid).await;
    assert_eq!(read["meta"]["canSave"], false);
    assert_eq!(read["meta"]["canEdit"], false);
    assert_eq!(read["meta"]["canDelete"], false);
    assert_eq!(read["meta"]["canAdmin"], false);
    assert_eq!(read["meta"]["canStar"], true);

    let created = save(&viewer, json!({ "dashboard": dashboard("Viewer Made") })).await;
    assert_eq!(created.status, 403, "{:?}", created.body);
    assert!(!created.message().is_empty());
    let mut change = read["dashboard"].clone();
    change["title"] = Value::from("Vandalised");
    let changed = save(&viewer, json!({ "dashboard": change })).await;
    assert_eq!(changed.status, 403, "{:?}", changed.body);
    let deleted = viewer.delete(&format!("/api/dashboards/uid/{uid}")).await;
    assert_eq!(deleted.status, 403, "{:?}", deleted.body);
    let history = viewer
        .get(&format!("/api/dashboards/uid/{uid}/versions"))
        .await;
    assert_eq!(history.status, 403, "{:?}", history.body);

    let after = get_ok(&admin, &uid).await;
    assert_eq!(after["dashboard"]["title"], "Look Only");
    assert_eq!(after["dashboard"]["version"], 1);
    let titles = dashboards_support::all_titles(&admin).await;
    assert_eq!(titles, ["Look Only"]);

    // Editors may.
    let editor = server.user_with_role("eddie", "Editor").await.client();
    let edited = save(&editor, json!({ "dashboard": dashboard("Editor Made") })).await;
    assert_eq!(edited.status, 200, "{:?}", edited.body);
    let by_editor = get_ok(&editor, edited.body["uid"].as_str().expect("uid")).await;
    // As in Grafana, the creator gets Admin on what they create; other editors do not.
    assert_eq!(by_editor["meta"]["canAdmin"], true);
    assert_eq!(by_editor["meta"]["createdBy"], "eddie");
    let other_editor = server.user_with_role("edna", "Editor").await.client();
    let by_other = get_ok(&other_editor, edited.body["uid"].as_str().expect("uid")).await;
    assert_eq!(by_other["meta"]["canAdmin"], false);
    assert_eq!(by_other["meta"]["canSave"], true);
    server.stop().await;
}

async fn bad_input_is_refused_and_nothing_is_written(server: TestServer) {
    let admin = server.admin();
    let not_json = admin
        .send_raw(
            "POST",
            "/api/dashboards/db",
            "application/json",
            "{\"dashboard\": ",
        )
        .await;
    assert_eq!(not_json.status, 400, "{:?}", not_json.body);
    assert!(
        not_json.message().starts_with("bad request data"),
        "{:?}",
        not_json.body
    );

    let cases = [
        (json!({}), 400, "dashboard"),
        (json!({ "dashboard": "text" }), 400, "object"),
        (json!({ "dashboard": [1, 2] }), 400, "object"),
        (
            json!({ "dashboard": { "panels": [] } }),
            400,
            "Dashboard title cannot be empty",
        ),
        (
            json!({ "dashboard": { "title": "   " } }),
            400,
            "Dashboard title cannot be empty",
        ),
        (
            json!({ "dashboard": { "title": "P", "panels": { "a": 1 } } }),
            400,
            "panels",
        ),
        (
            json!({ "dashboard": { "title": "P", "panels": "x" } }),
            400,
            "panels",
        ),
        (
            json!({ "dashboard": { "title": "U", "uid": "bad uid!" } }),
            400,
            "uid contains illegal characters",
        ),
        (
            json!({ "dashboard": { "title": "U", "uid": "x".repeat(41) } }),
            400,
            "uid too long, max 40 characters",
        ),
        (
            json!({ "dashboard": { "title": "F" }, "folderUid": "nope" }),
            400,
            "folder not found",
        ),
        (
            json!({ "dashboard": { "title": "M" }, "message": "m".repeat(501) }),
            400,
            "message too long",
        ),
        (
            json!({ "dashboard": { "title": "S", "schemaVersion": "new" } }),
            400,
            "schemaVersion",
        ),
    ];
    for (body, status, message) in cases {
        let reply = save(&admin, body.clone()).await;
        assert_eq!(reply.status, status, "{body}: {:?}", reply.body);
        assert!(
            reply.message().contains(message),
            "{body}: expected {message:?} in {:?}",
            reply.body
        );
    }
    let empty_title = save(&admin, json!({ "dashboard": { "title": "" } })).await;
    assert_eq!(empty_title.body["status"], "empty-name");

    assert!(dashboards_support::all_titles(&admin).await.is_empty());
    assert_eq!(admin.get("/api/dashboards/tags").await.body, json!([]));
    server.stop().await;
}

async fn oversized_dashboards_are_refused(server: TestServer) {
    let admin = server.admin();
    let mut big = dashboard("Too Big");
    big["description"] = Value::from("x".repeat(3000));
    let reply = save(&admin, json!({ "dashboard": big })).await;
    assert_eq!(reply.status, 400, "{:?}", reply.body);
    assert!(reply.message().contains("too large"), "{:?}", reply.body);
    // Far beyond the limit, the body is refused before it is read in full.
    let mut huge = dashboard("Huge");
    huge["description"] = Value::from("x".repeat(200_000));
    let refused = save(&admin, json!({ "dashboard": huge })).await;
    assert!(
        refused.status == 400 || refused.status == 413,
        "{:?}",
        refused.body
    );
    assert!(
        refused.message().contains("too large"),
        "{:?}",
        refused.body
    );
    // The unread rest of the body spoils the connection: the answer says so, and the next
    // request goes out on a fresh one.
    assert_eq!(
        refused.headers.get("connection").map(|v| v.as_bytes()),
        Some(&b"close"[..])
    );
    let import = admin
        .post(
            "/api/dashboards/import",
            json!({ "dashboard": { "title": "Big Import", "description": "y".repeat(3000) } }),
        )
        .await;
    assert_eq!(import.status, 400, "{:?}", import.body);
    // A dashboard under the limit still saves.
    save_ok(&admin, dashboard("Small"), "").await;
    assert_eq!(dashboards_support::all_titles(&admin).await, ["Small"]);
    server.stop().await;
}

async fn old_schema_dashboards_are_upgraded_on_save(server: TestServer) {
    let admin = server.admin();
    let old = fixture("schema-14-rows.json");
    let saved = save(
        &admin,
        json!({ "dashboard": old.clone(), "message": "from grafana 4" }),
    )
    .await;
    assert_eq!(saved.status, 200, "{:?}", saved.body);
    let uid = saved.body["uid"].as_str().expect("uid");
    let stored = get_ok(&admin, uid).await["dashboard"].clone();
    let schema_version = stored["schemaVersion"].as_i64().expect("schemaVersion");
    assert!(schema_version >= 41, "schemaVersion {schema_version}");
    // Rows became row panels and grid positions.
    assert!(stored.get("rows").is_none(), "{stored}");
    let panels = stored["panels"].as_array().expect("panels");
    let titles: Vec<&str> = panels
        .iter()
        .map(|panel| panel["title"].as_str().unwrap_or_default())
        .collect();
    assert!(titles.contains(&"Requests per second"), "{titles:?}");
    assert!(titles.contains(&"Errors"), "{titles:?}");
    assert!(
        panels.iter().all(|panel| panel["gridPos"].is_object()),
        "{stored}"
    );
    assert_eq!(stored["tags"], json!(["legacy"]));
    // Panels of the collapsed row are found by search.
    let hits = dashboards_support::search_titles(&admin, "query=error%20ratio").await;
    assert_eq!(hits, ["Legacy Rows"]);

    // The JSON as it was sent is the first history entry.
    let first = admin
        .get(&format!("/api/dashboards/uid/{uid}/versions/1"))
        .await;
    assert_eq!(first.status, 200, "{:?}", first.body);
    let original = &first.body["data"];
    assert_eq!(original["schemaVersion"], 14);
    assert_eq!(original["rows"], old["rows"]);
    assert_eq!(first.body["message"], "from grafana 4");
    server.stop().await;
}

backend_tests!(
    saved_dashboards_round_trip_with_unknown_fields,
    new_dashboards_get_a_generated_uid,
    versions_increment_and_stale_saves_are_refused,
    overwrite_saves_over_newer_versions_and_same_titles,
    same_title_in_a_folder_is_refused,
    concurrent_saves_from_one_version_let_exactly_one_win,
    deleting_removes_the_dashboard_and_its_history,
    tags_are_counted_across_dashboards,
    home_is_built_in_or_the_preferred_dashboard,
    viewers_read_but_cannot_save_or_delete,
    bad_input_is_refused_and_nothing_is_written,
    old_schema_dashboards_are_upgraded_on_save,
);

backend_tests!(
    with["dashboards.max_size_bytes=2048"],
    oversized_dashboards_are_refused,
);
