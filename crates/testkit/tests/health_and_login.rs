//! Health, metrics and frontend settings; form login, the session cookie, logout, brute-force
//! protection and CSRF checks on cookie-authenticated requests.

use serde_json::json;
use sightline_testkit::{backend_tests, TestServer};

async fn health_reports_database_and_version(server: TestServer) {
    let health = server.client().get("/api/health").await;
    assert_eq!(health.status, 200, "{:?}", health.body);
    assert_eq!(health.body["database"], "ok");
    assert_eq!(health.body["version"], "12.3.0");
    server.stop().await;
}

async fn metrics_cover_called_routes_and_the_process(server: TestServer) {
    assert_eq!(server.client().get("/api/health").await.status, 200);
    assert_eq!(server.client().get("/api/org").await.status, 401);
    let metrics = server.client().get("/metrics").await;
    assert_eq!(metrics.status, 200);
    let text = metrics.body.as_str().expect("metrics are text");
    assert!(
        text.contains(
            "sightline_http_request_duration_seconds_count{handler=\"/api/health\",method=\"GET\",status_code=\"200\"} 1"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "sightline_http_request_duration_seconds_count{handler=\"/api/org\",method=\"GET\",status_code=\"401\"} 1"
        ),
        "{text}"
    );
    assert!(text.contains("\nprocess_resident_memory_bytes "), "{text}");
    server.stop().await;
}

async fn frontend_settings_describe_the_server(server: TestServer) {
    let settings = server.client().get("/api/frontend/settings").await;
    assert_eq!(settings.status, 200, "{:?}", settings.body);
    let body = &settings.body;
    assert_eq!(body["buildInfo"]["version"], "12.3.0");
    assert_eq!(body["anonymousEnabled"], false);
    assert_eq!(body["disableLoginForm"], false);
    assert_eq!(body["allowOrgCreate"], false);
    assert_eq!(body["defaultTheme"], "dark");
    assert_eq!(body["appSubUrl"], "");
    server.stop().await;
}

async fn login_sets_an_http_only_lax_session_cookie(server: TestServer) {
    let client = server.client();
    let login = client
        .post("/login", json!({ "user": "admin", "password": "admin" }))
        .await;
    assert_eq!(login.status, 200, "{:?}", login.body);
    assert_eq!(login.message(), "Logged in");
    let cookie = login
        .set_cookie("grafana_session")
        .expect("login sets grafana_session");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    let token = login.cookie_value("grafana_session").expect("cookie value");
    assert!(!token.is_empty());

    let me = client.get("/api/user").await;
    assert_eq!(me.status, 200, "{:?}", me.body);
    assert_eq!(me.body["login"], "admin");
    assert_eq!(me.body["isGrafanaAdmin"], true);
    server.stop().await;
}

async fn login_by_email_and_bad_credentials(server: TestServer) {
    let bob = server.create_user("bob").await;
    let by_email = server
        .client()
        .post(
            "/login",
            json!({ "user": bob.email.to_uppercase(), "password": bob.password }),
        )
        .await;
    assert_eq!(by_email.status, 200, "{:?}", by_email.body);

    for (user, password) in [("bob", "wrong"), ("nobody", "whatever"), ("", "")] {
        let refused = server
            .client()
            .post("/login", json!({ "user": user, "password": password }))
            .await;
        assert_eq!(refused.status, 401, "{user}: {:?}", refused.body);
        assert_eq!(
            refused.message().to_lowercase(),
            "invalid username or password"
        );
        assert!(refused.set_cookie("grafana_session").is_none());
    }
    server.stop().await;
}

async fn logout_revokes_the_session(server: TestServer) {
    let client = server.client();
    let login = client
        .post("/login", json!({ "user": "admin", "password": "admin" }))
        .await;
    let token = login
        .cookie_value("grafana_session")
        .expect("session cookie");
    let replay = server
        .client()
        .header("cookie", &format!("grafana_session={token}"));
    assert_eq!(replay.get("/api/user").await.status, 200);

    let logout = client.get("/logout").await;
    assert_eq!(logout.status, 302);
    assert_eq!(
        logout.headers.get("location").and_then(|v| v.to_str().ok()),
        Some("/login")
    );
    let cleared = logout
        .set_cookie("grafana_session")
        .expect("logout clears the cookie");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");

    // The browser forgot the cookie, and the old token no longer opens a session either.
    assert_eq!(client.get("/api/user").await.status, 401);
    let replayed = replay.get("/api/user").await;
    assert_eq!(replayed.status, 401, "{:?}", replayed.body);
    server.stop().await;
}

async fn brute_force_locks_only_the_attacked_login(server: TestServer) {
    let bob = server.create_user("bob").await;
    let carol = server.create_user("carol").await;
    for attempt in 1..=5 {
        let failed = server
            .client()
            .post(
                "/login",
                json!({ "user": "bob", "password": format!("guess-{attempt}") }),
            )
            .await;
        assert_eq!(failed.status, 401, "attempt {attempt}: {:?}", failed.body);
    }
    let locked = server
        .client()
        .post("/login", json!({ "user": "bob", "password": bob.password }))
        .await;
    assert_eq!(locked.status, 401, "{:?}", locked.body);
    assert!(locked.set_cookie("grafana_session").is_none());
    // Basic auth goes through the same lock, in any letter case of the login.
    assert_eq!(bob.client().get("/api/user").await.status, 401);
    let upper = server.client().basic_auth("BOB", &bob.password);
    assert_eq!(upper.get("/api/user").await.status, 401);

    // Everybody else, from the same address, still signs in (Grafana's default leaves
    // address-based locking off).
    server.login(&carol.login, &carol.password).await;
    assert_eq!(server.admin().get("/api/user").await.status, 200);
    server.stop().await;
}

async fn address_protection_locks_the_client_address(server: TestServer) {
    let carol = server.create_user("carol").await;
    for _ in 0..5 {
        let failed = server
            .client()
            .post("/login", json!({ "user": "mallory", "password": "guess" }))
            .await;
        assert_eq!(failed.status, 401);
    }
    // Every login from this address is now refused, whoever it is for.
    let refused = server
        .client()
        .post(
            "/login",
            json!({ "user": carol.login, "password": carol.password }),
        )
        .await;
    assert_eq!(refused.status, 401, "{:?}", refused.body);
    assert_eq!(server.admin().get("/api/user").await.status, 401);
    server.stop().await;
}

async fn brute_force_counts_basic_auth_failures(server: TestServer) {
    let bob = server.create_user("bob").await;
    let wrong = server.client().basic_auth("bob", "nope");
    for _ in 0..5 {
        assert_eq!(wrong.get("/api/user").await.status, 401);
    }
    assert_eq!(bob.client().get("/api/user").await.status, 401);
    server.stop().await;
}

async fn brute_force_protection_can_be_disabled(server: TestServer) {
    let bob = server.create_user("bob").await;
    for _ in 0..7 {
        let failed = server
            .client()
            .post("/login", json!({ "user": "bob", "password": "wrong" }))
            .await;
        assert_eq!(failed.status, 401);
    }
    server.login("bob", &bob.password).await;
    assert_eq!(bob.client().get("/api/user").await.status, 200);
    server.stop().await;
}

async fn cookie_name_is_configurable(server: TestServer) {
    let client = server.client();
    let login = client
        .post("/login", json!({ "user": "admin", "password": "admin" }))
        .await;
    assert_eq!(login.status, 200);
    assert!(login.set_cookie("grafana_session").is_none());
    let token = login.cookie_value("my_cookie").expect("my_cookie is set");
    assert_eq!(client.get("/api/user").await.body["login"], "admin");
    // A cookie under the default name is not a session here.
    let wrong_name = server
        .client()
        .header("cookie", &format!("grafana_session={token}"));
    assert_eq!(wrong_name.get("/api/user").await.status, 401);
    server.stop().await;
}

async fn csrf_refuses_cookie_writes_from_foreign_origins(server: TestServer) {
    let session = server.login("admin", "admin").await;
    let foreign = session.clone().header("origin", "http://evil.example.com");
    let refused = foreign.put("/api/org", json!({ "name": "Hijacked" })).await;
    assert_eq!(refused.status, 403, "{:?}", refused.body);
    assert!(!refused.message().is_empty());
    // Reads are not state-changing and pass.
    assert_eq!(foreign.get("/api/org").await.status, 200);

    let same_origin = session.clone().header("origin", &server.base_url);
    let renamed = same_origin
        .put("/api/org", json!({ "name": "Renamed" }))
        .await;
    assert_eq!(renamed.status, 200, "{:?}", renamed.body);
    // Without an Origin header (non-browser clients) the write passes too.
    let plain = session
        .put("/api/org", json!({ "name": "Renamed again" }))
        .await;
    assert_eq!(plain.status, 200, "{:?}", plain.body);

    // Basic auth is not a browser credential and is not subject to the origin check.
    let basic = server.admin().header("origin", "http://evil.example.com");
    assert_eq!(
        basic
            .put("/api/org", json!({ "name": "Final" }))
            .await
            .status,
        200
    );

    let org = server.admin().get("/api/org").await;
    assert_eq!(org.body["name"], "Final");
    server.stop().await;
}

async fn disabled_login_form_refuses_login(server: TestServer) {
    let refused = server
        .client()
        .post("/login", json!({ "user": "admin", "password": "admin" }))
        .await;
    assert_eq!(refused.status, 401, "{:?}", refused.body);
    assert!(refused.set_cookie("grafana_session").is_none());
    let settings = server.client().get("/api/frontend/settings").await;
    assert_eq!(settings.body["disableLoginForm"], true);
    server.stop().await;
}

backend_tests!(
    health_reports_database_and_version,
    metrics_cover_called_routes_and_the_process,
    frontend_settings_describe_the_server,
    login_sets_an_http_only_lax_session_cookie,
    login_by_email_and_bad_credentials,
    logout_revokes_the_session,
    brute_force_locks_only_the_attacked_login,
    brute_force_counts_basic_auth_failures,
    csrf_refuses_cookie_writes_from_foreign_origins,
);
backend_tests!(
    with["security.disable_brute_force_login_protection=true"],
    brute_force_protection_can_be_disabled
);
backend_tests!(
    with["auth.login_cookie_name=my_cookie"],
    cookie_name_is_configurable
);
backend_tests!(
    with["auth.disable_login_form=true"],
    disabled_login_form_refuses_login
);
backend_tests!(
    with["security.disable_ip_address_login_protection=false"],
    address_protection_locks_the_client_address
);
