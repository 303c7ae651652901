//! How callers authenticate: basic auth, service account tokens, anonymous access, and the
//! org a request acts in (`X-Grafana-Org-Id`, `/api/user/using/:orgId`).

use serde_json::{json, Value};
use sightline_testkit::{backend_tests, Client, TestServer};

/// Creates a service account with `role` in the caller's org and a token for it.
async fn service_account_with_token(admin: &Client, name: &str, role: &str) -> (i64, i64, String) {
    let account = admin
        .post(
            "/api/serviceaccounts",
            json!({ "name": name, "role": role }),
        )
        .await;
    assert_eq!(account.status, 201, "{:?}", account.body);
    let account_id = account.body["id"].as_i64().expect("account id");
    let token = admin
        .post(
            &format!("/api/serviceaccounts/{account_id}/tokens"),
            json!({ "name": format!("{name}-token") }),
        )
        .await;
    assert_eq!(token.status, 200, "{:?}", token.body);
    let token_id = token.body["id"].as_i64().expect("token id");
    let key = token.body["key"].as_str().expect("token key").to_string();
    (account_id, token_id, key)
}

async fn basic_auth_identifies_the_user(server: TestServer) {
    let me = server.admin().get("/api/user").await;
    assert_eq!(me.status, 200, "{:?}", me.body);
    assert_eq!(me.body["login"], "admin");
    assert_eq!(me.body["orgId"], 1);

    let bob = server.create_user("bob").await;
    let as_bob = bob.client();
    let profile = as_bob.get("/api/user").await;
    assert_eq!(profile.body["login"], "bob");
    assert_eq!(profile.body["isGrafanaAdmin"], false);
    // New users join the main org as viewers: they read it but cannot change it.
    assert_eq!(as_bob.get("/api/org").await.body["name"], "Main Org.");
    let refused = as_bob.put("/api/org", json!({ "name": "Bob's" })).await;
    assert_eq!(refused.status, 403, "{:?}", refused.body);
    assert_eq!(
        server.admin().get("/api/org").await.body["name"],
        "Main Org."
    );

    for client in [
        server.client().basic_auth("admin", "wrong"),
        server.client().basic_auth("nobody", "admin"),
        server
            .client()
            .header("authorization", "Basic !!!not-base64"),
        server.client().header("authorization", "Basic Ym9i"), // "bob", no colon
        server
            .client()
            .header("authorization", "Digest username=admin"),
    ] {
        let reply = client.get("/api/user").await;
        assert_eq!(reply.status, 401, "{:?}", reply.body);
        assert!(!reply.message().is_empty(), "{:?}", reply.body);
    }
    server.stop().await;
}

async fn basic_auth_can_be_disabled(server: TestServer) {
    let refused = server.admin().get("/api/user").await;
    assert_eq!(refused.status, 401, "{:?}", refused.body);
    assert!(!refused.message().is_empty());
    assert_eq!(server.admin().get("/api/org").await.status, 401);
    // The login form still works.
    let session = server.login("admin", "admin").await;
    assert_eq!(session.get("/api/user").await.body["login"], "admin");
    server.stop().await;
}

async fn service_account_tokens_authenticate(server: TestServer) {
    let admin = server.admin();
    let (account_id, token_id, key) = service_account_with_token(&admin, "robot", "Admin").await;
    assert!(key.starts_with("glsa_"), "{key}");

    let robot = server.client().bearer(&key);
    let org = robot.get("/api/org").await;
    assert_eq!(org.status, 200, "{:?}", org.body);
    assert_eq!(org.body["name"], "Main Org.");
    // An Admin service account administers its org...
    let team = robot
        .post("/api/teams", json!({ "name": "made-by-robot" }))
        .await;
    assert_eq!(team.status, 200, "{:?}", team.body);
    // ...but is not a signed-in person.
    assert_eq!(robot.get("/api/user").await.status, 403);

    // Unknown or malformed tokens.
    for bad in [
        "glsa_notavalidtoken_00000000",
        "",
        "eyJrIjoiT0tTcG1pUlY2RnVKZTFVaDFsNFZXdE9ZWmNrMkZYbk",
    ] {
        let reply = server.client().bearer(bad).get("/api/org").await;
        assert_eq!(reply.status, 401, "{bad:?}: {:?}", reply.body);
    }

    // A deleted token stops working at once.
    let deleted = admin
        .delete(&format!(
            "/api/serviceaccounts/{account_id}/tokens/{token_id}"
        ))
        .await;
    assert_eq!(deleted.status, 200, "{:?}", deleted.body);
    assert_eq!(robot.get("/api/org").await.status, 401);

    // So does every token of a deleted account.
    let second = admin
        .post(
            &format!("/api/serviceaccounts/{account_id}/tokens"),
            json!({ "name": "second" }),
        )
        .await;
    let second_key = second.body["key"].as_str().expect("key").to_string();
    let robot = server.client().bearer(&second_key);
    assert_eq!(robot.get("/api/org").await.status, 200);
    let removed = admin
        .delete(&format!("/api/serviceaccounts/{account_id}"))
        .await;
    assert_eq!(removed.status, 200, "{:?}", removed.body);
    assert_eq!(robot.get("/api/org").await.status, 401);
    server.stop().await;
}

async fn disabled_service_account_is_refused(server: TestServer) {
    let admin = server.admin();
    let (account_id, _, key) = service_account_with_token(&admin, "robot", "Viewer").await;
    let robot = server.client().bearer(&key);
    assert_eq!(robot.get("/api/org").await.status, 200);

    let disabled = admin
        .patch(
            &format!("/api/serviceaccounts/{account_id}"),
            json!({ "isDisabled": true }),
        )
        .await;
    assert_eq!(disabled.status, 200, "{:?}", disabled.body);
    assert_eq!(robot.get("/api/org").await.status, 401);

    let enabled = admin
        .patch(
            &format!("/api/serviceaccounts/{account_id}"),
            json!({ "isDisabled": false }),
        )
        .await;
    assert_eq!(enabled.status, 200);
    assert_eq!(robot.get("/api/org").await.status, 200);
    server.stop().await;
}

async fn viewer_service_account_cannot_administer(server: TestServer) {
    let admin = server.admin();
    let (_, _, key) = service_account_with_token(&admin, "reader", "Viewer").await;
    let reader = server.client().bearer(&key);
    assert_eq!(reader.get("/api/org").await.status, 200);
    for reply in [
        reader.get("/api/org/users").await,
        reader
            .put("/api/org", json!({ "name": "Taken over" }))
            .await,
        reader.post("/api/teams", json!({ "name": "sneaky" })).await,
        reader
            .post("/api/serviceaccounts", json!({ "name": "another" }))
            .await,
        reader.get("/api/users").await,
    ] {
        assert_eq!(reply.status, 403, "{:?}", reply.body);
        assert!(!reply.message().is_empty());
    }
    assert_eq!(admin.get("/api/org").await.body["name"], "Main Org.");
    let teams = admin.get("/api/teams/search").await;
    assert_eq!(teams.body["totalCount"], 0);
    let accounts = admin.get("/api/serviceaccounts/search").await;
    assert_eq!(accounts.body["totalCount"], 1);
    server.stop().await;
}

async fn anonymous_visitors_read_as_viewers(server: TestServer) {
    let visitor = server.client();
    let org = visitor.get("/api/org").await;
    assert_eq!(org.status, 200, "{:?}", org.body);
    assert_eq!(org.body["name"], "Main Org.");
    assert_eq!(org.body["id"], 1);
    for reply in [
        visitor
            .put("/api/org", json!({ "name": "Anonymous' org" }))
            .await,
        visitor.post("/api/teams", json!({ "name": "anon" })).await,
        visitor.get("/api/org/users").await,
    ] {
        assert_eq!(reply.status, 403, "{:?}", reply.body);
    }
    let settings = visitor.get("/api/frontend/settings").await;
    assert_eq!(settings.body["anonymousEnabled"], true);
    // Wrong credentials are refused, not downgraded to anonymous access.
    let wrong = server.client().basic_auth("admin", "wrong");
    assert_eq!(wrong.get("/api/org").await.status, 401);
    assert_eq!(
        server.admin().get("/api/org").await.body["name"],
        "Main Org."
    );
    server.stop().await;
}

async fn anonymous_access_is_off_by_default(server: TestServer) {
    let visitor = server.client();
    let reply = visitor.get("/api/org").await;
    assert_eq!(reply.status, 401, "{:?}", reply.body);
    assert!(!reply.message().is_empty());
    server.stop().await;
}

async fn org_header_and_switching_pick_the_org(server: TestServer) {
    let admin = server.admin();
    let second = admin.post("/api/orgs", json!({ "name": "Second" })).await;
    assert_eq!(second.status, 200, "{:?}", second.body);
    let second_id = second.body["orgId"].as_i64().expect("org id");
    let third = admin.post("/api/orgs", json!({ "name": "Third" })).await;
    let third_id = third.body["orgId"].as_i64().expect("org id");

    let bob = server.create_user("bob").await;
    let added = admin
        .post(
            &format!("/api/orgs/{second_id}/users"),
            json!({ "loginOrEmail": "bob", "role": "Editor" }),
        )
        .await;
    assert_eq!(added.status, 200, "{:?}", added.body);

    let as_bob = bob.client();
    assert_eq!(as_bob.get("/api/org").await.body["name"], "Main Org.");
    let in_second = as_bob
        .clone()
        .header("x-grafana-org-id", &second_id.to_string());
    let org = in_second.get("/api/org").await;
    assert_eq!(org.status, 200, "{:?}", org.body);
    assert_eq!(org.body["name"], "Second");
    assert_eq!(in_second.get("/api/user").await.body["orgId"], second_id);
    // An editor there, not an admin.
    assert_eq!(in_second.get("/api/org/users").await.status, 403);

    let session_in_second = server
        .login("bob", &bob.password)
        .await
        .header("x-grafana-org-id", &second_id.to_string());
    assert_eq!(
        session_in_second.get("/api/org").await.body["name"],
        "Second"
    );

    let not_member = as_bob
        .clone()
        .header("x-grafana-org-id", &third_id.to_string())
        .get("/api/org")
        .await;
    assert_eq!(not_member.status, 401, "{:?}", not_member.body);
    let unknown = as_bob
        .clone()
        .header("x-grafana-org-id", "9999")
        .get("/api/org")
        .await;
    assert_eq!(unknown.status, 401, "{:?}", unknown.body);
    let malformed = as_bob
        .clone()
        .header("x-grafana-org-id", "second")
        .get("/api/org")
        .await;
    assert_eq!(malformed.status, 400, "{:?}", malformed.body);

    // Switching the current org.
    let switched = as_bob
        .post(&format!("/api/user/using/{second_id}"), Value::Null)
        .await;
    assert_eq!(switched.status, 200, "{:?}", switched.body);
    assert_eq!(switched.message(), "Active organization changed");
    assert_eq!(as_bob.get("/api/org").await.body["name"], "Second");
    assert_eq!(as_bob.get("/api/user").await.body["orgId"], second_id);

    for org_id in [third_id, 9999] {
        let refused = as_bob
            .post(&format!("/api/user/using/{org_id}"), Value::Null)
            .await;
        assert_eq!(refused.status, 401, "{:?}", refused.body);
    }
    let bad_id = as_bob.post("/api/user/using/abc", Value::Null).await;
    assert_eq!(bad_id.status, 400, "{:?}", bad_id.body);
    assert_eq!(as_bob.get("/api/org").await.body["name"], "Second");

    let orgs = as_bob.get("/api/user/orgs").await;
    let mut names: Vec<(String, String)> = orgs
        .body
        .as_array()
        .expect("org list")
        .iter()
        .map(|org| {
            (
                org["name"].as_str().unwrap_or_default().to_string(),
                org["role"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            ("Main Org.".to_string(), "Viewer".to_string()),
            ("Second".to_string(), "Editor".to_string()),
        ]
    );
    server.stop().await;
}

backend_tests!(
    basic_auth_identifies_the_user,
    service_account_tokens_authenticate,
    disabled_service_account_is_refused,
    viewer_service_account_cannot_administer,
    anonymous_access_is_off_by_default,
    org_header_and_switching_pick_the_org,
);
backend_tests!(with["auth.basic.enabled=false"], basic_auth_can_be_disabled);
backend_tests!(
    with["auth.anonymous.enabled=true"],
    anonymous_visitors_read_as_viewers
);
