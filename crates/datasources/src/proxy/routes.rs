//! Which proxied calls a data source type allows, and to whom: the routes Grafana's
//! Prometheus plugin declares. A call matching a route (its method, and a path starting with
//! the route's) needs the route's org role; a call to a Prometheus data source matching no
//! route may only read: `DELETE`, `PUT` and `POST` are refused, so that the proxy never
//! reaches Prometheus's admin or write endpoints with the data source's credentials.

use sightline_core::OrgRole;

use super::ProxyError;

/// One declared route.
struct Route {
    method: &'static str,
    /// Compared without its leading `/`, as Grafana cleans both paths.
    path: &'static str,
    role: OrgRole,
}

const fn route(method: &'static str, path: &'static str, role: OrgRole) -> Route {
    Route { method, path, role }
}

/// The queries and editor calls Grafana's Prometheus frontend makes by POST, and the ruler
/// API of Mimir and Cortex (reading rules is for viewers, changing them for editors).
const PROMETHEUS_ROUTES: [Route; 10] = [
    route("POST", "api/v1/query", OrgRole::Viewer),
    route("POST", "api/v1/query_range", OrgRole::Viewer),
    route("POST", "api/v1/series", OrgRole::Viewer),
    route("POST", "api/v1/labels", OrgRole::Viewer),
    route("POST", "api/v1/query_exemplars", OrgRole::Viewer),
    route("GET", "rules", OrgRole::Viewer),
    route("POST", "rules", OrgRole::Editor),
    route("DELETE", "rules", OrgRole::Editor),
    route("POST", "config/v1/rules", OrgRole::Editor),
    route("DELETE", "config/v1/rules", OrgRole::Editor),
];

/// Whether a caller holding `role` may send `method` to `path` (the part after the data
/// source's uid) of a data source of type `type_id`.
pub fn check(type_id: &str, method: &str, path: &str, role: OrgRole) -> Result<(), ProxyError> {
    if type_id != "prometheus" {
        return Ok(());
    }
    let path = path.trim_start_matches('/');
    let matched = PROMETHEUS_ROUTES
        .iter()
        .find(|route| route.method == method && path.starts_with(route.path));
    match matched {
        Some(route) if role.includes(route.role) => Ok(()),
        Some(_) => Err(ProxyError::RouteDenied),
        None => match method {
            "DELETE" | "PUT" | "POST" => Err(ProxyError::MethodRefused(method.to_string())),
            _ => Ok(()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(method: &str, path: &str, role: OrgRole) -> String {
        match check("prometheus", method, path, role) {
            Ok(()) => "ok".to_string(),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn prometheus_queries_may_be_posted_by_any_role() {
        for path in ["api/v1/query", "api/v1/query_range", "/api/v1/labels"] {
            assert_eq!(outcome("POST", path, OrgRole::Viewer), "ok", "{path}");
        }
        assert_eq!(outcome("GET", "api/v1/status/config", OrgRole::None), "ok");
    }

    #[test]
    fn other_writes_to_prometheus_are_refused() {
        assert_eq!(
            outcome("POST", "api/v1/admin/tsdb/delete_series", OrgRole::Admin),
            "non allow-listed POSTs not allowed on proxied Prometheus datasource"
        );
        assert_eq!(
            outcome("PUT", "api/v1/query", OrgRole::Admin),
            "non allow-listed PUTs not allowed on proxied Prometheus datasource"
        );
        assert_eq!(
            outcome("DELETE", "api/v1/series", OrgRole::Admin),
            "non allow-listed DELETEs not allowed on proxied Prometheus datasource"
        );
    }

    #[test]
    fn ruler_changes_need_an_editor() {
        assert_eq!(outcome("GET", "rules", OrgRole::Viewer), "ok");
        assert_eq!(outcome("POST", "rules/namespace", OrgRole::Editor), "ok");
        assert_eq!(
            outcome("DELETE", "config/v1/rules/ns", OrgRole::Viewer),
            "plugin proxy route access denied"
        );
    }

    #[test]
    fn other_types_are_not_restricted_here() {
        assert!(check("loki", "DELETE", "anything", OrgRole::Viewer).is_ok());
    }
}
