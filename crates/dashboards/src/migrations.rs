//! Tables of the dashboards domain. Migration ids 100–199 belong to this crate.
//!
//! Conventions as in every crate: `BIGINT` integers read as `i64`, flags 0/1, timestamps in
//! epoch seconds (annotation times in epoch milliseconds, as Grafana's API uses them),
//! JSON documents in `{text}` columns (read with `sightline_store::long_text`).

use sightline_store::Migration;

pub static MIGRATIONS: &[&Migration] = &[
    &FOLDERS,
    &DASHBOARDS,
    &VERSIONS,
    &STARS,
    &PERMISSIONS,
    &ANNOTATIONS,
    &GENERATIONS,
    &CHANGES,
];

static FOLDERS: Migration = Migration {
    id: 100,
    name: "create folder",
    statements: &[
        "CREATE TABLE folder (
            id {id},
            uid {key} NOT NULL,
            org_id {int} NOT NULL,
            parent_uid {key} NOT NULL DEFAULT '',
            title {key} NOT NULL,
            description {text},
            version {int} NOT NULL DEFAULT 1,
            created {int} NOT NULL,
            updated {int} NOT NULL,
            created_by {int} NOT NULL DEFAULT 0,
            updated_by {int} NOT NULL DEFAULT 0
        ) {table_options}",
        "CREATE UNIQUE INDEX uq_folder_org_uid ON folder (org_id, uid)",
        "CREATE UNIQUE INDEX uq_folder_org_parent_title ON folder (org_id, parent_uid, title)",
    ],
};

static DASHBOARDS: Migration = Migration {
    id: 101,
    name: "create dashboard, dashboard_tag and dashboard_provisioning",
    statements: &[
        "CREATE TABLE dashboard (
            id {id},
            uid {key} NOT NULL,
            org_id {int} NOT NULL,
            folder_uid {key} NOT NULL DEFAULT '',
            title {key} NOT NULL,
            slug {key} NOT NULL,
            data {text} NOT NULL,
            search_text {text},
            version {int} NOT NULL,
            schema_version {int} NOT NULL DEFAULT 0,
            gnet_id {int} NOT NULL DEFAULT 0,
            plugin_id {key} NOT NULL DEFAULT '',
            created {int} NOT NULL,
            updated {int} NOT NULL,
            created_by {int} NOT NULL DEFAULT 0,
            updated_by {int} NOT NULL DEFAULT 0
        ) {table_options}",
        "CREATE UNIQUE INDEX uq_dashboard_org_uid ON dashboard (org_id, uid)",
        "CREATE UNIQUE INDEX uq_dashboard_org_folder_title ON dashboard (org_id, folder_uid, title)",
        "CREATE INDEX ix_dashboard_org_title ON dashboard (org_id, title)",
        "CREATE TABLE dashboard_tag (
            id {id},
            org_id {int} NOT NULL,
            dashboard_id {int} NOT NULL,
            term {key} NOT NULL
        ) {table_options}",
        "CREATE INDEX ix_dashboard_tag_dashboard ON dashboard_tag (dashboard_id)",
        "CREATE INDEX ix_dashboard_tag_org_term ON dashboard_tag (org_id, term)",
        "CREATE TABLE dashboard_provisioning (
            id {id},
            dashboard_id {int} NOT NULL,
            name {key} NOT NULL,
            external_id {text} NOT NULL,
            check_sum {key} NOT NULL DEFAULT '',
            allow_ui_updates {int} NOT NULL DEFAULT 0,
            updated {int} NOT NULL
        ) {table_options}",
        "CREATE UNIQUE INDEX uq_dashboard_provisioning_dashboard ON dashboard_provisioning (dashboard_id)",
    ],
};

static VERSIONS: Migration = Migration {
    id: 102,
    name: "create dashboard_version",
    statements: &[
        "CREATE TABLE dashboard_version (
            id {id},
            dashboard_id {int} NOT NULL,
            parent_version {int} NOT NULL DEFAULT 0,
            restored_from {int} NOT NULL DEFAULT 0,
            version {int} NOT NULL,
            created {int} NOT NULL,
            created_by {int} NOT NULL DEFAULT 0,
            message {text},
            data {text} NOT NULL
        ) {table_options}",
        "CREATE UNIQUE INDEX uq_dashboard_version ON dashboard_version (dashboard_id, version)",
    ],
};

static STARS: Migration = Migration {
    id: 103,
    name: "create star",
    statements: &[
        "CREATE TABLE star (
            id {id},
            org_id {int} NOT NULL,
            user_id {int} NOT NULL,
            dashboard_uid {key} NOT NULL,
            updated {int} NOT NULL
        ) {table_options}",
        "CREATE UNIQUE INDEX uq_star ON star (user_id, org_id, dashboard_uid)",
    ],
};

/// Grants on folders and dashboards: to a user, a team or a basic role, each View (1),
/// Edit (2) or Admin (4), as Grafana's permission API names them.
static PERMISSIONS: Migration = Migration {
    id: 104,
    name: "create resource_permission",
    statements: &[
        "CREATE TABLE resource_permission (
            id {id},
            org_id {int} NOT NULL,
            resource_kind {key} NOT NULL,
            resource_uid {key} NOT NULL,
            user_id {int} NOT NULL DEFAULT 0,
            team_id {int} NOT NULL DEFAULT 0,
            role {key} NOT NULL DEFAULT '',
            permission {int} NOT NULL,
            created {int} NOT NULL,
            updated {int} NOT NULL
        ) {table_options}",
        "CREATE UNIQUE INDEX uq_resource_permission ON resource_permission (org_id, resource_kind, resource_uid, user_id, team_id, role)",
    ],
};

static ANNOTATIONS: Migration = Migration {
    id: 105,
    name: "create annotation and annotation_tag",
    statements: &[
        "CREATE TABLE annotation (
            id {id},
            org_id {int} NOT NULL,
            dashboard_uid {key} NOT NULL DEFAULT '',
            dashboard_id {int} NOT NULL DEFAULT 0,
            panel_id {int} NOT NULL DEFAULT 0,
            user_id {int} NOT NULL DEFAULT 0,
            alert_id {int} NOT NULL DEFAULT 0,
            epoch {int} NOT NULL,
            epoch_end {int} NOT NULL,
            text {text} NOT NULL,
            tags {text},
            data {text},
            created {int} NOT NULL,
            updated {int} NOT NULL
        ) {table_options}",
        "CREATE INDEX ix_annotation_org_epoch ON annotation (org_id, epoch_end, epoch)",
        "CREATE INDEX ix_annotation_dashboard ON annotation (org_id, dashboard_uid, panel_id)",
        "CREATE TABLE annotation_tag (
            annotation_id {int} NOT NULL,
            term {key} NOT NULL
        ) {table_options}",
        "CREATE INDEX ix_annotation_tag_term ON annotation_tag (term, annotation_id)",
        "CREATE INDEX ix_annotation_tag_annotation ON annotation_tag (annotation_id)",
    ],
};

/// One row per org, bumped by every transaction that changes what search and access
/// decisions read (dashboards, folders, their tags and grants), so each server knows when its
/// in-memory index of the org is stale.
static GENERATIONS: Migration = Migration {
    id: 106,
    name: "create dashboard_generation",
    statements: &["CREATE TABLE dashboard_generation (
            org_id {int} NOT NULL PRIMARY KEY,
            generation {int} NOT NULL
        ) {table_options}"],
};

/// What each generation changed, so a server whose index is behind replays the changes it
/// missed instead of reloading the org. Old rows are pruned; a server further behind than
/// the rows kept reloads.
static CHANGES: Migration = Migration {
    id: 107,
    name: "create dashboard_change",
    statements: &["CREATE TABLE dashboard_change (
            org_id {int} NOT NULL,
            generation {int} NOT NULL,
            kind {key} NOT NULL,
            uid {key} NOT NULL DEFAULT '',
            PRIMARY KEY (org_id, generation)
        ) {table_options}"],
};
