//! `[security]`: the initial admin account, the secret key, cookie attributes and
//! brute-force login protection.

use crate::error::ConfigError;
use crate::secret::Secret;
use crate::values::{one_of, SectionValues};

/// `[security] cookie_samesite`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CookieSameSite {
    Lax,
    Strict,
    None,
    /// Send no SameSite attribute at all.
    Disabled,
}

impl CookieSameSite {
    const CHOICES: [(&'static str, CookieSameSite); 4] = [
        ("lax", CookieSameSite::Lax),
        ("strict", CookieSameSite::Strict),
        ("none", CookieSameSite::None),
        ("disabled", CookieSameSite::Disabled),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CookieSameSite::Lax => "lax",
            CookieSameSite::Strict => "strict",
            CookieSameSite::None => "none",
            CookieSameSite::Disabled => "disabled",
        }
    }
}

/// The `[security]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecuritySettings {
    /// `[security] admin_user`: login of the admin created on first start (default admin).
    pub admin_user: String,
    /// `[security] admin_password`: password of that admin (default admin).
    pub admin_password: Secret,
    /// `[security] admin_email`: email of that admin (default admin@localhost; when empty,
    /// `<admin_user>@localhost` as in Grafana).
    pub admin_email: String,
    /// `[security] secret_key`: key signing and encrypting stored secrets
    /// (default SW2YcwTIb9zpOOhoPsMm).
    pub secret_key: Secret,
    /// `[security] disable_initial_admin_creation`: skip creating the admin (default false).
    pub disable_initial_admin_creation: bool,
    /// `[security] cookie_secure`: mark cookies Secure (default false).
    pub cookie_secure: bool,
    /// `[security] cookie_samesite`: lax, strict, none or disabled (default lax).
    pub cookie_samesite: CookieSameSite,
    /// `[security] disable_brute_force_login_protection`: never lock logins (default false).
    pub disable_brute_force_login_protection: bool,
    /// `[security] brute_force_login_protection_max_attempts`: failed attempts allowed
    /// within five minutes before a login is locked (default 5).
    pub brute_force_login_protection_max_attempts: u32,
    /// `[security] disable_ip_address_login_protection`: do not also lock every login from a
    /// client address after too many failed attempts from it (default true, as in Grafana).
    pub disable_ip_address_login_protection: bool,
    /// `[security] data_source_proxy_whitelist`: `host:port` entries, separated by spaces or
    /// commas, that the data source proxy may reach; empty allows any (default empty).
    pub data_source_proxy_whitelist: Vec<String>,
}

impl SecuritySettings {
    pub(crate) fn read(security: &SectionValues<'_>) -> Result<SecuritySettings, ConfigError> {
        let admin_user = security.string("admin_user");
        let admin_email = match security.string("admin_email") {
            email if email.is_empty() => format!("{admin_user}@localhost"),
            email => email,
        };
        Ok(SecuritySettings {
            admin_password: Secret::new(security.string("admin_password")),
            admin_email,
            admin_user,
            secret_key: Secret::new(security.string("secret_key")),
            disable_initial_admin_creation: security.bool("disable_initial_admin_creation")?,
            cookie_secure: security.bool("cookie_secure")?,
            cookie_samesite: security.parse("cookie_samesite", |text| {
                one_of(text, &CookieSameSite::CHOICES)
            })?,
            disable_brute_force_login_protection: security
                .bool("disable_brute_force_login_protection")?,
            brute_force_login_protection_max_attempts: security
                .integer("brute_force_login_protection_max_attempts")?,
            disable_ip_address_login_protection: security
                .bool("disable_ip_address_login_protection")?,
            data_source_proxy_whitelist: security
                .string("data_source_proxy_whitelist")
                .split([' ', ','])
                .filter(|entry| !entry.is_empty())
                .map(str::to_string)
                .collect(),
        })
    }
}
