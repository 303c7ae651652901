//! Grafana's rules for what a data source may hold, checked before anything is written, so
//! that every backend refuses the same input with a 400 instead of failing inside one of them.

use crate::error::{DataSourceError, Result};
use crate::models::{Access, DataSourceFields};

/// The longest uid Grafana accepts.
pub const MAX_UID_LENGTH: usize = 40;
/// Grafana's limit on names, and what the indexed `{key}` columns hold.
pub const MAX_NAME_LENGTH: usize = 190;
/// Grafana's limit on URLs.
pub const MAX_URL_LENGTH: usize = 255;

fn invalid(message: String) -> DataSourceError {
    DataSourceError::Invalid(message)
}

/// Grafana's uid rule: at most 40 characters of `[a-zA-Z0-9-_]`.
pub fn check_uid(uid: &str) -> Result<()> {
    if uid.chars().count() > MAX_UID_LENGTH {
        return Err(invalid(format!(
            "Invalid datasource uid: {uid:?} is longer than {MAX_UID_LENGTH} characters"
        )));
    }
    let legal = |ch: char| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_';
    if !uid.chars().all(legal) {
        return Err(invalid(format!(
            "Invalid datasource uid: {uid:?} may only hold a-z, A-Z, 0-9, - and _"
        )));
    }
    Ok(())
}

/// Checks the fields of a create or an update and returns the parsed access mode.
pub(crate) fn check_fields(fields: &DataSourceFields) -> Result<Access> {
    if fields.type_id.trim().is_empty() {
        return Err(invalid("type is required".to_string()));
    }
    let access = match fields.access.as_str() {
        "" => return Err(invalid("access is required: proxy or direct".to_string())),
        value => Access::parse(value)
            .ok_or_else(|| invalid(format!("access must be proxy or direct, got {value:?}")))?,
    };
    if fields.name.chars().count() > MAX_NAME_LENGTH {
        return Err(invalid(format!(
            "Invalid datasource name: at most {MAX_NAME_LENGTH} characters"
        )));
    }
    if fields.url.chars().count() > MAX_URL_LENGTH {
        return Err(invalid(format!(
            "Invalid datasource url: at most {MAX_URL_LENGTH} characters"
        )));
    }
    if fields.url.chars().any(char::is_control) {
        return Err(invalid(
            "Validation error, invalid URL: it holds a control character".to_string(),
        ));
    }
    if !fields.uid.is_empty() {
        check_uid(&fields.uid)?;
    }
    for (field, value) in [
        ("type", &fields.type_id),
        ("apiVersion", &fields.api_version),
    ] {
        if value.chars().count() > MAX_NAME_LENGTH {
            return Err(invalid(format!(
                "{field} is too long: at most {MAX_NAME_LENGTH} characters"
            )));
        }
    }
    // PostgreSQL cannot store a NUL character; refused everywhere so every backend agrees.
    let texts = [
        ("name", &fields.name),
        ("type", &fields.type_id),
        ("url", &fields.url),
        ("user", &fields.user),
        ("database", &fields.database),
        ("basicAuthUser", &fields.basic_auth_user),
        ("apiVersion", &fields.api_version),
    ];
    for (field, value) in texts {
        if value.contains('\0') {
            return Err(invalid(format!("{field} must not contain a NUL character")));
        }
    }
    Ok(access)
}

/// The first free name for a data source of `type_id` among `taken` (compared without
/// case): `prometheus`, then `prometheus-1`, `prometheus-2`, … as Grafana names them.
pub(crate) fn available_name<'a>(type_id: &str, taken: impl Iterator<Item = &'a str>) -> String {
    let taken: std::collections::HashSet<String> = taken.map(str::to_lowercase).collect();
    let mut name = type_id.to_string();
    let mut suffix = 0;
    while taken.contains(&name.to_lowercase()) {
        suffix += 1;
        name = format!("{type_id}-{suffix}");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> DataSourceFields {
        DataSourceFields {
            name: "Prometheus".into(),
            type_id: "prometheus".into(),
            access: "proxy".into(),
            ..DataSourceFields::default()
        }
    }

    #[test]
    fn uids_follow_grafanas_rule() {
        assert!(check_uid("P1809F7CD0C75ACF3").is_ok());
        assert!(check_uid("my_uid-2").is_ok());
        assert!(check_uid(&"a".repeat(40)).is_ok());
        assert!(check_uid(&"a".repeat(41)).is_err());
        for bad in ["a b", "a/b", "ü", "a.b"] {
            assert!(check_uid(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn required_and_bounded_fields_are_checked() {
        assert_eq!(check_fields(&fields()).expect("valid"), Access::Proxy);
        let cases = [
            DataSourceFields {
                type_id: String::new(),
                ..fields()
            },
            DataSourceFields {
                access: String::new(),
                ..fields()
            },
            DataSourceFields {
                access: "server".into(),
                ..fields()
            },
            DataSourceFields {
                name: "n".repeat(191),
                ..fields()
            },
            DataSourceFields {
                url: format!("http://{}", "u".repeat(250)),
                ..fields()
            },
            DataSourceFields {
                uid: "no spaces".into(),
                ..fields()
            },
            DataSourceFields {
                user: "a\0b".into(),
                ..fields()
            },
        ];
        for case in cases {
            assert!(check_fields(&case).is_err(), "{case:?}");
        }
    }

    #[test]
    fn names_from_the_type_skip_taken_ones() {
        assert_eq!(available_name("loki", ["Prometheus"].into_iter()), "loki");
        assert_eq!(
            available_name("loki", ["Loki", "loki-1"].into_iter()),
            "loki-2"
        );
    }
}
