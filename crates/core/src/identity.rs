//! Who is calling: the resolved caller of a request, with its org and role.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A user's role inside one organization, as Grafana names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum OrgRole {
    None,
    Viewer,
    Editor,
    Admin,
}

impl OrgRole {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgRole::None => "None",
            OrgRole::Viewer => "Viewer",
            OrgRole::Editor => "Editor",
            OrgRole::Admin => "Admin",
        }
    }

    /// True when this role grants at least what `other` grants.
    pub fn includes(self, other: OrgRole) -> bool {
        self >= other
    }
}

impl fmt::Display for OrgRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OrgRole {
    type Err = String;

    /// Parses Grafana's role names; the match is exact, as Grafana's is.
    fn from_str(value: &str) -> Result<Self, Self::Err> {
        match value {
            "None" => Ok(OrgRole::None),
            "Viewer" => Ok(OrgRole::Viewer),
            "Editor" => Ok(OrgRole::Editor),
            "Admin" => Ok(OrgRole::Admin),
            other => Err(format!(
                "invalid role {other:?}: expected one of None, Viewer, Editor, Admin"
            )),
        }
    }
}

/// How the caller proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthMethod {
    Session,
    Basic,
    ServiceAccountToken,
    Anonymous,
}

/// The caller of a request, resolved by the auth layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The org the request acts in.
    pub org_id: i64,
    /// The user (or service account, which is a user row) id; 0 for anonymous.
    pub user_id: i64,
    pub login: String,
    pub org_role: OrgRole,
    pub server_admin: bool,
    pub is_service_account: bool,
    pub auth_method: AuthMethod,
    /// The login session id when authenticated by cookie.
    pub session_id: Option<i64>,
}

impl Identity {
    pub fn is_anonymous(&self) -> bool {
        self.auth_method == AuthMethod::Anonymous
    }

    /// True when the caller holds at least `role` in its current org (server admins count as
    /// org admins only through their membership, as in Grafana).
    pub fn has_role(&self, role: OrgRole) -> bool {
        self.org_role.includes(role)
    }
}
