//! Properties every migration must have: idempotence on every fixture, unknown content
//! kept, refused input reported, and no panic on mangled dashboards.

use pretty_assertions::assert_eq;
use serde_json::{json, Value};

use super::super::{migrate, DataSourceLookup, MigrationError, UnknownDataSources};
use super::{fixture, fixture_names, TestDataSources};

#[test]
fn migrating_twice_equals_migrating_once_for_every_fixture() {
    let names = fixture_names();
    assert!(names.len() >= 7, "fixtures found: {names:?}");
    for name in names {
        for lookup in [
            &TestDataSources as &dyn super::super::DataSourceLookup,
            &UnknownDataSources,
        ] {
            let once = migrate(fixture(&name), lookup).unwrap();
            let twice = migrate(once.dashboard.clone(), lookup).unwrap();
            assert_eq!(twice.dashboard, once.dashboard, "{name}");
            assert!(!twice.changed, "{name} changed on the second migration");
            assert_eq!(twice.from_version, 42, "{name}");
        }
    }
}

#[test]
fn unknown_panel_types_and_keys_survive_every_step() {
    let dashboard = json!({
        "schemaVersion": 10,
        "acmeTopLevel": {"nested": [1, 2, 3]},
        "panels": [{
            "id": 1,
            "type": "acme-flow-panel",
            "gridPos": {"x": 0, "y": 0, "w": 24, "h": 10},
            "lines": true,
            "thresholds": "1,2,3",
            "styles": [{"pattern": "/.*/", "thresholds": ["1", "2", "3"]}],
            "gauge": {"show": true},
            "seriesOverrides": [{"alias": "x"}],
            "acmeOptions": {"flow": "left-to-right"}
        }]
    });
    let migrated = migrate(dashboard, &TestDataSources).unwrap().dashboard;
    assert_eq!(migrated["acmeTopLevel"], json!({"nested": [1, 2, 3]}));
    let panel = &migrated["panels"][0];
    assert_eq!(panel["type"], "acme-flow-panel");
    assert_eq!(panel["lines"], true);
    assert_eq!(
        panel["thresholds"], "1,2,3",
        "the schema 9 fix is for singlestat only"
    );
    assert_eq!(
        panel["styles"],
        json!([{"pattern": "/.*/", "thresholds": ["1", "2", "3"]}]),
        "and 10 for tables"
    );
    assert_eq!(panel["gauge"], json!({"show": true}));
    assert_eq!(panel["seriesOverrides"], json!([{"alias": "x"}]));
    assert_eq!(panel["acmeOptions"], json!({"flow": "left-to-right"}));
}

#[test]
fn input_that_is_not_an_object_is_refused() {
    for (input, found) in [
        (json!([]), "an array"),
        (json!("x"), "a string"),
        (json!(null), "null"),
        (json!(3), "a number"),
    ] {
        assert_eq!(
            migrate(input, &UnknownDataSources),
            Err(MigrationError::NotAnObject { found })
        );
    }
}

#[test]
fn schema_version_is_read_like_grafana_and_nonsense_is_refused() {
    let version_of = |value: Value| {
        let mut dashboard = json!({"title": "t"});
        if !value.is_null() || value == json!(null) {
            dashboard["schemaVersion"] = value;
        }
        migrate(dashboard, &UnknownDataSources).map(|outcome| outcome.from_version)
    };
    assert_eq!(
        migrate(json!({}), &UnknownDataSources)
            .unwrap()
            .from_version,
        0
    );
    assert_eq!(version_of(json!(null)), Ok(0));
    assert_eq!(version_of(json!(27)), Ok(27));
    assert_eq!(version_of(json!(27.0)), Ok(27));
    assert_eq!(version_of(json!("27")), Ok(27));
    assert_eq!(version_of(json!(1e300)), Ok(i64::MAX));
    for nonsense in [
        json!(-1),
        json!(2.5),
        json!("abc"),
        json!(""),
        json!(true),
        json!([27]),
        json!({"v": 27}),
    ] {
        let expected = MigrationError::InvalidSchemaVersion {
            value: nonsense.to_string(),
        };
        assert_eq!(version_of(nonsense), Err(expected));
    }
}

#[test]
fn a_dashboard_without_a_version_gets_every_step() {
    let outcome = migrate(json!({"title": "bare", "panels": []}), &UnknownDataSources).unwrap();
    assert!(outcome.changed);
    assert_eq!(
        outcome.dashboard,
        json!({"title": "bare", "panels": [], "graphTooltip": 0, "refresh": "", "schemaVersion": 42})
    );
}

#[test]
fn schema_5_pulldowns_and_untyped_variables_are_upgraded() {
    let dashboard = json!({
        "schemaVersion": 5,
        "pulldowns": [{"type": "filtering"}, {"type": "annotations", "annotations": [{"name": "a"}]}],
        "templating": {"list": [{"name": "v"}, {"name": "f", "type": "filter", "datasource": "graphite"}]}
    });
    let migrated = migrate(dashboard, &UnknownDataSources).unwrap().dashboard;
    assert!(migrated.get("pulldowns").is_none());
    assert_eq!(migrated["annotations"], json!({"list": [{"name": "a"}]}));
    assert_eq!(migrated["templating"]["list"][0]["type"], "query");
    assert_eq!(migrated["templating"]["list"][0]["datasource"], json!(null));
    assert_eq!(migrated["templating"]["list"][1]["type"], "query");
    assert_eq!(migrated["templating"]["list"][1]["datasource"], "graphite");
}

#[test]
fn wrong_shapes_are_left_unchanged() {
    let dashboard = json!({
        "schemaVersion": 6,
        "rows": "not rows",
        "panels": {"not": "a list"},
        "templating": {"list": "not a list"},
        "annotations": [],
        "timepicker": "nope"
    });
    let migrated = migrate(dashboard.clone(), &TestDataSources)
        .unwrap()
        .dashboard;
    for key in ["rows", "panels", "templating", "annotations", "timepicker"] {
        assert_eq!(migrated[key], dashboard[key], "{key}");
    }

    let panels = json!({
        "schemaVersion": 20,
        "panels": [
            "not a panel",
            42,
            {"id": 1, "type": "graph", "gridPos": "top left", "fieldConfig": "broken", "lines": true},
            {"id": 2, "type": "singlestat", "options": [1, 2], "valueName": "max"},
            {"id": 3, "type": "table", "styles": "none", "targets": "none", "links": "none"}
        ]
    });
    let migrated = migrate(panels.clone(), &TestDataSources).unwrap().dashboard;
    assert_eq!(migrated["panels"][0], "not a panel");
    assert_eq!(migrated["panels"][1], 42);
    assert_eq!(
        migrated["panels"][2]["type"], "graph",
        "a broken fieldConfig blocks the conversion"
    );
    assert_eq!(migrated["panels"][2]["gridPos"], "top left");
    assert_eq!(migrated["panels"][2]["fieldConfig"], "broken");
    assert_eq!(migrated["panels"][3]["type"], "singlestat");
    assert_eq!(migrated["panels"][3]["options"], json!([1, 2]));
    assert_eq!(migrated["panels"][4]["targets"], "none");
}

/// A small deterministic generator, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}

fn garbage(rng: &mut Rng) -> Value {
    match rng.below(12) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(false),
        3 => json!(0),
        4 => json!(-7.5),
        5 => json!(1e300),
        6 => json!(""),
        7 => json!("null"),
        8 => json!("250px"),
        9 => json!([]),
        10 => json!({}),
        _ => json!([{"id": 1}, "x", null]),
    }
}

/// Replaces, removes or wraps one randomly chosen value somewhere in `value`.
fn mangle(value: &mut Value, rng: &mut Rng, depth: usize) {
    let go_deeper = depth < 8 && rng.below(4) != 0;
    match value {
        Value::Object(object) if go_deeper && !object.is_empty() => {
            let key = object
                .keys()
                .nth(rng.below(object.len()))
                .cloned()
                .unwrap_or_default();
            match rng.below(10) {
                0 => {
                    object.shift_remove(&key);
                }
                1 => {
                    object.insert(key, garbage(rng));
                }
                _ => {
                    if let Some(child) = object.get_mut(&key) {
                        mangle(child, rng, depth + 1);
                    }
                }
            }
        }
        Value::Array(items) if go_deeper && !items.is_empty() => {
            let index = rng.below(items.len());
            match rng.below(10) {
                0 => {
                    items.remove(index);
                }
                1 => items.insert(index, garbage(rng)),
                _ => mangle(&mut items[index], rng, depth + 1),
            }
        }
        _ => {
            *value = if rng.below(5) == 0 {
                json!([value.clone()])
            } else {
                garbage(rng)
            };
        }
    }
}

#[test]
fn mangled_dashboards_never_panic_and_stay_idempotent() {
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let fixtures: Vec<(String, Value)> = fixture_names()
        .into_iter()
        .map(|name| (name.clone(), fixture(&name)))
        .collect();
    // More rounds on demand: MIGRATION_MANGLE_ROUNDS=20000 cargo test -p sightline-dashboards mangled
    let rounds = std::env::var("MIGRATION_MANGLE_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(300);
    for round in 0..rounds {
        for (name, original) in &fixtures {
            let mut dashboard = original.clone();
            for _ in 0..=rng.below(6) {
                mangle(&mut dashboard, &mut rng, 0);
            }
            let lookup: &dyn DataSourceLookup = if round % 2 == 0 {
                &TestDataSources
            } else {
                &UnknownDataSources
            };
            let Ok(once) = migrate(dashboard.clone(), lookup) else {
                continue; // a mangled schemaVersion is refused; that is fine
            };
            let twice = migrate(once.dashboard.clone(), lookup)
                .unwrap_or_else(|e| panic!("round {round}, {name}: second migration failed: {e}"));
            assert_eq!(
                twice.dashboard, once.dashboard,
                "round {round}, {name}, input {dashboard}"
            );
        }
    }
}
