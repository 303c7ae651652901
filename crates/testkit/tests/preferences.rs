//! Preferences of a user (`/api/user/preferences`), of the current org
//! (`/api/org/preferences`) and of a team (`/api/teams/:id/preferences`): PUT replaces,
//! PATCH merges, and invalid values are refused without changing anything.

use serde_json::{json, Value};
use sightline_testkit::{backend_tests, Client, TestServer};

/// Asserts that `path` currently holds `expected` in every listed field.
async fn assert_preferences(client: &Client, path: &str, expected: Value) {
    let read = client.get(path).await;
    assert_eq!(read.status, 200, "{path}: {:?}", read.body);
    for (field, value) in expected.as_object().expect("an object of fields") {
        assert_eq!(
            &read.body[field], value,
            "{path} field {field}: {:?}",
            read.body
        );
    }
}

async fn user_preferences_are_replaced_and_patched(server: TestServer) {
    let admin = server.admin();
    let path = "/api/user/preferences";
    let defaults = admin.get(path).await;
    assert_eq!(defaults.status, 200, "{:?}", defaults.body);
    assert_eq!(defaults.body["theme"], "");
    assert_eq!(defaults.body["timezone"], "");
    assert_eq!(defaults.body["weekStart"], "");
    assert_eq!(defaults.body["homeDashboardUID"], "");
    assert_eq!(defaults.body["navbar"], Value::Null);
    assert_eq!(defaults.body["queryHistory"], json!({ "homeTab": "" }));

    let saved = admin
        .put(
            path,
            json!({
                "theme": "dark",
                "timezone": "Europe/Paris",
                "weekStart": "monday",
                "language": "fr-FR",
                "homeDashboardUID": "home-uid",
                "navbar": { "bookmarkUrls": ["/d/abc"] },
                "queryHistory": { "homeTab": "query" },
                "cookiePreferences": { "analytics": {} }
            }),
        )
        .await;
    assert_eq!(saved.status, 200, "{:?}", saved.body);
    assert_eq!(saved.message(), "Preferences updated");
    assert_preferences(
        &admin,
        path,
        json!({
            "theme": "dark",
            "timezone": "Europe/Paris",
            "weekStart": "monday",
            "language": "fr-FR",
            "homeDashboardUID": "home-uid",
            "navbar": { "bookmarkUrls": ["/d/abc"] },
            "queryHistory": { "homeTab": "query" },
            "cookiePreferences": { "analytics": {} }
        }),
    )
    .await;

    // PATCH changes only what it carries.
    let patched = admin.patch(path, json!({ "theme": "light" })).await;
    assert_eq!(patched.status, 200, "{:?}", patched.body);
    assert_preferences(
        &admin,
        path,
        json!({ "theme": "light", "timezone": "Europe/Paris", "weekStart": "monday", "language": "fr-FR" }),
    )
    .await;

    // PUT replaces: absent fields are cleared, except navbar and queryHistory (as in Grafana).
    let replaced = admin.put(path, json!({ "theme": "system" })).await;
    assert_eq!(replaced.status, 200, "{:?}", replaced.body);
    assert_preferences(
        &admin,
        path,
        json!({
            "theme": "system",
            "timezone": "",
            "weekStart": "",
            "language": "",
            "homeDashboardUID": "",
            "navbar": { "bookmarkUrls": ["/d/abc"] },
            "queryHistory": { "homeTab": "query" }
        }),
    )
    .await;

    // Each user has their own.
    let bob = server.create_user("bob").await.client();
    assert_preferences(&bob, path, json!({ "theme": "", "navbar": null })).await;
    let bobs = bob.put(path, json!({ "timezone": "utc" })).await;
    assert_eq!(bobs.status, 200);
    assert_preferences(&admin, path, json!({ "theme": "system", "timezone": "" })).await;
    server.stop().await;
}

async fn invalid_preferences_change_nothing(server: TestServer) {
    let admin = server.admin();
    let team = admin.post("/api/teams", json!({ "name": "Ops" })).await;
    let team_path = format!("/api/teams/{}/preferences", team.body["teamId"]);
    let paths = [
        "/api/user/preferences",
        "/api/org/preferences",
        team_path.as_str(),
    ];
    let valid = json!({ "theme": "dark", "timezone": "browser", "weekStart": "sunday" });
    for path in paths {
        assert_eq!(admin.put(path, valid.clone()).await.status, 200, "{path}");
        for body in [
            json!({ "theme": "solarized" }),
            json!({ "theme": "Dark" }),
            json!({ "weekStart": "tuesday" }),
            json!({ "timezone": "Mars/Olympus Mons" }),
            json!({ "theme": 7 }),
            json!({ "navbar": "not-an-object", "theme": "nope" }),
        ] {
            for reply in [
                admin.put(path, body.clone()).await,
                admin.patch(path, body.clone()).await,
            ] {
                assert_eq!(reply.status, 400, "{path} {body}: {:?}", reply.body);
                assert!(!reply.message().is_empty());
            }
        }
        assert_preferences(&admin, path, valid.clone()).await;
    }
    server.stop().await;
}

async fn org_preferences_are_read_by_members_and_set_by_admins(server: TestServer) {
    let admin = server.admin();
    let viewer = server.create_user("viewer").await.client();
    let editor = server.user_with_role("editor", "Editor").await.client();
    let path = "/api/org/preferences";
    let saved = admin
        .put(
            path,
            json!({ "theme": "light", "weekStart": "saturday", "homeDashboardUID": "org-home" }),
        )
        .await;
    assert_eq!(saved.status, 200, "{:?}", saved.body);
    assert_preferences(
        &viewer,
        path,
        json!({ "theme": "light", "weekStart": "saturday", "homeDashboardUID": "org-home" }),
    )
    .await;
    for client in [&viewer, &editor] {
        assert_eq!(
            client.put(path, json!({ "theme": "dark" })).await.status,
            403
        );
        assert_eq!(
            client.patch(path, json!({ "theme": "dark" })).await.status,
            403
        );
    }
    let patched = admin.patch(path, json!({ "timezone": "utc" })).await;
    assert_eq!(patched.status, 200);
    assert_preferences(
        &viewer,
        path,
        json!({ "theme": "light", "weekStart": "saturday", "timezone": "utc" }),
    )
    .await;
    // User preferences are a separate scope.
    assert_preferences(&viewer, "/api/user/preferences", json!({ "theme": "" })).await;

    // Another org has its own.
    let acme = admin.post("/api/orgs", json!({ "name": "Acme" })).await;
    let in_acme = admin
        .clone()
        .header("x-grafana-org-id", &acme.body["orgId"].to_string());
    assert_preferences(&in_acme, path, json!({ "theme": "", "weekStart": "" })).await;
    server.stop().await;
}

async fn team_preferences_belong_to_the_team(server: TestServer) {
    let admin = server.admin();
    let ops = admin.post("/api/teams", json!({ "name": "Ops" })).await;
    let ops_id = ops.body["teamId"].as_i64().expect("team id");
    let dev = admin.post("/api/teams", json!({ "name": "Dev" })).await;
    let ops_path = format!("/api/teams/{ops_id}/preferences");
    let dev_path = format!("/api/teams/{}/preferences", dev.body["teamId"]);

    let saved = admin
        .put(
            &ops_path,
            json!({ "theme": "dark", "timezone": "America/Argentina/Buenos_Aires" }),
        )
        .await;
    assert_eq!(saved.status, 200, "{:?}", saved.body);
    assert_preferences(
        &admin,
        &ops_path,
        json!({ "theme": "dark", "timezone": "America/Argentina/Buenos_Aires" }),
    )
    .await;
    assert_preferences(&admin, &dev_path, json!({ "theme": "", "timezone": "" })).await;
    let patched = admin
        .patch(&ops_path, json!({ "weekStart": "monday" }))
        .await;
    assert_eq!(patched.status, 200);
    assert_preferences(
        &admin,
        &ops_path,
        json!({ "theme": "dark", "weekStart": "monday" }),
    )
    .await;

    let viewer = server.create_user("viewer").await.client();
    assert_eq!(viewer.get(&ops_path).await.status, 403);
    assert_eq!(
        viewer
            .put(&ops_path, json!({ "theme": "light" }))
            .await
            .status,
        403
    );

    for missing in [
        admin.get("/api/teams/9999/preferences").await,
        admin
            .put("/api/teams/9999/preferences", json!({ "theme": "dark" }))
            .await,
        admin
            .patch("/api/teams/9999/preferences", json!({ "theme": "dark" }))
            .await,
    ] {
        assert_eq!(missing.status, 404, "{:?}", missing.body);
    }

    // Deleting the team deletes its preferences with it.
    assert_eq!(
        admin.delete(&format!("/api/teams/{ops_id}")).await.status,
        200
    );
    assert_eq!(admin.get(&ops_path).await.status, 404);
    server.stop().await;
}

async fn service_accounts_have_no_user_preferences(server: TestServer) {
    let admin = server.admin();
    let account = admin
        .post(
            "/api/serviceaccounts",
            json!({ "name": "robot", "role": "Admin" }),
        )
        .await;
    let token = admin
        .post(
            &format!("/api/serviceaccounts/{}/tokens", account.body["id"]),
            json!({ "name": "t" }),
        )
        .await;
    let robot = server
        .client()
        .bearer(token.body["key"].as_str().expect("key"));
    assert_eq!(robot.get("/api/user/preferences").await.status, 403);
    assert_eq!(
        robot
            .put("/api/user/preferences", json!({ "theme": "dark" }))
            .await
            .status,
        403
    );
    // An Admin service account sets org preferences like any org admin.
    let org = robot
        .put("/api/org/preferences", json!({ "theme": "dark" }))
        .await;
    assert_eq!(org.status, 200, "{:?}", org.body);
    assert_preferences(&admin, "/api/org/preferences", json!({ "theme": "dark" })).await;
    server.stop().await;
}

backend_tests!(
    user_preferences_are_replaced_and_patched,
    invalid_preferences_change_nothing,
    org_preferences_are_read_by_members_and_set_by_admins,
    team_preferences_belong_to_the_team,
    service_accounts_have_no_user_preferences,
);
