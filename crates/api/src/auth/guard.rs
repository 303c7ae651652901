//! Role checks used by handlers before they act.

use sightline_core::{AuthMethod, Identity, OrgRole};

use crate::error::ApiError;

/// The caller must hold at least `role` in the org it acts in.
pub fn require_role(caller: &Identity, role: OrgRole) -> Result<(), ApiError> {
    if caller.has_role(role) {
        return Ok(());
    }
    Err(ApiError::forbidden(format!(
        "you'll need additional permissions to perform this action: requires the {role} role"
    )))
}

/// The caller must be a server (Grafana) admin.
pub fn require_server_admin(caller: &Identity) -> Result<(), ApiError> {
    if caller.server_admin {
        return Ok(());
    }
    Err(ApiError::forbidden(
        "you'll need additional permissions to perform this action: requires server admin",
    ))
}

/// The caller must be a signed-in person, not a service account or an anonymous visitor.
pub fn require_user(caller: &Identity) -> Result<(), ApiError> {
    if caller.is_service_account || caller.auth_method == AuthMethod::Anonymous {
        return Err(ApiError::forbidden(
            "this endpoint is for signed-in users only",
        ));
    }
    Ok(())
}
