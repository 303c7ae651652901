//! Service accounts of an org and their `glsa_` tokens (`/api/serviceaccounts`).

use serde_json::{json, Value};
use sightline_testkit::{backend_tests, Client, TestServer};

async fn create_account(admin: &Client, body: Value) -> Value {
    let created = admin.post("/api/serviceaccounts", body.clone()).await;
    assert_eq!(created.status, 201, "{body}: {:?}", created.body);
    created.body
}

fn names(accounts: &Value) -> Vec<String> {
    accounts
        .as_array()
        .expect("a list")
        .iter()
        .map(|account| account["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

async fn service_accounts_are_created_searched_updated_and_deleted(server: TestServer) {
    let admin = server.admin();
    let agent = create_account(&admin, json!({ "name": "Grafana Agent", "role": "Editor" })).await;
    let agent_id = agent["id"].as_i64().expect("id");
    assert_eq!(agent["name"], "Grafana Agent");
    assert_eq!(agent["login"], "sa-1-grafana-agent");
    assert_eq!(agent["orgId"], 1);
    assert_eq!(agent["role"], "Editor");
    assert_eq!(agent["isDisabled"], false);
    assert_eq!(agent["tokens"], 0);
    let default_role = create_account(&admin, json!({ "name": "reader" })).await;
    assert_eq!(default_role["role"], "Viewer");
    let disabled = create_account(&admin, json!({ "name": "sleeper", "isDisabled": true })).await;
    assert_eq!(disabled["isDisabled"], true);

    let duplicate = admin
        .post("/api/serviceaccounts", json!({ "name": "Grafana Agent" }))
        .await;
    assert_eq!(duplicate.status, 409, "{:?}", duplicate.body);
    for body in [
        json!({ "name": "" }),
        json!({ "name": "valid", "role": "Root" }),
        json!({ "role": "Viewer" }),
    ] {
        let refused = admin.post("/api/serviceaccounts", body.clone()).await;
        assert_eq!(refused.status, 400, "{body}: {:?}", refused.body);
    }

    let read = admin.get(&format!("/api/serviceaccounts/{agent_id}")).await;
    assert_eq!(read.status, 200, "{:?}", read.body);
    assert_eq!(read.body, agent);

    let search = admin.get("/api/serviceaccounts/search").await;
    assert_eq!(search.status, 200, "{:?}", search.body);
    assert_eq!(search.body["totalCount"], 3);
    assert_eq!(search.body["page"], 1);
    assert_eq!(
        names(&search.body["serviceAccounts"]),
        vec!["Grafana Agent", "reader", "sleeper"]
    );
    let page = admin
        .get("/api/serviceaccounts/search?perpage=1&page=2")
        .await;
    assert_eq!(page.body["totalCount"], 3);
    assert_eq!(page.body["perPage"], 1);
    assert_eq!(names(&page.body["serviceAccounts"]), vec!["reader"]);
    let query = admin.get("/api/serviceaccounts/search?query=AGENT").await;
    assert_eq!(names(&query.body["serviceAccounts"]), vec!["Grafana Agent"]);

    // Service accounts are not people.
    let people = admin.get("/api/users").await;
    assert_eq!(people.body.as_array().map(Vec::len), Some(1));
    assert_eq!(
        admin.get(&format!("/api/users/{agent_id}")).await.status,
        404
    );
    assert_eq!(
        admin
            .get("/api/org/users")
            .await
            .body
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    // And people are not service accounts.
    assert_eq!(admin.get("/api/serviceaccounts/1").await.status, 404);

    let renamed = admin
        .patch(
            &format!("/api/serviceaccounts/{agent_id}"),
            json!({ "name": "Alloy", "role": "Admin" }),
        )
        .await;
    assert_eq!(renamed.status, 200, "{:?}", renamed.body);
    assert_eq!(renamed.message(), "Service account updated");
    assert_eq!(renamed.body["serviceaccount"]["name"], "Alloy");
    assert_eq!(renamed.body["serviceaccount"]["login"], "sa-1-alloy");
    assert_eq!(renamed.body["serviceaccount"]["role"], "Admin");
    let disabled_now = admin
        .patch(
            &format!("/api/serviceaccounts/{agent_id}"),
            json!({ "isDisabled": true }),
        )
        .await;
    assert_eq!(disabled_now.status, 200);
    let read = admin.get(&format!("/api/serviceaccounts/{agent_id}")).await;
    assert_eq!(read.body["name"], "Alloy");
    assert_eq!(read.body["login"], "sa-1-alloy");
    assert_eq!(read.body["role"], "Admin");
    assert_eq!(read.body["isDisabled"], true);
    let clash = admin
        .patch(
            &format!("/api/serviceaccounts/{agent_id}"),
            json!({ "name": "reader" }),
        )
        .await;
    assert_eq!(clash.status, 409, "{:?}", clash.body);
    let bad_role = admin
        .patch(
            &format!("/api/serviceaccounts/{agent_id}"),
            json!({ "role": "Owner" }),
        )
        .await;
    assert_eq!(bad_role.status, 400, "{:?}", bad_role.body);
    let read = admin.get(&format!("/api/serviceaccounts/{agent_id}")).await;
    assert_eq!(read.body["name"], "Alloy");
    assert_eq!(read.body["role"], "Admin");

    let deleted = admin
        .delete(&format!("/api/serviceaccounts/{agent_id}"))
        .await;
    assert_eq!(deleted.status, 200, "{:?}", deleted.body);
    assert_eq!(deleted.message(), "Service account deleted");
    for missing in [
        admin.get(&format!("/api/serviceaccounts/{agent_id}")).await,
        admin
            .delete(&format!("/api/serviceaccounts/{agent_id}"))
            .await,
        admin
            .patch(
                &format!("/api/serviceaccounts/{agent_id}"),
                json!({ "name": "x" }),
            )
            .await,
        admin
            .get(&format!("/api/serviceaccounts/{agent_id}/tokens"))
            .await,
    ] {
        assert_eq!(missing.status, 404, "{:?}", missing.body);
    }
    assert_eq!(
        admin.get("/api/serviceaccounts/search").await.body["totalCount"],
        2
    );
    server.stop().await;
}

async fn tokens_are_shown_once_and_listed_without_secrets(server: TestServer) {
    let admin = server.admin();
    let account = create_account(&admin, json!({ "name": "ci" })).await;
    let tokens = format!("/api/serviceaccounts/{}/tokens", account["id"]);

    let created = admin.post(&tokens, json!({ "name": "deploy" })).await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    assert_eq!(created.body["name"], "deploy");
    let key = created.body["key"].as_str().expect("key").to_string();
    assert!(key.starts_with("glsa_"), "{key}");
    let token_id = created.body["id"].as_i64().expect("id");

    let listed = admin.get(&tokens).await;
    assert_eq!(listed.status, 200, "{:?}", listed.body);
    let entry = &listed.body[0];
    assert_eq!(listed.body.as_array().map(Vec::len), Some(1));
    assert_eq!(entry["id"], token_id);
    assert_eq!(entry["name"], "deploy");
    assert_eq!(entry["expiration"], Value::Null);
    assert_eq!(entry["secondsUntilExpiration"], Value::Null);
    assert_eq!(entry["hasExpired"], false);
    assert_eq!(entry["isRevoked"], false);
    assert_eq!(entry["lastUsedAt"], Value::Null);
    assert!(entry.get("key").is_none(), "{entry}");
    assert!(
        !listed.body.to_string().contains(&key[5..]),
        "the secret leaked"
    );
    let account_read = admin
        .get(&format!("/api/serviceaccounts/{}", account["id"]))
        .await;
    assert_eq!(account_read.body["tokens"], 1);

    // A use is recorded.
    assert_eq!(
        server.client().bearer(&key).get("/api/org").await.status,
        200
    );
    let used = admin.get(&tokens).await;
    assert!(used.body[0]["lastUsedAt"].is_string(), "{:?}", used.body);

    // Token names are unique in the org, across accounts.
    let duplicate = admin.post(&tokens, json!({ "name": "deploy" })).await;
    assert_eq!(duplicate.status, 409, "{:?}", duplicate.body);
    let other = create_account(&admin, json!({ "name": "other" })).await;
    let other_tokens = format!("/api/serviceaccounts/{}/tokens", other["id"]);
    let across = admin.post(&other_tokens, json!({ "name": "deploy" })).await;
    assert_eq!(across.status, 409, "{:?}", across.body);
    for body in [
        json!({ "name": "" }),
        json!({ "name": "neg", "secondsToLive": -5 }),
    ] {
        let refused = admin.post(&tokens, body.clone()).await;
        assert_eq!(refused.status, 400, "{body}: {:?}", refused.body);
    }
    assert_eq!(
        admin.get(&tokens).await.body.as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(admin.get(&other_tokens).await.body, json!([]));

    // Deleting: only through the account that owns the token.
    let wrong_owner = admin.delete(&format!("{other_tokens}/{token_id}")).await;
    assert_eq!(wrong_owner.status, 404, "{:?}", wrong_owner.body);
    let deleted = admin.delete(&format!("{tokens}/{token_id}")).await;
    assert_eq!(deleted.status, 200, "{:?}", deleted.body);
    assert_eq!(deleted.message(), "Service account token deleted");
    assert_eq!(admin.get(&tokens).await.body, json!([]));
    assert_eq!(
        admin.delete(&format!("{tokens}/{token_id}")).await.status,
        404
    );
    assert_eq!(
        server.client().bearer(&key).get("/api/org").await.status,
        401
    );
    server.stop().await;
}

async fn tokens_expire_after_seconds_to_live(server: TestServer) {
    let admin = server.admin();
    let account = create_account(&admin, json!({ "name": "ci" })).await;
    let tokens = format!("/api/serviceaccounts/{}/tokens", account["id"]);

    let hourly = admin
        .post(&tokens, json!({ "name": "hourly", "secondsToLive": 3600 }))
        .await;
    assert_eq!(hourly.status, 200, "{:?}", hourly.body);
    let short = admin
        .post(&tokens, json!({ "name": "short", "secondsToLive": 1 }))
        .await;
    let short_key = short.body["key"].as_str().expect("key").to_string();
    let forever = admin
        .post(&tokens, json!({ "name": "forever", "secondsToLive": 0 }))
        .await;
    assert_eq!(forever.status, 200);

    let listed = admin.get(&tokens).await;
    let by_name = |name: &str| {
        listed
            .body
            .as_array()
            .expect("tokens")
            .iter()
            .find(|token| token["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("token {name} listed"))
    };
    let hourly = by_name("hourly");
    assert!(hourly["expiration"].is_string(), "{hourly}");
    let left = hourly["secondsUntilExpiration"]
        .as_i64()
        .expect("seconds left");
    assert!((3590..=3600).contains(&left), "{left}");
    assert_eq!(hourly["hasExpired"], false);
    assert_eq!(by_name("forever")["expiration"], Value::Null);

    tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
    assert_eq!(
        server
            .client()
            .bearer(&short_key)
            .get("/api/org")
            .await
            .status,
        401
    );
    let listed = admin.get(&tokens).await;
    let short = listed
        .body
        .as_array()
        .expect("tokens")
        .iter()
        .find(|token| token["name"] == "short")
        .cloned()
        .expect("short listed");
    assert_eq!(short["hasExpired"], true, "{short}");
    assert_eq!(short["secondsUntilExpiration"], 0);
    server.stop().await;
}

async fn only_org_admins_manage_service_accounts(server: TestServer) {
    let admin = server.admin();
    let account = create_account(&admin, json!({ "name": "ci" })).await;
    let id = account["id"].as_i64().expect("id");
    for role in ["Viewer", "Editor"] {
        let client = server
            .user_with_role(&role.to_lowercase(), role)
            .await
            .client();
        for reply in [
            client
                .post("/api/serviceaccounts", json!({ "name": "mine" }))
                .await,
            client.get("/api/serviceaccounts/search").await,
            client.get(&format!("/api/serviceaccounts/{id}")).await,
            client
                .patch(
                    &format!("/api/serviceaccounts/{id}"),
                    json!({ "role": "Admin" }),
                )
                .await,
            client
                .post(
                    &format!("/api/serviceaccounts/{id}/tokens"),
                    json!({ "name": "t" }),
                )
                .await,
            client
                .get(&format!("/api/serviceaccounts/{id}/tokens"))
                .await,
            client.delete(&format!("/api/serviceaccounts/{id}")).await,
        ] {
            assert_eq!(reply.status, 403, "{role}: {:?}", reply.body);
        }
    }
    let read = admin.get(&format!("/api/serviceaccounts/{id}")).await;
    assert_eq!(read.body["role"], "Viewer");
    assert_eq!(read.body["tokens"], 0);
    assert_eq!(
        admin.get("/api/serviceaccounts/search").await.body["totalCount"],
        1
    );
    server.stop().await;
}

async fn service_accounts_of_another_org_are_not_found(server: TestServer) {
    let admin = server.admin();
    let acme = admin.post("/api/orgs", json!({ "name": "Acme" })).await;
    let acme = acme.body["orgId"].as_i64().expect("org id");
    let in_acme = admin.clone().header("x-grafana-org-id", &acme.to_string());
    let foreign = create_account(&in_acme, json!({ "name": "ci" })).await;
    assert_eq!(foreign["login"], format!("sa-{acme}-ci"));
    // The same name is free in another org.
    let local = create_account(&admin, json!({ "name": "ci" })).await;
    assert_eq!(local["login"], "sa-1-ci");
    let foreign_id = foreign["id"].as_i64().expect("id");
    for reply in [
        admin
            .get(&format!("/api/serviceaccounts/{foreign_id}"))
            .await,
        admin
            .patch(
                &format!("/api/serviceaccounts/{foreign_id}"),
                json!({ "role": "Admin" }),
            )
            .await,
        admin
            .post(
                &format!("/api/serviceaccounts/{foreign_id}/tokens"),
                json!({ "name": "t" }),
            )
            .await,
        admin
            .delete(&format!("/api/serviceaccounts/{foreign_id}"))
            .await,
    ] {
        assert_eq!(reply.status, 404, "{:?}", reply.body);
    }
    let read = in_acme
        .get(&format!("/api/serviceaccounts/{foreign_id}"))
        .await;
    assert_eq!(read.body["role"], "Viewer");
    assert_eq!(read.body["tokens"], 0);
    server.stop().await;
}

backend_tests!(
    service_accounts_are_created_searched_updated_and_deleted,
    tokens_are_shown_once_and_listed_without_secrets,
    tokens_expire_after_seconds_to_live,
    only_org_admins_manage_service_accounts,
    service_accounts_of_another_org_are_not_found,
);
