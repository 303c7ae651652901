use std::path::Path;
use std::time::Duration;

use pretty_assertions::assert_eq;

use super::*;

fn env(name: &str) -> Option<String> {
    match name {
        "DASHBOARDS" => Some("/srv/dashboards".to_string()),
        "ORG" => Some("3".to_string()),
        "ALLOW" => Some("true".to_string()),
        _ => None,
    }
}

fn parse(text: &str) -> (Vec<ProviderConfig>, ProviderSet) {
    let mut set = ProviderSet::default();
    let providers = parse_file(Path::new("providers.yaml"), text, &env, &mut set);
    (providers, set)
}

fn fields_of(problems: &[ConfigProblem]) -> Vec<&str> {
    problems
        .iter()
        .map(|problem| problem.field.as_str())
        .collect()
}

#[test]
fn a_full_provider_reads_with_expanded_values() {
    let (providers, set) = parse(
        "apiVersion: 1
providers:
  - name: team-a
    orgId: $ORG
    folder: Team A
    folderUid: team-a
    type: file
    disableDeletion: true
    updateIntervalSeconds: 30
    allowUiUpdates: ${ALLOW}
    options:
      path: ${DASHBOARDS}/team-a
",
    );
    assert_eq!(set.errors, vec![]);
    assert_eq!(set.warnings, vec![]);
    assert_eq!(
        providers,
        vec![ProviderConfig {
            name: "team-a".to_string(),
            org_id: 3,
            folder: "Team A".to_string(),
            folder_uid: "team-a".to_string(),
            disable_deletion: true,
            update_interval: Duration::from_secs(30),
            allow_ui_updates: true,
            path: "/srv/dashboards/team-a".into(),
            folders_from_files_structure: false,
            source: "providers.yaml".into(),
        }]
    );
}

#[test]
fn defaults_follow_grafana() {
    let (providers, set) = parse(
        "apiVersion: 1
providers:
  - name: minimal
    options: { path: /d }
",
    );
    assert!(set.errors.is_empty(), "{:?}", set.errors);
    let provider = &providers[0];
    assert_eq!(provider.org_id, 1);
    assert_eq!(provider.folder, "");
    assert_eq!(provider.update_interval, Duration::from_secs(10));
    assert!(!provider.disable_deletion);
    assert!(!provider.allow_ui_updates);
    assert!(!provider.folders_from_files_structure);
}

#[test]
fn a_wrong_type_names_the_field_and_skips_only_that_provider() {
    let (providers, set) = parse(
        "apiVersion: 1
providers:
  - name: broken
    updateIntervalSeconds: often
    options: { path: /a }
  - name: fine
    options: { path: /b }
  - name: broken-flag
    allowUiUpdates: maybe
    options: { path: /c }
",
    );
    let names: Vec<&str> = providers.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, vec!["fine"]);
    assert_eq!(
        fields_of(&set.errors),
        vec![
            "providers[0].updateIntervalSeconds",
            "providers[2].allowUiUpdates"
        ]
    );
    assert!(set.errors[0].message.contains("\"often\""));
    assert!(!set.is_complete());
}

#[test]
fn invalid_yaml_is_reported_for_the_file() {
    let (providers, set) = parse("apiVersion: 1\nproviders:\n  - name: [unclosed\n");
    assert!(providers.is_empty());
    assert_eq!(set.errors.len(), 1);
    assert_eq!(set.errors[0].field, "");
    assert!(set.errors[0].message.starts_with("invalid YAML"));
    assert!(set.errors[0].to_string().starts_with("providers.yaml: "));
}

#[test]
fn required_fields_and_values_are_checked() {
    let (providers, set) = parse(
        "apiVersion: 1
providers:
  - options: { path: /a }
  - name: no-options
  - name: grafana-db
    type: database
    options: { path: /a }
  - name: bad-org
    orgId: 0
    options: { path: /a }
  - name: no-path
    options: { path: $UNSET }
",
    );
    assert!(providers.is_empty());
    assert_eq!(
        fields_of(&set.errors),
        vec![
            "providers[0].name",
            "providers[1].options",
            "providers[2].type",
            "providers[3].orgId",
            "providers[4].options.path",
        ]
    );
}

#[test]
fn unknown_keys_and_old_forms_are_warnings() {
    let (providers, set) = parse(
        "apiVersion: 1
extra: 1
providers:
  - name: legacy
    editable: true
    colour: blue
    options:
      folder: /old
      recursive: true
",
    );
    assert_eq!(providers[0].path, Path::new("/old"));
    assert_eq!(
        fields_of(&set.warnings),
        vec![
            "extra",
            "providers[0].editable",
            "providers[0].options.folder",
            "providers[0].colour",
            "providers[0].options.recursive",
        ]
    );
    assert!(set.is_complete());
}

#[test]
fn folders_from_files_structure_ignores_the_folder() {
    let (providers, set) = parse(
        "apiVersion: 1
providers:
  - name: tree
    folder: Ignored
    options:
      path: /tree
      foldersFromFilesStructure: true
",
    );
    assert!(providers[0].folders_from_files_structure);
    assert_eq!(providers[0].folder, "");
    assert_eq!(fields_of(&set.warnings), vec!["providers[0].folder"]);
}

#[test]
fn other_api_versions_and_shapes_are_refused() {
    let (_, set) = parse("apiVersion: 2\nproviders: []\n");
    assert_eq!(fields_of(&set.errors), vec!["apiVersion"]);
    let (_, set) = parse("- name: v0\n  folder: x\n");
    assert!(set.errors[0].message.contains("apiVersion 0"));
    let (providers, set) = parse("");
    assert!(providers.is_empty() && set.errors.is_empty());
}

#[test]
fn files_are_read_in_order_and_names_must_be_unique() {
    let dir = tempfile::tempdir().expect("temp dir");
    let write =
        |name: &str, text: &str| std::fs::write(dir.path().join(name), text).expect("write");
    write(
        "b.yml",
        "apiVersion: 1\nproviders:\n  - name: one\n    options: { path: /b }\n",
    );
    write(
        "a.yaml",
        "apiVersion: 1\nproviders:\n  - name: one\n    options: { path: /a }\n",
    );
    write("c.yaml", "apiVersion: 1\nproviders: {{ broken\n");
    write("notes.txt", "not a provider file");
    let set = read_providers(dir.path(), &env);
    let paths: Vec<&Path> = set.providers.iter().map(|p| p.path.as_path()).collect();
    assert_eq!(paths, vec![Path::new("/a")]);
    assert_eq!(set.errors.len(), 2, "{:?}", set.errors);
    assert!(set.errors[0].file.ends_with("b.yml"));
    assert_eq!(set.errors[0].field, "name");
    assert!(set.errors[1].file.ends_with("c.yaml"));
}

#[test]
fn a_missing_directory_has_no_providers() {
    let set = read_providers(Path::new("/nonexistent/sightline/provisioning"), &env);
    assert!(set.providers.is_empty());
    assert!(set.is_complete());
}

#[test]
fn rejected_orgs_drop_their_providers() {
    let (providers, _) = parse(
        "apiVersion: 1
providers:
  - { name: a, orgId: 1, options: { path: /a } }
  - { name: b, orgId: 7, options: { path: /b } }
",
    );
    let mut set = ProviderSet {
        providers,
        ..ProviderSet::default()
    };
    assert_eq!(set.org_ids(), vec![1, 7]);
    set.reject_org(7, "not found");
    assert_eq!(set.providers.len(), 1);
    assert_eq!(set.errors.len(), 1);
    assert!(!set.is_complete());
}
