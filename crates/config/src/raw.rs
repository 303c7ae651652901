//! The merged ini values before typing. [`RawConfig`] is what `Settings::raw()` hands to
//! features that read keys the typed sections do not cover. It owns go-ini's `%(key)s`
//! interpolation, which Grafana applies whenever a value is read.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use crate::secret::redacted_value;

/// Name of the section holding keys written before the first `[section]` header, as in
/// go-ini (so its environment variables are `GF_DEFAULT_<KEY>`).
pub const DEFAULT_SECTION: &str = "DEFAULT";

/// go-ini gives up resolving nested `%(key)s` references after this many substitutions.
const MAX_INTERPOLATION_DEPTH: usize = 99;

/// Sections of `key = value` pairs, as stored after all sources were merged and
/// `$__env{}`/`$__file{}` were expanded. Values are kept uninterpolated; [`RawConfig::get`]
/// resolves `%(key)s` on read so a reference sees the final value of the key it names.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RawConfig {
    sections: BTreeMap<String, BTreeMap<String, String>>,
}

impl RawConfig {
    /// The value of `key` in `section` with `%(key)s` references resolved, or `None` when
    /// the key is absent. Keys before any header live in [`DEFAULT_SECTION`].
    pub fn get(&self, section: &str, key: &str) -> Option<String> {
        let value = self.get_uninterpolated(section, key)?;
        Some(self.interpolate(section, key, value))
    }

    /// Looks up `"section.key"`; the last dot separates the key, so `"auth.anonymous.enabled"`
    /// is key `enabled` of `[auth.anonymous]`. A path without a dot names a key of
    /// [`DEFAULT_SECTION`].
    pub fn lookup(&self, path: &str) -> Option<String> {
        let (section, key) = split_key_path(path);
        self.get(section, key)
    }

    /// The stored value without `%(key)s` resolution.
    pub fn get_uninterpolated(&self, section: &str, key: &str) -> Option<&str> {
        self.sections.get(section)?.get(key).map(String::as_str)
    }

    /// True when `section` holds `key`, whatever its value.
    pub fn contains(&self, section: &str, key: &str) -> bool {
        self.get_uninterpolated(section, key).is_some()
    }

    /// Section names in sorted order.
    pub fn sections(&self) -> impl Iterator<Item = &str> {
        self.sections.keys().map(String::as_str)
    }

    /// Key names of `section` in sorted order; empty when the section is absent.
    pub fn keys<'a>(&'a self, section: &str) -> impl Iterator<Item = &'a str> {
        self.sections
            .get(section)
            .into_iter()
            .flat_map(|entries| entries.keys().map(String::as_str))
    }

    /// Every `(section, key, uninterpolated value)` in sorted order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.sections.iter().flat_map(|(section, entries)| {
            entries
                .iter()
                .map(move |(key, value)| (section.as_str(), key.as_str(), value.as_str()))
        })
    }

    /// Sets `key` in `section`, creating both when needed.
    pub fn set(&mut self, section: &str, key: &str, value: impl Into<String>) {
        self.sections
            .entry(section.to_string())
            .or_default()
            .insert(key.to_string(), value.into());
    }

    /// Resolves `%(name)s` references in `value`, read as the value of `key` in `section`.
    /// Like go-ini: a name is looked up in the same section (never the key itself) and then
    /// in [`DEFAULT_SECTION`]; the first unresolvable reference stops resolution and the
    /// rest of the value is returned as is.
    pub fn interpolate(&self, section: &str, key: &str, value: &str) -> String {
        let mut resolved = value.to_string();
        for _ in 0..MAX_INTERPOLATION_DEPTH {
            let Some((reference, name)) = find_reference(&resolved) else {
                break;
            };
            let in_section = self
                .get_uninterpolated(section, name)
                .filter(|_| name != key);
            let in_default = || {
                let is_self = section == DEFAULT_SECTION && name == key;
                self.get_uninterpolated(DEFAULT_SECTION, name)
                    .filter(|_| !is_self)
            };
            let Some(replacement) = in_section.or_else(in_default) else {
                break;
            };
            resolved = resolved.replace(&reference, replacement);
        }
        resolved
    }
}

/// Lists every value, with credentials redacted.
impl fmt::Debug for RawConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sections = f.debug_map();
        for (section, entries) in &self.sections {
            let redacted: BTreeMap<&str, Cow<'_, str>> = entries
                .iter()
                .map(|(key, value)| (key.as_str(), redacted_value(key, value)))
                .collect();
            sections.entry(section, &redacted);
        }
        sections.finish()
    }
}

/// Splits `"section.key"` at its last dot; no dot means a key of [`DEFAULT_SECTION`].
pub(crate) fn split_key_path(path: &str) -> (&str, &str) {
    path.rsplit_once('.').unwrap_or((DEFAULT_SECTION, path))
}

/// The leftmost `%(name)s` in `value` as (whole reference, name), as go-ini's
/// `%\(([^)]+)\)s` finds it.
fn find_reference(value: &str) -> Option<(String, &str)> {
    let mut search_from = 0;
    while let Some(offset) = value[search_from..].find("%(") {
        let name_start = search_from + offset + 2;
        let rest = &value[name_start..];
        if let Some(name_len) = rest.find(')') {
            let name = &rest[..name_len];
            if name_len > 0 && rest[name_len + 1..].starts_with('s') {
                return Some((format!("%({name})s"), name));
            }
        }
        search_from = name_start;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(entries: &[(&str, &str)]) -> RawConfig {
        let mut raw = RawConfig::default();
        for (key, value) in entries {
            raw.set("server", key, *value);
        }
        raw
    }

    #[test]
    fn interpolates_keys_of_the_same_section() {
        let raw = server(&[
            ("protocol", "http"),
            ("domain", "example.com"),
            ("http_port", "4000"),
            ("root_url", "%(protocol)s://%(domain)s:%(http_port)s/"),
        ]);
        assert_eq!(
            raw.get("server", "root_url").as_deref(),
            Some("http://example.com:4000/")
        );
    }

    #[test]
    fn falls_back_to_the_default_section_and_resolves_nested_references() {
        let mut raw = server(&[("a", "%(b)s!"), ("b", "%(shared)s")]);
        raw.set(DEFAULT_SECTION, "shared", "value");
        assert_eq!(raw.get("server", "a").as_deref(), Some("value!"));
    }

    #[test]
    fn leaves_unknown_and_self_references_alone() {
        let raw = server(&[("a", "x %(missing)s y"), ("b", "%(b)s")]);
        assert_eq!(raw.get("server", "a").as_deref(), Some("x %(missing)s y"));
        assert_eq!(raw.get("server", "b").as_deref(), Some("%(b)s"));
        assert_eq!(raw.get("server", "absent"), None);
    }

    #[test]
    fn lookup_splits_at_the_last_dot() {
        let mut raw = RawConfig::default();
        raw.set("auth.anonymous", "enabled", "true");
        raw.set(DEFAULT_SECTION, "app_mode", "production");
        assert_eq!(
            raw.lookup("auth.anonymous.enabled").as_deref(),
            Some("true")
        );
        assert_eq!(raw.lookup("app_mode").as_deref(), Some("production"));
    }
}
