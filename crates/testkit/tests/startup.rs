//! Servers sharing one database: started at the same moment, both must migrate (under the
//! migration lock), create the first admin once, and then serve the same data.

use serde_json::json;
use sightline_testkit::{backend_tests, Backend, TestServer};

async fn two_servers_start_together_on_one_database(backend: Backend) {
    // A few rounds, each on a fresh database, to give the race a chance to show.
    for round in 0..3 {
        let (first, second) = TestServer::start_pair(backend, &[]).await;
        for server in [&first, &second] {
            let health = server.client().get("/api/health").await;
            assert_eq!(health.status, 200, "round {round}: {:?}", health.body);
            assert_eq!(health.body["database"], "ok");
        }
        // One admin, one main org, whichever server created them.
        let users = first.admin().get("/api/users/search").await;
        assert_eq!(
            users.body["totalCount"], 1,
            "round {round}: {:?}",
            users.body
        );
        let orgs = second.admin().get("/api/orgs").await;
        assert_eq!(
            orgs.body,
            json!([{ "id": 1, "name": "Main Org." }]),
            "round {round}"
        );

        // What one server writes, the other reads.
        let bob = first.create_user("bob").await;
        let seen = second.admin().get(&format!("/api/users/{}", bob.id)).await;
        assert_eq!(seen.status, 200, "round {round}: {:?}", seen.body);
        assert_eq!(seen.body["login"], "bob");
        let session = second.login("bob", &bob.password).await;
        assert_eq!(session.get("/api/user").await.body["login"], "bob");
        let team = second
            .admin()
            .post("/api/teams", json!({ "name": "shared" }))
            .await;
        assert_eq!(team.status, 200, "round {round}: {:?}", team.body);
        let duplicate = first
            .admin()
            .post("/api/teams", json!({ "name": "shared" }))
            .await;
        assert_eq!(duplicate.status, 409, "round {round}: {:?}", duplicate.body);

        first.stop().await;
        // The second server keeps working after the first has stopped.
        assert_eq!(
            second.admin().get("/api/teams/search").await.body["totalCount"],
            1
        );
        second.stop().await;
    }
}

backend_tests!(on_backend, two_servers_start_together_on_one_database);
