//! Login sessions against a real SQLite database: rotation with a grace period for the
//! previous token, inactive and absolute lifetimes, revocation.

use std::time::Duration;

use sightline_identity::{IdentityOptions, IdentityService, NewUser};
use sightline_store::{PoolSettings, Store};

async fn service(options: IdentityOptions) -> (IdentityService, i64, std::path::PathBuf) {
    let path = std::env::temp_dir().join(format!("sightline-sessions-{}.db", uuid_like()));
    let store = Store::connect(
        &format!("sqlite://{}?mode=rwc", path.display()),
        &PoolSettings::default(),
    )
    .await
    .expect("connect");
    store
        .migrate(sightline_identity::MIGRATIONS)
        .await
        .expect("migrate");
    let identity = IdentityService::new(store, options);
    let user = identity
        .create_user(&NewUser {
            login: "ann".into(),
            password: "secret".into(),
            ..NewUser::default()
        })
        .await
        .expect("user");
    (identity, user.id, path)
}

fn uuid_like() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_nanos())
        .unwrap_or_default();
    format!("{nanos}-{}", std::process::id())
}

#[tokio::test]
async fn a_due_rotation_issues_a_new_token_and_the_old_one_keeps_working_briefly() {
    let options = IdentityOptions {
        session_rotation_interval: Duration::ZERO,
        ..IdentityOptions::default()
    };
    let (identity, user_id, path) = service(options).await;
    let session = identity
        .create_session(user_id, "test-agent", "127.0.0.1")
        .await
        .expect("session");

    let first = identity
        .lookup_session(&session.token)
        .await
        .expect("lookup")
        .expect("valid");
    let rotated = first.rotated_token.expect("rotation was due");
    assert_ne!(rotated, session.token);
    assert_eq!(first.user_id, user_id);

    // The previous token is still accepted during the grace period, without rotating again.
    let previous = identity
        .lookup_session(&session.token)
        .await
        .expect("lookup")
        .expect("grace");
    assert_eq!(previous.id, first.id);
    assert!(previous.rotated_token.is_none());

    let current = identity
        .lookup_session(&rotated)
        .await
        .expect("lookup")
        .expect("valid");
    assert_eq!(current.id, first.id);
    let _ = std::fs::remove_file(path);
}

#[tokio::test]
async fn sessions_past_their_lifetime_or_revoked_are_refused() {
    let options = IdentityOptions {
        session_max_lifetime: Duration::ZERO,
        ..IdentityOptions::default()
    };
    let (identity, user_id, path) = service(options).await;
    let session = identity
        .create_session(user_id, "", "")
        .await
        .expect("session");
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert!(identity
        .lookup_session(&session.token)
        .await
        .expect("lookup")
        .is_none());

    let (identity, user_id, other_path) = service(IdentityOptions::default()).await;
    let session = identity
        .create_session(user_id, "", "")
        .await
        .expect("session");
    let found = identity
        .lookup_session(&session.token)
        .await
        .expect("lookup")
        .expect("valid");
    assert!(found.rotated_token.is_none(), "rotation is not due yet");
    identity.revoke_session(found.id).await.expect("revoke");
    assert!(identity
        .lookup_session(&session.token)
        .await
        .expect("lookup")
        .is_none());
    assert!(identity
        .lookup_session("not-a-token")
        .await
        .expect("lookup")
        .is_none());
    let _ = std::fs::remove_file(path);
    let _ = std::fs::remove_file(other_path);
}
