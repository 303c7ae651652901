//! Typed reads of a provisioning file's values. Every string is expanded first (`$VAR`,
//! `${VAR}`, `$__env{VAR}`, `$__file{path}`, as in dashboard provider files), nested
//! `jsonData` and `secureJsonData` values included, as Grafana expands them; errors name the
//! field (`datasources[0].jsonData`).

use std::collections::BTreeMap;

use serde_json::Value as Json;
use serde_norway::{Mapping, Value};
use sightline_dashboards::provisioning::{expand, EnvLookup};

/// A wrong value, named by its field.
#[derive(Debug)]
pub(super) struct FieldError {
    pub field: String,
    pub message: String,
}

/// Typed, expanded reads of one mapping, remembering which keys were read.
pub(super) struct Fields<'a> {
    mapping: &'a Mapping,
    prefix: String,
    env: &'a EnvLookup,
    used: Vec<&'static str>,
}

impl<'a> Fields<'a> {
    pub(super) fn new(mapping: &'a Mapping, prefix: &str, env: &'a EnvLookup) -> Fields<'a> {
        Fields {
            mapping,
            prefix: prefix.to_string(),
            env,
            used: Vec::new(),
        }
    }

    pub(super) fn field(&self, key: &str) -> String {
        if self.prefix.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.prefix)
        }
    }

    pub(super) fn error(&self, key: &str, message: impl Into<String>) -> FieldError {
        FieldError {
            field: self.field(key),
            message: message.into(),
        }
    }

    fn get(&mut self, key: &'static str) -> Option<&'a Value> {
        self.used.push(key);
        match self.mapping.get(key) {
            None | Some(Value::Null) => None,
            Some(value) => Some(value),
        }
    }

    /// The value of `key` as expanded text; `None` when absent or null.
    pub(super) fn string(&mut self, key: &'static str) -> Result<Option<String>, FieldError> {
        let Some(value) = self.get(key) else {
            return Ok(None);
        };
        let text = scalar_text(value).ok_or_else(|| self.error(key, "expected a string"))?;
        expand(&text, self.env)
            .map(Some)
            .map_err(|message| self.error(key, message))
    }

    /// An integer, also from an expanded string (`orgId: $ORG`); empty counts as absent.
    pub(super) fn int(&mut self, key: &'static str) -> Result<Option<i64>, FieldError> {
        let Some(text) = self.string(key)? else {
            return Ok(None);
        };
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        text.parse()
            .map(Some)
            .map_err(|_| self.error(key, format!("expected an integer, got {text:?}")))
    }

    /// A boolean, spelled as Go's `strconv.ParseBool` accepts (Grafana parses it so).
    pub(super) fn bool(&mut self, key: &'static str) -> Result<Option<bool>, FieldError> {
        let Some(text) = self.string(key)? else {
            return Ok(None);
        };
        match text.trim() {
            "" => Ok(None),
            "1" | "t" | "T" | "true" | "TRUE" | "True" => Ok(Some(true)),
            "0" | "f" | "F" | "false" | "FALSE" | "False" => Ok(Some(false)),
            other => Err(self.error(key, format!("expected true or false, got {other:?}"))),
        }
    }

    /// A list of mappings, each with its field prefix (`datasources[2]`).
    pub(super) fn list(
        &mut self,
        key: &'static str,
    ) -> Result<Vec<(String, &'a Mapping)>, FieldError> {
        let Some(value) = self.get(key) else {
            return Ok(Vec::new());
        };
        let Value::Sequence(items) = value else {
            return Err(self.error(key, "expected a list"));
        };
        items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let field = format!("{}[{index}]", self.field(key));
                match item {
                    Value::Mapping(mapping) => Ok((field, mapping)),
                    _ => Err(FieldError {
                        field,
                        message: "expected a mapping".to_string(),
                    }),
                }
            })
            .collect()
    }

    /// A mapping converted to a JSON object, every string in it expanded.
    pub(super) fn json_object(
        &mut self,
        key: &'static str,
    ) -> Result<serde_json::Map<String, Json>, FieldError> {
        let Some(value) = self.get(key) else {
            return Ok(serde_json::Map::new());
        };
        match to_json(value, self.env) {
            Ok(Json::Object(object)) => Ok(object),
            Ok(_) => Err(self.error(key, "expected a mapping")),
            Err(message) => Err(self.error(key, message)),
        }
    }

    /// A mapping of expanded strings (`secureJsonData`); a null value counts as `""`.
    pub(super) fn string_map(
        &mut self,
        key: &'static str,
    ) -> Result<BTreeMap<String, String>, FieldError> {
        let Some(value) = self.get(key) else {
            return Ok(BTreeMap::new());
        };
        let Value::Mapping(mapping) = value else {
            return Err(self.error(key, "expected a mapping"));
        };
        let mut strings = BTreeMap::new();
        for (name, value) in mapping {
            let name = key_text(name);
            let text = match value {
                Value::Null => String::new(),
                value => scalar_text(value)
                    .ok_or_else(|| self.error(key, format!("{name}: expected a string")))?,
            };
            let expanded = expand(&text, self.env)
                .map_err(|message| self.error(key, format!("{name}: {message}")))?;
            strings.insert(name, expanded);
        }
        Ok(strings)
    }

    /// Keys present but never read, as full field names.
    pub(super) fn unknown_keys(&self) -> Vec<String> {
        self.mapping
            .keys()
            .map(key_text)
            .filter(|key| !self.used.contains(&key.as_str()))
            .map(|key| self.field(&key))
            .collect()
    }
}

/// A scalar as text: strings as they are, numbers and booleans as written.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Tagged(tagged) => scalar_text(&tagged.value),
        _ => None,
    }
}

fn key_text(key: &Value) -> String {
    match key {
        Value::String(key) => key.clone(),
        other => serde_norway::to_string(other)
            .unwrap_or_default()
            .trim()
            .to_string(),
    }
}

/// A YAML value as JSON, with every string expanded.
fn to_json(value: &Value, env: &EnvLookup) -> Result<Json, String> {
    Ok(match value {
        Value::Null => Json::Null,
        Value::Bool(flag) => Json::Bool(*flag),
        Value::Number(number) => {
            if let Some(integer) = number.as_i64() {
                Json::from(integer)
            } else if let Some(integer) = number.as_u64() {
                Json::from(integer)
            } else {
                number
                    .as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map(Json::Number)
                    .unwrap_or(Json::Null)
            }
        }
        Value::String(text) => Json::String(expand(text, env)?),
        Value::Sequence(items) => Json::Array(
            items
                .iter()
                .map(|item| to_json(item, env))
                .collect::<Result<_, _>>()?,
        ),
        Value::Mapping(mapping) => Json::Object(
            mapping
                .iter()
                .map(|(key, item)| Ok((key_text(key), to_json(item, env)?)))
                .collect::<Result<_, String>>()?,
        ),
        Value::Tagged(tagged) => to_json(&tagged.value, env)?,
    })
}
