//! Dashboard schema migration: upgrades any Grafana dashboard JSON to the schema of
//! Grafana 12 (`schemaVersion` 42).
//!
//! [`migrate`] is a pure function over `serde_json::Value`. It reads the dashboard's
//! `schemaVersion` and applies every schema step above it, in order (see `steps`), then
//! converts the panels of removed Angular plugins to their successors (see `panels`),
//! as Grafana 12 does when it loads a dashboard. Data source names found in old dashboards
//! are resolved through a [`DataSourceLookup`].
//!
//! Guarantees:
//! - Keys the migration does not know, and panel types it does not convert, are kept as
//!   they are. Keys an old plugin or an old schema owned are consumed.
//! - Unexpected shapes (a `panels` that is not a list, a panel that is not an object, a
//!   string `gridPos`) never panic; the part that has them is left unchanged.
//! - A dashboard already at the current schema with no Angular panels is returned
//!   unchanged, with `changed == false`; migrating the result again changes nothing.
//! - A dashboard from a newer schema than Sightline knows is returned as it is, except for
//!   Angular panels, which are still converted.
//!
//! Grafana migrations deliberately left out: the schema 2–5 upgrades (Grafana 1
//! dashboards, below the supported floor of 6; only the schema 6 step runs for them); the
//! built-in annotation query and the plugin option defaults that Grafana's frontend adds on
//! every load (not schema changes); the placeholder query Grafana adds to panels without
//! queries at schema 36; the React plugins' own version migrations (for example Grafana 6
//! `options.fieldOptions` of stat / gauge / bar gauge, table footers); the conversion of
//! other Angular plugins (`grafana-piechart-panel`, `grafana-worldmap-panel`, …), which stay
//! as they are; and the backend-only schema 43 (`formatTime` → `convertFieldType`) that
//! appeared after Grafana 12.
mod datasource;
mod json;
mod mappings;
mod panels;
mod reducers;
mod steps;
mod walk;

use serde_json::Value;
use sightline_core::{ErrorKind, HasErrorKind};

pub use datasource::{DataSourceLookup, DataSourceRef, UnknownDataSources};

/// The latest dashboard schema version of Grafana 12, written by its later releases (12.0 and
/// 12.1 wrote 41). Grafana declares it the final version of the classic dashboard model.
pub const CURRENT_SCHEMA_VERSION: i64 = 42;

/// The result of a migration.
#[derive(Debug, Clone, PartialEq)]
pub struct MigrationOutcome {
    /// The upgraded dashboard.
    pub dashboard: Value,
    /// The schema version the dashboard had (0 when it had none).
    pub from_version: i64,
    /// Whether the migration changed anything.
    pub changed: bool,
}

/// Input the migration refuses: it cannot tell which upgrades apply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MigrationError {
    /// The dashboard is not a JSON object.
    #[error("dashboard must be a json object, got {found}")]
    NotAnObject {
        /// The JSON type found instead.
        found: &'static str,
    },
    /// `schemaVersion` is not a non-negative integer (or a string holding one).
    #[error("dashboard schemaVersion must be a non-negative integer, got {value}")]
    InvalidSchemaVersion {
        /// The offending value, as JSON.
        value: String,
    },
}

impl HasErrorKind for MigrationError {
    fn kind(&self) -> ErrorKind {
        ErrorKind::BadRequest
    }
}

/// Upgrades `dashboard` to [`CURRENT_SCHEMA_VERSION`]; see the module documentation.
///
/// A missing or `null` `schemaVersion` counts as 0, as in Grafana, so every step runs. A
/// numeric string (`"27"`) is read as its number, as Grafana's backend does. Anything else
/// that is not a non-negative integer is refused.
pub fn migrate(
    dashboard: Value,
    datasources: &dyn DataSourceLookup,
) -> Result<MigrationOutcome, MigrationError> {
    let Value::Object(mut object) = dashboard else {
        return Err(MigrationError::NotAnObject {
            found: json_type(&dashboard),
        });
    };
    let from_version = schema_version(object.get("schemaVersion"))?;
    let original = object.clone();

    if from_version < CURRENT_SCHEMA_VERSION {
        let context = steps::StepContext { datasources };
        for (version, step) in steps::STEPS {
            if from_version < *version {
                step(&mut object, &context);
            }
        }
        object.insert(
            "schemaVersion".to_owned(),
            Value::from(CURRENT_SCHEMA_VERSION),
        );
    }
    panels::migrate_angular_panels(&mut object);

    let changed = object != original;
    if changed {
        tracing::debug!(
            from_version,
            to_version = CURRENT_SCHEMA_VERSION,
            "dashboard migrated"
        );
    }
    Ok(MigrationOutcome {
        dashboard: Value::Object(object),
        from_version,
        changed,
    })
}

/// Reads `schemaVersion`: absent or `null` is 0; a whole number or a string holding one
/// is that number.
fn schema_version(value: Option<&Value>) -> Result<i64, MigrationError> {
    let invalid = |value: &Value| MigrationError::InvalidSchemaVersion {
        value: value.to_string(),
    };
    let version = match value {
        None | Some(Value::Null) => return Ok(0),
        Some(Value::Number(number)) => whole_number(number.as_f64()),
        Some(Value::String(text)) => whole_number(text.trim().parse::<f64>().ok()),
        Some(_) => None,
    };
    version.ok_or_else(|| invalid(value.unwrap_or(&Value::Null)))
}

fn whole_number(number: Option<f64>) -> Option<i64> {
    let number = number?;
    let is_whole = number.is_finite() && number.fract() == 0.0 && number >= 0.0;
    // Versions beyond i64 are "newer than anything we know": the cast saturates.
    is_whole.then_some(number as i64)
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests;
