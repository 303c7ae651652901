//! The data source record as stored, and the fields a create or an update brings.

use std::collections::BTreeMap;

use serde_json::{Map, Value};
use sightline_store::sqlx::any::AnyRow;
use sightline_store::sqlx::{self, FromRow, Row};

use crate::secrets::SealedSecrets;

/// How the browser reaches the data source: through Sightline (`proxy`, "Server" in the UI)
/// or directly (`direct`, "Browser").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Access {
    #[default]
    Proxy,
    Direct,
}

impl Access {
    pub fn as_str(self) -> &'static str {
        match self {
            Access::Proxy => "proxy",
            Access::Direct => "direct",
        }
    }

    /// Grafana's two access modes, spelled exactly.
    pub fn parse(value: &str) -> Option<Access> {
        match value {
            "proxy" => Some(Access::Proxy),
            "direct" => Some(Access::Direct),
            _ => None,
        }
    }
}

/// One data source of an org, with its secrets sealed.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSource {
    pub id: i64,
    pub uid: String,
    pub org_id: i64,
    pub name: String,
    /// The plugin id, such as `prometheus` (`type` in JSON).
    pub type_id: String,
    pub access: Access,
    pub url: String,
    pub user: String,
    pub database: String,
    pub basic_auth: bool,
    pub basic_auth_user: String,
    pub with_credentials: bool,
    pub is_default: bool,
    /// Plugin settings, always a JSON object.
    pub json_data: Map<String, Value>,
    /// The sealed `secureJsonData`; open it with `DataSourceService::decrypted_secure_json_data`.
    pub secure_json_data: SealedSecrets,
    /// Provisioned from a file without `editable: true`: the API may not change it.
    pub read_only: bool,
    /// Provisioned from a file with `prune: true`: deleted once no file declares it.
    pub prunable: bool,
    pub api_version: String,
    pub version: i64,
    pub created: i64,
    pub updated: i64,
}

impl FromRow<'_, AnyRow> for DataSource {
    fn from_row(row: &AnyRow) -> sqlx::Result<Self> {
        let text = |column: &str| -> sqlx::Result<String> {
            Ok(sightline_store::long_text(row, column)?.unwrap_or_default())
        };
        let flag = |column: &str| -> sqlx::Result<bool> { Ok(row.try_get::<i64, _>(column)? != 0) };
        let json_text = text("json_data")?;
        let json_data = match serde_json::from_str::<Value>(&json_text) {
            Ok(Value::Object(object)) => object,
            Ok(_) => Map::new(),
            Err(_) if json_text.trim().is_empty() => Map::new(),
            Err(error) => return Err(sqlx::Error::Decode(Box::new(error))),
        };
        let secure_json_data = SealedSecrets::from_stored(&text("secure_json_data")?)
            .map_err(|error| sqlx::Error::Decode(Box::new(error)))?;
        let access: String = row.try_get("access")?;
        Ok(DataSource {
            id: row.try_get("id")?,
            uid: row.try_get("uid")?,
            org_id: row.try_get("org_id")?,
            name: row.try_get("name")?,
            type_id: row.try_get("type")?,
            access: Access::parse(&access).unwrap_or_default(),
            url: text("url")?,
            user: text("user_name")?,
            database: text("database_name")?,
            basic_auth: flag("basic_auth")?,
            basic_auth_user: text("basic_auth_user")?,
            with_credentials: flag("with_credentials")?,
            is_default: flag("is_default")?,
            json_data,
            secure_json_data,
            read_only: flag("read_only")?,
            prunable: flag("is_prunable")?,
            api_version: row.try_get("api_version")?,
            version: row.try_get("version")?,
            created: row.try_get("created")?,
            updated: row.try_get("updated")?,
        })
    }
}

/// What a create or an update sets, as the API and provisioning files name it.
///
/// On update, Grafana's rules apply: an empty `uid`, `url` or `basicAuthUser` keeps the stored
/// value, everything else replaces it; `secureJsonData` fields not named keep their value and
/// fields set to `""` are removed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DataSourceFields {
    /// Empty: generated on create, kept on update.
    pub uid: String,
    /// Empty on create: named after the type (`prometheus`, `prometheus-1`, …).
    pub name: String,
    pub type_id: String,
    /// `proxy` or `direct`.
    pub access: String,
    pub url: String,
    pub user: String,
    pub database: String,
    pub basic_auth: bool,
    pub basic_auth_user: String,
    pub with_credentials: bool,
    pub is_default: bool,
    pub json_data: Map<String, Value>,
    pub secure_json_data: BTreeMap<String, String>,
    pub api_version: String,
    /// On update: the version the change is based on; 0 skips the check. A version older than
    /// the stored one is refused, a newer one is accepted (provisioning files may run ahead).
    pub version: i64,
    /// Set by provisioning only.
    pub read_only: bool,
    /// Set by provisioning only.
    pub prunable: bool,
}

impl DataSourceFields {
    /// Moves the legacy top-level `password` and `basicAuthPassword` into `secureJsonData`
    /// (as Grafana's migration did), unless `secureJsonData` already has the field.
    pub fn adopt_legacy_passwords(&mut self, password: &str, basic_auth_password: &str) {
        for (field, value) in [
            ("password", password),
            ("basicAuthPassword", basic_auth_password),
        ] {
            if !value.is_empty() && !self.secure_json_data.contains_key(field) {
                self.secure_json_data
                    .insert(field.to_string(), value.to_string());
            }
        }
    }
}

/// Who changes a data source: provisioning may change read-only ones, the API may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Api,
    Provisioning,
}

/// How a request names a data source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataSourceKey<'a> {
    Id(i64),
    Uid(&'a str),
    Name(&'a str),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_passwords_move_into_secure_json_data_unless_set_there() {
        let mut fields = DataSourceFields::default();
        fields
            .secure_json_data
            .insert("password".to_string(), "new".to_string());
        fields.adopt_legacy_passwords("old", "basic");
        assert_eq!(fields.secure_json_data["password"], "new");
        assert_eq!(fields.secure_json_data["basicAuthPassword"], "basic");
        let mut empty = DataSourceFields::default();
        empty.adopt_legacy_passwords("", "");
        assert!(empty.secure_json_data.is_empty());
    }

    #[test]
    fn access_is_one_of_two_spellings() {
        assert_eq!(Access::parse("proxy"), Some(Access::Proxy));
        assert_eq!(Access::parse("direct"), Some(Access::Direct));
        assert_eq!(Access::parse("Proxy"), None);
        assert_eq!(Access::parse("server"), None);
    }
}
