//! Membership of users in orgs: `/api/orgs/:id/users` for server admins, `/api/org/users` for
//! admins of the current org, and the rule that an org always keeps a (human) admin.

use serde_json::{json, Value};
use sightline_testkit::{backend_tests, TestServer};

/// `(login, role)` of each member in a member list, in list order.
fn members(list: &Value) -> Vec<(String, String)> {
    list.as_array()
        .expect("a member list")
        .iter()
        .map(|member| {
            (
                member["login"].as_str().unwrap_or_default().to_string(),
                member["role"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(login, role)| (login.to_string(), role.to_string()))
        .collect()
}

async fn server_admin_manages_members_of_any_org(server: TestServer) {
    let admin = server.admin();
    let acme = admin.post("/api/orgs", json!({ "name": "Acme" })).await;
    let acme = acme.body["orgId"].as_i64().expect("org id");
    let bob = server.create_user("bob").await;
    let users = format!("/api/orgs/{acme}/users");

    let added = admin
        .post(
            &users,
            json!({ "loginOrEmail": "BOB@example.com", "role": "Viewer" }),
        )
        .await;
    assert_eq!(added.status, 200, "{:?}", added.body);
    assert_eq!(added.message(), "User added to organization");
    assert_eq!(added.body["userId"], bob.id);

    let listed = admin.get(&users).await;
    assert_eq!(listed.status, 200, "{:?}", listed.body);
    assert_eq!(
        members(&listed.body),
        pairs(&[("admin", "Admin"), ("bob", "Viewer")])
    );
    let entry = &listed.body[1];
    assert_eq!(entry["orgId"], acme);
    assert_eq!(entry["userId"], bob.id);
    assert_eq!(entry["email"], "bob@example.com");
    let filtered = admin.get(&format!("{users}?query=bo")).await;
    assert_eq!(members(&filtered.body), pairs(&[("bob", "Viewer")]));

    let again = admin
        .post(&users, json!({ "loginOrEmail": "bob", "role": "Editor" }))
        .await;
    assert_eq!(again.status, 409, "{:?}", again.body);
    let unknown_user = admin
        .post(
            &users,
            json!({ "loginOrEmail": "nobody", "role": "Viewer" }),
        )
        .await;
    assert_eq!(unknown_user.status, 404, "{:?}", unknown_user.body);
    let bad_role = admin
        .post(
            &users,
            json!({ "loginOrEmail": "bob", "role": "Superuser" }),
        )
        .await;
    assert_eq!(bad_role.status, 400, "{:?}", bad_role.body);
    let lowercase_role = admin
        .post(&users, json!({ "loginOrEmail": "bob", "role": "viewer" }))
        .await;
    assert_eq!(lowercase_role.status, 400, "{:?}", lowercase_role.body);
    let unknown_org = admin
        .post(
            "/api/orgs/9999/users",
            json!({ "loginOrEmail": "bob", "role": "Viewer" }),
        )
        .await;
    assert_eq!(unknown_org.status, 404, "{:?}", unknown_org.body);
    assert_eq!(admin.get("/api/orgs/9999/users").await.status, 404);

    let promoted = admin
        .patch(&format!("{users}/{}", bob.id), json!({ "role": "Editor" }))
        .await;
    assert_eq!(promoted.status, 200, "{:?}", promoted.body);
    assert_eq!(promoted.message(), "Organization user updated");
    assert_eq!(
        members(&admin.get(&users).await.body),
        pairs(&[("admin", "Admin"), ("bob", "Editor")])
    );
    let not_member = admin
        .patch("/api/orgs/1/users/9999", json!({ "role": "Editor" }))
        .await;
    assert_eq!(not_member.status, 404, "{:?}", not_member.body);
    let bad_patch = admin
        .patch(&format!("{users}/{}", bob.id), json!({ "role": "Owner" }))
        .await;
    assert_eq!(bad_patch.status, 400, "{:?}", bad_patch.body);
    assert_eq!(
        members(&admin.get(&users).await.body),
        pairs(&[("admin", "Admin"), ("bob", "Editor")])
    );

    // Bob still belongs to the main org, so he is only removed from Acme.
    let removed = admin.delete(&format!("{users}/{}", bob.id)).await;
    assert_eq!(removed.status, 200, "{:?}", removed.body);
    assert_eq!(removed.message(), "User removed from organization");
    assert_eq!(
        members(&admin.get(&users).await.body),
        pairs(&[("admin", "Admin")])
    );
    assert_eq!(
        admin.get(&format!("/api/users/{}", bob.id)).await.status,
        200
    );
    assert_eq!(
        admin.delete(&format!("{users}/{}", bob.id)).await.status,
        404
    );
    server.stop().await;
}

async fn removing_a_users_last_org_deletes_them(server: TestServer) {
    let admin = server.admin();
    let acme = admin.post("/api/orgs", json!({ "name": "Acme" })).await;
    let acme = acme.body["orgId"].as_i64().expect("org id");
    let created = admin
        .post(
            "/api/admin/users",
            json!({ "login": "carol", "password": "carolpw", "OrgId": acme }),
        )
        .await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    let carol_id = created.body["id"].as_i64().expect("id");
    let carol_orgs = admin.get(&format!("/api/users/{carol_id}/orgs")).await;
    assert_eq!(
        carol_orgs.body,
        json!([{ "orgId": acme, "name": "Acme", "role": "Viewer" }])
    );

    let removed = admin
        .delete(&format!("/api/orgs/{acme}/users/{carol_id}"))
        .await;
    assert_eq!(removed.status, 200, "{:?}", removed.body);
    assert_eq!(removed.message(), "User deleted");
    assert_eq!(
        admin.get(&format!("/api/users/{carol_id}")).await.status,
        404
    );
    server.stop().await;
}

async fn org_admins_manage_members_of_their_org(server: TestServer) {
    let manager = server.user_with_role("manager", "Admin").await.client();
    let carol = server.create_user("carol").await;
    let acme = server
        .admin()
        .post("/api/orgs", json!({ "name": "Acme" }))
        .await
        .body["orgId"]
        .as_i64()
        .expect("org id");
    let dave = server
        .admin()
        .post(
            "/api/admin/users",
            json!({ "login": "dave", "password": "davepw", "OrgId": acme }),
        )
        .await;
    let dave_id = dave.body["id"].as_i64().expect("id");

    let listed = manager.get("/api/org/users").await;
    assert_eq!(listed.status, 200, "{:?}", listed.body);
    assert_eq!(
        members(&listed.body),
        pairs(&[
            ("admin", "Admin"),
            ("carol", "Viewer"),
            ("manager", "Admin")
        ])
    );

    // Dave, who is only in Acme, joins the main org too.
    let added = manager
        .post(
            "/api/org/users",
            json!({ "loginOrEmail": "dave", "role": "Editor" }),
        )
        .await;
    assert_eq!(added.status, 200, "{:?}", added.body);
    let changed = manager
        .patch(
            &format!("/api/org/users/{}", carol.id),
            json!({ "role": "Editor" }),
        )
        .await;
    assert_eq!(changed.status, 200, "{:?}", changed.body);
    assert_eq!(
        members(&manager.get("/api/org/users").await.body),
        pairs(&[
            ("admin", "Admin"),
            ("carol", "Editor"),
            ("dave", "Editor"),
            ("manager", "Admin")
        ])
    );

    // Removing through /api/org/users never deletes the user, even from their last org.
    let removed = manager
        .delete(&format!("/api/org/users/{}", carol.id))
        .await;
    assert_eq!(removed.status, 200, "{:?}", removed.body);
    assert_eq!(removed.message(), "User removed from organization");
    assert_eq!(
        server
            .admin()
            .get(&format!("/api/users/{}", carol.id))
            .await
            .status,
        200
    );
    let carol_orgs = server
        .admin()
        .get(&format!("/api/users/{}/orgs", carol.id))
        .await;
    assert_eq!(carol_orgs.body, json!([]));
    assert_eq!(carol.client().get("/api/org").await.status, 403);
    assert_eq!(
        members(&manager.get("/api/org/users").await.body),
        pairs(&[("admin", "Admin"), ("dave", "Editor"), ("manager", "Admin")])
    );
    // Adding her back makes the main org her current org again.
    let back = manager
        .post(
            "/api/org/users",
            json!({ "loginOrEmail": "carol", "role": "Viewer" }),
        )
        .await;
    assert_eq!(back.status, 200, "{:?}", back.body);
    assert_eq!(
        carol.client().get("/api/org").await.body["name"],
        "Main Org."
    );

    // An org admin is not a server admin.
    let other_org = manager.get(&format!("/api/orgs/{acme}/users")).await;
    assert_eq!(other_org.status, 403, "{:?}", other_org.body);
    let dave_in_acme = manager
        .delete(&format!("/api/orgs/{acme}/users/{dave_id}"))
        .await;
    assert_eq!(dave_in_acme.status, 403);
    server.stop().await;
}

async fn members_who_are_not_admins_cannot_manage_members(server: TestServer) {
    let viewer = server.create_user("viewer").await;
    let editor = server.user_with_role("editor", "Editor").await;
    for user in [&viewer, &editor] {
        let client = user.client();
        for reply in [
            client.get("/api/org/users").await,
            client
                .post(
                    "/api/org/users",
                    json!({ "loginOrEmail": "admin", "role": "Viewer" }),
                )
                .await,
            client
                .patch(
                    &format!("/api/org/users/{}", user.id),
                    json!({ "role": "Admin" }),
                )
                .await,
            client.delete("/api/org/users/1").await,
        ] {
            assert_eq!(reply.status, 403, "{:?}", reply.body);
        }
    }
    // Editors may look members up to pick them; viewers may not.
    let lookup = editor.client().get("/api/org/users/lookup?query=adm").await;
    assert_eq!(lookup.status, 200, "{:?}", lookup.body);
    assert_eq!(lookup.body[0]["login"], "admin");
    assert_eq!(lookup.body.as_array().map(Vec::len), Some(1));
    assert_eq!(
        viewer.client().get("/api/org/users/lookup").await.status,
        403
    );

    assert_eq!(
        members(&server.admin().get("/api/org/users").await.body),
        pairs(&[
            ("admin", "Admin"),
            ("editor", "Editor"),
            ("viewer", "Viewer")
        ])
    );
    server.stop().await;
}

async fn the_last_admin_stays(server: TestServer) {
    let admin = server.admin();
    // An Admin service account does not count as an admin of the org.
    let robot = admin
        .post(
            "/api/serviceaccounts",
            json!({ "name": "robot", "role": "Admin" }),
        )
        .await;
    assert_eq!(robot.status, 201);

    for reply in [
        admin
            .patch("/api/org/users/1", json!({ "role": "Editor" }))
            .await,
        admin.delete("/api/org/users/1").await,
        admin
            .patch("/api/orgs/1/users/1", json!({ "role": "Viewer" }))
            .await,
        admin.delete("/api/orgs/1/users/1").await,
    ] {
        assert_eq!(reply.status, 400, "{:?}", reply.body);
        assert!(reply.message().contains("last admin"), "{:?}", reply.body);
    }
    assert_eq!(
        members(&admin.get("/api/org/users").await.body),
        pairs(&[("admin", "Admin")])
    );

    // With a second admin either may go.
    let bob = server.user_with_role("bob", "Admin").await;
    let demoted = bob
        .client()
        .patch("/api/org/users/1", json!({ "role": "Viewer" }))
        .await;
    assert_eq!(demoted.status, 200, "{:?}", demoted.body);
    let self_demotion = bob
        .client()
        .patch(
            &format!("/api/org/users/{}", bob.id),
            json!({ "role": "Viewer" }),
        )
        .await;
    assert_eq!(self_demotion.status, 400, "{:?}", self_demotion.body);
    let self_removal = bob
        .client()
        .delete(&format!("/api/org/users/{}", bob.id))
        .await;
    assert_eq!(self_removal.status, 400, "{:?}", self_removal.body);
    assert_eq!(
        members(&bob.client().get("/api/org/users").await.body),
        pairs(&[("admin", "Viewer"), ("bob", "Admin")])
    );
    server.stop().await;
}

backend_tests!(
    server_admin_manages_members_of_any_org,
    removing_a_users_last_org_deletes_them,
    org_admins_manage_members_of_their_org,
    members_who_are_not_admins_cannot_manage_members,
    the_last_admin_stays,
);
