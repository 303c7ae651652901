//! `[auth]`, `[auth.basic]` and `[auth.anonymous]`: login sessions and the two built-in
//! ways to use the server without a session.

use std::time::Duration;

use sightline_core::OrgRole;

use crate::duration::parse_duration_or_days;
use crate::error::ConfigError;
use crate::sections::users::parse_role;
use crate::values::SectionValues;

/// Grafana never rotates session tokens more often than this.
const MIN_TOKEN_ROTATION_MINUTES: u64 = 2;

/// The `[auth]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthSettings {
    /// `[auth] login_cookie_name`: name of the session cookie (default grafana_session).
    pub login_cookie_name: String,
    /// `[auth] login_maximum_inactive_lifetime_duration`: an unused session expires after
    /// this; Grafana duration syntax, a bare number means days (default 7d).
    pub login_maximum_inactive_lifetime: Duration,
    /// `[auth] login_maximum_lifetime_duration`: a session expires this long after login;
    /// Grafana duration syntax, a bare number means days (default 30d).
    pub login_maximum_lifetime: Duration,
    /// `[auth] token_rotation_interval_minutes`: how often the session token rotates,
    /// raised to 2 minutes when lower, as in Grafana (default 10).
    pub token_rotation_interval: Duration,
    /// `[auth] disable_login_form`: hide the user/password form (default false).
    pub disable_login_form: bool,
    /// `[auth] disable_signout_menu`: hide the sign-out menu entry (default false).
    pub disable_signout_menu: bool,
}

impl AuthSettings {
    pub(crate) fn read(auth: &SectionValues<'_>) -> Result<AuthSettings, ConfigError> {
        let rotation_minutes = auth
            .integer::<u64>("token_rotation_interval_minutes")?
            .max(MIN_TOKEN_ROTATION_MINUTES);
        Ok(AuthSettings {
            login_cookie_name: auth.string_or_default("login_cookie_name"),
            login_maximum_inactive_lifetime: auth.parse(
                "login_maximum_inactive_lifetime_duration",
                parse_duration_or_days,
            )?,
            login_maximum_lifetime: auth
                .parse("login_maximum_lifetime_duration", parse_duration_or_days)?,
            token_rotation_interval: Duration::from_secs(rotation_minutes.saturating_mul(60)),
            disable_login_form: auth.bool("disable_login_form")?,
            disable_signout_menu: auth.bool("disable_signout_menu")?,
        })
    }
}

/// The `[auth.basic]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthBasicSettings {
    /// `[auth.basic] enabled`: accept HTTP basic authentication (default true).
    pub enabled: bool,
}

impl AuthBasicSettings {
    pub(crate) fn read(basic: &SectionValues<'_>) -> Result<AuthBasicSettings, ConfigError> {
        Ok(AuthBasicSettings {
            enabled: basic.bool("enabled")?,
        })
    }
}

/// The `[auth.anonymous]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthAnonymousSettings {
    /// `[auth.anonymous] enabled`: allow use without logging in (default false).
    pub enabled: bool,
    /// `[auth.anonymous] org_name`: organization anonymous visitors act in
    /// (default Main Org.).
    pub org_name: String,
    /// `[auth.anonymous] org_role`: their role there (default Viewer).
    pub org_role: OrgRole,
    /// `[auth.anonymous] hide_version`: hide the server version from them (default false).
    pub hide_version: bool,
}

impl AuthAnonymousSettings {
    pub(crate) fn read(
        anonymous: &SectionValues<'_>,
    ) -> Result<AuthAnonymousSettings, ConfigError> {
        Ok(AuthAnonymousSettings {
            enabled: anonymous.bool("enabled")?,
            org_name: anonymous.string_or_default("org_name"),
            org_role: anonymous.parse("org_role", parse_role)?,
            hide_version: anonymous.bool("hide_version")?,
        })
    }
}
