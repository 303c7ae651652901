//! `[users]`: sign-up, organization membership of new users and the default theme.

use sightline_core::OrgRole;

use crate::error::ConfigError;
use crate::values::{one_of, SectionValues};

/// `[users] default_theme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Dark,
    Light,
    /// Follow the browser's preference.
    System,
}

impl Theme {
    const CHOICES: [(&'static str, Theme); 3] = [
        ("dark", Theme::Dark),
        ("light", Theme::Light),
        ("system", Theme::System),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Dark => "dark",
            Theme::Light => "light",
            Theme::System => "system",
        }
    }
}

/// The `[users]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsersSettings {
    /// `[users] allow_sign_up`: visitors may create accounts (default false).
    pub allow_sign_up: bool,
    /// `[users] allow_org_create`: non-admins may create organizations (default false).
    pub allow_org_create: bool,
    /// `[users] auto_assign_org`: new users join `auto_assign_org_id` (default true).
    pub auto_assign_org: bool,
    /// `[users] auto_assign_org_id`: the organization new users join (default 1).
    pub auto_assign_org_id: i64,
    /// `[users] auto_assign_org_role`: their role there, Viewer, Editor, Admin or None
    /// (default Viewer).
    pub auto_assign_org_role: OrgRole,
    /// `[users] default_theme`: dark, light or system (default dark).
    pub default_theme: Theme,
}

impl UsersSettings {
    pub(crate) fn read(users: &SectionValues<'_>) -> Result<UsersSettings, ConfigError> {
        Ok(UsersSettings {
            allow_sign_up: users.bool("allow_sign_up")?,
            allow_org_create: users.bool("allow_org_create")?,
            auto_assign_org: users.bool("auto_assign_org")?,
            auto_assign_org_id: users.integer("auto_assign_org_id")?,
            auto_assign_org_role: users.parse("auto_assign_org_role", parse_role)?,
            default_theme: users.parse("default_theme", |text| one_of(text, &Theme::CHOICES))?,
        })
    }
}

/// Grafana's role names, matched exactly as Grafana does.
pub(crate) fn parse_role(text: &str) -> Result<OrgRole, String> {
    text.parse::<OrgRole>()
        .map_err(|_| "expected one of Viewer, Editor, Admin, None".to_string())
}
