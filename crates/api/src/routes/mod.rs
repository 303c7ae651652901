//! Grafana's HTTP API, one module per API group. Handlers parse, call a domain service and
//! shape the answer; errors become responses in [`crate::error`].

mod admin_users;
mod annotations;
mod dashboards;
mod datasource_plugins;
mod datasource_proxy;
mod datasources;
mod ds_query;
mod folders;
mod frontend_settings;
mod health;
mod login;
mod org;
mod orgs;
mod permissions;
mod preferences;
mod search;
mod service_accounts;
mod teams;
mod user;
mod users;

use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(health::routes())
        .merge(login::routes())
        .merge(frontend_settings::routes())
        .merge(user::routes())
        .merge(users::routes())
        .merge(admin_users::routes())
        .merge(orgs::routes())
        .merge(org::routes())
        .merge(teams::routes())
        .merge(service_accounts::routes())
        .merge(preferences::routes())
        .merge(dashboards::routes())
        .merge(datasources::routes())
        .merge(datasource_plugins::routes())
        .merge(datasource_proxy::routes())
        .merge(ds_query::routes())
        .merge(annotations::routes())
        .merge(folders::routes())
        .merge(permissions::routes())
        .merge(search::routes())
}
