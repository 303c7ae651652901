//! What every handler can reach: the domain services and the settings the edge applies.

use std::sync::Arc;
use std::time::Duration;

use sightline_core::OrgRole;
use sightline_dashboards::DashboardService;
use sightline_datasources::pipeline::QueryService;
use sightline_datasources::DataSourceService;
use sightline_identity::IdentityService;
use sightline_store::Store;

use crate::metrics::HttpMetrics;

/// Shared state of the router, handed to every request: one reference count to clone.
#[derive(Clone)]
pub struct AppState(Arc<Services>);

impl AppState {
    pub fn new(services: Services) -> AppState {
        AppState(Arc::new(services))
    }
}

impl std::ops::Deref for AppState {
    type Target = Services;

    fn deref(&self) -> &Services {
        &self.0
    }
}

/// The domain services and the settings the edge applies.
pub struct Services {
    pub store: Store,
    pub identity: IdentityService,
    pub dashboards: DashboardService,
    pub datasources: DataSourceService,
    /// The query pipeline: `/api/ds/query`, data source health checks and resources.
    pub queries: QueryService,
    pub settings: Arc<ApiSettings>,
    pub metrics: Arc<HttpMetrics>,
}

/// The settings the HTTP edge applies, taken from `grafana.ini` by [`ApiSettings::from_config`].
#[derive(Debug, Clone)]
pub struct ApiSettings {
    /// `[server] root_url`, with a trailing slash.
    pub app_url: String,
    /// The path part of `root_url` without a trailing slash (`""` or `/grafana`).
    pub app_sub_url: String,
    /// `[server] serve_from_sub_path`: routes are served under `app_sub_url`.
    pub serve_from_sub_path: bool,
    pub login_cookie_name: String,
    pub cookie_secure: bool,
    /// `lax`, `strict`, `none` or `disabled`.
    pub cookie_samesite: String,
    pub session_max_lifetime: Duration,
    pub basic_auth_enabled: bool,
    /// Set when `[auth.anonymous] enabled`.
    pub anonymous: Option<AnonymousAccess>,
    /// `[security] csrf_trusted_origins`: hosts allowed as `Origin` besides our own.
    pub csrf_trusted_origins: Vec<String>,
    pub disable_login_form: bool,
    pub disable_signout_menu: bool,
    pub allow_org_create: bool,
    pub allow_sign_up: bool,
    pub default_theme: String,
    /// `[auth.anonymous] hide_version`: anonymous callers do not see build info.
    pub hide_version: bool,
    pub enable_gzip: bool,
    /// The git commit Sightline was built from, or `unknown`.
    pub commit: String,
}

#[derive(Debug, Clone)]
pub struct AnonymousAccess {
    pub org_name: String,
    pub org_role: OrgRole,
}

impl ApiSettings {
    pub fn from_config(settings: &sightline_config::Settings) -> Self {
        let commit = crate::COMMIT.to_string();
        ApiSettings {
            app_url: settings.server.root_url.clone(),
            app_sub_url: settings.server.app_sub_url().to_string(),
            serve_from_sub_path: settings.server.serve_from_sub_path,
            login_cookie_name: settings.auth.login_cookie_name.clone(),
            cookie_secure: settings.security.cookie_secure,
            cookie_samesite: settings.security.cookie_samesite.as_str().to_string(),
            session_max_lifetime: settings.auth.login_maximum_lifetime,
            basic_auth_enabled: settings.auth_basic.enabled,
            anonymous: settings.auth_anonymous.enabled.then(|| AnonymousAccess {
                org_name: settings.auth_anonymous.org_name.clone(),
                org_role: settings.auth_anonymous.org_role,
            }),
            csrf_trusted_origins: settings
                .raw()
                .get("security", "csrf_trusted_origins")
                .unwrap_or_default()
                .split([',', ' '])
                .filter(|origin| !origin.is_empty())
                .map(str::to_string)
                .collect(),
            disable_login_form: settings.auth.disable_login_form,
            disable_signout_menu: settings.auth.disable_signout_menu,
            allow_org_create: settings.users.allow_org_create,
            allow_sign_up: settings.users.allow_sign_up,
            default_theme: settings.users.default_theme.as_str().to_string(),
            hide_version: settings.auth_anonymous.hide_version,
            enable_gzip: settings.server.enable_gzip,
            commit,
        }
    }
}
