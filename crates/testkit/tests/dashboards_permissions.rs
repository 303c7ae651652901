//! Folder and dashboard permissions (`/api/folders/:uid/permissions`,
//! `/api/dashboards/uid/:uid/permissions`): Grafana's item shape, inherited grants, the
//! replacement and its validation, who may use the APIs, and what the grants then allow
//! each role.

mod dashboards_support;

use dashboards_support::{create_dashboard, create_folder, dashboard, save, search_titles};
use serde_json::{json, Value};
use sightline_testkit::{backend_tests, Client, Reply, TestServer};

fn folder_path(uid: &str) -> String {
    format!("/api/folders/{uid}/permissions")
}

fn dashboard_path(uid: &str) -> String {
    format!("/api/dashboards/uid/{uid}/permissions")
}

/// The permission list at `path`, asserting it is readable.
async fn list(client: &Client, path: &str) -> Vec<Value> {
    let reply = client.get(path).await;
    assert_eq!(reply.status, 200, "GET {path}: {:?}", reply.body);
    reply.body.as_array().expect("a list").clone()
}

/// Replaces the grants at `path`, asserting Grafana's success answer.
async fn replace(client: &Client, path: &str, items: Value) {
    let reply = client.post(path, json!({ "items": items })).await;
    assert_eq!(reply.status, 200, "POST {path}: {:?}", reply.body);
    let expected = if path.starts_with("/api/folders/") {
        "Folder permissions updated"
    } else {
        "Dashboard permissions updated"
    };
    assert_eq!(reply.body, json!({ "message": expected }));
}

/// What identifies a grant: (userId, teamId, role, permission, inherited).
fn grants(items: &[Value]) -> Vec<(i64, i64, String, i64, bool)> {
    items
        .iter()
        .map(|item| {
            (
                item["userId"].as_i64().expect("userId"),
                item["teamId"].as_i64().expect("teamId"),
                item["role"].as_str().unwrap_or_default().to_string(),
                item["permission"].as_i64().expect("permission"),
                item["inherited"].as_bool().expect("inherited"),
            )
        })
        .collect()
}

fn keys(item: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = item
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

/// Creates a team (with `members`) in the main org and returns its id.
async fn create_team(admin: &Client, name: &str, members: &[i64]) -> i64 {
    let created = admin
        .post(
            "/api/teams",
            json!({ "name": name, "email": format!("{}@example.com", name.to_lowercase()) }),
        )
        .await;
    assert_eq!(
        created.status, 200,
        "create team {name}: {:?}",
        created.body
    );
    let team_id = created.body["teamId"].as_i64().expect("team id");
    for member in members {
        let added = admin
            .post(
                &format!("/api/teams/{team_id}/members"),
                json!({ "userId": member }),
            )
            .await;
        assert_eq!(added.status, 200, "add member: {:?}", added.body);
    }
    team_id
}

/// Saves `uid` again (overwriting), as the given client.
async fn save_again(client: &Client, uid: &str, title: &str, folder_uid: &str) -> Reply {
    let mut model = dashboard(title);
    model["uid"] = json!(uid);
    save(
        client,
        json!({ "dashboard": model, "folderUid": folder_uid, "overwrite": true }),
    )
    .await
}

const ADMIN_ID: i64 = 1;

// ---- the API shape ----

async fn folder_grants_are_listed_and_replaced(server: TestServer) {
    let admin = server.admin();
    let created = admin
        .post("/api/folders", json!({ "uid": "ops", "title": "Ops Team" }))
        .await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    let folder_id = created.body["id"].as_i64().expect("folder id");

    // The grants written on create: the creator Admin, the Editor and Viewer roles.
    let defaults = list(&admin, &folder_path("ops")).await;
    assert_eq!(
        grants(&defaults),
        [
            (ADMIN_ID, 0, String::new(), 4, false),
            (0, 0, "Editor".into(), 2, false),
            (0, 0, "Viewer".into(), 1, false),
        ]
    );
    let creator = &defaults[0];
    assert_eq!(
        keys(creator),
        [
            "created",
            "folderId",
            "inherited",
            "isFolder",
            "permission",
            "permissionName",
            "slug",
            "team",
            "teamAvatarUrl",
            "teamEmail",
            "teamId",
            "teamUid",
            "title",
            "uid",
            "updated",
            "url",
            "userAvatarUrl",
            "userEmail",
            "userId",
            "userLogin",
            "userUid",
        ]
    );
    assert_eq!(creator["folderId"], folder_id);
    assert_eq!(creator["userLogin"], "admin");
    assert!(creator["userAvatarUrl"]
        .as_str()
        .expect("avatar")
        .starts_with("/avatar/"));
    assert_eq!(creator["permissionName"], "Admin");
    assert_eq!(creator["uid"], "ops");
    assert_eq!(creator["title"], "Ops Team");
    assert_eq!(creator["slug"], "");
    assert_eq!(creator["isFolder"], true);
    assert_eq!(creator["url"], "/dashboards/f/ops/ops-team");
    assert_eq!(creator["team"], "");
    assert_eq!(creator["teamAvatarUrl"], "");
    assert!(creator["created"].as_str().expect("created").contains('T'));
    let editors = &defaults[1];
    assert_eq!(editors["role"], "Editor");
    assert_eq!(editors["permissionName"], "Edit");
    assert_eq!(editors["userLogin"], "");
    assert_eq!(editors["userAvatarUrl"], "");
    assert_eq!(defaults[2]["permissionName"], "View");

    let vera = server.user_with_role("vera", "Viewer").await;
    let crew = create_team(&admin, "Crew", &[]).await;
    replace(
        &admin,
        &folder_path("ops"),
        json!([
            { "role": "Viewer", "permission": 1 },
            { "teamId": crew, "permission": 2 },
            { "userId": vera.id, "permission": 4 }
        ]),
    )
    .await;
    let replaced = list(&admin, &folder_path("ops")).await;
    assert_eq!(
        grants(&replaced),
        [
            (0, 0, "Viewer".into(), 1, false),
            (0, crew, String::new(), 2, false),
            (vera.id, 0, String::new(), 4, false),
        ]
    );
    let team = &replaced[1];
    assert_eq!(team["team"], "Crew");
    assert_eq!(team["teamEmail"], "crew@example.com");
    assert!(!team["teamUid"].as_str().expect("team uid").is_empty());
    assert!(team["teamAvatarUrl"]
        .as_str()
        .expect("avatar")
        .starts_with("/avatar/"));
    assert!(team.get("role").is_none());
    let user = &replaced[2];
    assert_eq!(user["userLogin"], "vera");
    assert_eq!(user["userEmail"], "vera@example.com");
    assert!(!user["userUid"].as_str().expect("user uid").is_empty());
    assert_eq!(user["permissionName"], "Admin");

    // A subfolder lists its parent's grants as inherited, then its own (the creator's).
    replace(
        &admin,
        &folder_path("ops"),
        json!([{ "role": "Editor", "permission": 2 }]),
    )
    .await;
    let child = admin
        .post(
            "/api/folders",
            json!({ "uid": "ops-db", "title": "Databases", "parentUid": "ops" }),
        )
        .await;
    assert_eq!(child.status, 200, "{:?}", child.body);
    let nested = list(&admin, &folder_path("ops-db")).await;
    assert_eq!(
        grants(&nested),
        [
            (0, 0, "Editor".into(), 2, true),
            (ADMIN_ID, 0, String::new(), 4, false),
        ]
    );
    for item in &nested {
        assert_eq!(item["uid"], "ops-db");
        assert_eq!(item["folderUid"], "ops");
        assert_eq!(item["folderId"], child.body["id"]);
        assert_eq!(item["url"], "/dashboards/f/ops-db/databases");
    }

    // An empty list removes every grant; `items` may be left out.
    replace(&admin, &folder_path("ops-db"), json!([])).await;
    assert_eq!(
        grants(&list(&admin, &folder_path("ops-db")).await),
        [(0, 0, "Editor".into(), 2, true)]
    );
    let no_items = admin.post(&folder_path("ops"), json!({})).await;
    assert_eq!(no_items.status, 200, "{:?}", no_items.body);
    assert!(list(&admin, &folder_path("ops")).await.is_empty());
    server.stop().await;
}

async fn dashboard_grants_include_those_of_every_ancestor(server: TestServer) {
    let admin = server.admin();
    let vera = server.user_with_role("vera", "Viewer").await;
    let crew = create_team(&admin, "Crew", &[vera.id]).await;
    let outer = create_folder(&admin, "Outer", "").await;
    let inner = create_folder(&admin, "Inner", &outer).await;
    let inner_id = admin.get(&format!("/api/folders/{inner}")).await.body["id"].clone();
    let deploys = create_dashboard(&admin, "Deploys", &inner).await;
    let deploys_id = admin
        .get(&format!("/api/dashboards/uid/{deploys}"))
        .await
        .body["dashboard"]["id"]
        .clone();

    replace(
        &admin,
        &folder_path(&outer),
        json!([{ "teamId": crew, "permission": 2 }]),
    )
    .await;
    replace(
        &admin,
        &folder_path(&inner),
        json!([{ "userId": vera.id, "permission": 1 }]),
    )
    .await;
    let listed = list(&admin, &dashboard_path(&deploys)).await;
    assert_eq!(
        grants(&listed),
        [
            (0, crew, String::new(), 2, true),
            (vera.id, 0, String::new(), 1, true),
            (ADMIN_ID, 0, String::new(), 4, false),
        ]
    );
    for item in &listed {
        assert_eq!(item["dashboardId"], deploys_id);
        assert_eq!(item["folderId"], inner_id);
        assert!(item.get("folderUid").is_none());
        assert_eq!(item["uid"], deploys.as_str());
        assert_eq!(item["title"], "Deploys");
        assert_eq!(item["slug"], "deploys");
        assert_eq!(item["isFolder"], false);
        assert_eq!(item["url"], format!("/d/{deploys}/deploys"));
    }
    assert!(keys(&listed[2]).contains(&"dashboardId"));

    // Replacing a dashboard's grants leaves the inherited ones alone.
    replace(
        &admin,
        &dashboard_path(&deploys),
        json!([{ "role": "Viewer", "permission": 1 }]),
    )
    .await;
    assert_eq!(
        grants(&list(&admin, &dashboard_path(&deploys)).await),
        [
            (0, crew, String::new(), 2, true),
            (vera.id, 0, String::new(), 1, true),
            (0, 0, "Viewer".into(), 1, false),
        ]
    );
    assert_eq!(
        grants(&list(&admin, &folder_path(&outer)).await),
        [(0, crew, String::new(), 2, false)]
    );

    // A dashboard at the root has the root defaults and no folder.
    let top = create_dashboard(&admin, "Top", "").await;
    let at_root = list(&admin, &dashboard_path(&top)).await;
    assert_eq!(
        grants(&at_root),
        [
            (ADMIN_ID, 0, String::new(), 4, false),
            (0, 0, "Editor".into(), 2, false),
            (0, 0, "Viewer".into(), 1, false),
        ]
    );
    assert!(at_root[0].get("folderId").is_none());
    server.stop().await;
}

async fn permission_updates_are_validated(server: TestServer) {
    let admin = server.admin();
    let vera = server.user_with_role("vera", "Viewer").await;
    let crew = create_team(&admin, "Crew", &[]).await;
    let folder = create_folder(&admin, "Guarded", "").await;
    let board = create_dashboard(&admin, "Guarded Board", &folder).await;

    // A user of another org only, and a team of another org.
    let second = admin.post("/api/orgs", json!({ "name": "Second" })).await;
    let second_id = second.body["orgId"].as_i64().expect("org id");
    let outsider = server.create_user("outsider").await;
    let joined = admin
        .post(
            &format!("/api/orgs/{second_id}/users"),
            json!({ "loginOrEmail": "outsider", "role": "Editor" }),
        )
        .await;
    assert_eq!(joined.status, 200, "{:?}", joined.body);
    let left = admin
        .delete(&format!("/api/org/users/{}", outsider.id))
        .await;
    assert_eq!(left.status, 200, "{:?}", left.body);
    let elsewhere = admin
        .clone()
        .header("x-grafana-org-id", &second_id.to_string())
        .post("/api/teams", json!({ "name": "Elsewhere" }))
        .await;
    assert_eq!(elsewhere.status, 200, "{:?}", elsewhere.body);
    let foreign_team = elsewhere.body["teamId"].as_i64().expect("team id");

    let baseline = json!([{ "role": "Viewer", "permission": 1 }]);
    replace(&admin, &folder_path(&folder), baseline.clone()).await;
    replace(&admin, &dashboard_path(&board), baseline.clone()).await;

    let refused = [
        (
            json!([{ "userId": vera.id, "teamId": crew, "permission": 1 }]),
            "team and user permissions cannot have an associated role",
        ),
        (
            json!([{ "userId": vera.id, "role": "Viewer", "permission": 1 }]),
            "permissions cannot have both a user and team",
        ),
        (
            json!([{ "teamId": crew, "role": "Editor", "permission": 2 }]),
            "permissions cannot have both a user and team",
        ),
        (
            json!([{ "role": "Viewer", "permission": 3 }]),
            "Permission [3] is invalid for this resource type",
        ),
        (
            json!([{ "userId": vera.id, "permission": 8 }]),
            "Permission [8] is invalid for this resource type",
        ),
        (
            json!([{ "teamId": crew }]),
            "Permission [0] is invalid for this resource type",
        ),
        (
            json!([{ "role": "Superuser", "permission": 1 }]),
            "built-in role [Superuser] is not valid",
        ),
        (
            json!([{ "role": "None", "permission": 1 }]),
            "none role cannot receive permissions",
        ),
        (
            json!([{ "permission": 1 }]),
            "built-in role [] is not valid",
        ),
        (
            json!([{ "userId": 424242, "permission": 1 }]),
            "user not found",
        ),
        (
            json!([{ "userId": outsider.id, "permission": 1 }]),
            "user not found",
        ),
        (
            json!([{ "teamId": 424242, "permission": 1 }]),
            "team not found",
        ),
        (
            json!([{ "teamId": foreign_team, "permission": 1 }]),
            "team not found",
        ),
        (
            json!([{ "userId": vera.id, "permission": 1 }, { "userId": vera.id, "permission": 2 }]),
            "permission already exists",
        ),
        (
            json!([{ "role": "Editor", "permission": 1 }, { "role": "Editor", "permission": 2 }]),
            "permission already exists",
        ),
        (
            json!([{ "teamId": crew, "permission": 1 }, { "teamId": crew, "permission": 4 }]),
            "permission already exists",
        ),
        // A valid item before a refused one: nothing is written.
        (
            json!([{ "userId": vera.id, "permission": 2 }, { "teamId": 424242, "permission": 1 }]),
            "team not found",
        ),
    ];
    for path in [folder_path(&folder), dashboard_path(&board)] {
        let before = list(&admin, &path).await;
        for (items, expected) in &refused {
            let reply = admin.post(&path, json!({ "items": items })).await;
            assert_eq!(reply.status, 400, "{path} {items}: {:?}", reply.body);
            assert_eq!(reply.body, json!({ "message": expected }), "{path} {items}");
        }
        for body in ["{", "[1, 2]", r#"{"items": [{"permission": "View"}]}"#] {
            let reply = admin
                .send_raw("POST", &path, "application/json", body)
                .await;
            assert_eq!(reply.status, 400, "{path} {body}: {:?}", reply.body);
            assert!(
                reply.message().starts_with("bad request data"),
                "{:?}",
                reply.body
            );
        }
        assert_eq!(list(&admin, &path).await, before, "{path} changed");
    }

    for (path, expected) in [
        (folder_path("nowhere"), "folder not found"),
        (dashboard_path("nowhere"), "Dashboard not found"),
    ] {
        let read = admin.get(&path).await;
        assert_eq!(read.status, 404, "{path}: {:?}", read.body);
        assert_eq!(read.message(), expected);
        let write = admin.post(&path, json!({ "items": baseline })).await;
        assert_eq!(write.status, 404, "{path}: {:?}", write.body);
        assert_eq!(write.message(), expected);
    }
    // A folder's uid is not a dashboard's, nor the other way round.
    assert_eq!(admin.get(&dashboard_path(&folder)).await.status, 404);
    assert_eq!(admin.get(&folder_path(&board)).await.status, 404);
    server.stop().await;
}

async fn concurrent_replacements_leave_one_whole_list(server: TestServer) {
    let admin = server.admin();
    let folder = create_folder(&admin, "Contended", "").await;
    let board = create_dashboard(&admin, "Contended Board", &folder).await;
    let mut users = Vec::new();
    for index in 0..4 {
        users.push(
            server
                .user_with_role(&format!("user{index}"), "Viewer")
                .await
                .id,
        );
    }
    // Each request grants every user, at a level of its own.
    let requests: Vec<Value> = [1, 2, 4, 1, 2, 4]
        .iter()
        .enumerate()
        .map(|(round, level)| {
            let mut items: Vec<Value> = users
                .iter()
                .map(|user| json!({ "userId": user, "permission": level }))
                .collect();
            items.push(json!({ "role": "Viewer", "permission": 1 + round % 2 }));
            Value::Array(items)
        })
        .collect();
    for path in [folder_path(&folder), dashboard_path(&board)] {
        let mut running = tokio::task::JoinSet::new();
        for items in &requests {
            let (client, path, body) = (admin.clone(), path.clone(), json!({ "items": items }));
            running.spawn(async move { client.post(&path, body).await });
        }
        while let Some(reply) = running.join_next().await {
            let reply = reply.expect("request task");
            assert_eq!(reply.status, 200, "{path}: {:?}", reply.body);
        }
        let own: Vec<Value> = list(&admin, &path)
            .await
            .into_iter()
            .filter(|item| item["inherited"] == false)
            .map(|item| {
                let mut grant = json!({ "permission": item["permission"] });
                if item["userId"] != 0 {
                    grant["userId"] = item["userId"].clone();
                } else {
                    grant["role"] = item["role"].clone();
                }
                grant
            })
            .collect();
        assert!(
            requests.iter().any(|items| items.as_array() == Some(&own)),
            "{path}: {own:?} is none of the requested lists"
        );
    }
    server.stop().await;
}

async fn only_admins_of_a_resource_manage_its_permissions(server: TestServer) {
    let admin = server.admin();
    let viewer = server.user_with_role("viewer", "Viewer").await.client();
    let editor = server.user_with_role("editor", "Editor").await.client();
    let org_admin = server.user_with_role("boss", "Admin").await.client();
    let folder = create_folder(&admin, "Locked", "").await;
    let board = create_dashboard(&admin, "Locked Board", &folder).await;
    let items = json!({ "items": [{ "role": "Viewer", "permission": 1 }] });

    for client in [&viewer, &editor] {
        for (path, resource) in [
            (folder_path(&folder), "folders"),
            (dashboard_path(&board), "dashboards"),
        ] {
            let read = client.get(&path).await;
            assert_eq!(read.status, 403, "{path}: {:?}", read.body);
            assert_eq!(
                read.message(),
                format!(
                    "You'll need additional permissions to perform this action. \
                     Permissions needed: {resource}.permissions:read"
                )
            );
            let write = client.post(&path, items.clone()).await;
            assert_eq!(write.status, 403, "{path}: {:?}", write.body);
            assert_eq!(
                write.message(),
                format!(
                    "You'll need additional permissions to perform this action. \
                     Permissions needed: {resource}.permissions:write"
                )
            );
        }
    }
    // Refused writes changed nothing: the folder's three defaults, and the dashboard's
    // creator grant after the three it inherits.
    assert_eq!(list(&admin, &folder_path(&folder)).await.len(), 3);
    assert_eq!(list(&admin, &dashboard_path(&board)).await.len(), 4);

    // Any org admin, not only the creator; even with no grant left at all.
    replace(&org_admin, &folder_path(&folder), json!([])).await;
    replace(&org_admin, &dashboard_path(&board), json!([])).await;
    assert!(list(&org_admin, &folder_path(&folder)).await.is_empty());
    assert!(list(&admin, &dashboard_path(&board)).await.is_empty());
    let read = admin.get(&format!("/api/dashboards/uid/{board}")).await;
    assert_eq!(read.status, 200, "{:?}", read.body);
    assert_eq!(
        search_titles(&admin, "query=Locked").await,
        ["Locked", "Locked Board"]
    );
    server.stop().await;
}

// ---- what the grants allow (the access rules of `access.rs`) ----

async fn folder_grants_decide_who_sees_and_edits(server: TestServer) {
    let admin = server.admin();
    let viewer = server.user_with_role("viewer", "Viewer").await;
    let editor = server.user_with_role("editor", "Editor").await.client();
    let folder = create_folder(&admin, "Restricted", "").await;
    let plans = create_dashboard(&admin, "Secret Plans", &folder).await;
    replace(
        &admin,
        &folder_path(&folder),
        json!([{ "userId": viewer.id, "permission": 1 }]),
    )
    .await;

    // An editor without a grant neither sees nor finds it.
    let read = editor.get(&format!("/api/dashboards/uid/{plans}")).await;
    assert_eq!(read.status, 403, "{:?}", read.body);
    assert_eq!(read.message(), "Access denied to this dashboard");
    assert_eq!(
        editor.get(&format!("/api/folders/{folder}")).await.status,
        403
    );
    assert!(search_titles(&editor, "query=Secret").await.is_empty());
    assert!(search_titles(&editor, "query=Restricted").await.is_empty());
    let denied = save_again(&editor, &plans, "Secret Plans", &folder).await;
    assert_eq!(denied.status, 403, "{:?}", denied.body);

    // The granted viewer sees it but may not save it.
    let as_viewer = viewer.client();
    let read = as_viewer.get(&format!("/api/dashboards/uid/{plans}")).await;
    assert_eq!(read.status, 200, "{:?}", read.body);
    assert_eq!(read.body["meta"]["canSave"], false);
    assert_eq!(read.body["meta"]["canAdmin"], false);
    assert_eq!(
        search_titles(&as_viewer, "query=Secret").await,
        ["Secret Plans"]
    );
    let refused = save_again(&as_viewer, &plans, "Secret Plans", &folder).await;
    assert_eq!(refused.status, 403, "{:?}", refused.body);

    // Edit for a team the viewer is in lets them save.
    let writers = create_team(&admin, "Writers", &[viewer.id]).await;
    replace(
        &admin,
        &folder_path(&folder),
        json!([
            { "userId": viewer.id, "permission": 1 },
            { "teamId": writers, "permission": 2 }
        ]),
    )
    .await;
    let saved = save_again(&as_viewer, &plans, "Secret Plans v2", &folder).await;
    assert_eq!(saved.status, 200, "{:?}", saved.body);
    let created = dashboards_support::save(
        &as_viewer,
        json!({ "dashboard": dashboard("Viewer Made"), "folderUid": folder }),
    )
    .await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    // Still no permission admin.
    assert_eq!(as_viewer.get(&folder_path(&folder)).await.status, 403);
    server.stop().await;
}

async fn grants_on_ancestor_folders_are_inherited(server: TestServer) {
    let admin = server.admin();
    let viewer = server.user_with_role("viewer", "Viewer").await.client();
    let editor = server.user_with_role("editor", "Editor").await;
    let outer = create_folder(&admin, "Outer", "").await;
    let inner = create_folder(&admin, "Inner", &outer).await;
    let board = create_dashboard(&admin, "Deep Board", &inner).await;
    replace(
        &admin,
        &folder_path(&outer),
        json!([{ "userId": editor.id, "permission": 2 }]),
    )
    .await;

    let as_editor = editor.client();
    let read = as_editor.get(&format!("/api/dashboards/uid/{board}")).await;
    assert_eq!(read.status, 200, "{:?}", read.body);
    assert_eq!(read.body["meta"]["canSave"], true);
    let saved = save_again(&as_editor, &board, "Deep Board", &inner).await;
    assert_eq!(saved.status, 200, "{:?}", saved.body);
    assert_eq!(
        as_editor.get(&format!("/api/folders/{inner}")).await.status,
        200
    );

    // The Viewer role's grant went with the replacement on the outer folder.
    let hidden = viewer.get(&format!("/api/dashboards/uid/{board}")).await;
    assert_eq!(hidden.status, 403, "{:?}", hidden.body);
    assert_eq!(
        viewer.get(&format!("/api/folders/{inner}")).await.status,
        403
    );
    assert!(search_titles(&viewer, "query=Deep").await.is_empty());
    server.stop().await;
}

async fn basic_role_grants_cover_higher_roles(server: TestServer) {
    let admin = server.admin();
    let viewer = server.user_with_role("viewer", "Viewer").await.client();
    let editor = server.user_with_role("editor", "Editor").await.client();
    let board = create_dashboard(&admin, "Shared", "").await;
    replace(
        &admin,
        &dashboard_path(&board),
        json!([{ "role": "Viewer", "permission": 1 }]),
    )
    .await;
    for client in [&viewer, &editor] {
        let read = client.get(&format!("/api/dashboards/uid/{board}")).await;
        assert_eq!(read.status, 200, "{:?}", read.body);
        let refused = save_again(client, &board, "Shared", "").await;
        assert_eq!(refused.status, 403, "{:?}", refused.body);
    }

    replace(
        &admin,
        &dashboard_path(&board),
        json!([
            { "role": "Viewer", "permission": 1 },
            { "role": "Editor", "permission": 2 }
        ]),
    )
    .await;
    let saved = save_again(&editor, &board, "Shared", "").await;
    assert_eq!(saved.status, 200, "{:?}", saved.body);
    let refused = save_again(&viewer, &board, "Shared", "").await;
    assert_eq!(refused.status, 403, "{:?}", refused.body);
    server.stop().await;
}

async fn org_role_none_gets_only_what_is_granted(server: TestServer) {
    let admin = server.admin();
    let nobody = server.user_with_role("nobody", "None").await;
    let open = create_dashboard(&admin, "Open Board", "").await;
    let private = create_dashboard(&admin, "Private Board", "").await;
    let as_nobody = nobody.client();
    assert_eq!(
        as_nobody
            .get(&format!("/api/dashboards/uid/{open}"))
            .await
            .status,
        403
    );
    assert!(search_titles(&as_nobody, "query=Board").await.is_empty());

    replace(
        &admin,
        &dashboard_path(&open),
        json!([{ "userId": nobody.id, "permission": 1 }]),
    )
    .await;
    let read = as_nobody.get(&format!("/api/dashboards/uid/{open}")).await;
    assert_eq!(read.status, 200, "{:?}", read.body);
    assert_eq!(
        search_titles(&as_nobody, "query=Board").await,
        ["Open Board"]
    );
    assert_eq!(
        as_nobody
            .get(&format!("/api/dashboards/uid/{private}"))
            .await
            .status,
        403
    );
    server.stop().await;
}

async fn admin_grants_let_non_admins_manage_permissions(server: TestServer) {
    let admin = server.admin();
    let editor = server.user_with_role("editor", "Editor").await.client();
    let other_editor = server.user_with_role("other", "Editor").await.client();
    let viewer = server.user_with_role("viewer", "Viewer").await;

    // The creator's Admin grant: an editor manages the folder they made.
    let own = create_folder(&editor, "Editor's Own", "").await;
    let listed = list(&editor, &folder_path(&own)).await;
    assert_eq!(listed[0]["userLogin"], "editor");
    assert_eq!(other_editor.get(&folder_path(&own)).await.status, 403);
    replace(
        &editor,
        &folder_path(&own),
        json!([{ "role": "Editor", "permission": 2 }]),
    )
    .await;
    // Having given up Admin, they may no longer; org admins still may.
    assert_eq!(editor.get(&folder_path(&own)).await.status, 403);
    assert_eq!(list(&admin, &folder_path(&own)).await.len(), 1);

    // An Admin grant on a dashboard makes a viewer its permission admin.
    let board = create_dashboard(&admin, "Delegated", "").await;
    replace(
        &admin,
        &dashboard_path(&board),
        json!([{ "userId": viewer.id, "permission": 4 }]),
    )
    .await;
    let as_viewer = viewer.client();
    replace(
        &as_viewer,
        &dashboard_path(&board),
        json!([
            { "userId": viewer.id, "permission": 4 },
            { "role": "Viewer", "permission": 1 }
        ]),
    )
    .await;
    let read = as_viewer.get(&format!("/api/dashboards/uid/{board}")).await;
    assert_eq!(read.body["meta"]["canAdmin"], true);
    assert_eq!(read.body["meta"]["canSave"], true);
    server.stop().await;
}

backend_tests!(
    folder_grants_are_listed_and_replaced,
    dashboard_grants_include_those_of_every_ancestor,
    permission_updates_are_validated,
    concurrent_replacements_leave_one_whole_list,
    only_admins_of_a_resource_manage_its_permissions,
    folder_grants_decide_who_sees_and_edits,
    grants_on_ancestor_folders_are_inherited,
    basic_role_grants_cover_higher_roles,
    org_role_none_gets_only_what_is_granted,
    admin_grants_let_non_admins_manage_permissions,
);
