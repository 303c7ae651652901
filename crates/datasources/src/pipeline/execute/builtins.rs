//! Grafana's built-in variables of the caller and the dashboard — `$__user` (also
//! `${__user.id}`), `${__user.login}`, `${__user.email}`, `$__org` (`${__org.id}`),
//! `${__org.name}`, `${__dashboard}` (the title) and `${__dashboard.uid}` — filled into the
//! strings of each query before its plugin sees it, written in the default format of the
//! data source's language (SQL literals, PromQL strings; see [`QueryLanguage`]).
//!
//! Grafana's browser fills these in before it sends a query, so for its requests this
//! changes nothing; other clients (scripts, Sightline's own) get the same queries. The
//! names other services know ([`RequestNames`]) are looked up by the API only when a query
//! mentions them; what is unknown, and every other reference, is left as written.

use serde_json::Value;
use sightline_core::Identity;
use sightline_query::interpolate::{
    interpolate_model, Builtins, DashboardInfo, OrgInfo, QueryLanguage, UserInfo, Variables,
};

use super::super::request::RequestNames;
use crate::plugin::DataQuery;
use crate::plugins::{grafana, prometheus, sql::Dialect};

/// The built-ins of one request.
pub(super) struct RequestBuiltins {
    variables: Variables,
    dashboard_uid: Option<String>,
}

impl RequestBuiltins {
    pub(super) fn new(
        caller: &Identity,
        dashboard_uid: Option<String>,
        names: RequestNames,
    ) -> RequestBuiltins {
        let builtins = Builtins {
            dashboard: dashboard_uid.clone().map(|uid| DashboardInfo {
                uid,
                title: names.dashboard_title,
            }),
            org: Some(OrgInfo {
                id: caller.org_id,
                name: names.org_name,
            }),
            user: Some(UserInfo {
                id: caller.user_id,
                login: caller.login.clone(),
                email: names.user_email,
            }),
            ..Builtins::default()
        };
        RequestBuiltins {
            variables: Variables::new().with_builtins(builtins),
            dashboard_uid,
        }
    }

    /// Fills the built-ins into `query`, bound for a data source of `type_id`. The
    /// built-in `grafana` data source also learns the request's dashboard, for its
    /// dashboard annotations, unless the query names one.
    pub(super) fn apply(&self, query: &mut DataQuery, type_id: &str) {
        interpolate_model(&mut query.model, &self.variables, language_of(type_id));
        if type_id != grafana::TYPE_ID {
            return;
        }
        if let (Some(uid), Value::Object(model)) = (&self.dashboard_uid, &mut query.model) {
            model
                .entry("dashboardUID")
                .or_insert_with(|| Value::String(uid.clone()));
        }
    }
}

fn language_of(type_id: &str) -> QueryLanguage {
    if type_id == prometheus::TYPE_ID {
        return QueryLanguage::PromQl;
    }
    let sql = Dialect::ALL
        .into_iter()
        .find(|dialect| dialect.type_id() == type_id || dialect.aliases().contains(&type_id));
    match sql {
        Some(Dialect::MySql) => QueryLanguage::Sql {
            backslash_escapes: true,
        },
        Some(Dialect::Postgres | Dialect::Sqlite) => QueryLanguage::Sql {
            backslash_escapes: false,
        },
        None => QueryLanguage::Other,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;
    use sightline_core::{AuthMethod, OrgRole};
    use sightline_query::time::TimeRange;

    use super::*;

    fn caller() -> Identity {
        Identity {
            org_id: 2,
            user_id: 9,
            login: "o'neil".into(),
            org_role: OrgRole::Viewer,
            server_admin: false,
            is_service_account: false,
            auth_method: AuthMethod::Basic,
            session_id: None,
        }
    }

    fn query(model: Value) -> DataQuery {
        DataQuery {
            ref_id: "A".into(),
            query_type: String::new(),
            time_range: TimeRange::new(0, 1000).expect("range"),
            interval_ms: 1000,
            max_data_points: 100,
            model,
        }
    }

    #[test]
    fn each_data_source_gets_its_language() {
        let builtins = RequestBuiltins::new(&caller(), Some("d1".into()), RequestNames::default());
        let cases = [
            (
                "grafana-postgresql-datasource",
                "rawSql",
                "'${__user.login}' ${__org} '${__dashboard.uid}'",
                "'o''neil' 2 'd1'",
            ),
            ("postgres", "rawSql", "'${__user.login}'", "'o''neil'"),
            (
                "mysql",
                "rawSql",
                "'${__user.login}' $__user",
                "'o''neil' 9",
            ),
            (
                "prometheus",
                "expr",
                "up{u=\"${__user.login}\"}",
                "up{u=\"o\\'neil\"}",
            ),
            (
                "grafana-testdata-datasource",
                "labels",
                "u=${__user.login}",
                "u=o'neil",
            ),
        ];
        for (type_id, key, template, expected) in cases {
            let mut query = query(json!({ key: template }));
            builtins.apply(&mut query, type_id);
            assert_eq!(query.model[key], expected, "{type_id}");
        }
    }

    #[test]
    fn names_looked_up_elsewhere_are_filled_in_and_quoted() {
        let names = RequestNames {
            dashboard_title: Some("Ops' board".into()),
            org_name: Some("Main Org.".into()),
            user_email: Some("o'neil@example.com".into()),
        };
        let builtins = RequestBuiltins::new(&caller(), Some("d1".into()), names);
        let mut sql = query(json!({
            "rawSql": "SELECT '${__dashboard}', '${__org.name}', '${__user.email}', '${__dashboard.name}'"
        }));
        builtins.apply(&mut sql, "grafana-postgresql-datasource");
        assert_eq!(
            sql.model["rawSql"],
            "SELECT 'Ops'' board', 'Main Org.', 'o''neil@example.com', 'Ops'' board'"
        );
        // Unknown names stay as written.
        let unknown = RequestBuiltins::new(&caller(), None, RequestNames::default());
        let mut text = query(json!({ "labels": "${__org.name} ${__user.email} ${__dashboard}" }));
        unknown.apply(&mut text, "grafana-testdata-datasource");
        assert_eq!(
            text.model["labels"],
            "${__org.name} ${__user.email} ${__dashboard}"
        );
    }

    #[test]
    fn the_grafana_data_source_learns_the_dashboard() {
        let builtins = RequestBuiltins::new(&caller(), Some("d1".into()), RequestNames::default());
        let mut plain = query(json!({ "queryType": "annotations" }));
        builtins.apply(&mut plain, grafana::TYPE_ID);
        assert_eq!(plain.model["dashboardUID"], "d1");
        let mut own = query(json!({ "dashboardUID": "mine" }));
        builtins.apply(&mut own, grafana::TYPE_ID);
        assert_eq!(own.model["dashboardUID"], "mine");
        let mut other = query(json!({}));
        builtins.apply(&mut other, "prometheus");
        assert_eq!(other.model.get("dashboardUID"), None);
    }
}
