//! Typed reads of one section of the merged values. Every getter reports a wrong value as
//! [`ConfigError::InvalidValue`] naming section, key and value. An empty value falls back to
//! the built-in default, as Grafana's `MustBool(default)` and `MustInt(default)` do (so an
//! unset `$__env{...}` does not make a number invalid).

use std::time::Duration;

use crate::error::ConfigError;
use crate::raw::RawConfig;

/// One `[section]` of the merged values, read against the built-in defaults.
pub(crate) struct SectionValues<'a> {
    merged: &'a RawConfig,
    defaults: &'a RawConfig,
    name: &'static str,
}

impl<'a> SectionValues<'a> {
    pub(crate) fn new(merged: &'a RawConfig, defaults: &'a RawConfig, name: &'static str) -> Self {
        SectionValues {
            merged,
            defaults,
            name,
        }
    }

    /// The value with `%(key)s` resolved; empty when the key is absent. For keys where an
    /// empty value means something (no password, bind all interfaces, ...).
    pub(crate) fn string(&self, key: &str) -> String {
        self.merged.get(self.name, key).unwrap_or_default()
    }

    /// The value, or the built-in default when it is empty.
    pub(crate) fn string_or_default(&self, key: &str) -> String {
        let value = self.string(key);
        if !value.is_empty() {
            return value;
        }
        match self.defaults.get_uninterpolated(self.name, key) {
            Some(default) => self.merged.interpolate(self.name, key, default),
            None => value,
        }
    }

    /// The value (or default, when empty) converted by `parse`, whose error says what was
    /// expected.
    pub(crate) fn parse<T>(
        &self,
        key: &str,
        parse: impl FnOnce(&str) -> Result<T, String>,
    ) -> Result<T, ConfigError> {
        let value = self.string_or_default(key);
        parse(&value).map_err(|expected| self.invalid(key, &value, expected))
    }

    pub(crate) fn bool(&self, key: &str) -> Result<bool, ConfigError> {
        self.parse(key, parse_bool)
    }

    pub(crate) fn integer<T: Integer>(&self, key: &str) -> Result<T, ConfigError> {
        self.parse(key, parse_integer)
    }

    /// A whole number of seconds.
    pub(crate) fn seconds(&self, key: &str) -> Result<Duration, ConfigError> {
        self.integer::<u64>(key).map(Duration::from_secs)
    }

    /// The error for `value` of `key` in this section.
    pub(crate) fn invalid(
        &self,
        key: &str,
        value: &str,
        expected: impl Into<String>,
    ) -> ConfigError {
        ConfigError::InvalidValue {
            section: self.name.to_string(),
            key: key.to_string(),
            value: value.to_string(),
            expected: expected.into(),
        }
    }
}

/// Parses a boolean as go-ini and Go's `strconv.ParseBool` accept it, case-insensitively
/// (true/false, t/f, 1/0, yes/no, y/n, on/off), for keys read through [`crate::RawConfig`].
pub fn parse_bool(text: &str) -> Result<bool, String> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "t" | "1" | "yes" | "y" | "on" => Ok(true),
        "false" | "f" | "0" | "no" | "n" | "off" => Ok(false),
        _ => Err("expected a boolean (true or false)".to_string()),
    }
}

/// Integer types a setting may have, with their bounds for error messages.
pub(crate) trait Integer: TryFrom<i128> {
    const MIN: i128;
    const MAX: i128;
}

impl Integer for u16 {
    const MIN: i128 = u16::MIN as i128;
    const MAX: i128 = u16::MAX as i128;
}

impl Integer for u32 {
    const MIN: i128 = u32::MIN as i128;
    const MAX: i128 = u32::MAX as i128;
}

impl Integer for u64 {
    const MIN: i128 = u64::MIN as i128;
    const MAX: i128 = u64::MAX as i128;
}

impl Integer for i64 {
    const MIN: i128 = i64::MIN as i128;
    const MAX: i128 = i64::MAX as i128;
}

pub(crate) fn parse_integer<T: Integer>(text: &str) -> Result<T, String> {
    let number: i128 = text
        .parse()
        .map_err(|_| "expected an integer".to_string())?;
    T::try_from(number)
        .map_err(|_| format!("expected an integer between {} and {}", T::MIN, T::MAX))
}

/// Matches `text` case-insensitively against the names in `choices`.
pub(crate) fn one_of<T: Copy>(text: &str, choices: &[(&str, T)]) -> Result<T, String> {
    choices
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(text))
        .map(|(_, choice)| *choice)
        .ok_or_else(|| {
            let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
            format!("expected one of {}", names.join(", "))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_follow_go() {
        for text in ["true", "TRUE", "t", "1", "yes", "Y", "on", "On"] {
            assert_eq!(parse_bool(text), Ok(true), "{text}");
        }
        for text in ["false", "F", "0", "no", "n", "OFF"] {
            assert_eq!(parse_bool(text), Ok(false), "{text}");
        }
        assert!(parse_bool("maybe").is_err());
    }

    #[test]
    fn integers_report_their_range() {
        assert_eq!(parse_integer::<u16>("3000"), Ok(3000));
        assert_eq!(
            parse_integer::<u16>("abc"),
            Err("expected an integer".to_string())
        );
        assert_eq!(
            parse_integer::<u16>("70000"),
            Err("expected an integer between 0 and 65535".to_string())
        );
        assert_eq!(parse_integer::<i64>("-1"), Ok(-1));
    }

    #[test]
    fn empty_values_fall_back_to_the_default() {
        let mut defaults = RawConfig::default();
        defaults.set("server", "http_port", "3000");
        let mut merged = defaults.clone();
        merged.set("server", "http_port", "");
        let server = SectionValues::new(&merged, &defaults, "server");
        assert_eq!(server.integer::<u16>("http_port").ok(), Some(3000));
        assert_eq!(server.string("http_port"), "");
    }

    #[test]
    fn choices_are_case_insensitive_and_listed_on_error() {
        let choices = [("lax", 1), ("strict", 2)];
        assert_eq!(one_of("Strict", &choices), Ok(2));
        assert_eq!(
            one_of("loose", &choices),
            Err("expected one of lax, strict".to_string())
        );
    }
}
