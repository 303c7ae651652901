//! Folders (`/api/folders`): create, read, list, update with version checks, nesting,
//! moves that would make a cycle or nest too deep, counts and recursive deletion.

mod dashboards_support;

use dashboards_support::{create_dashboard, create_folder, dashboard, get_ok};
use serde_json::{json, Value};
use sightline_testkit::{backend_tests, TestServer};

async fn folders_are_created_read_updated_and_listed(server: TestServer) {
    let admin = server.admin();
    let created = admin
        .post(
            "/api/folders",
            json!({ "uid": "ops-team", "title": "Ops Team", "description": "runbooks" }),
        )
        .await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    let folder = &created.body;
    assert_eq!(folder["uid"], "ops-team");
    assert_eq!(folder["title"], "Ops Team");
    assert_eq!(folder["description"], "runbooks");
    assert_eq!(folder["orgId"], 1);
    assert_eq!(folder["url"], "/dashboards/f/ops-team/ops-team");
    assert_eq!(folder["version"], 1);
    assert_eq!(folder["hasAcl"], false);
    assert_eq!(folder["canSave"], true);
    assert_eq!(folder["canEdit"], true);
    assert_eq!(folder["canAdmin"], true);
    assert_eq!(folder["canDelete"], true);
    assert_eq!(folder["createdBy"], "admin");
    assert_eq!(folder["parents"], json!([]));
    assert!(folder.get("parentUid").is_none());
    assert!(folder["id"].as_i64().expect("id") > 0);

    let read = admin.get("/api/folders/ops-team").await;
    assert_eq!(read.status, 200, "{:?}", read.body);
    assert_eq!(read.body["title"], "Ops Team");

    let generated = admin.post("/api/folders", json!({ "title": "Zeta" })).await;
    assert_eq!(generated.status, 200, "{:?}", generated.body);
    let generated_uid = generated.body["uid"].as_str().expect("uid");
    assert!((9..=14).contains(&generated_uid.len()));
    let listed = admin.get("/api/folders").await;
    assert_eq!(listed.status, 200, "{:?}", listed.body);
    assert_eq!(
        listed.body,
        json!([
            { "id": folder["id"], "uid": "ops-team", "title": "Ops Team" },
            { "id": generated.body["id"], "uid": generated_uid, "title": "Zeta" }
        ])
    );
    let paged = admin.get("/api/folders?limit=1&page=2").await;
    assert_eq!(paged.body[0]["title"], "Zeta");

    // Update needs the current version unless overwrite.
    let stale = admin
        .put("/api/folders/ops-team", json!({ "title": "Operations" }))
        .await;
    assert_eq!(stale.status, 412, "{:?}", stale.body);
    assert_eq!(stale.body["status"], "version-mismatch");
    let updated = admin
        .put(
            "/api/folders/ops-team",
            json!({ "title": "Operations", "description": "all of it", "version": 1 }),
        )
        .await;
    assert_eq!(updated.status, 200, "{:?}", updated.body);
    assert_eq!(updated.body["title"], "Operations");
    assert_eq!(updated.body["description"], "all of it");
    assert_eq!(updated.body["version"], 2);
    assert_eq!(updated.body["url"], "/dashboards/f/ops-team/operations");
    let forced = admin
        .put(
            "/api/folders/ops-team",
            json!({ "title": "Operations!", "overwrite": true }),
        )
        .await;
    assert_eq!(forced.status, 200, "{:?}", forced.body);
    assert_eq!(forced.body["version"], 3);

    // Sibling titles are unique.
    let clash = admin
        .put(
            &format!("/api/folders/{generated_uid}"),
            json!({ "title": "Operations!", "version": 1 }),
        )
        .await;
    assert_eq!(clash.status, 409, "{:?}", clash.body);
    let twin = admin.post("/api/folders", json!({ "title": "Zeta" })).await;
    assert_eq!(twin.status, 409, "{:?}", twin.body);
    let same_uid = admin
        .post(
            "/api/folders",
            json!({ "uid": "ops-team", "title": "Other" }),
        )
        .await;
    assert_eq!(same_uid.status, 409, "{:?}", same_uid.body);
    assert_eq!(
        same_uid.message(),
        "a folder/dashboard with the same uid already exists"
    );

    let missing = admin.get("/api/folders/nope").await;
    assert_eq!(missing.status, 404, "{:?}", missing.body);
    assert_eq!(
        missing.body,
        json!({ "message": "folder not found", "status": "not-found" })
    );
    server.stop().await;
}

async fn folder_input_is_validated(server: TestServer) {
    let admin = server.admin();
    let cases = [
        (json!({ "title": "" }), "folder title cannot be empty"),
        (json!({}), "folder title cannot be empty"),
        (
            json!({ "uid": "has space", "title": "A" }),
            "uid contains illegal characters",
        ),
        (
            json!({ "uid": "x".repeat(41), "title": "A" }),
            "uid too long, max 40 characters",
        ),
        (
            json!({ "uid": "general", "title": "A" }),
            "invalid uid for folder provided",
        ),
    ];
    for (body, message) in cases {
        let reply = admin.post("/api/folders", body.clone()).await;
        assert_eq!(reply.status, 400, "{body}: {:?}", reply.body);
        assert_eq!(reply.message(), message, "{body}");
    }
    let unknown_parent = admin
        .post(
            "/api/folders",
            json!({ "title": "Orphan", "parentUid": "nope" }),
        )
        .await;
    assert_eq!(unknown_parent.status, 404, "{:?}", unknown_parent.body);
    assert_eq!(admin.get("/api/folders").await.body, json!([]));

    let viewer = server.user_with_role("val", "Viewer").await.client();
    let refused = viewer
        .post("/api/folders", json!({ "title": "Mine" }))
        .await;
    assert_eq!(refused.status, 403, "{:?}", refused.body);
    let uid = create_folder(&admin, "Shared", "").await;
    let read = viewer.get(&format!("/api/folders/{uid}")).await;
    assert_eq!(read.status, 200, "{:?}", read.body);
    assert_eq!(read.body["canEdit"], false);
    let renamed = viewer
        .put(
            &format!("/api/folders/{uid}"),
            json!({ "title": "Hacked", "overwrite": true }),
        )
        .await;
    assert_eq!(renamed.status, 403, "{:?}", renamed.body);
    let deleted = viewer.delete(&format!("/api/folders/{uid}")).await;
    assert_eq!(deleted.status, 403, "{:?}", deleted.body);
    server.stop().await;
}

async fn folders_nest_and_move(server: TestServer) {
    let admin = server.admin();
    let top = create_folder(&admin, "Top", "").await;
    let middle = create_folder(&admin, "Middle", &top).await;
    let bottom = create_folder(&admin, "Bottom", &middle).await;
    let other = create_folder(&admin, "Other", "").await;

    let read = admin.get(&format!("/api/folders/{bottom}")).await;
    assert_eq!(read.status, 200, "{:?}", read.body);
    assert_eq!(read.body["parentUid"], middle.as_str());
    let parents: Vec<&str> = read.body["parents"]
        .as_array()
        .expect("parents")
        .iter()
        .map(|parent| parent["uid"].as_str().expect("uid"))
        .collect();
    assert_eq!(parents, [top.as_str(), middle.as_str()]);

    let root_level = admin.get("/api/folders").await;
    let titles: Vec<&str> = root_level
        .body
        .as_array()
        .expect("folders")
        .iter()
        .map(|folder| folder["title"].as_str().expect("title"))
        .collect();
    assert_eq!(titles, ["Other", "Top"]);
    let children = admin.get(&format!("/api/folders?parentUid={top}")).await;
    assert_eq!(
        children.body,
        json!([{ "id": get_id(&admin, &middle).await, "uid": middle, "title": "Middle", "parentUid": top }])
    );

    // Same title in different parents is fine.
    create_folder(&admin, "Middle", &other).await;

    // Moving a folder into itself or below itself is a cycle.
    for target in [&top, &middle, &bottom] {
        let cycle = admin
            .post(
                &format!("/api/folders/{top}/move"),
                json!({ "parentUid": target }),
            )
            .await;
        assert_eq!(cycle.status, 400, "{target}: {:?}", cycle.body);
        assert_eq!(cycle.message(), "Circular reference detected");
    }
    let nowhere = admin
        .post(
            &format!("/api/folders/{top}/move"),
            json!({ "parentUid": "nope" }),
        )
        .await;
    assert_eq!(nowhere.status, 404, "{:?}", nowhere.body);

    let moved = admin
        .post(
            &format!("/api/folders/{middle}/move"),
            json!({ "parentUid": other }),
        )
        .await;
    assert_eq!(
        moved.status, 409,
        "a sibling is already called Middle: {:?}",
        moved.body
    );
    let moved = admin
        .post(
            &format!("/api/folders/{bottom}/move"),
            json!({ "parentUid": other }),
        )
        .await;
    assert_eq!(moved.status, 200, "{:?}", moved.body);
    assert_eq!(moved.body["parentUid"], other.as_str());
    let to_root = admin
        .post(
            &format!("/api/folders/{bottom}/move"),
            json!({ "parentUid": "" }),
        )
        .await;
    assert_eq!(to_root.status, 200, "{:?}", to_root.body);
    assert!(to_root.body.get("parentUid").is_none());
    assert_eq!(to_root.body["parents"], json!([]));
    server.stop().await;
}

async fn get_id(client: &sightline_testkit::Client, uid: &str) -> Value {
    client.get(&format!("/api/folders/{uid}")).await.body["id"].clone()
}

async fn folders_nest_at_most_eight_deep(server: TestServer) {
    let admin = server.admin();
    let mut chain = Vec::new();
    let mut parent = String::new();
    for level in 1..=8 {
        parent = create_folder(&admin, &format!("Level {level}"), &parent).await;
        chain.push(parent.clone());
    }
    let too_deep = admin
        .post(
            "/api/folders",
            json!({ "title": "Level 9", "parentUid": parent }),
        )
        .await;
    assert_eq!(too_deep.status, 400, "{:?}", too_deep.body);
    assert_eq!(too_deep.message(), "Maximum nested folder depth reached");

    // A two-level folder cannot move under level 7 (7 + 2 > 8), but can under level 6.
    let branch = create_folder(&admin, "Branch", "").await;
    create_folder(&admin, "Leaf", &branch).await;
    let refused = admin
        .post(
            &format!("/api/folders/{branch}/move"),
            json!({ "parentUid": chain[6] }),
        )
        .await;
    assert_eq!(refused.status, 400, "{:?}", refused.body);
    assert_eq!(refused.message(), "Maximum nested folder depth reached");
    let accepted = admin
        .post(
            &format!("/api/folders/{branch}/move"),
            json!({ "parentUid": chain[5] }),
        )
        .await;
    assert_eq!(accepted.status, 200, "{:?}", accepted.body);
    assert_eq!(
        accepted.body["parents"].as_array().expect("parents").len(),
        6
    );
    server.stop().await;
}

async fn deleting_a_folder_deletes_everything_inside(server: TestServer) {
    let admin = server.admin();
    let top = create_folder(&admin, "Doomed Folder", "").await;
    let sub = create_folder(&admin, "Doomed Sub", &top).await;
    let kept = create_folder(&admin, "Kept", "").await;
    let in_top = create_dashboard(&admin, "In Top", &top).await;
    let in_sub = create_dashboard(&admin, "In Sub", &sub).await;
    let outside = create_dashboard(&admin, "Outside", &kept).await;

    let counts = admin.get(&format!("/api/folders/{top}/counts")).await;
    assert_eq!(counts.status, 200, "{:?}", counts.body);
    assert_eq!(
        counts.body,
        json!({ "folder": 1, "dashboard": 2, "librarypanel": 0, "alertrule": 0 })
    );

    let deleted = admin
        .delete(&format!("/api/folders/{top}?forceDeleteRules=true"))
        .await;
    assert_eq!(deleted.status, 200, "{:?}", deleted.body);
    assert_eq!(deleted.body["message"], "Folder deleted");
    assert_eq!(deleted.body["title"], "Doomed Folder");
    for uid in [&in_top, &in_sub] {
        let gone = admin.get(&format!("/api/dashboards/uid/{uid}")).await;
        assert_eq!(gone.status, 404, "{uid}: {:?}", gone.body);
    }
    for uid in [&top, &sub] {
        let gone = admin.get(&format!("/api/folders/{uid}")).await;
        assert_eq!(gone.status, 404, "{uid}: {:?}", gone.body);
    }
    assert_eq!(
        get_ok(&admin, &outside).await["meta"]["folderUid"],
        kept.as_str()
    );
    assert_eq!(
        dashboards_support::all_titles(&admin).await,
        ["Kept", "Outside"]
    );

    // Without the flag, too: there are no alert rules to protect.
    let plain = admin.delete(&format!("/api/folders/{kept}")).await;
    assert_eq!(plain.status, 200, "{:?}", plain.body);
    assert!(dashboards_support::all_titles(&admin).await.is_empty());
    server.stop().await;
}

async fn dashboards_live_in_folders(server: TestServer) {
    let admin = server.admin();
    let folder = create_folder(&admin, "Team A", "").await;
    let uid = create_dashboard(&admin, "Team Board", &folder).await;
    let read = get_ok(&admin, &uid).await;
    let meta = &read["meta"];
    assert_eq!(meta["folderUid"], folder.as_str());
    assert_eq!(meta["folderTitle"], "Team A");
    assert_eq!(meta["folderUrl"], format!("/dashboards/f/{folder}/team-a"));
    assert!(meta["folderId"].as_i64().expect("folder id") > 0);

    // Saving with another folderUid moves it; without folderUid it stays.
    let other = create_folder(&admin, "Team B", "").await;
    let mut board = read["dashboard"].clone();
    let moved = dashboards_support::save(
        &admin,
        json!({ "dashboard": board.clone(), "folderUid": other }),
    )
    .await;
    assert_eq!(moved.status, 200, "{:?}", moved.body);
    assert_eq!(moved.body["folderUid"], other.as_str());
    board["version"] = moved.body["version"].clone();
    let stays = dashboards_support::save(&admin, json!({ "dashboard": board })).await;
    assert_eq!(stays.status, 200, "{:?}", stays.body);
    assert_eq!(stays.body["folderUid"], other.as_str());

    // Older clients name folders by numeric id; 0 is the root.
    let folder_id = meta["folderId"].clone();
    let by_id = dashboards_support::save(
        &admin,
        json!({ "dashboard": dashboard("By Id"), "folderId": folder_id }),
    )
    .await;
    assert_eq!(by_id.status, 200, "{:?}", by_id.body);
    assert_eq!(by_id.body["folderUid"], folder.as_str());
    let at_root = dashboards_support::save(
        &admin,
        json!({ "dashboard": dashboard("At Root"), "folderId": 0 }),
    )
    .await;
    assert_eq!(at_root.body["folderUid"], "");
    let unknown_id = dashboards_support::save(
        &admin,
        json!({ "dashboard": dashboard("Lost"), "folderId": 999_999 }),
    )
    .await;
    assert_eq!(unknown_id.status, 400, "{:?}", unknown_id.body);
    assert_eq!(unknown_id.message(), "folder not found");
    server.stop().await;
}

backend_tests!(
    folders_are_created_read_updated_and_listed,
    folder_input_is_validated,
    folders_nest_and_move,
    folders_nest_at_most_eight_deep,
    deleting_a_folder_deletes_everything_inside,
    dashboards_live_in_folders,
);
