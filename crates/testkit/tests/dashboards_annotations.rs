//! Annotations (`/api/annotations`): org and dashboard annotations, regions, the search
//! filters (time overlap, dashboard, panel, tags, type, limit), changes, the tag cloud,
//! Graphite events, who may read and write, other orgs, and refused input.

mod dashboards_support;

use dashboards_support::{dashboard, save_ok};
use serde_json::{json, Value};
use sightline_testkit::{backend_tests, Client, Reply, TestServer};

/// A fixed moment (epoch milliseconds) the scenarios count from.
const T: i64 = 1_700_000_000_000;

/// Saves a dashboard and returns its `(uid, id)`.
async fn create_dashboard(client: &Client, title: &str) -> (String, i64) {
    let saved = save_ok(client, dashboard(title), "").await;
    (
        saved["uid"].as_str().expect("uid").to_string(),
        saved["id"].as_i64().expect("id"),
    )
}

/// Creates an annotation and returns its id.
async fn annotate(client: &Client, body: Value) -> i64 {
    let reply = client.post("/api/annotations", body.clone()).await;
    assert_eq!(reply.status, 200, "annotate {body}: {:?}", reply.body);
    assert_eq!(reply.message(), "Annotation added");
    reply.body["id"].as_i64().expect("annotation id")
}

/// `GET /api/annotations?<query>`, asserting success.
async fn find(client: &Client, query: &str) -> Vec<Value> {
    let reply = client.get(&format!("/api/annotations?{query}")).await;
    assert_eq!(reply.status, 200, "find {query}: {:?}", reply.body);
    reply.body.as_array().expect("a list").clone()
}

/// The texts of `GET /api/annotations?<query>`, in the order answered.
async fn texts(client: &Client, query: &str) -> Vec<String> {
    find(client, query)
        .await
        .iter()
        .map(|annotation| annotation["text"].as_str().expect("text").to_string())
        .collect()
}

async fn get_ok(client: &Client, id: i64) -> Value {
    let reply = client.get(&format!("/api/annotations/{id}")).await;
    assert_eq!(reply.status, 200, "get annotation {id}: {:?}", reply.body);
    reply.body
}

/// `(tag, count)` of the org's annotation tags, sorted here: the order of tags differing only
/// in case follows each database's collation.
async fn tag_counts(client: &Client, query: &str) -> Vec<(String, i64)> {
    let reply = client.get(&format!("/api/annotations/tags?{query}")).await;
    assert_eq!(reply.status, 200, "tags {query}: {:?}", reply.body);
    let mut tags: Vec<(String, i64)> = reply.body["result"]["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .map(|tag| {
            (
                tag["tag"].as_str().expect("tag").to_string(),
                tag["count"].as_i64().expect("count"),
            )
        })
        .collect();
    tags.sort();
    tags
}

fn assert_refused(reply: &Reply, status: u16, what: &str) {
    assert_eq!(reply.status, status, "{what}: {:?}", reply.body);
    assert!(
        reply.body.is_object() && !reply.message().is_empty(),
        "{what}: not a JSON message: {:?}",
        reply.body
    );
}

fn pairs(list: &[(&str, i64)]) -> Vec<(String, i64)> {
    list.iter()
        .map(|(tag, count)| (tag.to_string(), *count))
        .collect()
}

async fn org_and_dashboard_annotations_are_created_and_read(server: TestServer) {
    let admin = server.admin();
    let (uid, dashboard_id) = create_dashboard(&admin, "Annotated").await;

    let org_id = annotate(
        &admin,
        json!({ "time": T, "text": "deployed", "tags": [" deploy ", "", "web", "deploy"],
                "data": { "build": 42 } }),
    )
    .await;
    let org = get_ok(&admin, org_id).await;
    assert_eq!(org["id"], org_id);
    assert_eq!(org["dashboardUID"], "");
    assert_eq!(org["dashboardId"], 0);
    assert_eq!(org["panelId"], 0);
    assert_eq!(org["alertId"], 0);
    assert_eq!(org["time"], T);
    assert_eq!(org["timeEnd"], T, "a moment ends when it starts");
    assert_eq!(org["text"], "deployed");
    assert_eq!(org["tags"], json!(["deploy", "web"]));
    assert_eq!(org["data"], json!({ "build": 42 }));
    assert_eq!(org["login"], "admin");
    assert_eq!(org["email"], "admin@localhost");
    assert!(org["avatarUrl"]
        .as_str()
        .expect("avatar")
        .starts_with("/avatar/"));
    assert_eq!(org["userId"], 1);
    let created = org["created"].as_i64().expect("created");
    assert!(
        created > 1_600_000_000_000,
        "created in milliseconds: {created}"
    );
    assert_eq!(org["updated"], created);

    let region_id = annotate(
        &admin,
        json!({ "dashboardUID": uid, "panelId": 1, "time": T, "timeEnd": T + 60_000,
                "text": "incident" }),
    )
    .await;
    let region = get_ok(&admin, region_id).await;
    assert_eq!(region["dashboardUID"], uid);
    assert_eq!(region["dashboardId"], dashboard_id);
    assert_eq!(region["panelId"], 1);
    assert_eq!(region["timeEnd"], T + 60_000);
    assert_eq!(region["tags"], json!([]));
    assert_eq!(region["data"], json!({}));

    // Grafana's deprecated numeric id still names the dashboard.
    let by_id = annotate(
        &admin,
        json!({ "dashboardId": dashboard_id, "time": T, "text": "by id" }),
    )
    .await;
    assert_eq!(get_ok(&admin, by_id).await["dashboardUID"], uid);

    // Without a time it happens now.
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis() as i64;
    let now_id = annotate(&admin, json!({ "text": "just now" })).await;
    let now = get_ok(&admin, now_id).await;
    let time = now["time"].as_i64().expect("time");
    assert!((before - 1000..=before + 60_000).contains(&time), "{time}");
    assert_eq!(now["timeEnd"], time);

    assert_eq!(
        texts(&admin, "").await,
        ["just now", "incident", "by id", "deployed"],
        "the latest ending first"
    );
    let missing = admin.get("/api/annotations/424242").await;
    assert_refused(&missing, 404, "unknown annotation");
    assert_eq!(missing.message(), "Annotation not found");
    server.stop().await;
}

async fn time_ranges_match_by_overlap_including_the_edges(server: TestServer) {
    let admin = server.admin();
    annotate(&admin, json!({ "time": T + 1000, "text": "early" })).await;
    annotate(
        &admin,
        json!({ "time": T + 2000, "timeEnd": T + 3000, "text": "region" }),
    )
    .await;
    annotate(&admin, json!({ "time": T + 5000, "text": "late" })).await;
    let range = |from: i64, to: i64| format!("from={}&to={}", T + from, T + to);

    assert_eq!(
        texts(&admin, &range(0, 10_000)).await,
        ["late", "region", "early"]
    );
    assert_eq!(
        texts(&admin, &range(3000, 4000)).await,
        ["region"],
        "end edge"
    );
    assert_eq!(
        texts(&admin, &range(4000, 5000)).await,
        ["late"],
        "start edge"
    );
    assert_eq!(
        texts(&admin, &range(1500, 2000)).await,
        ["region"],
        "region start"
    );
    assert_eq!(
        texts(&admin, &range(2500, 2600)).await,
        ["region"],
        "inside"
    );
    assert_eq!(
        texts(&admin, &range(1000, 1000)).await,
        ["early"],
        "a moment"
    );
    assert!(texts(&admin, &range(3001, 4999)).await.is_empty());
    assert!(texts(&admin, &range(1001, 1999)).await.is_empty());
    // One bound alone narrows from one side.
    assert_eq!(
        texts(&admin, &format!("from={}", T + 2500)).await,
        ["late", "region"]
    );
    assert_eq!(
        texts(&admin, &format!("to={}", T + 2500)).await,
        ["region", "early"]
    );
    server.stop().await;
}

async fn filters_narrow_by_dashboard_panel_user_tags_type_and_limit(server: TestServer) {
    let admin = server.admin();
    let (ops, ops_id) = create_dashboard(&admin, "Ops").await;
    let (web, _) = create_dashboard(&admin, "Web").await;
    let editor = server.user_with_role("erin", "Editor").await;
    annotate(
        &admin,
        json!({ "time": T + 1, "text": "org a b", "tags": ["a", "b"] }),
    )
    .await;
    annotate(
        &admin,
        json!({ "time": T + 2, "text": "ops a", "tags": ["a"], "dashboardUID": ops }),
    )
    .await;
    annotate(
        &editor.client(),
        json!({ "time": T + 3, "text": "ops panel 2 b", "tags": ["b"], "dashboardUID": ops,
                "panelId": 2 }),
    )
    .await;
    annotate(
        &admin,
        json!({ "time": T + 4, "text": "web c", "tags": ["c"], "dashboardUID": web }),
    )
    .await;

    assert_eq!(
        texts(&admin, &format!("dashboardUID={ops}")).await,
        ["ops panel 2 b", "ops a"]
    );
    assert_eq!(
        texts(&admin, &format!("dashboardId={ops_id}")).await,
        ["ops panel 2 b", "ops a"]
    );
    assert_eq!(
        texts(&admin, &format!("dashboardUID={ops}&panelId=2")).await,
        ["ops panel 2 b"]
    );
    assert_eq!(
        texts(&admin, &format!("userId={}", editor.id)).await,
        ["ops panel 2 b"]
    );
    let by_editor = find(&admin, &format!("userId={}", editor.id)).await;
    assert_eq!(by_editor[0]["login"], "erin");
    assert_eq!(by_editor[0]["email"], "erin@example.com");

    assert_eq!(texts(&admin, "tags=a").await, ["ops a", "org a b"]);
    assert_eq!(
        texts(&admin, "tags=a&tags=b").await,
        ["org a b"],
        "all tags"
    );
    assert_eq!(
        texts(&admin, "tags=a&tags=b&matchAny=true").await,
        ["ops panel 2 b", "ops a", "org a b"],
        "any tag"
    );
    assert_eq!(
        texts(&admin, "tags=c&tags=nope&matchAny=true").await,
        ["web c"]
    );
    assert!(texts(&admin, "tags=nope").await.is_empty());
    assert_eq!(
        texts(&admin, &format!("tags=b&dashboardUID={ops}")).await,
        ["ops panel 2 b"]
    );

    assert_eq!(texts(&admin, "type=annotation").await.len(), 4);
    assert!(texts(&admin, "type=alert").await.is_empty());
    // Grafana's UI sends `type=dashboard` and `type=tags`: no filter.
    assert_eq!(texts(&admin, "type=dashboard").await.len(), 4);
    assert_eq!(texts(&admin, "limit=2").await, ["web c", "ops panel 2 b"]);
    assert_eq!(texts(&admin, "limit=1&tags=a").await, ["ops a"]);

    let unknown = admin.get("/api/annotations?dashboardUID=nope").await;
    assert_refused(&unknown, 400, "unknown dashboard uid");
    let unknown = admin.get("/api/annotations?dashboardId=424242").await;
    assert_refused(&unknown, 400, "unknown dashboard id");
    server.stop().await;
}

async fn filters_look_past_a_page_of_rows_they_leave_out(server: TestServer) {
    let admin = server.admin();
    annotate(
        &admin,
        json!({ "time": T, "text": "old and tagged", "tags": ["rare"] }),
    )
    .await;
    for n in 1..=150 {
        annotate(
            &admin,
            json!({ "time": T + n, "text": format!("newer {n}") }),
        )
        .await;
    }
    assert_eq!(texts(&admin, "tags=rare&limit=1").await, ["old and tagged"]);
    assert_eq!(texts(&admin, "tags=rare").await, ["old and tagged"]);
    assert_eq!(texts(&admin, "").await.len(), 100, "100 by default");
    let all = texts(&admin, "limit=1000").await;
    assert_eq!(all.len(), 151);
    assert_eq!(
        (all[0].as_str(), all[150].as_str()),
        ("newer 150", "old and tagged")
    );
    server.stop().await;
}

async fn annotations_are_replaced_patched_and_deleted(server: TestServer) {
    let admin = server.admin();
    let (uid, _) = create_dashboard(&admin, "Changes").await;
    let id = annotate(
        &admin,
        json!({ "dashboardUID": uid, "panelId": 1, "time": T, "text": "first",
                "tags": ["old"], "data": { "keep": true } }),
    )
    .await;
    let path = format!("/api/annotations/{id}");

    let replaced = admin
        .put(&path, json!({ "text": "second", "tags": ["new", " new "] }))
        .await;
    assert_eq!(replaced.status, 200, "{:?}", replaced.body);
    assert_eq!(replaced.message(), "Annotation updated");
    let read = get_ok(&admin, id).await;
    assert_eq!(read["text"], "second");
    assert_eq!(read["tags"], json!(["new"]));
    assert_eq!(
        (read["time"].as_i64(), read["timeEnd"].as_i64()),
        (Some(T), Some(T))
    );
    assert_eq!(
        read["data"],
        json!({ "keep": true }),
        "data kept when not given"
    );
    assert_eq!(read["dashboardUID"], uid);
    assert_eq!(read["panelId"], 1);
    assert!(texts(&admin, "tags=old").await.is_empty());
    assert_eq!(texts(&admin, "tags=new").await, ["second"]);

    let patched = admin.patch(&path, json!({ "text": "third" })).await;
    assert_eq!(patched.status, 200, "{:?}", patched.body);
    assert_eq!(patched.message(), "Annotation patched");
    let read = get_ok(&admin, id).await;
    assert_eq!(read["text"], "third");
    assert_eq!(read["tags"], json!(["new"]), "tags kept when not given");

    // A moment moves as a whole; a region keeps its end until told otherwise.
    admin.patch(&path, json!({ "time": T + 500 })).await;
    let read = get_ok(&admin, id).await;
    assert_eq!(
        (read["time"].as_i64(), read["timeEnd"].as_i64()),
        (Some(T + 500), Some(T + 500))
    );
    admin.patch(&path, json!({ "timeEnd": T + 9000 })).await;
    admin.patch(&path, json!({ "time": T + 1000 })).await;
    let read = get_ok(&admin, id).await;
    assert_eq!(
        (read["time"].as_i64(), read["timeEnd"].as_i64()),
        (Some(T + 1000), Some(T + 9000))
    );
    admin
        .patch(&path, json!({ "tags": [], "data": { "other": 1 } }))
        .await;
    let read = get_ok(&admin, id).await;
    assert_eq!(read["tags"], json!([]));
    assert_eq!(read["data"], json!({ "other": 1 }));
    assert!(texts(&admin, "tags=new").await.is_empty());

    let deleted = admin.delete(&path).await;
    assert_eq!(deleted.status, 200, "{:?}", deleted.body);
    assert_eq!(deleted.message(), "Annotation deleted");
    assert_refused(&admin.get(&path).await, 404, "deleted annotation");
    assert_refused(&admin.delete(&path).await, 404, "deleted twice");
    assert_refused(
        &admin.put(&path, json!({ "text": "ghost" })).await,
        404,
        "replace a deleted annotation",
    );
    assert_refused(
        &admin.patch(&path, json!({ "text": "ghost" })).await,
        404,
        "patch a deleted annotation",
    );
    assert!(texts(&admin, "").await.is_empty());
    server.stop().await;
}

async fn the_tag_cloud_counts_annotations_per_tag(server: TestServer) {
    let admin = server.admin();
    assert!(tag_counts(&admin, "").await.is_empty());
    let deploy_web = annotate(
        &admin,
        json!({ "time": T, "text": "one", "tags": ["deploy", "web"] }),
    )
    .await;
    annotate(
        &admin,
        json!({ "time": T, "text": "two", "tags": ["deploy", "db"] }),
    )
    .await;
    annotate(
        &admin,
        json!({ "time": T, "text": "three", "tags": ["Deploy"] }),
    )
    .await;

    assert_eq!(
        tag_counts(&admin, "").await,
        pairs(&[("Deploy", 1), ("db", 1), ("deploy", 2), ("web", 1)])
    );
    assert_eq!(
        tag_counts(&admin, "tag=EPL").await,
        pairs(&[("Deploy", 1), ("deploy", 2)]),
        "any case, any part"
    );
    assert_eq!(tag_counts(&admin, "limit=3").await.len(), 3);
    assert_eq!(tag_counts(&admin, "tag=e&limit=1").await.len(), 1);
    assert!(tag_counts(&admin, "tag=nope").await.is_empty());

    admin
        .patch(
            &format!("/api/annotations/{deploy_web}"),
            json!({ "tags": ["web"] }),
        )
        .await;
    assert_eq!(
        tag_counts(&admin, "").await,
        pairs(&[("Deploy", 1), ("db", 1), ("deploy", 1), ("web", 1)])
    );
    admin
        .delete(&format!("/api/annotations/{deploy_web}"))
        .await;
    assert_eq!(
        tag_counts(&admin, "").await,
        pairs(&[("Deploy", 1), ("db", 1), ("deploy", 1)])
    );
    server.stop().await;
}

async fn graphite_events_become_org_annotations(server: TestServer) {
    let admin = server.admin();
    let reply = admin
        .post(
            "/api/annotations/graphite",
            json!({ "what": "deploy", "tags": "prod  web", "when": 1_700_000_000,
                    "data": "v1.2" }),
        )
        .await;
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    assert_eq!(reply.message(), "Graphite annotation added");
    let event = get_ok(&admin, reply.body["id"].as_i64().expect("id")).await;
    assert_eq!(event["text"], "deploy\nv1.2");
    assert_eq!(event["tags"], json!(["prod", "web"]));
    assert_eq!(event["time"], 1_700_000_000_000_i64);
    assert_eq!(event["dashboardUID"], "");

    let listed = admin
        .post(
            "/api/annotations/graphite",
            json!({ "what": "restart", "tags": ["ops"] }),
        )
        .await;
    assert_eq!(listed.status, 200, "{:?}", listed.body);
    let event = get_ok(&admin, listed.body["id"].as_i64().expect("id")).await;
    assert_eq!(event["text"], "restart");
    assert_eq!(event["tags"], json!(["ops"]));
    assert!(
        event["time"].as_i64().expect("time") > T,
        "now when `when` is absent"
    );

    for (body, what) in [
        (json!({ "tags": ["x"] }), "no what"),
        (json!({ "what": " " }), "blank what"),
        (
            json!({ "what": "x", "tags": [1] }),
            "a tag that is not a string",
        ),
        (
            json!({ "what": "x", "tags": { "a": 1 } }),
            "tags as an object",
        ),
        (json!({ "what": "x", "when": "now" }), "when as text"),
        (json!({ "what": "x", "when": i64::MAX }), "when overflows"),
    ] {
        let reply = admin.post("/api/annotations/graphite", body).await;
        assert_refused(&reply, 400, what);
    }
    assert_eq!(texts(&admin, "").await.len(), 2);
    server.stop().await;
}

async fn viewers_read_annotations_but_do_not_write_them(server: TestServer) {
    let admin = server.admin();
    let (uid, _) = create_dashboard(&admin, "Watched").await;
    let org_id = annotate(&admin, json!({ "time": T, "text": "org" })).await;
    let board_id = annotate(
        &admin,
        json!({ "time": T + 1, "text": "board", "dashboardUID": uid }),
    )
    .await;
    let viewer = server.user_with_role("vera", "Viewer").await.client();
    let before = find(&admin, "").await;

    assert_eq!(texts(&viewer, "").await, ["board", "org"]);
    assert_eq!(get_ok(&viewer, board_id).await["text"], "board");
    assert_eq!(tag_counts(&viewer, "").await, Vec::new());
    for (reply, what) in [
        (
            viewer
                .post("/api/annotations", json!({ "time": T, "text": "mine" }))
                .await,
            "create an org annotation",
        ),
        (
            viewer
                .post(
                    "/api/annotations",
                    json!({ "time": T, "text": "mine", "dashboardUID": uid }),
                )
                .await,
            "create a dashboard annotation",
        ),
        (
            viewer
                .post("/api/annotations/graphite", json!({ "what": "mine" }))
                .await,
            "create a graphite event",
        ),
        (
            viewer
                .put(
                    &format!("/api/annotations/{org_id}"),
                    json!({ "text": "changed" }),
                )
                .await,
            "replace an org annotation",
        ),
        (
            viewer
                .patch(
                    &format!("/api/annotations/{board_id}"),
                    json!({ "text": "changed" }),
                )
                .await,
            "patch a dashboard annotation",
        ),
        (
            viewer.delete(&format!("/api/annotations/{board_id}")).await,
            "delete a dashboard annotation",
        ),
    ] {
        assert_refused(&reply, 403, what);
    }
    assert_eq!(find(&admin, "").await, before);

    // A member without a role sees neither the dashboard's nor the org's annotations.
    let outsider = server.user_with_role("nora", "None").await.client();
    assert_eq!(texts(&outsider, "").await, Vec::<String>::new());
    let hidden = outsider.get(&format!("/api/annotations/{org_id}")).await;
    assert_eq!(hidden.status, 404, "{:?}", hidden.body);

    let editor = server.user_with_role("ed", "Editor").await.client();
    let edited = editor
        .patch(
            &format!("/api/annotations/{board_id}"),
            json!({ "text": "edited" }),
        )
        .await;
    assert_eq!(edited.status, 200, "{:?}", edited.body);
    annotate(&editor, json!({ "time": T, "text": "by an editor" })).await;
    server.stop().await;
}

async fn other_orgs_see_nothing(server: TestServer) {
    let admin = server.admin();
    let (uid, _) = create_dashboard(&admin, "Main board").await;
    let main_id = annotate(
        &admin,
        json!({ "time": T, "text": "main", "tags": ["secret"], "dashboardUID": uid }),
    )
    .await;
    annotate(&admin, json!({ "time": T, "text": "main org wide" })).await;

    let second = admin.post("/api/orgs", json!({ "name": "Second" })).await;
    assert_eq!(second.status, 200, "{:?}", second.body);
    let second_id = second.body["orgId"].as_i64().expect("org id");
    let in_second = admin
        .clone()
        .header("x-grafana-org-id", &second_id.to_string());

    assert!(texts(&in_second, "").await.is_empty());
    assert!(tag_counts(&in_second, "").await.is_empty());
    assert!(texts(&in_second, "tags=secret").await.is_empty());
    let path = format!("/api/annotations/{main_id}");
    assert_refused(&in_second.get(&path).await, 404, "read across orgs");
    assert_refused(
        &in_second.put(&path, json!({ "text": "x" })).await,
        404,
        "replace across orgs",
    );
    assert_refused(
        &in_second.patch(&path, json!({ "text": "x" })).await,
        404,
        "patch across orgs",
    );
    assert_refused(&in_second.delete(&path).await, 404, "delete across orgs");
    assert_refused(
        &in_second
            .get(&format!("/api/annotations?dashboardUID={uid}"))
            .await,
        400,
        "another org's dashboard as a filter",
    );
    assert_refused(
        &in_second
            .post(
                "/api/annotations",
                json!({ "time": T, "text": "x", "dashboardUID": uid }),
            )
            .await,
        400,
        "annotate another org's dashboard",
    );

    annotate(&in_second, json!({ "time": T, "text": "second org" })).await;
    assert_eq!(texts(&in_second, "").await, ["second org"]);
    assert_eq!(texts(&admin, "").await, ["main org wide", "main"]);
    assert_eq!(get_ok(&admin, main_id).await["text"], "main");
    server.stop().await;
}

async fn deleting_a_dashboard_deletes_its_annotations(server: TestServer) {
    let admin = server.admin();
    let (uid, _) = create_dashboard(&admin, "Doomed").await;
    let id = annotate(
        &admin,
        json!({ "time": T, "text": "doomed", "tags": ["gone"], "dashboardUID": uid }),
    )
    .await;
    annotate(
        &admin,
        json!({ "time": T, "text": "stays", "tags": ["kept"] }),
    )
    .await;
    let deleted = admin.delete(&format!("/api/dashboards/uid/{uid}")).await;
    assert_eq!(deleted.status, 200, "{:?}", deleted.body);
    assert_refused(
        &admin.get(&format!("/api/annotations/{id}")).await,
        404,
        "an annotation of a deleted dashboard",
    );
    assert_eq!(texts(&admin, "").await, ["stays"]);
    assert_eq!(tag_counts(&admin, "").await, pairs(&[("kept", 1)]));
    server.stop().await;
}

async fn bad_input_is_refused_and_changes_nothing(server: TestServer) {
    let admin = server.admin();
    let (uid, _) = create_dashboard(&admin, "Guarded").await;
    let id = annotate(
        &admin,
        json!({ "time": T, "timeEnd": T + 10, "text": "original", "tags": ["t"],
                "dashboardUID": uid }),
    )
    .await;
    let path = format!("/api/annotations/{id}");
    let state = || async {
        json!({
            "all": find(&admin, "").await,
            "tags": tag_counts(&admin, "").await,
        })
    };
    let before = state().await;

    let long_tag = "x".repeat(191);
    let many_tags: Vec<String> = (0..60).map(|n| format!("tag-{n}")).collect();
    let bodies: Vec<(&str, &str, Value, &str)> = vec![
        ("POST", "/api/annotations", json!({ "time": T }), "no text"),
        (
            "POST",
            "/api/annotations",
            json!({ "time": T, "text": " " }),
            "blank text",
        ),
        (
            "POST",
            "/api/annotations",
            json!({ "text": 5 }),
            "text as a number",
        ),
        (
            "POST",
            "/api/annotations",
            json!({ "text": "x", "time": "now" }),
            "time as text",
        ),
        (
            "POST",
            "/api/annotations",
            json!({ "text": "x", "time": 1.5 }),
            "fractional time",
        ),
        (
            "POST",
            "/api/annotations",
            json!({ "text": "x", "tags": "a" }),
            "tags as text",
        ),
        (
            "POST",
            "/api/annotations",
            json!({ "text": "x", "tags": [1] }),
            "a numeric tag",
        ),
        (
            "POST",
            "/api/annotations",
            json!({ "text": "x", "panelId": "1" }),
            "panel as text",
        ),
        (
            "POST",
            "/api/annotations",
            json!({ "text": "x", "panelId": -1 }),
            "negative panel",
        ),
        (
            "POST",
            "/api/annotations",
            json!({ "text": "x", "time": T, "timeEnd": T - 1 }),
            "a region ending before it starts",
        ),
        (
            "POST",
            "/api/annotations",
            json!({ "text": "x", "time": -5 }),
            "negative time",
        ),
        (
            "POST",
            "/api/annotations",
            json!({ "text": "x", "tags": [long_tag] }),
            "a tag too long",
        ),
        (
            "POST",
            "/api/annotations",
            json!({ "text": "x", "tags": many_tags }),
            "too many tags",
        ),
        (
            "POST",
            "/api/annotations",
            json!({ "text": "x", "dashboardUID": "nope" }),
            "an unknown dashboard",
        ),
        (
            "POST",
            "/api/annotations",
            json!({ "text": "x", "dashboardId": 424242 }),
            "an unknown dashboard id",
        ),
        ("POST", "/api/annotations", json!([1, 2]), "a list"),
        (
            "PUT",
            &path,
            json!({ "tags": ["a"] }),
            "replace without text",
        ),
        (
            "PUT",
            &path,
            json!({ "text": "x", "timeEnd": T - 1 }),
            "replace ending early",
        ),
        (
            "PUT",
            &path,
            json!({ "text": ["x"] }),
            "replace with text as a list",
        ),
        (
            "PATCH",
            &path,
            json!({ "text": "" }),
            "patch text to nothing",
        ),
        (
            "PATCH",
            &path,
            json!({ "time": T + 11 }),
            "patch the start past the end",
        ),
        (
            "PATCH",
            &path,
            json!({ "timeEnd": T - 1 }),
            "patch the end before the start",
        ),
        ("PATCH", &path, json!({ "tags": "a" }), "patch tags as text"),
        (
            "PATCH",
            &path,
            json!({ "time": -1 }),
            "patch a negative time",
        ),
    ];
    for (method, target, body, what) in bodies {
        let reply = admin
            .send(method.parse().expect("method"), target, Some(body))
            .await;
        assert_refused(&reply, 400, what);
    }
    for (method, target, raw) in [
        ("POST", "/api/annotations", "{not json"),
        ("POST", "/api/annotations", ""),
        ("PUT", path.as_str(), "{\"text\": \"unterminated"),
        ("PATCH", path.as_str(), "[]"),
        ("POST", "/api/annotations/graphite", "what=x"),
    ] {
        let reply = admin
            .send_raw(method, target, "application/json", raw)
            .await;
        assert_refused(&reply, 400, &format!("{method} {target} {raw:?}"));
    }
    for query in [
        "from=yesterday",
        "limit=many",
        "panelId=x",
        &format!("from={}&to={}", T + 10, T),
        "from=-1",
    ] {
        let reply = admin.get(&format!("/api/annotations?{query}")).await;
        assert_refused(&reply, 400, query);
    }
    assert_refused(
        &admin.get("/api/annotations/tags?limit=x").await,
        400,
        "tags with a junk limit",
    );
    assert_refused(
        &admin.get("/api/annotations/abc").await,
        400,
        "a non-numeric id",
    );
    assert_refused(
        &admin.delete("/api/annotations/abc").await,
        400,
        "delete a non-numeric id",
    );
    assert_eq!(state().await, before);
    assert_eq!(get_ok(&admin, id).await["text"], "original");
    server.stop().await;
}

async fn mass_delete_removes_one_panel_or_one_annotation(server: TestServer) {
    let admin = server.admin();
    let (uid, dashboard_id) = create_dashboard(&admin, "Crowded").await;
    for (panel, text) in [(1, "p1 a"), (1, "p1 b"), (2, "p2")] {
        annotate(
            &admin,
            json!({ "dashboardUID": uid, "panelId": panel, "time": T, "text": text,
                    "tags": ["t"] }),
        )
        .await;
    }
    let org_note = annotate(&admin, json!({ "time": T, "text": "org" })).await;
    let mass = "/api/annotations/mass-delete";

    // One of dashboard and panel without the other, or nothing at all: refused.
    for body in [
        json!({ "dashboardUID": uid }),
        json!({ "panelId": 1 }),
        json!({}),
    ] {
        let reply = admin.post(mass, body.clone()).await;
        assert_refused(&reply, 400, &format!("mass delete {body}"));
    }
    let refused = admin
        .post(mass, json!({ "dashboardUID": "nope", "panelId": 1 }))
        .await;
    assert_refused(&refused, 404, "unknown dashboard");
    let viewer = server.user_with_role("mia", "Viewer").await.client();
    let denied = viewer
        .post(mass, json!({ "dashboardUID": uid, "panelId": 1 }))
        .await;
    assert_refused(&denied, 403, "viewer mass delete");
    assert_eq!(find(&admin, "").await.len(), 4, "nothing deleted yet");

    let deleted = admin
        .post(mass, json!({ "dashboardId": dashboard_id, "panelId": 1 }))
        .await;
    assert_eq!(deleted.status, 200, "{:?}", deleted.body);
    assert_eq!(deleted.message(), "Annotations deleted");
    let mut left = texts(&admin, "").await;
    left.sort();
    assert_eq!(left, ["org", "p2"]);
    assert_eq!(tag_counts(&admin, "").await, pairs(&[("t", 1)]));

    let by_id = admin.post(mass, json!({ "annotationId": org_note })).await;
    assert_eq!(by_id.status, 200, "{:?}", by_id.body);
    assert_eq!(texts(&admin, "").await, ["p2"]);
    server.stop().await;
}

backend_tests!(
    mass_delete_removes_one_panel_or_one_annotation,
    org_and_dashboard_annotations_are_created_and_read,
    time_ranges_match_by_overlap_including_the_edges,
    filters_narrow_by_dashboard_panel_user_tags_type_and_limit,
    filters_look_past_a_page_of_rows_they_leave_out,
    annotations_are_replaced_patched_and_deleted,
    the_tag_cloud_counts_annotations_per_tag,
    graphite_events_become_org_annotations,
    viewers_read_annotations_but_do_not_write_them,
    other_orgs_see_nothing,
    deleting_a_dashboard_deletes_its_annotations,
    bad_input_is_refused_and_changes_nothing,
);
