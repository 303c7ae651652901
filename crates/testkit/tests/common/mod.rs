//! Helpers of the bad-input suites: how a refusal must look, a few real ids to aim at, and a
//! read-back of all state a refused request could have changed.

use serde_json::{json, Value};
use sightline_testkit::{Reply, TestServer};

/// Asserts a 4xx `status` with a non-empty JSON message.
pub fn assert_refused(reply: &Reply, status: u16, what: &str) {
    assert_eq!(reply.status, status, "{what}: {:?}", reply.body);
    assert!(
        reply.body.is_object() && !reply.message().is_empty(),
        "{what}: not a JSON message: {:?}",
        reply.body
    );
    let content_type = reply
        .headers
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    assert!(
        content_type.starts_with("application/json"),
        "{what}: {content_type}"
    );
}

/// Ids of a team, a service account and a second user, for paths that need real ones.
pub struct Fixture {
    pub team: i64,
    pub account: i64,
    pub user: i64,
}

pub async fn fixture(server: &TestServer) -> Fixture {
    let admin = server.admin();
    let team = admin.post("/api/teams", json!({ "name": "Ops" })).await;
    let account = admin
        .post("/api/serviceaccounts", json!({ "name": "robot" }))
        .await;
    let user = server.create_user("bob").await;
    Fixture {
        team: team.body["teamId"].as_i64().expect("team id"),
        account: account.body["id"].as_i64().expect("account id"),
        user: user.id,
    }
}

/// Reads back everything the refused requests could have touched.
pub async fn snapshot(server: &TestServer, f: &Fixture) -> Value {
    let admin = server.admin();
    json!({
        "orgs": admin.get("/api/orgs").await.body,
        "org": admin.get("/api/org").await.body,
        "members": admin.get("/api/org/users").await.body.as_array().map(|members| {
            members.iter().map(|m| json!([m["login"], m["role"]])).collect::<Vec<_>>()
        }),
        "users": admin.get("/api/users").await.body.as_array().map(|users| {
            users.iter().map(|u| json!([u["login"], u["email"], u["name"], u["isAdmin"]])).collect::<Vec<_>>()
        }),
        "teams": admin.get("/api/teams/search").await.body,
        "team_members": admin.get(&format!("/api/teams/{}/members", f.team)).await.body,
        "accounts": admin.get("/api/serviceaccounts/search").await.body,
        "tokens": admin.get(&format!("/api/serviceaccounts/{}/tokens", f.account)).await.body,
        "user_preferences": admin.get("/api/user/preferences").await.body,
        "org_preferences": admin.get("/api/org/preferences").await.body,
        "team_preferences": admin.get(&format!("/api/teams/{}/preferences", f.team)).await.body,
    })
}
