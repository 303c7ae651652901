//! Users as server admins create and manage them: `/api/admin/users` and `/api/users`.
//! What users change themselves is in `user.rs`.

use serde_json::{json, Value};
use sightline_testkit::{backend_tests, TestServer};

fn logins(users: &Value) -> Vec<String> {
    users
        .as_array()
        .expect("a list of users")
        .iter()
        .map(|user| user["login"].as_str().unwrap_or_default().to_string())
        .collect()
}

async fn admin_creates_users_with_defaults(server: TestServer) {
    let admin = server.admin();
    let created = admin
        .post(
            "/api/admin/users",
            json!({ "name": "Bob Builder", "login": "bob", "email": "bob@example.com", "password": "bobsecret" }),
        )
        .await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    assert_eq!(created.message(), "User created");
    let bob_id = created.body["id"].as_i64().expect("id");
    assert!(created.body["uid"]
        .as_str()
        .is_some_and(|uid| !uid.is_empty()));

    let bob = admin.get(&format!("/api/users/{bob_id}")).await;
    assert_eq!(bob.status, 200, "{:?}", bob.body);
    assert_eq!(bob.body["login"], "bob");
    assert_eq!(bob.body["email"], "bob@example.com");
    assert_eq!(bob.body["name"], "Bob Builder");
    assert_eq!(bob.body["orgId"], 1);
    assert_eq!(bob.body["isGrafanaAdmin"], false);
    assert_eq!(bob.body["isDisabled"], false);
    assert_eq!(bob.body["uid"], created.body["uid"]);

    // Only a login: the email is the login. Only an email: the login is the email.
    let login_only = admin
        .post(
            "/api/admin/users",
            json!({ "login": "carol", "password": "carolpw" }),
        )
        .await;
    assert_eq!(login_only.status, 200, "{:?}", login_only.body);
    let carol = admin
        .get(&format!("/api/users/{}", login_only.body["id"]))
        .await;
    assert_eq!(carol.body["login"], "carol");
    assert_eq!(carol.body["email"], "carol");

    let email_only = admin
        .post(
            "/api/admin/users",
            json!({ "email": "dave@example.com", "password": "davepw" }),
        )
        .await;
    assert_eq!(email_only.status, 200, "{:?}", email_only.body);
    let dave = admin
        .get(&format!("/api/users/{}", email_only.body["id"]))
        .await;
    assert_eq!(dave.body["login"], "dave@example.com");
    assert_eq!(dave.body["email"], "dave@example.com");

    // The new user can sign in and is a viewer of the main org.
    let session = server.login("bob", "bobsecret").await;
    assert_eq!(session.get("/api/user").await.body["login"], "bob");
    let orgs = admin.get(&format!("/api/users/{bob_id}/orgs")).await;
    assert_eq!(
        orgs.body,
        json!([{ "orgId": 1, "name": "Main Org.", "role": "Viewer" }])
    );
    server.stop().await;
}

async fn duplicate_logins_and_emails_are_refused(server: TestServer) {
    let admin = server.admin();
    server.create_user("bob").await;
    for (body, case) in [
        (
            json!({ "login": "bob", "email": "other@example.com", "password": "secret" }),
            "same login",
        ),
        (
            json!({ "login": "other", "email": "bob@example.com", "password": "secret" }),
            "same email",
        ),
        (
            json!({ "login": "BOB", "email": "other@example.com", "password": "secret" }),
            "login in other case",
        ),
        (
            json!({ "login": "other", "email": "Bob@Example.com", "password": "secret" }),
            "email in other case",
        ),
        (
            json!({ "login": "admin", "password": "secret" }),
            "the admin's login",
        ),
    ] {
        let refused = admin.post("/api/admin/users", body).await;
        assert_eq!(refused.status, 412, "{case}: {:?}", refused.body);
        assert!(
            refused.message().contains("already exists"),
            "{case}: {:?}",
            refused.body
        );
    }
    let search = admin.get("/api/users/search").await;
    assert_eq!(search.body["totalCount"], 2, "{:?}", search.body);
    assert_eq!(logins(&search.body["users"]), vec!["admin", "bob"]);
    server.stop().await;
}

async fn invalid_new_users_are_refused(server: TestServer) {
    let admin = server.admin();
    for (body, case) in [
        (json!({ "password": "secret" }), "no login or email"),
        (
            json!({ "login": "  ", "email": "", "password": "secret" }),
            "blank login",
        ),
        (json!({ "login": "eve" }), "no password"),
        (
            json!({ "login": "eve", "password": "abc" }),
            "short password",
        ),
        (
            json!({ "login": "eve", "password": "secret", "OrgId": 999 }),
            "unknown org",
        ),
    ] {
        let refused = admin.post("/api/admin/users", body).await;
        assert_eq!(refused.status, 400, "{case}: {:?}", refused.body);
        assert!(!refused.message().is_empty(), "{case}");
    }
    let search = admin.get("/api/users/search?query=eve").await;
    assert_eq!(search.body["totalCount"], 0, "{:?}", search.body);
    server.stop().await;
}

async fn only_server_admins_list_and_manage_users(server: TestServer) {
    let viewer = server.create_user("viewer").await.client();
    let org_admin = server.user_with_role("orgadmin", "Admin").await.client();
    for client in [&viewer, &org_admin] {
        for reply in [
            client.get("/api/users").await,
            client.get("/api/users/search").await,
            client.get("/api/users/1").await,
            client.get("/api/users/lookup?loginOrEmail=admin").await,
            client.put("/api/users/1", json!({ "name": "pwned" })).await,
            client
                .post(
                    "/api/admin/users",
                    json!({ "login": "x", "password": "xxxx" }),
                )
                .await,
            client
                .put(
                    "/api/admin/users/1/password",
                    json!({ "password": "pwned" }),
                )
                .await,
            client
                .put(
                    "/api/admin/users/1/permissions",
                    json!({ "isGrafanaAdmin": false }),
                )
                .await,
            client.post("/api/admin/users/1/disable", Value::Null).await,
            client.delete("/api/admin/users/1").await,
        ] {
            assert_eq!(reply.status, 403, "{:?}", reply.body);
            assert!(!reply.message().is_empty());
        }
    }
    let admin = server.admin();
    let me = admin.get("/api/users/1").await;
    assert_eq!(me.body["name"], "");
    assert_eq!(me.body["isGrafanaAdmin"], true);
    assert_eq!(me.body["isDisabled"], false);
    assert_eq!(
        admin.get("/api/users").await.body.as_array().map(Vec::len),
        Some(3)
    );
    server.stop().await;
}

async fn users_list_and_search_page_through_people(server: TestServer) {
    for login in ["anna", "bert", "cleo", "dirk", "emma"] {
        server.create_user(login).await;
    }
    // A service account is not a person and is never listed.
    let account = server
        .admin()
        .post("/api/serviceaccounts", json!({ "name": "robot" }))
        .await;
    assert_eq!(account.status, 201);

    let admin = server.admin();
    let all = admin.get("/api/users").await;
    assert_eq!(all.status, 200);
    assert_eq!(
        logins(&all.body),
        vec!["admin", "anna", "bert", "cleo", "dirk", "emma"]
    );
    let first = &all.body[0];
    for field in [
        "id",
        "uid",
        "name",
        "login",
        "email",
        "avatarUrl",
        "isAdmin",
        "isDisabled",
        "lastSeenAt",
        "lastSeenAtAge",
        "authLabels",
    ] {
        assert!(first.get(field).is_some(), "missing {field}: {first}");
    }

    let page = admin.get("/api/users/search?perpage=2&page=2").await;
    assert_eq!(page.status, 200, "{:?}", page.body);
    assert_eq!(page.body["totalCount"], 6);
    assert_eq!(page.body["page"], 2);
    assert_eq!(page.body["perPage"], 2);
    assert_eq!(logins(&page.body["users"]), vec!["bert", "cleo"]);

    let last = admin.get("/api/users/search?perpage=4&page=2").await;
    assert_eq!(logins(&last.body["users"]), vec!["dirk", "emma"]);
    let beyond = admin.get("/api/users/search?perpage=4&page=3").await;
    assert_eq!(beyond.body["totalCount"], 6);
    assert_eq!(beyond.body["users"], json!([]));

    let defaults = admin.get("/api/users/search").await;
    assert_eq!(defaults.body["page"], 1);
    assert_eq!(defaults.body["perPage"], 1000);

    // The query matches login, email and name, ignoring case; LIKE wildcards are literal.
    let query = admin.get("/api/users/search?query=EMM").await;
    assert_eq!(query.body["totalCount"], 1);
    assert_eq!(logins(&query.body["users"]), vec!["emma"]);
    let by_email = admin.get("/api/users/search?query=cleo%40example").await;
    assert_eq!(logins(&by_email.body["users"]), vec!["cleo"]);
    let wildcard = admin.get("/api/users/search?query=%25").await;
    assert_eq!(wildcard.body["totalCount"], 0);
    let underscore = admin.get("/api/users/search?query=_").await;
    assert_eq!(underscore.body["totalCount"], 0);
    server.stop().await;
}

async fn users_are_found_by_id_login_and_email(server: TestServer) {
    let admin = server.admin();
    let bob = server.create_user("Bob").await;
    let by_id = admin.get(&format!("/api/users/{}", bob.id)).await;
    assert_eq!(by_id.body["login"], "Bob");

    for needle in ["Bob", "bob", "BOB", "bob@example.com", "BOB@EXAMPLE.COM"] {
        let found = admin
            .get(&format!("/api/users/lookup?loginOrEmail={needle}"))
            .await;
        assert_eq!(found.status, 200, "{needle}: {:?}", found.body);
        assert_eq!(found.body["id"], bob.id, "{needle}");
        assert_eq!(found.body["email"], "Bob@example.com");
    }
    let missing = admin.get("/api/users/lookup?loginOrEmail=nobody").await;
    assert_eq!(missing.status, 404, "{:?}", missing.body);
    assert_eq!(missing.message(), "user not found");
    let no_query = admin.get("/api/users/lookup").await;
    assert_eq!(no_query.status, 400, "{:?}", no_query.body);

    let unknown = admin.get("/api/users/9999").await;
    assert_eq!(unknown.status, 404, "{:?}", unknown.body);
    assert_eq!(unknown.message(), "user not found");
    server.stop().await;
}

async fn admin_updates_a_user(server: TestServer) {
    let admin = server.admin();
    let bob = server.create_user("bob").await;
    server.create_user("carol").await;
    let updated = admin
        .put(
            &format!("/api/users/{}", bob.id),
            json!({ "name": "Robert", "email": "robert@example.com", "login": "robert" }),
        )
        .await;
    assert_eq!(updated.status, 200, "{:?}", updated.body);
    assert_eq!(updated.message(), "User updated");
    let read = admin.get(&format!("/api/users/{}", bob.id)).await;
    assert_eq!(read.body["name"], "Robert");
    assert_eq!(read.body["email"], "robert@example.com");
    assert_eq!(read.body["login"], "robert");
    // The new login signs in with the same password.
    server.login("robert", &bob.password).await;

    // Taking another user's login or email is a conflict, in any letter case.
    for body in [
        json!({ "login": "carol" }),
        json!({ "login": "CAROL" }),
        json!({ "email": "carol@example.com" }),
        json!({ "email": "Carol@Example.COM" }),
    ] {
        let conflict = admin
            .put(&format!("/api/users/{}", bob.id), body.clone())
            .await;
        assert_eq!(conflict.status, 409, "{body}: {:?}", conflict.body);
    }
    let unchanged = admin.get(&format!("/api/users/{}", bob.id)).await;
    assert_eq!(unchanged.body["login"], "robert");
    assert_eq!(unchanged.body["email"], "robert@example.com");

    let missing = admin.put("/api/users/9999", json!({ "name": "x" })).await;
    assert_eq!(missing.status, 404, "{:?}", missing.body);
    server.stop().await;
}

async fn admin_resets_a_password_and_ends_sessions(server: TestServer) {
    let admin = server.admin();
    let bob = server.create_user("bob").await;
    let session = server.login("bob", &bob.password).await;
    assert_eq!(session.get("/api/user").await.status, 200);
    // Both ways in are now remembered by the server; a reset must end them at once.
    assert_eq!(bob.client().get("/api/user").await.status, 200);

    let short = admin
        .put(
            &format!("/api/admin/users/{}/password", bob.id),
            json!({ "password": "abc" }),
        )
        .await;
    assert_eq!(short.status, 400, "{:?}", short.body);
    assert_eq!(session.get("/api/user").await.status, 200);

    let reset = admin
        .put(
            &format!("/api/admin/users/{}/password", bob.id),
            json!({ "password": "reset-by-admin" }),
        )
        .await;
    assert_eq!(reset.status, 200, "{:?}", reset.body);
    assert_eq!(reset.message(), "User password updated");
    assert_eq!(session.get("/api/user").await.status, 401);
    assert_eq!(bob.client().get("/api/user").await.status, 401);
    let fresh = server.login("bob", "reset-by-admin").await;
    assert_eq!(fresh.get("/api/user").await.body["login"], "bob");

    let missing = admin
        .put(
            "/api/admin/users/9999/password",
            json!({ "password": "whatever" }),
        )
        .await;
    assert_eq!(missing.status, 404, "{:?}", missing.body);
    server.stop().await;
}

async fn admin_grants_and_revokes_server_admin(server: TestServer) {
    let admin = server.admin();
    let bob = server.create_user("bob").await;
    let as_bob = bob.client();
    assert_eq!(as_bob.get("/api/users").await.status, 403);

    let granted = admin
        .put(
            &format!("/api/admin/users/{}/permissions", bob.id),
            json!({ "isGrafanaAdmin": true }),
        )
        .await;
    assert_eq!(granted.status, 200, "{:?}", granted.body);
    assert_eq!(granted.message(), "User permissions updated");
    assert_eq!(
        admin.get(&format!("/api/users/{}", bob.id)).await.body["isGrafanaAdmin"],
        true
    );
    assert_eq!(as_bob.get("/api/users").await.status, 200);

    let revoked = admin
        .put(
            &format!("/api/admin/users/{}/permissions", bob.id),
            json!({ "isGrafanaAdmin": false }),
        )
        .await;
    assert_eq!(revoked.status, 200);
    assert_eq!(as_bob.get("/api/users").await.status, 403);

    let self_demotion = admin
        .put(
            "/api/admin/users/1/permissions",
            json!({ "isGrafanaAdmin": false }),
        )
        .await;
    assert_eq!(self_demotion.status, 400, "{:?}", self_demotion.body);
    assert_eq!(admin.get("/api/users").await.status, 200);
    let missing = admin
        .put(
            "/api/admin/users/9999/permissions",
            json!({ "isGrafanaAdmin": true }),
        )
        .await;
    assert_eq!(missing.status, 404, "{:?}", missing.body);
    server.stop().await;
}

async fn deleted_users_are_gone_with_their_sessions(server: TestServer) {
    let admin = server.admin();
    let bob = server.create_user("bob").await;
    let session = server.login("bob", &bob.password).await;
    let team = admin
        .post("/api/teams", json!({ "name": "builders" }))
        .await;
    let team_id = team.body["teamId"].as_i64().expect("team id");
    let joined = admin
        .post(
            &format!("/api/teams/{team_id}/members"),
            json!({ "userId": bob.id }),
        )
        .await;
    assert_eq!(joined.status, 200, "{:?}", joined.body);

    let deleted = admin.delete(&format!("/api/admin/users/{}", bob.id)).await;
    assert_eq!(deleted.status, 200, "{:?}", deleted.body);
    assert_eq!(deleted.message(), "User deleted");
    assert_eq!(
        admin.get(&format!("/api/users/{}", bob.id)).await.status,
        404
    );
    assert_eq!(session.get("/api/user").await.status, 401);
    assert_eq!(bob.client().get("/api/user").await.status, 401);
    let members = admin.get(&format!("/api/teams/{team_id}/members")).await;
    assert_eq!(members.body, json!([]));
    assert_eq!(
        admin.get(&format!("/api/teams/{team_id}")).await.body["memberCount"],
        0
    );
    let org_members = admin.get("/api/org/users").await;
    assert_eq!(logins(&org_members.body), vec!["admin"]);

    let again = admin.delete(&format!("/api/admin/users/{}", bob.id)).await;
    assert_eq!(again.status, 404, "{:?}", again.body);
    let myself = admin.delete("/api/admin/users/1").await;
    assert_eq!(myself.status, 400, "{:?}", myself.body);
    assert_eq!(admin.get("/api/user").await.status, 200);

    // The login and email are free again.
    let recreated = admin
        .post(
            "/api/admin/users",
            json!({ "login": "bob", "email": "bob@example.com", "password": "again" }),
        )
        .await;
    assert_eq!(recreated.status, 200, "{:?}", recreated.body);
    server.stop().await;
}

async fn disabled_users_cannot_sign_in_until_enabled(server: TestServer) {
    let admin = server.admin();
    let bob = server.create_user("bob").await;
    let session = server.login("bob", &bob.password).await;
    assert_eq!(session.get("/api/user").await.status, 200);
    assert_eq!(bob.client().get("/api/user").await.status, 200);

    let disabled = admin
        .post(&format!("/api/admin/users/{}/disable", bob.id), Value::Null)
        .await;
    assert_eq!(disabled.status, 200, "{:?}", disabled.body);
    assert_eq!(disabled.message(), "User disabled");
    assert_eq!(
        admin.get(&format!("/api/users/{}", bob.id)).await.body["isDisabled"],
        true
    );
    assert_eq!(session.get("/api/user").await.status, 401);
    assert_eq!(bob.client().get("/api/user").await.status, 401);
    let login = server
        .client()
        .post("/login", json!({ "user": "bob", "password": bob.password }))
        .await;
    assert_eq!(login.status, 401, "{:?}", login.body);

    let enabled = admin
        .post(&format!("/api/admin/users/{}/enable", bob.id), Value::Null)
        .await;
    assert_eq!(enabled.status, 200, "{:?}", enabled.body);
    assert_eq!(enabled.message(), "User enabled");
    assert_eq!(bob.client().get("/api/user").await.status, 200);
    server.login("bob", &bob.password).await;

    assert_eq!(
        admin
            .post("/api/admin/users/9999/disable", Value::Null)
            .await
            .status,
        404
    );
    assert_eq!(
        admin
            .post("/api/admin/users/1/disable", Value::Null)
            .await
            .status,
        400
    );
    server.stop().await;
}

async fn admin_logs_a_user_out_everywhere(server: TestServer) {
    let admin = server.admin();
    let bob = server.create_user("bob").await;
    let first = server.login("bob", &bob.password).await;
    let second = server.login("bob", &bob.password).await;
    let logout = admin
        .post(&format!("/api/admin/users/{}/logout", bob.id), Value::Null)
        .await;
    assert_eq!(logout.status, 200, "{:?}", logout.body);
    assert_eq!(first.get("/api/user").await.status, 401);
    assert_eq!(second.get("/api/user").await.status, 401);
    // The password still works.
    assert_eq!(bob.client().get("/api/user").await.status, 200);
    server.stop().await;
}

backend_tests!(
    admin_creates_users_with_defaults,
    duplicate_logins_and_emails_are_refused,
    invalid_new_users_are_refused,
    only_server_admins_list_and_manage_users,
    users_list_and_search_page_through_people,
    users_are_found_by_id_login_and_email,
    admin_updates_a_user,
    admin_resets_a_password_and_ends_sessions,
    admin_grants_and_revokes_server_admin,
    deleted_users_are_gone_with_their_sessions,
    disabled_users_cannot_sign_in_until_enabled,
    admin_logs_a_user_out_everywhere,
);
