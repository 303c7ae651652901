//! Teams of an org and their members (`/api/teams`), as org admins manage them.

use serde_json::{json, Value};
use sightline_testkit::{backend_tests, Client, TestServer};

async fn create_team(client: &Client, name: &str) -> i64 {
    let created = client.post("/api/teams", json!({ "name": name })).await;
    assert_eq!(
        created.status, 200,
        "create team {name}: {:?}",
        created.body
    );
    created.body["teamId"].as_i64().expect("team id")
}

fn field(list: &Value, name: &str) -> Vec<Value> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|item| item[name].clone())
        .collect()
}

async fn teams_are_created_read_updated_and_deleted(server: TestServer) {
    let admin = server.admin();
    let created = admin
        .post(
            "/api/teams",
            json!({ "name": "Ops", "email": "ops@example.com" }),
        )
        .await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    assert_eq!(created.message(), "Team created");
    let team_id = created.body["teamId"].as_i64().expect("team id");
    let uid = created.body["uid"].as_str().expect("uid").to_string();
    assert!(!uid.is_empty());

    let read = admin.get(&format!("/api/teams/{team_id}")).await;
    assert_eq!(read.status, 200, "{:?}", read.body);
    assert_eq!(read.body["id"], team_id);
    assert_eq!(read.body["uid"], uid);
    assert_eq!(read.body["orgId"], 1);
    assert_eq!(read.body["name"], "Ops");
    assert_eq!(read.body["email"], "ops@example.com");
    assert_eq!(read.body["memberCount"], 0);

    let duplicate = admin.post("/api/teams", json!({ "name": "Ops" })).await;
    assert_eq!(duplicate.status, 409, "{:?}", duplicate.body);
    assert_eq!(duplicate.message(), "team name taken");
    let blank = admin.post("/api/teams", json!({ "name": " " })).await;
    assert_eq!(blank.status, 400, "{:?}", blank.body);

    let updated = admin
        .put(
            &format!("/api/teams/{team_id}"),
            json!({ "name": "Operations", "email": "operations@example.com" }),
        )
        .await;
    assert_eq!(updated.status, 200, "{:?}", updated.body);
    assert_eq!(updated.message(), "Team updated");
    let read = admin.get(&format!("/api/teams/{team_id}")).await;
    assert_eq!(read.body["name"], "Operations");
    assert_eq!(read.body["email"], "operations@example.com");
    assert_eq!(read.body["uid"], uid);

    let other = create_team(&admin, "Dev").await;
    let clash = admin
        .put(
            &format!("/api/teams/{other}"),
            json!({ "name": "Operations" }),
        )
        .await;
    assert_eq!(clash.status, 409, "{:?}", clash.body);
    assert_eq!(
        admin.get(&format!("/api/teams/{other}")).await.body["name"],
        "Dev"
    );

    let deleted = admin.delete(&format!("/api/teams/{team_id}")).await;
    assert_eq!(deleted.status, 200, "{:?}", deleted.body);
    assert_eq!(deleted.message(), "Team deleted");
    let gone = admin.get(&format!("/api/teams/{team_id}")).await;
    assert_eq!(gone.status, 404, "{:?}", gone.body);
    assert_eq!(gone.message(), "team not found");
    for missing in [
        admin.delete(&format!("/api/teams/{team_id}")).await,
        admin
            .put(&format!("/api/teams/{team_id}"), json!({ "name": "Ghost" }))
            .await,
        admin.get(&format!("/api/teams/{team_id}/members")).await,
    ] {
        assert_eq!(missing.status, 404, "{:?}", missing.body);
    }
    // The name is free again.
    create_team(&admin, "Operations").await;
    server.stop().await;
}

async fn team_search_pages_and_counts_members(server: TestServer) {
    let admin = server.admin();
    let mut ids = Vec::new();
    for name in ["alpha", "bravo", "charlie", "delta", "echo"] {
        ids.push(create_team(&admin, name).await);
    }
    let bob = server.create_user("bob").await;
    let carol = server.create_user("carol").await;
    for user in [&bob, &carol] {
        let added = admin
            .post(
                &format!("/api/teams/{}/members", ids[1]),
                json!({ "userId": user.id }),
            )
            .await;
        assert_eq!(added.status, 200, "{:?}", added.body);
    }

    let all = admin.get("/api/teams/search").await;
    assert_eq!(all.status, 200, "{:?}", all.body);
    assert_eq!(all.body["totalCount"], 5);
    assert_eq!(all.body["page"], 1);
    assert_eq!(all.body["perPage"], 1000);
    assert_eq!(
        field(&all.body["teams"], "memberCount"),
        vec![json!(0), json!(2), json!(0), json!(0), json!(0)]
    );

    let page = admin.get("/api/teams/search?perpage=2&page=2").await;
    assert_eq!(page.body["totalCount"], 5);
    assert_eq!(page.body["page"], 2);
    assert_eq!(page.body["perPage"], 2);
    assert_eq!(
        field(&page.body["teams"], "name"),
        vec![json!("charlie"), json!("delta")]
    );
    let last = admin.get("/api/teams/search?perpage=2&page=3").await;
    assert_eq!(field(&last.body["teams"], "name"), vec![json!("echo")]);

    let query = admin.get("/api/teams/search?query=RAV").await;
    assert_eq!(query.body["totalCount"], 1);
    assert_eq!(query.body["teams"][0]["name"], "bravo");
    assert_eq!(query.body["teams"][0]["memberCount"], 2);
    let exact = admin.get("/api/teams/search?name=delta").await;
    assert_eq!(field(&exact.body["teams"], "name"), vec![json!("delta")]);
    let exact_only = admin.get("/api/teams/search?name=delt").await;
    assert_eq!(exact_only.body["totalCount"], 0);
    server.stop().await;
}

async fn team_members_are_added_listed_and_removed(server: TestServer) {
    let admin = server.admin();
    let team_id = create_team(&admin, "Ops").await;
    let members_path = format!("/api/teams/{team_id}/members");
    let bob = server.create_user("bob").await;
    let carol = server.create_user("carol").await;

    let added = admin
        .post(&members_path, json!({ "userId": carol.id }))
        .await;
    assert_eq!(added.status, 200, "{:?}", added.body);
    assert_eq!(added.message(), "Member added to Team");
    let as_admin = admin
        .post(&members_path, json!({ "userId": bob.id, "permission": 4 }))
        .await;
    assert_eq!(as_admin.status, 200, "{:?}", as_admin.body);

    let listed = admin.get(&members_path).await;
    assert_eq!(listed.status, 200, "{:?}", listed.body);
    assert_eq!(
        field(&listed.body, "login"),
        vec![json!("bob"), json!("carol")]
    );
    assert_eq!(field(&listed.body, "permission"), vec![json!(4), json!(0)]);
    let first = &listed.body[0];
    assert_eq!(first["userId"], bob.id);
    assert_eq!(first["teamId"], team_id);
    assert_eq!(first["orgId"], 1);
    assert_eq!(first["email"], "bob@example.com");
    assert_eq!(
        admin.get(&format!("/api/teams/{team_id}")).await.body["memberCount"],
        2
    );

    // Grafana answers a repeated add with 400 "User is already added to this team".
    let again = admin.post(&members_path, json!({ "userId": bob.id })).await;
    assert_eq!(again.status, 400, "{:?}", again.body);
    assert_eq!(
        again.message().to_lowercase(),
        "user is already added to this team"
    );
    let bad_permission = admin
        .post(&members_path, json!({ "userId": 1, "permission": 2 }))
        .await;
    assert_eq!(bad_permission.status, 400, "{:?}", bad_permission.body);
    assert_eq!(
        field(&admin.get(&members_path).await.body, "login").len(),
        2
    );

    // A member's permission changes in place; a permission Grafana does not know is refused.
    let promoted = admin
        .put(
            &format!("{members_path}/{}", carol.id),
            json!({ "permission": 4 }),
        )
        .await;
    assert_eq!(promoted.status, 200, "{:?}", promoted.body);
    let refused = admin
        .put(
            &format!("{members_path}/{}", carol.id),
            json!({ "permission": 3 }),
        )
        .await;
    assert_eq!(refused.status, 400, "{:?}", refused.body);
    assert_eq!(
        field(&admin.get(&members_path).await.body, "permission"),
        vec![json!(4), json!(4)]
    );

    // The user's teams, seen by themselves and by a server admin.
    let carol_teams = carol.client().get("/api/user/teams").await;
    assert_eq!(field(&carol_teams.body, "name"), vec![json!("Ops")]);
    let bob_teams = admin.get(&format!("/api/users/{}/teams", bob.id)).await;
    assert_eq!(field(&bob_teams.body, "id"), vec![json!(team_id)]);

    let removed = admin.delete(&format!("{members_path}/{}", bob.id)).await;
    assert_eq!(removed.status, 200, "{:?}", removed.body);
    assert_eq!(removed.message(), "Team Member removed");
    assert_eq!(
        field(&admin.get(&members_path).await.body, "login"),
        vec![json!("carol")]
    );
    assert_eq!(
        admin.get(&format!("/api/teams/{team_id}")).await.body["memberCount"],
        1
    );
    let not_member = admin.delete(&format!("{members_path}/{}", bob.id)).await;
    assert_eq!(not_member.status, 404, "{:?}", not_member.body);
    assert_eq!(
        admin
            .get(&format!("/api/users/{}/teams", bob.id))
            .await
            .body,
        json!([])
    );
    server.stop().await;
}

async fn only_org_members_join_teams(server: TestServer) {
    let admin = server.admin();
    let team_id = create_team(&admin, "Ops").await;
    let acme = admin.post("/api/orgs", json!({ "name": "Acme" })).await;
    let acme = acme.body["orgId"].as_i64().expect("org id");
    let outsider = admin
        .post(
            "/api/admin/users",
            json!({ "login": "outsider", "password": "outsider", "OrgId": acme }),
        )
        .await;
    let outsider_id = outsider.body["id"].as_i64().expect("id");
    for user_id in [outsider_id, 9999] {
        let refused = admin
            .post(
                &format!("/api/teams/{team_id}/members"),
                json!({ "userId": user_id }),
            )
            .await;
        assert!(
            (400..500).contains(&refused.status),
            "{user_id}: {} {:?}",
            refused.status,
            refused.body
        );
        assert!(!refused.message().is_empty());
    }
    assert_eq!(
        admin
            .get(&format!("/api/teams/{team_id}/members"))
            .await
            .body,
        json!([])
    );
    server.stop().await;
}

async fn teams_of_another_org_are_not_found(server: TestServer) {
    let admin = server.admin();
    let acme = admin.post("/api/orgs", json!({ "name": "Acme" })).await;
    let acme = acme.body["orgId"].as_i64().expect("org id");
    let in_acme = admin.clone().header("x-grafana-org-id", &acme.to_string());
    let foreign = create_team(&in_acme, "Acme team").await;
    let local = create_team(&admin, "Main team").await;
    assert_eq!(
        in_acme.get(&format!("/api/teams/{foreign}")).await.body["orgId"],
        acme
    );

    for reply in [
        admin.get(&format!("/api/teams/{foreign}")).await,
        admin
            .put(
                &format!("/api/teams/{foreign}"),
                json!({ "name": "Stolen" }),
            )
            .await,
        admin.get(&format!("/api/teams/{foreign}/members")).await,
        admin
            .post(
                &format!("/api/teams/{foreign}/members"),
                json!({ "userId": 1 }),
            )
            .await,
        admin
            .delete(&format!("/api/teams/{foreign}/members/1"))
            .await,
        admin
            .get(&format!("/api/teams/{foreign}/preferences"))
            .await,
        admin.delete(&format!("/api/teams/{foreign}")).await,
        in_acme.get(&format!("/api/teams/{local}")).await,
    ] {
        assert_eq!(reply.status, 404, "{:?}", reply.body);
    }
    let main_search = admin.get("/api/teams/search").await;
    assert_eq!(
        field(&main_search.body["teams"], "name"),
        vec![json!("Main team")]
    );
    let acme_team = in_acme.get(&format!("/api/teams/{foreign}")).await;
    assert_eq!(acme_team.body["name"], "Acme team");
    assert_eq!(acme_team.body["memberCount"], 0);
    // Team names are unique per org only.
    create_team(&in_acme, "Main team").await;
    server.stop().await;
}

async fn only_org_admins_manage_teams(server: TestServer) {
    let admin = server.admin();
    let team_id = create_team(&admin, "Ops").await;
    for role in ["Viewer", "Editor"] {
        let user = server.user_with_role(&role.to_lowercase(), role).await;
        let client = user.client();
        for reply in [
            client.post("/api/teams", json!({ "name": "mine" })).await,
            client
                .put(&format!("/api/teams/{team_id}"), json!({ "name": "mine" }))
                .await,
            client.delete(&format!("/api/teams/{team_id}")).await,
            client
                .post(
                    &format!("/api/teams/{team_id}/members"),
                    json!({ "userId": user.id }),
                )
                .await,
        ] {
            assert_eq!(reply.status, 403, "{role}: {:?}", reply.body);
        }
    }
    let search = admin.get("/api/teams/search").await;
    assert_eq!(search.body["totalCount"], 1);
    assert_eq!(search.body["teams"][0]["name"], "Ops");
    assert_eq!(search.body["teams"][0]["memberCount"], 0);
    server.stop().await;
}

backend_tests!(
    teams_are_created_read_updated_and_deleted,
    team_search_pages_and_counts_members,
    team_members_are_added_listed_and_removed,
    only_org_members_join_teams,
    teams_of_another_org_are_not_found,
    only_org_admins_manage_teams,
);
