//! Reading provisioning files: fields, defaults, expansion, and problems that skip one file
//! or one data source without stopping the rest.

use std::path::Path;

use serde_json::json;

use super::*;

fn env(name: &str) -> Option<String> {
    match name {
        "PROM_URL" => Some("http://prometheus:9090".to_string()),
        "PROM_PASSWORD" => Some("s3cret".to_string()),
        "ORG" => Some("2".to_string()),
        _ => None,
    }
}

fn read(files: &[(&str, &str)]) -> ProvisioningFiles {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    read_files(dir.path(), &env)
}

fn file_name(path: &Path) -> &str {
    path.file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default()
}

#[test]
fn every_field_is_read_and_expanded() {
    let set = read(&[(
        "prom.yaml",
        "apiVersion: 1
prune: true
deleteDatasources:
  - name: Old
    orgId: $ORG
datasources:
  - name: Prometheus
    type: prometheus
    url: $PROM_URL
    access: direct
    orgId: ${ORG}
    user: reader
    database: metrics
    basicAuth: true
    basicAuthUser: admin
    withCredentials: 'true'
    isDefault: true
    jsonData:
      httpMethod: POST
      nested: { url: '${PROM_URL}/x', list: [1, 2.5, true, null] }
    secureJsonData:
      basicAuthPassword: $PROM_PASSWORD
      empty:
    version: 3
    editable: true
",
    )]);
    assert!(set.errors.is_empty(), "{:?}", set.errors);
    assert!(set.warnings.is_empty(), "{:?}", set.warnings);
    let file = &set.files[0];
    assert!(file.prune);
    assert_eq!(
        file.deletions,
        [Deletion {
            org_id: 2,
            name: "Old".into()
        }]
    );
    let data_source = &file.data_sources[0];
    assert_eq!(data_source.org_id, 2);
    assert_eq!(data_source.field, "datasources[0]");
    let fields = &data_source.fields;
    assert_eq!(
        fields.uid, "PBFA97CFB590B2093",
        "Grafana's uid for the name"
    );
    assert_eq!(fields.url, "http://prometheus:9090");
    assert_eq!(fields.access, "direct");
    assert_eq!(
        (fields.user.as_str(), fields.database.as_str()),
        ("reader", "metrics")
    );
    assert!(fields.basic_auth && fields.with_credentials && fields.is_default);
    assert_eq!(fields.basic_auth_user, "admin");
    assert_eq!(
        serde_json::Value::Object(fields.json_data.clone()),
        json!({"httpMethod": "POST",
               "nested": {"url": "http://prometheus:9090/x", "list": [1, 2.5, true, null]}})
    );
    assert_eq!(fields.secure_json_data["basicAuthPassword"], "s3cret");
    assert_eq!(fields.secure_json_data["empty"], "");
    assert_eq!(fields.version, 3);
    assert!(!fields.read_only, "editable");
    assert!(fields.prunable);
}

#[test]
fn defaults_apply_and_unknown_or_odd_values_are_warned_about() {
    let set = read(&[(
        "a.yml",
        "apiVersion: 1
datasources:
  - name: Loki
    type: loki
    uid: loki
    access: server
    colour: blue
    password: legacy
",
    )]);
    assert!(set.errors.is_empty(), "{:?}", set.errors);
    let fields = &set.files[0].data_sources[0].fields;
    assert_eq!(set.files[0].data_sources[0].org_id, 1);
    assert_eq!(fields.uid, "loki");
    assert_eq!(fields.access, "proxy");
    assert!(fields.read_only, "not editable by default");
    assert!(!fields.prunable);
    assert_eq!(fields.secure_json_data["password"], "legacy");
    let warned: Vec<&str> = set.warnings.iter().map(|w| w.field.as_str()).collect();
    assert_eq!(
        warned,
        [
            "datasources[0].access",
            "datasources[0].password",
            "datasources[0].colour"
        ]
    );
}

#[test]
fn a_broken_file_or_entry_is_skipped_and_named() {
    let set = read(&[
        ("a-broken.yaml", "apiVersion: 1\ndatasources: [ {name: x\n"),
        (
            "b-partly.yaml",
            "apiVersion: 1
datasources:
  - type: prometheus
  - name: Good
    type: prometheus
  - name: Bad org
    type: loki
    orgId: first
",
        ),
        ("c-version.yaml", "apiVersion: 2\ndatasources: []\n"),
        ("notes.txt", "not read"),
    ]);
    let problems: Vec<(&str, &str)> = set
        .errors
        .iter()
        .map(|p| (file_name(&p.file), p.field.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            ("a-broken.yaml", ""),
            ("b-partly.yaml", "datasources[0].name"),
            ("b-partly.yaml", "datasources[2].orgId"),
            ("c-version.yaml", "apiVersion"),
        ]
    );
    assert!(
        set.errors[0].message.contains("invalid YAML"),
        "{}",
        set.errors[0]
    );
    assert_eq!(set.files.len(), 1);
    let names: Vec<&str> = set.files[0]
        .data_sources
        .iter()
        .map(|d| d.fields.name.as_str())
        .collect();
    assert_eq!(names, ["Good"]);
    assert!(!set.is_complete());
}

#[test]
fn two_defaults_in_one_org_are_refused_naming_both() {
    let set = read(&[
        (
            "a.yaml",
            "apiVersion: 1\ndatasources:\n  - {name: A, type: loki, isDefault: true}\n  \
             - {name: B, type: loki, isDefault: true, orgId: 2}\n",
        ),
        (
            "b.yaml",
            "apiVersion: 1\ndatasources:\n  - {name: C, type: loki, isDefault: true}\n",
        ),
    ]);
    let error = set.check_defaults().expect_err("two defaults in org 1");
    let message = error.to_string();
    assert!(
        message.starts_with(
            "datasource.yaml config is invalid. Only one datasource per organization can be \
             marked as default"
        ),
        "{message}"
    );
    assert!(
        message.contains("\"A\"") && message.contains("\"C\""),
        "{message}"
    );
    assert!(message.contains("b.yaml"), "{message}");
}

#[test]
fn data_sources_of_missing_orgs_are_rejected() {
    let mut set = read(&[(
        "a.yaml",
        "apiVersion: 1\ndeleteDatasources: [{name: X, orgId: 9}]\n\
         datasources:\n  - {name: A, type: loki}\n  - {name: B, type: loki, orgId: 9}\n",
    )]);
    assert_eq!(set.org_ids(), [1, 9]);
    set.reject_org(9, "organization not found");
    assert_eq!(set.files[0].data_sources.len(), 1);
    assert!(set.files[0].deletions.is_empty());
    assert_eq!(set.errors[0].field, "datasources[1].orgId");
    assert!(set.errors[0].to_string().contains("organization not found"));
}

#[test]
fn a_missing_directory_has_no_files() {
    let set = read_files(Path::new("/nonexistent/sightline/datasources"), &env);
    assert!(set.files.is_empty() && set.is_complete());
}
