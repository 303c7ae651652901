//! Organizations: server admins manage every org through `/api/orgs`; members see and (as
//! org admins) change their current org through `/api/org`.

use serde_json::{json, Value};
use sightline_testkit::{backend_tests, Client, TestServer};

async fn create_org(client: &Client, name: &str) -> i64 {
    let created = client.post("/api/orgs", json!({ "name": name })).await;
    assert_eq!(created.status, 200, "create org {name}: {:?}", created.body);
    created.body["orgId"].as_i64().expect("org id")
}

fn names(list: &Value, field: &str) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|item| item[field].as_str().unwrap_or_default().to_string())
        .collect()
}

async fn server_admin_creates_reads_updates_and_deletes_orgs(server: TestServer) {
    let admin = server.admin();
    let created = admin.post("/api/orgs", json!({ "name": "Acme" })).await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    assert_eq!(created.message(), "Organization created");
    let acme = created.body["orgId"].as_i64().expect("org id");
    assert!(acme > 1);

    let read = admin.get(&format!("/api/orgs/{acme}")).await;
    assert_eq!(read.status, 200, "{:?}", read.body);
    assert_eq!(read.body["id"], acme);
    assert_eq!(read.body["name"], "Acme");
    assert_eq!(read.body["address"]["city"], "");
    let by_name = admin.get("/api/orgs/name/Acme").await;
    assert_eq!(by_name.body["id"], acme);
    assert_eq!(admin.get("/api/orgs/name/Nope").await.status, 404);

    let listed = admin.get("/api/orgs").await;
    assert_eq!(names(&listed.body, "name"), vec!["Acme", "Main Org."]);
    let searched = admin.get("/api/orgs?query=acm").await;
    assert_eq!(names(&searched.body, "name"), vec!["Acme"]);
    let paged = admin.get("/api/orgs?perpage=1&page=2").await;
    assert_eq!(names(&paged.body, "name"), vec!["Main Org."]);

    // The creator administers the new org.
    let my_orgs = admin.get("/api/user/orgs").await;
    assert!(
        my_orgs
            .body
            .as_array()
            .expect("orgs")
            .contains(&json!({ "orgId": acme, "name": "Acme", "role": "Admin" })),
        "{:?}",
        my_orgs.body
    );

    let updated = admin
        .put(
            &format!("/api/orgs/{acme}"),
            json!({ "name": "Acme Corp", "address": { "address1": "1 Main St", "city": "Springfield", "zipCode": "12345", "country": "US" } }),
        )
        .await;
    assert_eq!(updated.status, 200, "{:?}", updated.body);
    assert_eq!(updated.message(), "Organization updated");
    let read = admin.get(&format!("/api/orgs/{acme}")).await;
    assert_eq!(read.body["name"], "Acme Corp");
    assert_eq!(read.body["address"]["address1"], "1 Main St");
    assert_eq!(read.body["address"]["city"], "Springfield");
    assert_eq!(read.body["address"]["zipCode"], "12345");
    assert_eq!(read.body["address"]["country"], "US");
    // A rename without an address keeps the address.
    let renamed = admin
        .put(&format!("/api/orgs/{acme}"), json!({ "name": "Acme Inc" }))
        .await;
    assert_eq!(renamed.status, 200);
    let read = admin.get(&format!("/api/orgs/{acme}")).await;
    assert_eq!(read.body["name"], "Acme Inc");
    assert_eq!(read.body["address"]["city"], "Springfield");

    let deleted = admin.delete(&format!("/api/orgs/{acme}")).await;
    assert_eq!(deleted.status, 200, "{:?}", deleted.body);
    assert_eq!(deleted.message(), "Organization deleted");
    let gone = admin.get(&format!("/api/orgs/{acme}")).await;
    assert_eq!(gone.status, 404, "{:?}", gone.body);
    assert_eq!(gone.message(), "organization not found");
    assert_eq!(admin.delete(&format!("/api/orgs/{acme}")).await.status, 404);
    assert_eq!(
        names(&admin.get("/api/orgs").await.body, "name"),
        vec!["Main Org."]
    );
    server.stop().await;
}

async fn org_names_are_unique_and_required(server: TestServer) {
    let admin = server.admin();
    let acme = create_org(&admin, "Acme").await;
    let duplicate = admin.post("/api/orgs", json!({ "name": "Acme" })).await;
    assert_eq!(duplicate.status, 409, "{:?}", duplicate.body);
    assert_eq!(duplicate.message(), "organization name taken");
    let rename_onto = admin.put("/api/orgs/1", json!({ "name": "Acme" })).await;
    assert_eq!(rename_onto.status, 409, "{:?}", rename_onto.body);
    let current_onto = admin.put("/api/org", json!({ "name": "Acme" })).await;
    assert_eq!(current_onto.status, 409, "{:?}", current_onto.body);
    for name in ["", "   "] {
        let blank = admin.post("/api/orgs", json!({ "name": name })).await;
        assert_eq!(blank.status, 400, "{:?}", blank.body);
        let blank_rename = admin
            .put(&format!("/api/orgs/{acme}"), json!({ "name": name }))
            .await;
        assert_eq!(blank_rename.status, 400, "{:?}", blank_rename.body);
    }
    assert_eq!(
        names(&admin.get("/api/orgs").await.body, "name"),
        vec!["Acme", "Main Org."]
    );
    for missing in [
        admin.get("/api/orgs/9999").await,
        admin
            .put("/api/orgs/9999", json!({ "name": "Ghost" }))
            .await,
        admin.delete("/api/orgs/9999").await,
    ] {
        assert_eq!(missing.status, 404, "{:?}", missing.body);
    }
    server.stop().await;
}

async fn users_cannot_create_orgs_by_default(server: TestServer) {
    let bob = server.create_user("bob").await.client();
    let refused = bob.post("/api/orgs", json!({ "name": "Bob's" })).await;
    assert_eq!(refused.status, 403, "{:?}", refused.body);
    assert!(!refused.message().is_empty());
    for reply in [
        bob.get("/api/orgs").await,
        bob.get("/api/orgs/1").await,
        bob.put("/api/orgs/1", json!({ "name": "Mine" })).await,
        bob.delete("/api/orgs/1").await,
    ] {
        assert_eq!(reply.status, 403, "{:?}", reply.body);
    }
    let admin = server.admin();
    assert_eq!(
        names(&admin.get("/api/orgs").await.body, "name"),
        vec!["Main Org."]
    );
    assert_eq!(
        server.client().get("/api/frontend/settings").await.body["allowOrgCreate"],
        false
    );
    server.stop().await;
}

async fn users_create_orgs_when_allowed(server: TestServer) {
    let bob = server.create_user("bob").await;
    let client = bob.client();
    let created = client.post("/api/orgs", json!({ "name": "Bob's" })).await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    let org_id = created.body["orgId"].as_i64().expect("org id");
    let orgs = client.get("/api/user/orgs").await;
    assert!(
        orgs.body
            .as_array()
            .expect("orgs")
            .contains(&json!({ "orgId": org_id, "name": "Bob's", "role": "Admin" })),
        "{:?}",
        orgs.body
    );
    // Administering it does not make bob a server admin.
    assert_eq!(client.get("/api/orgs").await.status, 403);
    let in_own_org = client.header("x-grafana-org-id", &org_id.to_string());
    let renamed = in_own_org
        .put("/api/org", json!({ "name": "Bob & Co" }))
        .await;
    assert_eq!(renamed.status, 200, "{:?}", renamed.body);
    assert_eq!(
        server
            .admin()
            .get(&format!("/api/orgs/{org_id}"))
            .await
            .body["name"],
        "Bob & Co"
    );
    assert_eq!(
        server.client().get("/api/frontend/settings").await.body["allowOrgCreate"],
        true
    );
    server.stop().await;
}

async fn deleting_the_current_org_is_refused(server: TestServer) {
    let admin = server.admin();
    let acme = create_org(&admin, "Acme").await;
    let refused = admin.delete("/api/orgs/1").await;
    assert_eq!(refused.status, 400, "{:?}", refused.body);
    assert!(!refused.message().is_empty());
    let in_acme = admin.clone().header("x-grafana-org-id", &acme.to_string());
    assert_eq!(
        in_acme.delete(&format!("/api/orgs/{acme}")).await.status,
        400
    );
    assert_eq!(admin.get("/api/orgs/1").await.status, 200);
    assert_eq!(admin.get(&format!("/api/orgs/{acme}")).await.status, 200);
    // From another org it can go.
    assert_eq!(in_acme.delete("/api/orgs/1").await.status, 200);
    assert_eq!(admin.get("/api/orgs/1").await.status, 404);
    server.stop().await;
}

async fn deleting_an_org_removes_what_belongs_to_it(server: TestServer) {
    let admin = server.admin();
    let acme = create_org(&admin, "Acme").await;
    let bob = server.create_user("bob").await;
    let added = admin
        .post(
            &format!("/api/orgs/{acme}/users"),
            json!({ "loginOrEmail": "bob", "role": "Editor" }),
        )
        .await;
    assert_eq!(added.status, 200, "{:?}", added.body);
    let as_bob = bob.client();
    assert_eq!(
        as_bob
            .post(&format!("/api/user/using/{acme}"), Value::Null)
            .await
            .status,
        200
    );

    let in_acme = admin.clone().header("x-grafana-org-id", &acme.to_string());
    let team = in_acme
        .post("/api/teams", json!({ "name": "acme-team" }))
        .await;
    assert_eq!(team.status, 200, "{:?}", team.body);
    let account = in_acme
        .post(
            "/api/serviceaccounts",
            json!({ "name": "acme-robot", "role": "Admin" }),
        )
        .await;
    assert_eq!(account.status, 201, "{:?}", account.body);
    let token = in_acme
        .post(
            &format!("/api/serviceaccounts/{}/tokens", account.body["id"]),
            json!({ "name": "t" }),
        )
        .await;
    let robot = server
        .client()
        .bearer(token.body["key"].as_str().expect("key"));
    assert_eq!(robot.get("/api/org").await.body["name"], "Acme");

    assert_eq!(admin.delete(&format!("/api/orgs/{acme}")).await.status, 200);

    assert_eq!(robot.get("/api/org").await.status, 401);
    // Bob is back in his remaining org.
    let profile = as_bob.get("/api/user").await;
    assert_eq!(profile.body["orgId"], 1, "{:?}", profile.body);
    assert_eq!(as_bob.get("/api/org").await.body["name"], "Main Org.");
    assert_eq!(
        as_bob.get("/api/user/orgs").await.body,
        json!([{ "orgId": 1, "name": "Main Org.", "role": "Viewer" }])
    );
    // The name is free again, and the new org starts empty.
    let again = create_org(&admin, "Acme").await;
    let in_new = admin.clone().header("x-grafana-org-id", &again.to_string());
    assert_eq!(in_new.get("/api/teams/search").await.body["totalCount"], 0);
    assert_eq!(
        in_new.get("/api/serviceaccounts/search").await.body["totalCount"],
        0
    );
    server.stop().await;
}

async fn current_org_is_read_by_members_and_changed_by_admins(server: TestServer) {
    let viewer = server.create_user("viewer").await.client();
    let editor = server.user_with_role("editor", "Editor").await.client();
    let org_admin = server.user_with_role("orgadmin", "Admin").await.client();
    for client in [&viewer, &editor, &org_admin] {
        let org = client.get("/api/org").await;
        assert_eq!(org.status, 200, "{:?}", org.body);
        assert_eq!(org.body["id"], 1);
        assert_eq!(org.body["name"], "Main Org.");
    }
    for client in [&viewer, &editor] {
        let refused = client.put("/api/org", json!({ "name": "Taken" })).await;
        assert_eq!(refused.status, 403, "{:?}", refused.body);
        let address = client
            .put("/api/org/address", json!({ "city": "Nowhere" }))
            .await;
        assert_eq!(address.status, 403);
    }
    let renamed = org_admin
        .put("/api/org", json!({ "name": "Renamed Org" }))
        .await;
    assert_eq!(renamed.status, 200, "{:?}", renamed.body);
    let address = org_admin
        .put(
            "/api/org/address",
            json!({ "address1": "2 High St", "city": "Oxford", "country": "UK" }),
        )
        .await;
    assert_eq!(address.status, 200, "{:?}", address.body);
    let org = viewer.get("/api/org").await;
    assert_eq!(org.body["name"], "Renamed Org");
    assert_eq!(org.body["address"]["address1"], "2 High St");
    assert_eq!(org.body["address"]["city"], "Oxford");
    assert_eq!(org.body["address"]["zipCode"], "");
    let blank = org_admin.put("/api/org", json!({ "name": "" })).await;
    assert_eq!(blank.status, 400, "{:?}", blank.body);
    assert_eq!(viewer.get("/api/org").await.body["name"], "Renamed Org");
    server.stop().await;
}

backend_tests!(
    server_admin_creates_reads_updates_and_deletes_orgs,
    org_names_are_unique_and_required,
    users_cannot_create_orgs_by_default,
    deleting_the_current_org_is_refused,
    deleting_an_org_removes_what_belongs_to_it,
    current_org_is_read_by_members_and_changed_by_admins,
);
backend_tests!(
    with["users.allow_org_create=true"],
    users_create_orgs_when_allowed
);
