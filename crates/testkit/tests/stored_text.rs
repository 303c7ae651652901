//! Text every backend stores the same way: values too long for the columns and NUL
//! characters are refused on SQLite, PostgreSQL and MySQL alike (SQLite alone would keep
//! them), and non-ASCII text round-trips.

mod common;

use common::{assert_refused, fixture, snapshot};
use serde_json::{json, Value};
use sightline_testkit::{backend_tests, TestServer};

/// Values longer than the columns hold are refused the same way on every backend, instead of
/// being stored on SQLite and failing inside PostgreSQL and MySQL.
async fn overlong_values_are_refused_everywhere(server: TestServer) {
    let f = fixture(&server).await;
    let before = snapshot(&server, &f).await;
    let admin = server.admin();
    let long = "x".repeat(300);
    let long_email = format!("{}@example.com", "y".repeat(300));
    let cases: Vec<(&str, String, Value)> = vec![
        (
            "POST",
            "/api/admin/users".into(),
            json!({ "login": long, "password": "secret" }),
        ),
        (
            "POST",
            "/api/admin/users".into(),
            json!({ "login": "eve", "email": long_email, "password": "secret" }),
        ),
        (
            "POST",
            "/api/admin/users".into(),
            json!({ "login": "eve", "name": long, "password": "secret" }),
        ),
        (
            "PUT",
            format!("/api/users/{}", f.user),
            json!({ "login": long }),
        ),
        (
            "PUT",
            format!("/api/users/{}", f.user),
            json!({ "name": long }),
        ),
        ("PUT", "/api/user".into(), json!({ "email": long_email })),
        ("PUT", "/api/user".into(), json!({ "theme": long })),
        ("POST", "/api/orgs".into(), json!({ "name": long })),
        ("PUT", "/api/org".into(), json!({ "name": long })),
        ("PUT", "/api/org/address".into(), json!({ "city": long })),
        (
            "PUT",
            "/api/orgs/1".into(),
            json!({ "name": "Main Org.", "address": { "address1": long } }),
        ),
        ("POST", "/api/teams".into(), json!({ "name": long })),
        (
            "POST",
            "/api/teams".into(),
            json!({ "name": "Dev", "email": long_email }),
        ),
        (
            "PUT",
            format!("/api/teams/{}", f.team),
            json!({ "name": long }),
        ),
        (
            "POST",
            "/api/serviceaccounts".into(),
            json!({ "name": long }),
        ),
        (
            "PATCH",
            format!("/api/serviceaccounts/{}", f.account),
            json!({ "name": long }),
        ),
        (
            "POST",
            format!("/api/serviceaccounts/{}/tokens", f.account),
            json!({ "name": long }),
        ),
        (
            "PUT",
            "/api/user/preferences".into(),
            json!({ "language": long }),
        ),
        (
            "PATCH",
            "/api/org/preferences".into(),
            json!({ "homeDashboardUID": long }),
        ),
        (
            "PUT",
            format!("/api/teams/{}/preferences", f.team),
            json!({ "language": long }),
        ),
    ];
    for (method, path, body) in cases {
        let reply = admin
            .send(method.parse().expect("method"), &path, Some(body))
            .await;
        assert_refused(&reply, 400, &format!("{method} {path} (300 characters)"));
    }
    // The lookups accept any length and simply find nothing.
    let lookup = admin
        .get(&format!("/api/users/lookup?loginOrEmail={long}"))
        .await;
    assert_refused(&lookup, 404, "lookup of an overlong login");
    let login = server
        .client()
        .post("/login", json!({ "user": long, "password": "x" }))
        .await;
    assert_refused(&login, 401, "login with an overlong login");
    assert_eq!(snapshot(&server, &f).await, before);
    server.stop().await;
}

/// A NUL character cannot be stored by PostgreSQL, so it is refused on every backend.
async fn nul_characters_are_refused_everywhere(server: TestServer) {
    let f = fixture(&server).await;
    let before = snapshot(&server, &f).await;
    let admin = server.admin();
    let nul = "bad\u{0}name";
    let cases: Vec<(&str, String, Value)> = vec![
        (
            "POST",
            "/api/admin/users".into(),
            json!({ "login": nul, "password": "secret" }),
        ),
        ("PUT", "/api/user".into(), json!({ "name": nul })),
        ("POST", "/api/orgs".into(), json!({ "name": nul })),
        ("PUT", "/api/org/address".into(), json!({ "city": nul })),
        ("POST", "/api/teams".into(), json!({ "name": nul })),
        (
            "POST",
            "/api/serviceaccounts".into(),
            json!({ "name": nul }),
        ),
        (
            "POST",
            format!("/api/serviceaccounts/{}/tokens", f.account),
            json!({ "name": nul }),
        ),
        (
            "PUT",
            "/api/user/preferences".into(),
            json!({ "language": nul }),
        ),
    ];
    for (method, path, body) in cases {
        let reply = admin
            .send(method.parse().expect("method"), &path, Some(body))
            .await;
        assert_refused(
            &reply,
            400,
            &format!("{method} {path} with a NUL character"),
        );
    }
    // Reads with a NUL character simply find nothing.
    let lookup = admin.get("/api/users/lookup?loginOrEmail=bad%00name").await;
    assert_refused(&lookup, 404, "lookup with a NUL character");
    let by_name = admin.get("/api/orgs/name/bad%00name").await;
    assert_refused(&by_name, 404, "org by a name with a NUL character");
    for path in [
        "/api/users/search?query=%00",
        "/api/teams/search?query=a%00",
        "/api/serviceaccounts/search?query=%00",
        "/api/orgs?query=%00",
        "/api/org/users?query=%00",
    ] {
        let reply = admin.get(path).await;
        assert_eq!(reply.status, 200, "{path}: {:?}", reply.body);
        let hits = reply
            .body
            .get("totalCount")
            .cloned()
            .unwrap_or_else(|| json!(reply.body.as_array().map(Vec::len).unwrap_or_default()));
        assert_eq!(hits, 0, "{path}: {:?}", reply.body);
    }
    let login = server
        .client()
        .post("/login", json!({ "user": nul, "password": "x" }))
        .await;
    assert_refused(&login, 401, "login with a NUL character");
    let basic = server.client().basic_auth(nul, "x").get("/api/user").await;
    assert_refused(&basic, 401, "basic auth with a NUL character");
    assert_eq!(snapshot(&server, &f).await, before);
    server.stop().await;
}

/// Text outside ASCII (accents, CJK, 4-byte emoji) round-trips on every backend.
async fn unicode_round_trips(server: TestServer) {
    let admin = server.admin();
    let name = "🚀 Équipe 火箭";
    let team = admin.post("/api/teams", json!({ "name": name })).await;
    assert_eq!(team.status, 200, "{:?}", team.body);
    let read = admin
        .get(&format!("/api/teams/{}", team.body["teamId"]))
        .await;
    assert_eq!(read.body["name"], name);
    let org = admin.put("/api/org", json!({ "name": name })).await;
    assert_eq!(org.status, 200, "{:?}", org.body);
    assert_eq!(admin.get("/api/org").await.body["name"], name);
    let user = admin
        .post(
            "/api/admin/users",
            json!({ "login": "zoë", "email": "zoë@example.com", "name": name, "password": "sécurité" }),
        )
        .await;
    assert_eq!(user.status, 200, "{:?}", user.body);
    let profile = server
        .client()
        .basic_auth("zoë", "sécurité")
        .get("/api/user")
        .await;
    assert_eq!(profile.status, 200, "{:?}", profile.body);
    assert_eq!(profile.body["name"], name);
    let prefs = admin
        .put(
            "/api/user/preferences",
            json!({ "navbar": { "bookmarkUrls": ["/d/🚀"] } }),
        )
        .await;
    assert_eq!(prefs.status, 200);
    assert_eq!(
        admin.get("/api/user/preferences").await.body["navbar"]["bookmarkUrls"][0],
        "/d/🚀"
    );
    server.stop().await;
}

backend_tests!(
    overlong_values_are_refused_everywhere,
    nul_characters_are_refused_everywhere,
    unicode_round_trips,
);
