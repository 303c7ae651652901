//! Typed reads of a provider file's values: each value is expanded first (`expand.rs`), then
//! converted as Grafana converts it; errors name the field (`providers[0].options.path`).

use std::path::Path;

use serde_norway::{Mapping, Value};

use super::{problem, ConfigProblem};
use crate::provisioning::expand::{expand, EnvLookup};

/// A wrong value, before the file is known.
#[derive(Debug)]
pub(super) struct FieldError {
    field: String,
    message: String,
}

impl FieldError {
    pub(super) fn at(self, file: &Path) -> ConfigProblem {
        problem(file, &self.field, self.message)
    }
}

/// Typed, expanded reads of a mapping's values, remembering which keys were read.
pub(super) struct Fields<'a> {
    mapping: &'a Mapping,
    prefix: String,
    env: &'a EnvLookup,
    pub(super) used: Vec<&'static str>,
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

    pub(super) fn error(&self, key: &str, message: &str) -> FieldError {
        FieldError {
            field: self.field(key),
            message: message.to_string(),
        }
    }

    /// The value of `key` as text, expanded; `None` when absent or null.
    fn scalar(&mut self, key: &'static str, expected: &str) -> Result<Option<String>, FieldError> {
        self.used.push(key);
        let text = match self.mapping.get(key) {
            None | Some(Value::Null) => return Ok(None),
            Some(Value::String(text)) => text.clone(),
            Some(Value::Number(number)) => number.to_string(),
            Some(Value::Bool(flag)) => flag.to_string(),
            Some(_) => return Err(self.error(key, &format!("expected {expected}"))),
        };
        expand(&text, self.env)
            .map(Some)
            .map_err(|message| self.error(key, &message))
    }

    pub(super) fn string(&mut self, key: &'static str) -> Result<Option<String>, FieldError> {
        self.scalar(key, "a string")
    }

    /// An integer, also from an expanded string (`orgId: $ORG`); empty counts as absent.
    pub(super) fn int(&mut self, key: &'static str) -> Result<Option<i64>, FieldError> {
        let Some(text) = self.scalar(key, "an integer")? else {
            return Ok(None);
        };
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        text.parse()
            .map(Some)
            .map_err(|_| self.error(key, &format!("expected an integer, got {text:?}")))
    }

    /// A boolean, spelled as Go's `strconv.ParseBool` accepts (Grafana parses it so).
    pub(super) fn bool(&mut self, key: &'static str) -> Result<Option<bool>, FieldError> {
        let Some(text) = self.scalar(key, "true or false")? else {
            return Ok(None);
        };
        match text.trim() {
            "1" | "t" | "T" | "true" | "TRUE" | "True" => Ok(Some(true)),
            "0" | "f" | "F" | "false" | "FALSE" | "False" => Ok(Some(false)),
            other => Err(self.error(key, &format!("expected true or false, got {other:?}"))),
        }
    }

    pub(super) fn mapping(&mut self, key: &'static str) -> Result<Option<Fields<'a>>, FieldError> {
        self.used.push(key);
        match self.mapping.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Mapping(mapping)) => {
                Ok(Some(Fields::new(mapping, &self.field(key), self.env)))
            }
            Some(_) => Err(self.error(key, "expected a mapping")),
        }
    }

    /// Keys present but never read, as full field names.
    pub(super) fn unknown_keys(&self) -> Vec<String> {
        self.mapping
            .keys()
            .map(|key| match key {
                Value::String(key) => key.clone(),
                other => serde_norway::to_string(other)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            })
            .filter(|key| !self.used.contains(&key.as_str()))
            .map(|key| self.field(&key))
            .collect()
    }
}
