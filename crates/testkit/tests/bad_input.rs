//! Malformed and hostile input across the API: every refusal is a 4xx with a JSON
//! `{"message": ...}` (never a 500, never plain text), and a refused request changes nothing.

mod common;

use common::{assert_refused, fixture, snapshot, Fixture};
use serde_json::{json, Value};
use sightline_testkit::{backend_tests, TestServer};

/// Every endpoint that takes a JSON body, as `(method, path)`.
fn body_endpoints(f: &Fixture) -> Vec<(&'static str, String)> {
    vec![
        ("POST", "/login".into()),
        ("POST", "/api/admin/users".into()),
        ("PUT", format!("/api/admin/users/{}/password", f.user)),
        ("PUT", format!("/api/admin/users/{}/permissions", f.user)),
        ("PUT", format!("/api/users/{}", f.user)),
        ("PUT", "/api/user".into()),
        ("PUT", "/api/user/password".into()),
        ("POST", "/api/orgs".into()),
        ("PUT", "/api/orgs/1".into()),
        ("POST", "/api/orgs/1/users".into()),
        ("PATCH", format!("/api/orgs/1/users/{}", f.user)),
        ("PUT", "/api/org".into()),
        ("PUT", "/api/org/address".into()),
        ("POST", "/api/org/users".into()),
        ("PATCH", format!("/api/org/users/{}", f.user)),
        ("POST", "/api/teams".into()),
        ("PUT", format!("/api/teams/{}", f.team)),
        ("POST", format!("/api/teams/{}/members", f.team)),
        ("POST", "/api/serviceaccounts".into()),
        ("PATCH", format!("/api/serviceaccounts/{}", f.account)),
        ("POST", format!("/api/serviceaccounts/{}/tokens", f.account)),
        ("PUT", "/api/user/preferences".into()),
        ("PATCH", "/api/user/preferences".into()),
        ("PUT", "/api/org/preferences".into()),
        ("PATCH", "/api/org/preferences".into()),
        ("PUT", format!("/api/teams/{}/preferences", f.team)),
        ("PATCH", format!("/api/teams/{}/preferences", f.team)),
    ]
}

async fn malformed_bodies_are_refused(server: TestServer) {
    let f = fixture(&server).await;
    let before = snapshot(&server, &f).await;
    let admin = server.admin();
    for (method, path) in body_endpoints(&f) {
        for (content_type, body) in [
            ("application/json", "{not json"),
            ("application/json", "{\"name\": \"unterminated"),
            ("application/json", ""),
            ("application/json", "[1, 2]"),
            ("application/json", "\"a string\""),
            ("text/plain", "{\"name\": \"x\"}"),
        ] {
            let reply = admin.send_raw(method, &path, content_type, body).await;
            assert_refused(
                &reply,
                400,
                &format!("{method} {path} with {content_type} {body:?}"),
            );
        }
    }
    assert_eq!(snapshot(&server, &f).await, before);
    // The admin was never locked out by any of it.
    assert_eq!(admin.get("/api/user").await.status, 200);
    server.stop().await;
}

async fn wrong_types_and_missing_fields_are_refused(server: TestServer) {
    let f = fixture(&server).await;
    let before = snapshot(&server, &f).await;
    let admin = server.admin();
    let cases: Vec<(&str, String, Value)> = vec![
        ("POST", "/login".into(), json!({ "user": "admin" })),
        (
            "POST",
            "/login".into(),
            json!({ "user": 1, "password": "admin" }),
        ),
        (
            "POST",
            "/api/admin/users".into(),
            json!({ "login": 5, "password": "secret" }),
        ),
        (
            "POST",
            "/api/admin/users".into(),
            json!({ "login": "x", "password": "secret", "OrgId": "one" }),
        ),
        (
            "PUT",
            format!("/api/admin/users/{}/password", f.user),
            json!({}),
        ),
        (
            "PUT",
            format!("/api/admin/users/{}/password", f.user),
            json!({ "password": 12345 }),
        ),
        (
            "PUT",
            format!("/api/admin/users/{}/permissions", f.user),
            json!({}),
        ),
        (
            "PUT",
            format!("/api/admin/users/{}/permissions", f.user),
            json!({ "isGrafanaAdmin": "yes" }),
        ),
        (
            "PUT",
            format!("/api/users/{}", f.user),
            json!({ "name": ["Bob"] }),
        ),
        ("PUT", "/api/user".into(), json!({ "email": false })),
        (
            "PUT",
            "/api/user/password".into(),
            json!({ "oldPassword": "admin" }),
        ),
        ("POST", "/api/orgs".into(), json!({})),
        ("POST", "/api/orgs".into(), json!({ "name": 5 })),
        (
            "PUT",
            "/api/orgs/1".into(),
            json!({ "name": "x", "address": "Main St" }),
        ),
        (
            "POST",
            "/api/orgs/1/users".into(),
            json!({ "loginOrEmail": "bob" }),
        ),
        (
            "PATCH",
            format!("/api/orgs/1/users/{}", f.user),
            json!({ "role": 1 }),
        ),
        ("PUT", "/api/org".into(), json!({ "name": null })),
        ("PUT", "/api/org/address".into(), json!({ "city": 7 })),
        ("POST", "/api/org/users".into(), json!({ "role": "Viewer" })),
        ("PATCH", format!("/api/org/users/{}", f.user), json!({})),
        ("POST", "/api/teams".into(), json!({})),
        ("POST", "/api/teams".into(), json!({ "name": ["Ops"] })),
        (
            "PUT",
            format!("/api/teams/{}", f.team),
            json!({ "email": "x@example.com" }),
        ),
        ("POST", format!("/api/teams/{}/members", f.team), json!({})),
        (
            "POST",
            format!("/api/teams/{}/members", f.team),
            json!({ "userId": "two" }),
        ),
        (
            "POST",
            format!("/api/teams/{}/members", f.team),
            json!({ "userId": 1.5 }),
        ),
        (
            "POST",
            format!("/api/teams/{}/members", f.team),
            json!({ "userId": 1e30 }),
        ),
        (
            "POST",
            "/api/serviceaccounts".into(),
            json!({ "name": "x", "isDisabled": "no" }),
        ),
        (
            "PATCH",
            format!("/api/serviceaccounts/{}", f.account),
            json!({ "role": 3 }),
        ),
        (
            "POST",
            format!("/api/serviceaccounts/{}/tokens", f.account),
            json!({}),
        ),
        (
            "POST",
            format!("/api/serviceaccounts/{}/tokens", f.account),
            json!({ "name": "t", "secondsToLive": "10" }),
        ),
        (
            "PUT",
            "/api/user/preferences".into(),
            json!({ "weekStart": 1 }),
        ),
        (
            "PATCH",
            "/api/org/preferences".into(),
            json!({ "homeDashboardUID": {} }),
        ),
        (
            "PUT",
            format!("/api/teams/{}/preferences", f.team),
            json!({ "timezone": [] }),
        ),
    ];
    for (method, path, body) in cases {
        let reply = admin
            .send(method.parse().expect("method"), &path, Some(body.clone()))
            .await;
        assert_refused(&reply, 400, &format!("{method} {path} {body}"));
    }
    assert_eq!(snapshot(&server, &f).await, before);
    server.stop().await;
}

async fn ids_in_paths_must_be_numbers(server: TestServer) {
    let f = fixture(&server).await;
    let admin = server.admin();
    let team = f.team;
    let account = f.account;
    for (method, path) in [
        ("GET", "/api/users/abc".to_string()),
        ("GET", "/api/users/1.5".into()),
        ("GET", "/api/users/99999999999999999999".into()),
        ("GET", "/api/users/abc/orgs".into()),
        ("DELETE", "/api/admin/users/abc".into()),
        ("POST", "/api/admin/users/abc/disable".into()),
        ("GET", "/api/orgs/abc".into()),
        ("DELETE", "/api/orgs/abc/users/1".into()),
        ("DELETE", "/api/org/users/bob".into()),
        ("GET", "/api/teams/ops".into()),
        ("DELETE", format!("/api/teams/{team}/members/bob")),
        ("GET", "/api/teams/ops/preferences".into()),
        ("GET", "/api/serviceaccounts/robot".into()),
        (
            "DELETE",
            format!("/api/serviceaccounts/{account}/tokens/first"),
        ),
        ("POST", "/api/user/using/main".into()),
    ] {
        let reply = admin
            .send(method.parse().expect("method"), &path, None)
            .await;
        assert_refused(&reply, 400, &format!("{method} {path}"));
    }
    server.stop().await;
}

async fn unknown_ids_and_paths_are_not_found(server: TestServer) {
    let f = fixture(&server).await;
    let before = snapshot(&server, &f).await;
    let admin = server.admin();
    for (method, path, body) in [
        ("GET", "/api/users/0", Value::Null),
        ("GET", "/api/users/-1", Value::Null),
        ("GET", "/api/users/424242/orgs", Value::Null),
        ("PUT", "/api/users/424242", json!({ "name": "x" })),
        ("DELETE", "/api/admin/users/424242", Value::Null),
        ("POST", "/api/admin/users/424242/enable", Value::Null),
        ("POST", "/api/admin/users/424242/logout", Value::Null),
        ("GET", "/api/orgs/424242", Value::Null),
        ("GET", "/api/orgs/424242/users", Value::Null),
        (
            "PATCH",
            "/api/orgs/1/users/424242",
            json!({ "role": "Viewer" }),
        ),
        ("DELETE", "/api/org/users/424242", Value::Null),
        ("GET", "/api/teams/424242", Value::Null),
        ("POST", "/api/teams/424242/members", json!({ "userId": 1 })),
        (
            "PUT",
            "/api/teams/424242/preferences",
            json!({ "theme": "dark" }),
        ),
        ("GET", "/api/serviceaccounts/424242", Value::Null),
        (
            "POST",
            "/api/serviceaccounts/424242/tokens",
            json!({ "name": "t" }),
        ),
        ("GET", "/api/nothing-here", Value::Null),
        ("POST", "/api/nothing-here", json!({})),
        ("GET", "/api", Value::Null),
    ] {
        let body = (!body.is_null()).then_some(body);
        let reply = admin
            .send(method.parse().expect("method"), path, body)
            .await;
        assert_refused(&reply, 404, &format!("{method} {path}"));
    }
    assert_eq!(snapshot(&server, &f).await, before);
    server.stop().await;
}

async fn wrong_methods_answer_json(server: TestServer) {
    let admin = server.admin();
    for (method, path) in [
        ("DELETE", "/api/health"),
        ("POST", "/api/user/orgs"),
        ("DELETE", "/api/org"),
        ("PUT", "/api/teams/search"),
    ] {
        let reply = admin
            .send(method.parse().expect("method"), path, None)
            .await;
        assert_refused(&reply, 405, &format!("{method} {path}"));
    }
    assert_eq!(admin.get("/api/org").await.status, 200);
    server.stop().await;
}

async fn query_parameters_are_checked(server: TestServer) {
    let admin = server.admin();
    for path in [
        "/api/users/search?perpage=abc",
        "/api/users/search?page=1.5",
        "/api/teams/search?page=x",
        "/api/serviceaccounts/search?perpage=-",
        "/api/orgs?perpage=ten",
        "/api/org/users?limit=all",
    ] {
        assert_refused(&admin.get(path).await, 400, path);
    }
    // Out-of-range paging falls back to the defaults or pages past the end; it never fails.
    for path in [
        "/api/users/search?perpage=-5&page=-1",
        "/api/users/search?perpage=0&page=0",
        "/api/users/search?page=9223372036854775807",
        "/api/users/search?perpage=9223372036854775807&page=9223372036854775807",
        "/api/teams/search?page=9223372036854775807&perpage=1000",
        "/api/serviceaccounts/search?page=9223372036854775807",
        "/api/orgs?page=9223372036854775807",
        "/api/users?page=9223372036854775807",
        "/api/org/users?limit=-1",
    ] {
        let reply = admin.get(path).await;
        assert_eq!(reply.status, 200, "{path}: {:?}", reply.body);
    }
    let clamped = admin.get("/api/users/search?perpage=-5&page=-1").await;
    assert_eq!(clamped.body["page"], 1);
    assert_eq!(clamped.body["perPage"], 1000);
    assert_eq!(clamped.body["totalCount"], 1);
    let far = admin
        .get("/api/users/search?page=9223372036854775807")
        .await;
    assert_eq!(far.body["users"], json!([]));
    assert_eq!(far.body["totalCount"], 1);
    server.stop().await;
}

backend_tests!(
    malformed_bodies_are_refused,
    wrong_types_and_missing_fields_are_refused,
    ids_in_paths_must_be_numbers,
    unknown_ids_and_paths_are_not_found,
    wrong_methods_answer_json,
    query_parameters_are_checked,
);
