//! JSON shapes shared by several API groups, in Grafana's field names.

use serde_json::{json, Value};
use sightline_identity::{OrgMember, User};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Epoch seconds as RFC 3339, Grafana's timestamp format in JSON.
pub fn rfc3339(epoch_seconds: i64) -> String {
    OffsetDateTime::from_unix_timestamp(epoch_seconds)
        .ok()
        .and_then(|moment| moment.format(&Rfc3339).ok())
        .unwrap_or_default()
}

/// How long ago, in Grafana's short form (`5m`, `3h`, `2d`, `10y`).
pub fn age(epoch_seconds: i64) -> String {
    let elapsed = (sightline_store::now_epoch() - epoch_seconds).max(0);
    match elapsed {
        s if s < 60 => format!("{s}s"),
        s if s < 3_600 => format!("{}m", s / 60),
        s if s < 86_400 => format!("{}h", s / 3_600),
        s if s < 30 * 86_400 => format!("{}d", s / 86_400),
        s if s < 365 * 86_400 => format!("{}M", s / (30 * 86_400)),
        s => format!("{}y", s / (365 * 86_400)),
    }
}

/// Grafana's avatar path for an email.
pub fn avatar_url(email: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    email.trim().to_lowercase().hash(&mut hasher);
    format!("/avatar/{:016x}", hasher.finish())
}

/// A user profile as `/api/user` and `/api/users/:id` return it.
pub fn user_profile(user: &User, org_id: i64) -> Value {
    json!({
        "id": user.id,
        "uid": user.uid,
        "email": user.email,
        "name": user.name,
        "login": user.login,
        "theme": user.theme,
        "orgId": org_id,
        "isGrafanaAdmin": user.is_admin,
        "isDisabled": user.is_disabled,
        "isExternal": false,
        "isExternallySynced": false,
        "isGrafanaAdminExternallySynced": false,
        "authLabels": [],
        "updatedAt": rfc3339(user.updated),
        "createdAt": rfc3339(user.created),
        "avatarUrl": avatar_url(&user.email),
    })
}

/// A user as the search and list endpoints return it.
pub fn user_hit(user: &User) -> Value {
    json!({
        "id": user.id,
        "uid": user.uid,
        "name": user.name,
        "login": user.login,
        "email": user.email,
        "avatarUrl": avatar_url(&user.email),
        "isAdmin": user.is_admin,
        "isDisabled": user.is_disabled,
        "lastSeenAt": rfc3339(user.last_seen_at),
        "lastSeenAtAge": age(user.last_seen_at),
        "authLabels": [],
    })
}

/// A member of an org as `/api/org/users` returns it.
pub fn org_member(member: &OrgMember) -> Value {
    json!({
        "orgId": member.org_id,
        "userId": member.user_id,
        "uid": member.uid,
        "email": member.email,
        "name": member.name,
        "avatarUrl": avatar_url(&member.email),
        "login": member.login,
        "role": member.role,
        "lastSeenAt": rfc3339(member.last_seen_at),
        "lastSeenAtAge": age(member.last_seen_at),
        "isDisabled": member.is_disabled,
        "authLabels": [],
        "isExternallySynced": false,
    })
}

/// Reads a role name from a request body, as a 400 when it is not one of Grafana's.
pub fn parse_role(value: &str) -> Result<sightline_core::OrgRole, crate::error::ApiError> {
    value.parse().map_err(crate::error::ApiError::bad_request)
}
