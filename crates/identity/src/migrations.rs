//! Tables of the identity domain. Migration ids 1–99 belong to this crate.
//!
//! Timestamps are epoch seconds; flags are 0/1 integers, which read the same on every backend.

use sightline_store::Migration;

pub static MIGRATIONS: &[&Migration] = &[
    &ORGS_USERS,
    &TEAMS,
    &SESSIONS,
    &SERVICE_ACCOUNT_TOKENS,
    &PREFERENCES,
    &LOGIN_ATTEMPTS,
];

static ORGS_USERS: Migration = Migration {
    id: 1,
    name: "create org, user_account and org_user",
    statements: &[
        "CREATE TABLE org (
            id {id},
            version {int} NOT NULL DEFAULT 0,
            name {key} NOT NULL,
            address1 {key} NOT NULL DEFAULT '',
            address2 {key} NOT NULL DEFAULT '',
            city {key} NOT NULL DEFAULT '',
            state {key} NOT NULL DEFAULT '',
            zip_code {key} NOT NULL DEFAULT '',
            country {key} NOT NULL DEFAULT '',
            created {int} NOT NULL,
            updated {int} NOT NULL
        ) {table_options}",
        "CREATE UNIQUE INDEX uq_org_name ON org (name)",
        "CREATE TABLE user_account (
            id {id},
            uid {key} NOT NULL,
            version {int} NOT NULL DEFAULT 0,
            login {key} NOT NULL,
            email {key} NOT NULL,
            name {key} NOT NULL DEFAULT '',
            password {key} NOT NULL DEFAULT '',
            company {key} NOT NULL DEFAULT '',
            org_id {int} NOT NULL,
            is_admin {int} NOT NULL DEFAULT 0,
            is_disabled {int} NOT NULL DEFAULT 0,
            is_service_account {int} NOT NULL DEFAULT 0,
            email_verified {int} NOT NULL DEFAULT 0,
            theme {key} NOT NULL DEFAULT '',
            created {int} NOT NULL,
            updated {int} NOT NULL,
            last_seen_at {int} NOT NULL DEFAULT 0
        ) {table_options}",
        "CREATE UNIQUE INDEX uq_user_login ON user_account (login)",
        "CREATE UNIQUE INDEX uq_user_email ON user_account (email)",
        "CREATE UNIQUE INDEX uq_user_uid ON user_account (uid)",
        "CREATE TABLE org_user (
            id {id},
            org_id {int} NOT NULL,
            user_id {int} NOT NULL,
            role {key} NOT NULL,
            created {int} NOT NULL,
            updated {int} NOT NULL
        ) {table_options}",
        "CREATE UNIQUE INDEX uq_org_user ON org_user (org_id, user_id)",
        "CREATE INDEX ix_org_user_user ON org_user (user_id)",
    ],
};

static TEAMS: Migration = Migration {
    id: 2,
    name: "create team and team_member",
    statements: &[
        "CREATE TABLE team (
            id {id},
            uid {key} NOT NULL,
            org_id {int} NOT NULL,
            name {key} NOT NULL,
            email {key} NOT NULL DEFAULT '',
            created {int} NOT NULL,
            updated {int} NOT NULL
        ) {table_options}",
        "CREATE UNIQUE INDEX uq_team_org_name ON team (org_id, name)",
        "CREATE UNIQUE INDEX uq_team_org_uid ON team (org_id, uid)",
        "CREATE TABLE team_member (
            id {id},
            org_id {int} NOT NULL,
            team_id {int} NOT NULL,
            user_id {int} NOT NULL,
            permission {int} NOT NULL DEFAULT 0,
            created {int} NOT NULL,
            updated {int} NOT NULL
        ) {table_options}",
        "CREATE UNIQUE INDEX uq_team_member ON team_member (team_id, user_id)",
        "CREATE INDEX ix_team_member_user ON team_member (user_id)",
    ],
};

static SESSIONS: Migration = Migration {
    id: 3,
    name: "create user_auth_token",
    statements: &[
        "CREATE TABLE user_auth_token (
            id {id},
            user_id {int} NOT NULL,
            auth_token {key} NOT NULL,
            prev_auth_token {key} NOT NULL,
            user_agent {key} NOT NULL DEFAULT '',
            client_ip {key} NOT NULL DEFAULT '',
            seen_at {int} NOT NULL,
            rotated_at {int} NOT NULL,
            created_at {int} NOT NULL,
            updated_at {int} NOT NULL,
            revoked_at {int} NOT NULL DEFAULT 0
        ) {table_options}",
        "CREATE UNIQUE INDEX uq_user_auth_token ON user_auth_token (auth_token)",
        "CREATE INDEX ix_user_auth_token_prev ON user_auth_token (prev_auth_token)",
        "CREATE INDEX ix_user_auth_token_user ON user_auth_token (user_id)",
    ],
};

static SERVICE_ACCOUNT_TOKENS: Migration = Migration {
    id: 4,
    name: "create api_key",
    statements: &[
        "CREATE TABLE api_key (
            id {id},
            org_id {int} NOT NULL,
            service_account_id {int} NOT NULL,
            name {key} NOT NULL,
            key_hash {key} NOT NULL,
            created {int} NOT NULL,
            updated {int} NOT NULL,
            expires {int},
            last_used_at {int},
            is_revoked {int} NOT NULL DEFAULT 0
        ) {table_options}",
        "CREATE UNIQUE INDEX uq_api_key_hash ON api_key (key_hash)",
        "CREATE UNIQUE INDEX uq_api_key_org_name ON api_key (org_id, name)",
        "CREATE INDEX ix_api_key_account ON api_key (service_account_id)",
    ],
};

static PREFERENCES: Migration = Migration {
    id: 5,
    name: "create preferences",
    statements: &[
        "CREATE TABLE preferences (
            id {id},
            org_id {int} NOT NULL,
            user_id {int} NOT NULL,
            team_id {int} NOT NULL,
            theme {key} NOT NULL DEFAULT '',
            timezone {key} NOT NULL DEFAULT '',
            week_start {key} NOT NULL DEFAULT '',
            home_dashboard_uid {key} NOT NULL DEFAULT '',
            language {key} NOT NULL DEFAULT '',
            json_data {text},
            created {int} NOT NULL,
            updated {int} NOT NULL
        ) {table_options}",
        "CREATE UNIQUE INDEX uq_preferences_owner ON preferences (org_id, user_id, team_id)",
    ],
};

static LOGIN_ATTEMPTS: Migration = Migration {
    id: 6,
    name: "create login_attempt",
    statements: &[
        "CREATE TABLE login_attempt (
            id {id},
            username {key} NOT NULL,
            ip_address {key} NOT NULL,
            created {int} NOT NULL
        ) {table_options}",
        "CREATE INDEX ix_login_attempt_username ON login_attempt (username, created)",
        "CREATE INDEX ix_login_attempt_ip ON login_attempt (ip_address, created)",
    ],
};
