//! Tables of the data sources domain. Migration ids 200–299 belong to this crate.
//!
//! Conventions as in every crate: `BIGINT` integers read as `i64`, flags 0/1, timestamps in
//! epoch seconds, JSON documents in `{text}` columns (read with `sightline_store::long_text`).
//! Free-text settings that may be long (url, user, database) are `{text}` too, so that no
//! backend refuses what another stores. `user` and `database` are reserved words, hence
//! `user_name` and `database_name`.

use sightline_store::Migration;

pub static MIGRATIONS: &[&Migration] = &[&DATA_SOURCES];

/// `secure_json_data` holds the sealed secrets (see `secrets.rs`), never plaintext.
static DATA_SOURCES: Migration = Migration {
    id: 200,
    name: "create data_source",
    statements: &[
        "CREATE TABLE data_source (
            id {id},
            org_id {int} NOT NULL,
            uid {key} NOT NULL,
            name {key} NOT NULL,
            type {key} NOT NULL,
            access {key} NOT NULL,
            url {text},
            user_name {text},
            database_name {text},
            basic_auth {int} NOT NULL DEFAULT 0,
            basic_auth_user {text},
            with_credentials {int} NOT NULL DEFAULT 0,
            is_default {int} NOT NULL DEFAULT 0,
            json_data {text},
            secure_json_data {text},
            read_only {int} NOT NULL DEFAULT 0,
            is_prunable {int} NOT NULL DEFAULT 0,
            api_version {key} NOT NULL DEFAULT '',
            version {int} NOT NULL DEFAULT 1,
            created {int} NOT NULL,
            updated {int} NOT NULL
        ) {table_options}",
        "CREATE UNIQUE INDEX uq_data_source_org_uid ON data_source (org_id, uid)",
        "CREATE UNIQUE INDEX uq_data_source_org_name ON data_source (org_id, name)",
    ],
};
