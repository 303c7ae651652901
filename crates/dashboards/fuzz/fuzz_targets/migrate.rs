//! Fuzzes the dashboard schema migration: it must never panic, and it must be idempotent
//! (migrating its output again changes nothing).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sightline_dashboards::migration::{migrate, UnknownDataSources};

fuzz_target!(|data: &[u8]| {
    let Ok(dashboard) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let Ok(first) = migrate(dashboard, &UnknownDataSources) else {
        return;
    };
    let second = migrate(first.dashboard.clone(), &UnknownDataSources)
        .expect("migrating a migrated dashboard must not fail");
    assert!(
        !second.changed,
        "second migration reported a change:\nfirst:  {}\nsecond: {}",
        first.dashboard, second.dashboard
    );
    assert_eq!(
        first.dashboard, second.dashboard,
        "second migration changed the dashboard"
    );
});
