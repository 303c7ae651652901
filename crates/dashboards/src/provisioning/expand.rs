//! Environment lookups in provisioning values, as Grafana expands them: `$NAME`, `${NAME}`
//! and `$__env{NAME}` become the variable (empty when unset), `$__file{path}` the file's
//! content with surrounding whitespace trimmed, and `$$` a literal `$`.
//!
//! Only values are expanded, once each, after the YAML is parsed: keys and the YAML structure
//! never change, and a variable's value is not expanded again. Other `$__name{…}` expanders
//! (Grafana's `$__vault{…}`) are left as written.

use std::path::Path;

/// Reads an environment variable; the process environment in production.
pub type EnvLookup = dyn Fn(&str) -> Option<String> + Send + Sync;

/// `value` with every lookup replaced; fails naming the file a `$__file{}` could not read.
pub fn expand(value: &str, env: &EnvLookup) -> Result<String, String> {
    let parts = value
        .split("$$")
        .map(|part| expand_part(part, env))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(parts.join("$"))
}

/// Expands one stretch of text that holds no `$$`.
fn expand_part(text: &str, env: &EnvLookup) -> Result<String, String> {
    let mut output = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(dollar) = rest.find('$') {
        output.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        let (replacement, consumed) = match reference(after) {
            Some(Reference::Env(name, consumed)) => (env(name).unwrap_or_default(), consumed),
            Some(Reference::File(path, consumed)) => (read_file(path)?, consumed),
            None => ("$".to_string(), 0),
        };
        output.push_str(&replacement);
        rest = &after[consumed..];
    }
    output.push_str(rest);
    Ok(output)
}

/// What follows a `$`, with how many bytes after the `$` it spans.
enum Reference<'a> {
    Env(&'a str, usize),
    File(&'a str, usize),
}

fn reference(after: &str) -> Option<Reference<'_>> {
    if let Some(named) = after.strip_prefix("__") {
        let name_len = word_len(named);
        let (expander, tail) = named.split_at(name_len);
        let argument = tail
            .strip_prefix('{')
            .and_then(|inner| inner.find('}').map(|end| &inner[..end]));
        if let Some(argument) = argument.filter(|argument| !argument.is_empty()) {
            // `$` `__` name `{` argument `}`
            let consumed = 2 + name_len + argument.len() + 2;
            return match expander {
                "env" => Some(Reference::Env(argument, consumed)),
                "file" => Some(Reference::File(argument, consumed)),
                _ => None,
            };
        }
    }
    if let Some(braced) = after.strip_prefix('{') {
        let end = braced.find('}')?;
        let name = &braced[..end];
        return (!name.is_empty()).then_some(Reference::Env(name, end + 2));
    }
    let name_len = word_len(after);
    (name_len > 0).then(|| Reference::Env(&after[..name_len], name_len))
}

/// The length of the leading run of `[A-Za-z0-9_]`.
fn word_len(text: &str) -> usize {
    text.find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
        .unwrap_or(text.len())
}

fn read_file(path: &str) -> Result<String, String> {
    std::fs::read_to_string(Path::new(path))
        .map(|content| content.trim().to_string())
        .map_err(|error| format!("cannot read {path} for $__file{{{path}}}: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(name: &str) -> Option<String> {
        match name {
            "DIR" => Some("/srv/dashboards".to_string()),
            "ORG" => Some("2".to_string()),
            "DOLLAR" => Some("$HOME".to_string()),
            _ => None,
        }
    }

    fn expanded(value: &str) -> String {
        expand(value, &env).expect("expands")
    }

    #[test]
    fn both_variable_forms_expand() {
        assert_eq!(expanded("$DIR/team"), "/srv/dashboards/team");
        assert_eq!(expanded("${DIR}/team"), "/srv/dashboards/team");
        assert_eq!(expanded("$__env{DIR}/team"), "/srv/dashboards/team");
        assert_eq!(expanded("org-${ORG}x"), "org-2x");
    }

    #[test]
    fn unset_variables_become_empty() {
        assert_eq!(expanded("a${MISSING}b"), "ab");
        assert_eq!(expanded("a/$MISSING/b"), "a//b");
    }

    #[test]
    fn double_dollar_is_a_literal_dollar() {
        assert_eq!(expanded("pa$$word"), "pa$word");
        assert_eq!(expanded("$${DIR}"), "${DIR}");
        assert_eq!(expanded("$$$DIR"), "$/srv/dashboards");
    }

    #[test]
    fn values_are_expanded_once() {
        assert_eq!(expanded("$DOLLAR"), "$HOME");
    }

    #[test]
    fn lone_or_unusual_dollars_stay() {
        assert_eq!(expanded("cost: 5$"), "cost: 5$");
        assert_eq!(expanded("$/x"), "$/x");
        assert_eq!(expanded("${unclosed"), "${unclosed");
        assert_eq!(expanded("$__vault{secret}"), "$__vault{secret}");
    }

    #[test]
    fn file_references_read_the_trimmed_content() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("path.txt");
        std::fs::write(&path, "  /from/file\n").expect("write");
        let value = format!("$__file{{{}}}/x", path.display());
        assert_eq!(expanded(&value), "/from/file/x");
        let missing = format!("$__file{{{}}}", dir.path().join("nope").display());
        let error = expand(&missing, &env).expect_err("missing file");
        assert!(error.contains("nope"), "{error}");
    }
}
