//! The signed-in user changing their own profile (`/api/user`) and password
//! (`/api/user/password`).

use serde_json::json;
use sightline_testkit::{backend_tests, TestServer};

async fn users_update_their_own_profile(server: TestServer) {
    let bob = server.create_user("bob").await;
    server.create_user("carol").await;
    let me = bob.client();
    let updated = me
        .put(
            "/api/user",
            json!({ "name": "Bobby", "email": "bobby@example.com" }),
        )
        .await;
    assert_eq!(updated.status, 200, "{:?}", updated.body);
    let profile = me.get("/api/user").await;
    assert_eq!(profile.body["name"], "Bobby");
    assert_eq!(profile.body["email"], "bobby@example.com");
    // Absent fields keep their value.
    assert_eq!(profile.body["login"], "bob");

    let conflict = me.put("/api/user", json!({ "login": "carol" })).await;
    assert_eq!(conflict.status, 409, "{:?}", conflict.body);
    let blank = me.put("/api/user", json!({ "login": "  " })).await;
    assert_eq!(blank.status, 400, "{:?}", blank.body);
    assert_eq!(me.get("/api/user").await.body["login"], "bob");

    let seen_by_admin = server.admin().get(&format!("/api/users/{}", bob.id)).await;
    assert_eq!(seen_by_admin.body["name"], "Bobby");
    server.stop().await;
}

async fn users_change_their_own_password(server: TestServer) {
    let bob = server.create_user("bob").await;
    let me = bob.client();
    // Grafana 11+ answers a wrong old password with 400 "Invalid old password"
    // (user.ErrPasswordMissmatch is an errutil.BadRequest); 401 was Grafana ≤ 10.
    let wrong = me
        .put(
            "/api/user/password",
            json!({ "oldPassword": "not-it", "newPassword": "brand-new" }),
        )
        .await;
    assert_eq!(wrong.status, 400, "{:?}", wrong.body);
    assert_eq!(wrong.message().to_lowercase(), "invalid old password");
    let too_short = me
        .put(
            "/api/user/password",
            json!({ "oldPassword": bob.password, "newPassword": "abc" }),
        )
        .await;
    assert_eq!(too_short.status, 400, "{:?}", too_short.body);
    // Neither changed anything.
    assert_eq!(me.get("/api/user").await.status, 200);

    let changed = me
        .put(
            "/api/user/password",
            json!({ "oldPassword": bob.password, "newPassword": "brand-new" }),
        )
        .await;
    assert_eq!(changed.status, 200, "{:?}", changed.body);
    assert_eq!(changed.message(), "User password changed");
    assert_eq!(me.get("/api/user").await.status, 401);
    let renewed = server.client().basic_auth("bob", "brand-new");
    assert_eq!(renewed.get("/api/user").await.body["login"], "bob");
    server.stop().await;
}

backend_tests!(
    users_update_their_own_profile,
    users_change_their_own_password
);
