//! Records of the identity domain as services return them.

use sightline_core::OrgRole;
use sightline_store::sqlx::{self, any::AnyRow, FromRow, Row};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Org {
    pub id: i64,
    pub name: String,
    pub address: Address,
    pub created: i64,
    pub updated: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Address {
    pub address1: String,
    pub address2: String,
    pub city: String,
    pub zip_code: String,
    pub state: String,
    pub country: String,
}

impl FromRow<'_, AnyRow> for Org {
    fn from_row(row: &AnyRow) -> sqlx::Result<Self> {
        Ok(Org {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            address: Address {
                address1: row.try_get("address1")?,
                address2: row.try_get("address2")?,
                city: row.try_get("city")?,
                zip_code: row.try_get("zip_code")?,
                state: row.try_get("state")?,
                country: row.try_get("country")?,
            },
            created: row.try_get("created")?,
            updated: row.try_get("updated")?,
        })
    }
}

/// A row of `user_account`: a person or a service account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub uid: String,
    pub login: String,
    pub email: String,
    pub name: String,
    pub(crate) password_hash: String,
    pub company: String,
    /// The org the user last switched to.
    pub org_id: i64,
    pub is_admin: bool,
    pub is_disabled: bool,
    pub is_service_account: bool,
    pub theme: String,
    pub created: i64,
    pub updated: i64,
    pub last_seen_at: i64,
}

impl FromRow<'_, AnyRow> for User {
    fn from_row(row: &AnyRow) -> sqlx::Result<Self> {
        Ok(User {
            id: row.try_get("id")?,
            uid: row.try_get("uid")?,
            login: row.try_get("login")?,
            email: row.try_get("email")?,
            name: row.try_get("name")?,
            password_hash: row.try_get("password")?,
            company: row.try_get("company")?,
            org_id: row.try_get("org_id")?,
            is_admin: row.try_get::<i64, _>("is_admin")? != 0,
            is_disabled: row.try_get::<i64, _>("is_disabled")? != 0,
            is_service_account: row.try_get::<i64, _>("is_service_account")? != 0,
            theme: row.try_get("theme")?,
            created: row.try_get("created")?,
            updated: row.try_get("updated")?,
            last_seen_at: row.try_get("last_seen_at")?,
        })
    }
}

/// What a new user is created with.
#[derive(Debug, Clone, Default)]
pub struct NewUser {
    pub login: String,
    pub email: String,
    pub name: String,
    pub password: String,
    /// Join this org instead of the auto-assigned one.
    pub org_id: Option<i64>,
    pub is_admin: bool,
}

/// Fields a profile update may change; `None` leaves the field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserUpdate {
    pub login: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
    pub theme: Option<String>,
}

/// One org a user belongs to, with their role there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserOrg {
    pub org_id: i64,
    pub name: String,
    pub role: OrgRole,
}

/// A member of an org as `/api/org/users` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrgMember {
    pub org_id: i64,
    pub user_id: i64,
    pub uid: String,
    pub login: String,
    pub email: String,
    pub name: String,
    pub role: OrgRole,
    pub last_seen_at: i64,
    pub is_disabled: bool,
}

pub(crate) fn parse_role(value: &str) -> sqlx::Result<OrgRole> {
    value
        .parse()
        .map_err(|message: String| sqlx::Error::Decode(message.into()))
}

impl FromRow<'_, AnyRow> for OrgMember {
    fn from_row(row: &AnyRow) -> sqlx::Result<Self> {
        Ok(OrgMember {
            org_id: row.try_get("org_id")?,
            user_id: row.try_get("user_id")?,
            uid: row.try_get("uid")?,
            login: row.try_get("login")?,
            email: row.try_get("email")?,
            name: row.try_get("name")?,
            role: parse_role(&row.try_get::<String, _>("role")?)?,
            last_seen_at: row.try_get("last_seen_at")?,
            is_disabled: row.try_get::<i64, _>("is_disabled")? != 0,
        })
    }
}

/// A team of an org, with how many members it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    pub id: i64,
    pub uid: String,
    pub org_id: i64,
    pub name: String,
    pub email: String,
    pub member_count: i64,
    pub created: i64,
    pub updated: i64,
}

impl FromRow<'_, AnyRow> for Team {
    fn from_row(row: &AnyRow) -> sqlx::Result<Self> {
        Ok(Team {
            id: row.try_get("id")?,
            uid: row.try_get("uid")?,
            org_id: row.try_get("org_id")?,
            name: row.try_get("name")?,
            email: row.try_get("email")?,
            member_count: row.try_get("member_count")?,
            created: row.try_get("created")?,
            updated: row.try_get("updated")?,
        })
    }
}

/// A user's membership in a team, as `/api/teams/:id/members` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamMember {
    pub org_id: i64,
    pub team_id: i64,
    pub team_uid: String,
    pub user_id: i64,
    pub user_uid: String,
    pub login: String,
    pub email: String,
    pub name: String,
    /// [`TeamMember::MEMBER`] or [`TeamMember::ADMIN`], Grafana's numeric team permissions.
    pub permission: i64,
}

impl TeamMember {
    pub const MEMBER: i64 = 0;
    pub const ADMIN: i64 = 4;
}

impl FromRow<'_, AnyRow> for TeamMember {
    fn from_row(row: &AnyRow) -> sqlx::Result<Self> {
        Ok(TeamMember {
            org_id: row.try_get("org_id")?,
            team_id: row.try_get("team_id")?,
            team_uid: row.try_get("team_uid")?,
            user_id: row.try_get("user_id")?,
            user_uid: row.try_get("user_uid")?,
            login: row.try_get("login")?,
            email: row.try_get("email")?,
            name: row.try_get("name")?,
            permission: row.try_get("permission")?,
        })
    }
}

/// A service account: a `user_account` row flagged as such, living in exactly one org.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceAccount {
    pub id: i64,
    pub uid: String,
    pub name: String,
    /// `sa-<orgId>-<slug of name>`; also stored as the row's email.
    pub login: String,
    pub org_id: i64,
    pub role: OrgRole,
    pub is_disabled: bool,
    /// How many tokens the account has, revoked and expired ones included.
    pub tokens: i64,
    pub created: i64,
    pub updated: i64,
}

impl FromRow<'_, AnyRow> for ServiceAccount {
    fn from_row(row: &AnyRow) -> sqlx::Result<Self> {
        Ok(ServiceAccount {
            id: row.try_get("id")?,
            uid: row.try_get("uid")?,
            name: row.try_get("name")?,
            login: row.try_get("login")?,
            org_id: row.try_get("org_id")?,
            role: parse_role(&row.try_get::<String, _>("role")?)?,
            is_disabled: row.try_get::<i64, _>("is_disabled")? != 0,
            tokens: row.try_get("tokens")?,
            created: row.try_get("created")?,
            updated: row.try_get("updated")?,
        })
    }
}

/// A service account token as listed; the secret itself is shown only once, at creation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceAccountToken {
    pub id: i64,
    pub name: String,
    pub created: i64,
    pub last_used_at: Option<i64>,
    /// Epoch seconds after which the token stops working; `None` for a token that never expires.
    pub expires: Option<i64>,
    pub is_revoked: bool,
}

impl ServiceAccountToken {
    /// True when the token has an expiry and `now` (epoch seconds) has reached it.
    pub fn has_expired(&self, now: i64) -> bool {
        self.expires.is_some_and(|expires| now >= expires)
    }
}

impl FromRow<'_, AnyRow> for ServiceAccountToken {
    fn from_row(row: &AnyRow) -> sqlx::Result<Self> {
        Ok(ServiceAccountToken {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            created: row.try_get("created")?,
            last_used_at: row.try_get("last_used_at")?,
            expires: row.try_get("expires")?,
            is_revoked: row.try_get::<i64, _>("is_revoked")? != 0,
        })
    }
}

/// Who a valid service account token authenticates: the account, in the org of the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenIdentity {
    pub token_id: i64,
    /// The service account's `user_account` id.
    pub user_id: i64,
    pub login: String,
    pub org_id: i64,
    pub role: OrgRole,
}

/// Preferences of one scope (org, team or user). Empty strings and `None` mean "not set":
/// the next broader scope, then the server default, applies.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Preferences {
    /// `""`, `light`, `dark` or `system`.
    pub theme: String,
    /// `""`, `utc`, `browser` or an IANA zone name such as `Europe/Paris`.
    pub timezone: String,
    /// `""`, `monday`, `saturday` or `sunday`.
    pub week_start: String,
    pub home_dashboard_uid: String,
    pub language: String,
    /// Grafana's `queryHistory` object, such as `{"homeTab": "query"}`.
    pub query_history: Option<serde_json::Value>,
    /// Grafana's `navbar` object, such as `{"bookmarkUrls": [...]}`.
    pub navbar: Option<serde_json::Value>,
    /// Grafana's `cookiePreferences` object.
    pub cookie_preferences: Option<serde_json::Value>,
}

/// Preference fields as a client sent them; `None` is a field the request did not carry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PreferencesUpdate {
    pub theme: Option<String>,
    pub timezone: Option<String>,
    pub week_start: Option<String>,
    pub home_dashboard_uid: Option<String>,
    pub language: Option<String>,
    pub query_history: Option<serde_json::Value>,
    pub navbar: Option<serde_json::Value>,
    pub cookie_preferences: Option<serde_json::Value>,
}
