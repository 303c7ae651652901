//! Interpolating a whole query model (the JSON object of one `/api/ds/query` query): every
//! string in it, at any depth, except the keys that say which query and data source it is
//! (`refId`, `datasource`, `datasourceId`). References without a format are written in the
//! default of the data source's query language ([`QueryLanguage`]), as Grafana's data
//! sources' `interpolateVariable` hooks write them.

use serde_json::Value;

use super::formats::{Format, FormatContext, VariableValue};
use super::variables::Variables;
use super::{escape, interpolate_with};

/// Keys of a query model that are never interpolated.
const STRUCTURAL_KEYS: [&str; 3] = ["refId", "datasource", "datasourceId"];

/// The language a data source's queries are written in, for the default format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryLanguage {
    /// A single value is written for inside a string literal (`'` doubled, and `\` escaped
    /// where the database reads backslash escapes: MySQL); several values, or "All", as
    /// quoted literals `'a','b'` (`sqlstring`), as Grafana's SQL data sources do.
    Sql { backslash_escapes: bool },
    /// A single value is written for inside a PromQL string: `\`, `"` and `'` backslash-
    /// escaped (stricter than Grafana, which escapes one kind of quote, so that the value
    /// cannot close a string of either kind); several values as an escaped regex
    /// alternation `(a|b)` for `=~`.
    PromQl,
    /// Grafana's own default, `glob`.
    Other,
}

impl QueryLanguage {
    /// The value written for a reference without a format.
    pub fn default_format(self, value: &VariableValue, context: &FormatContext<'_>) -> String {
        let several = context.multi || context.include_all;
        match (self, value) {
            (QueryLanguage::Sql { backslash_escapes }, VariableValue::Text(text)) if !several => {
                sql_literal_content(text, backslash_escapes)
            }
            (QueryLanguage::Sql { .. }, VariableValue::Number(number)) => number.to_string(),
            (QueryLanguage::Sql { .. }, _) => Format::SqlString.apply(value, &[], context),
            (QueryLanguage::PromQl, VariableValue::Text(text)) if !several => promql_string(text),
            (QueryLanguage::PromQl, VariableValue::Number(number)) => number.to_string(),
            (QueryLanguage::PromQl, VariableValue::List(values)) if values.len() == 1 => {
                promql_string(&escape::regex(&values[0]))
            }
            (QueryLanguage::PromQl, _) => {
                let values = match value {
                    VariableValue::List(values) => values.clone(),
                    other => vec![other.to_plain_string()],
                };
                let escaped: Vec<String> = values
                    .iter()
                    .map(|value| promql_string(&escape::regex(value)))
                    .collect();
                format!("({})", escaped.join("|"))
            }
            (QueryLanguage::Other, _) => Format::Glob.apply(value, &[], context),
        }
    }
}

/// Interpolates every string of `model` but its structural keys.
pub fn interpolate_model(model: &mut Value, variables: &Variables, language: QueryLanguage) {
    let Value::Object(fields) = model else {
        interpolate_value(model, variables, language);
        return;
    };
    for (key, value) in fields.iter_mut() {
        if !STRUCTURAL_KEYS.contains(&key.as_str()) {
            interpolate_value(value, variables, language);
        }
    }
}

fn interpolate_value(value: &mut Value, variables: &Variables, language: QueryLanguage) {
    match value {
        Value::String(text) => {
            if text.contains('$') || text.contains("[[") {
                *text = interpolate_with(text, variables, |value, context| {
                    language.default_format(value, context)
                });
            }
        }
        Value::Array(items) => {
            for item in items {
                interpolate_value(item, variables, language);
            }
        }
        Value::Object(fields) => {
            for item in fields.values_mut() {
                interpolate_value(item, variables, language);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// The inside of a SQL string literal holding `text`.
fn sql_literal_content(text: &str, backslash_escapes: bool) -> String {
    let mut escaped = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '\'' => escaped.push_str("''"),
            '\\' if backslash_escapes => escaped.push_str("\\\\"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// The inside of a PromQL string (of either quote) holding `text`.
fn promql_string(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '\\' | '"' | '\'') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

#[cfg(test)]
mod tests {
    use pretty_assertions::assert_eq;
    use serde_json::json;

    use super::*;
    use crate::interpolate::{Builtins, DashboardInfo, OrgInfo, UserInfo, Variable};

    /// The built-ins a query request knows: no dashboard title, org name or email.
    fn request_builtins(login: &str) -> Variables {
        Variables::new().with_builtins(Builtins {
            dashboard: Some(DashboardInfo {
                uid: "dash-1".into(),
                title: None,
            }),
            org: Some(OrgInfo { id: 3, name: None }),
            user: Some(UserInfo {
                id: 7,
                login: login.into(),
                email: None,
            }),
            ..Builtins::default()
        })
    }

    const POSTGRES: QueryLanguage = QueryLanguage::Sql {
        backslash_escapes: false,
    };
    const MYSQL: QueryLanguage = QueryLanguage::Sql {
        backslash_escapes: true,
    };

    #[test]
    fn request_builtins_fill_in_each_language() {
        let cases = [
            (
                POSTGRES,
                "SELECT '${__user.login}', $__user, ${__org}, '${__dashboard.uid}'",
                "SELECT 'ann', 7, 3, 'dash-1'",
            ),
            (
                POSTGRES,
                "WHERE owner = '$__user.login'",
                "WHERE owner = '7.login'",
            ),
            (
                QueryLanguage::PromQl,
                "up{user=\"${__user.login}\", org=\"$__org\"}",
                "up{user=\"ann\", org=\"3\"}",
            ),
            (QueryLanguage::Other, "${__user.id}/${__org.id}", "7/3"),
            // Unknown here: left for the data source (or its error) to show.
            (
                POSTGRES,
                "'${__org.name}' '${__user.email}' '${__dashboard}' $__timeFilter(t) $host",
                "'${__org.name}' '${__user.email}' '${__dashboard}' $__timeFilter(t) $host",
            ),
            (
                QueryLanguage::PromQl,
                "rate(x[$__rate_interval]) $__interval ${__user.login:raw}",
                "rate(x[$__rate_interval]) $__interval ann",
            ),
        ];
        let variables = request_builtins("ann");
        for (language, template, expected) in cases {
            let mut model = json!({ "refId": "A", "expr": template });
            interpolate_model(&mut model, &variables, language);
            assert_eq!(model["expr"], expected, "{template}");
        }
    }

    #[test]
    fn values_cannot_leave_their_literal() {
        let login = r#"o'b\"r" OR 1=1 --"#;
        let variables = request_builtins(login);
        let cases = [
            (
                POSTGRES,
                "WHERE u = '${__user.login}'",
                r#"WHERE u = 'o''b\"r" OR 1=1 --'"#,
            ),
            (
                MYSQL,
                "WHERE u = '${__user.login}'",
                r#"WHERE u = 'o''b\\"r" OR 1=1 --'"#,
            ),
            (
                QueryLanguage::PromQl,
                "up{u=\"${__user.login}\"}",
                r#"up{u="o\'b\\\"r\" OR 1=1 --"}"#,
            ),
        ];
        for (language, template, expected) in cases {
            let mut model = json!({ "rawSql": template });
            interpolate_model(&mut model, &variables, language);
            assert_eq!(model["rawSql"], expected, "{language:?}");
        }
    }

    #[test]
    fn only_strings_outside_the_structural_keys_change() {
        let variables = request_builtins("ann");
        let mut model = json!({
            "refId": "$__user",
            "datasource": { "uid": "${__user.login}" },
            "datasourceId": 1,
            "legendFormat": "{{job}} $__user",
            "nested": [{ "deep": "${__org}" }, 5, null, true],
        });
        interpolate_model(&mut model, &variables, QueryLanguage::Other);
        assert_eq!(
            model,
            json!({
                "refId": "$__user",
                "datasource": { "uid": "${__user.login}" },
                "datasourceId": 1,
                "legendFormat": "{{job}} 7",
                "nested": [{ "deep": "3" }, 5, null, true],
            })
        );
    }

    #[test]
    fn several_values_follow_the_language() {
        let variables = Variables::new().with(Variable::multi("h", ["a.b", "c"]));
        let written = |language, template: &str| {
            let mut model = json!({ "q": template });
            interpolate_model(&mut model, &variables, language);
            model["q"].as_str().unwrap_or_default().to_string()
        };
        assert_eq!(written(POSTGRES, "IN ($h)"), "IN ('a.b','c')");
        assert_eq!(
            written(QueryLanguage::PromQl, "{h=~\"$h\"}"),
            r#"{h=~"(a\\.b|c)"}"#
        );
        assert_eq!(written(QueryLanguage::Other, "$h"), "{a.b,c}");
    }
}
