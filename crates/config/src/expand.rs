//! Grafana's value expanders, run over every value once all sources are merged:
//! `${NAME}` and `$__env{NAME}` become the environment variable (empty when unset), then
//! `$__file{path}` becomes the file's content with surrounding whitespace trimmed.
//! References to other expanders (e.g. `$__vault{...}`) are left as written.

use std::collections::HashMap;
use std::convert::Infallible;
use std::path::PathBuf;

use crate::error::ConfigError;
use crate::raw::RawConfig;

/// One `$name{argument}` or `${argument}` occurrence, matched as Grafana's
/// `\$(|__\w+){([^}]+)}` does.
struct Reference<'a> {
    start: usize,
    end: usize,
    /// `"env"`, `"file"`, ...; empty for the `${NAME}` form.
    expander: &'a str,
    argument: &'a str,
}

/// Expands every value of `raw` in place: environment references first, then files (so an
/// environment variable may hold a `$__file{}` reference, as in Grafana).
pub(crate) fn expand_all(
    raw: &mut RawConfig,
    env: &HashMap<String, String>,
) -> Result<(), ConfigError> {
    let entries: Vec<(String, String, String)> = raw
        .entries()
        .filter(|(_, _, value)| value.contains('$'))
        .map(|(section, key, value)| (section.to_string(), key.to_string(), value.to_string()))
        .collect();
    for (section, key, value) in entries {
        let with_env = expand_env(&value, env);
        let with_files =
            expand_files(&with_env).map_err(|(path, source)| ConfigError::ExpandFile {
                section: section.clone(),
                key: key.clone(),
                path,
                source,
            })?;
        raw.set(&section, &key, with_files);
    }
    Ok(())
}

/// Replaces `${NAME}` and `$__env{NAME}` with the variable's value, empty when unset.
pub(crate) fn expand_env(value: &str, env: &HashMap<String, String>) -> String {
    let expanded = replace_references(value, |reference| match reference.expander {
        "" | "env" => Some(Ok::<_, Infallible>(
            env.get(reference.argument).cloned().unwrap_or_default(),
        )),
        _ => None,
    });
    expanded.unwrap_or_else(|never| match never {})
}

/// Replaces `$__file{path}` with the trimmed content of the file; fails with the path and
/// the IO error when it cannot be read.
pub(crate) fn expand_files(value: &str) -> Result<String, (PathBuf, std::io::Error)> {
    replace_references(value, |reference| {
        if reference.expander != "file" {
            return None;
        }
        let path = PathBuf::from(reference.argument);
        Some(match std::fs::read_to_string(&path) {
            Ok(content) => Ok(content.trim().to_string()),
            Err(source) => Err((path, source)),
        })
    })
}

/// Rebuilds `value` with each reference for which `resolve` returns `Some` replaced by
/// its result; other references stay literal.
fn replace_references<E>(
    value: &str,
    mut resolve: impl FnMut(&Reference<'_>) -> Option<Result<String, E>>,
) -> Result<String, E> {
    let mut output = String::with_capacity(value.len());
    let mut copied_up_to = 0;
    let mut search_from = 0;
    while let Some(reference) = next_reference(value, search_from) {
        search_from = reference.end;
        let Some(replacement) = resolve(&reference) else {
            continue;
        };
        output.push_str(&value[copied_up_to..reference.start]);
        output.push_str(&replacement?);
        copied_up_to = reference.end;
    }
    output.push_str(&value[copied_up_to..]);
    Ok(output)
}

/// The first reference starting at or after byte `from`.
fn next_reference(value: &str, from: usize) -> Option<Reference<'_>> {
    let mut dollar_search = from;
    while let Some(offset) = value[dollar_search..].find('$') {
        let start = dollar_search + offset;
        if let Some(reference) = reference_at(value, start) {
            return Some(reference);
        }
        dollar_search = start + 1;
    }
    None
}

/// The reference whose `$` is at byte `start`, if one is there.
fn reference_at(value: &str, start: usize) -> Option<Reference<'_>> {
    let after_dollar = &value[start + 1..];
    let (expander, after_open) = match after_dollar.strip_prefix('{') {
        Some(rest) => ("", rest),
        None => {
            let named = after_dollar.strip_prefix("__")?;
            let name_len = named
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(named.len());
            if name_len == 0 {
                return None;
            }
            let rest = named[name_len..].strip_prefix('{')?;
            (&named[..name_len], rest)
        }
    };
    let argument_len = after_open.find('}')?;
    if argument_len == 0 {
        return None;
    }
    let argument_start = value.len() - after_open.len();
    Some(Reference {
        start,
        end: argument_start + argument_len + 1,
        expander,
        argument: &after_open[..argument_len],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect()
    }

    fn temp_file(name: &str, content: &str) -> PathBuf {
        let path = std::env::temp_dir().join(format!(
            "sightline-config-expand-{}-{name}",
            std::process::id()
        ));
        if let Err(error) = std::fs::write(&path, content) {
            panic!("cannot write {}: {error}", path.display());
        }
        path
    }

    #[test]
    fn expands_both_env_forms_and_blanks_unset_variables() {
        let vars = env(&[("USER_NAME", "bob"), ("PORT", "5432")]);
        assert_eq!(
            expand_env("$__env{USER_NAME}@host:${PORT}/${UNSET}x", &vars),
            "bob@host:5432/x"
        );
    }

    #[test]
    fn leaves_other_text_and_unknown_expanders_alone() {
        let vars = env(&[("A", "1")]);
        for literal in [
            "$A",
            "${}",
            "$__env{}",
            "$__{A}",
            "price $5",
            "$__vault{x}",
            "${A",
        ] {
            assert_eq!(expand_env(literal, &vars), literal);
        }
        assert_eq!(expand_env("$__vault{x} ${A}", &vars), "$__vault{x} 1");
    }

    #[test]
    fn reads_and_trims_files() {
        let path = temp_file("secret", "s3cret\n");
        let value = format!("pre-$__file{{{}}}-post", path.display());
        let expanded = expand_files(&value).map_err(|(path, error)| (path, error.to_string()));
        assert_eq!(expanded, Ok("pre-s3cret-post".to_string()));
        let _ = std::fs::remove_file(path);
    }

    #[test]
    fn reports_unreadable_files_with_section_and_key() {
        let missing = std::env::temp_dir().join("sightline-config-expand-does-not-exist");
        let mut raw = RawConfig::default();
        raw.set(
            "database",
            "password",
            format!("$__file{{{}}}", missing.display()),
        );
        let error = match expand_all(&mut raw, &HashMap::new()) {
            Ok(()) => panic!("expected an error"),
            Err(error) => error.to_string(),
        };
        assert!(
            error.starts_with(&format!(
                "cannot expand [database] password: cannot read file {}:",
                missing.display()
            )),
            "{error}"
        );
    }

    #[test]
    fn env_values_may_name_files() {
        let path = temp_file("via-env", "from file");
        let reference = format!("$__file{{{}}}", path.display());
        let vars = env(&[("SECRET_REFERENCE", &reference)]);
        let mut raw = RawConfig::default();
        raw.set("security", "secret_key", "${SECRET_REFERENCE}");
        let result = expand_all(&mut raw, &vars).map_err(|error| error.to_string());
        assert_eq!(result, Ok(()));
        assert_eq!(
            raw.get("security", "secret_key").as_deref(),
            Some("from file")
        );
        let _ = std::fs::remove_file(path);
    }
}
