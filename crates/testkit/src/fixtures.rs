//! Shortcuts scenarios share: people with a given role in the main org, and signed-in
//! sessions. Each helper asserts that its own requests succeed, so a scenario fails where the
//! setup broke rather than later.

use serde_json::json;

use crate::{Client, TestServer};

/// A person created through the admin API, with the password it was created with.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: i64,
    pub login: String,
    pub email: String,
    pub password: String,
    base_url: String,
}

impl TestUser {
    /// A client authenticated as this user with basic auth.
    pub fn client(&self) -> Client {
        Client::new(&self.base_url).basic_auth(&self.login, &self.password)
    }
}

impl TestServer {
    /// Creates `login` (email `<login>@example.com`, password `<login>-secret`), who joins
    /// the main org with the default role (Viewer).
    pub async fn create_user(&self, login: &str) -> TestUser {
        let email = format!("{login}@example.com");
        let password = format!("{login}-secret");
        let created = self
            .admin()
            .post(
                "/api/admin/users",
                json!({ "login": login, "email": email, "password": password, "name": login }),
            )
            .await;
        assert_eq!(
            created.status, 200,
            "create user {login}: {:?}",
            created.body
        );
        TestUser {
            id: created.body["id"].as_i64().expect("new user id"),
            login: login.to_string(),
            email,
            password,
            base_url: self.base_url.clone(),
        }
    }

    /// Creates `login` and gives them `role` (`Viewer`, `Editor` or `Admin`) in the main org.
    pub async fn user_with_role(&self, login: &str, role: &str) -> TestUser {
        let user = self.create_user(login).await;
        let changed = self
            .admin()
            .patch(
                &format!("/api/org/users/{}", user.id),
                json!({ "role": role }),
            )
            .await;
        assert_eq!(
            changed.status, 200,
            "set role of {login}: {:?}",
            changed.body
        );
        user
    }

    /// Signs in through `POST /login`; the returned client carries the session cookie.
    pub async fn login(&self, login: &str, password: &str) -> Client {
        let client = self.client();
        let reply = client
            .post("/login", json!({ "user": login, "password": password }))
            .await;
        assert_eq!(reply.status, 200, "login as {login}: {:?}", reply.body);
        client
    }
}
