//! Hostile values against every quoting format: each test reads the interpolated text back
//! with the syntax the format targets and proves that it holds exactly the values, each
//! inside its own literal, with the text around it untouched.

use super::*;

const HOSTILE: &[&str] = &[
    "'",
    "''",
    "\\",
    "\\'",
    "\\\\'",
    "a\\",
    "'; DROP TABLE users; --",
    "x' OR '1'='1",
    "\" OR \"1\"=\"1",
    "\\\"",
    "'\\''",
    "`rm -rf /`",
    "${secret}",
    "$secret",
    "[[secret]]",
    "${secret:raw}",
    "}",
    "${",
    ")(",
    "a|b",
    ".*",
    "(a)",
    "[a-z]+",
    "^$",
    "{a,b}",
    "a/b",
    "?+*",
    "\n\r\t",
    "\u{0}",
    "é✓🦥",
    "</script><script>",
    "a:b",
    "-1",
    "1e5",
    " 1",
    "",
    "%27",
    "a\" OR b:c",
    "NOT x",
    "x AND y || z && !w ~1 ^2",
];

/// `single` holds the hostile value; `multi` holds it between two others.
fn variables(value: &str) -> Variables {
    Variables::new()
        .with(Variable::single("single", value))
        .with(Variable::multi("multi", [value, "plain", value]))
        .with(Variable::single("secret", "LEAK"))
}

fn multi_values(value: &str) -> Vec<String> {
    vec![value.to_string(), "plain".to_string(), value.to_string()]
}

/// Interpolates `prefix ${var:format} suffix` and returns the middle, after checking that
/// the text around it is intact.
fn formatted(value: &str, variable: &str, format: &str) -> String {
    let template = format!("BEFORE ${{{variable}:{format}}} AFTER");
    let out = interpolate(&template, &variables(value), Format::Glob);
    let middle = out
        .strip_prefix("BEFORE ")
        .and_then(|rest| rest.strip_suffix(" AFTER"))
        .unwrap_or_else(|| panic!("{format} of {value:?} broke the template: {out:?}"));
    middle.to_string()
}

/// Reads `'a','b'` SQL literals; `backslash_escapes` as MySQL does, else as standard SQL
/// (PostgreSQL, SQLite), where only a doubled quote escapes.
fn sql_literals(text: &str, backslash_escapes: bool) -> Option<Vec<String>> {
    let mut chars = text.chars().peekable();
    let mut literals = Vec::new();
    loop {
        if chars.next()? != '\'' {
            return None;
        }
        let mut literal = String::new();
        loop {
            match chars.next()? {
                '\\' if backslash_escapes => literal.push(chars.next()?),
                '\'' if chars.peek() == Some(&'\'') => {
                    chars.next();
                    literal.push('\'');
                }
                '\'' => break,
                other => literal.push(other),
            }
        }
        literals.push(literal);
        match chars.next() {
            None => return Some(literals),
            Some(',') => continue,
            Some(_) => return None,
        }
    }
}

/// Reads `'a','b'` (or with `"`) literals with backslash escapes.
fn backslash_literals(text: &str, quote: char) -> Option<Vec<String>> {
    let mut chars = text.chars();
    let mut literals = Vec::new();
    loop {
        if chars.next()? != quote {
            return None;
        }
        let mut literal = String::new();
        loop {
            match chars.next()? {
                '\\' => literal.push(chars.next()?),
                c if c == quote => break,
                other => literal.push(other),
            }
        }
        literals.push(literal);
        match chars.next() {
            None => return Some(literals),
            Some(',') => continue,
            Some(_) => return None,
        }
    }
}

#[test]
fn values_are_never_interpolated_again() {
    let formats = [
        "glob",
        "csv",
        "pipe",
        "raw",
        "regex",
        "lucene",
        "json",
        "sqlstring",
        "singlequote",
        "doublequote",
        "percentencode",
        "queryparam",
        "text",
        "distributed",
        "html",
        "join",
    ];
    for value in [
        "${secret}",
        "$secret",
        "[[secret]]",
        "${secret:raw}",
        "${secret.x}",
    ] {
        for format in formats {
            for variable in ["single", "multi"] {
                let out = formatted(value, variable, format);
                assert!(
                    !out.contains("LEAK"),
                    "{format} of {value:?} leaked: {out:?}"
                );
            }
        }
        let plain = interpolate("$single", &variables(value), Format::Raw);
        assert_eq!(plain, value);
    }
}

#[test]
fn sqlstring_values_stay_inside_their_literals() {
    for value in HOSTILE {
        let single = formatted(value, "single", "sqlstring");
        assert_eq!(
            sql_literals(&single, true),
            Some(vec![value.to_string()]),
            "mysql: {single}"
        );
        assert_eq!(
            sql_literals(&single, false).map(|l| l.len()),
            Some(1),
            "standard sql: {single}"
        );

        let multi = formatted(value, "multi", "sqlstring");
        assert_eq!(
            sql_literals(&multi, true),
            Some(multi_values(value)),
            "mysql: {multi}"
        );
        assert_eq!(
            sql_literals(&multi, false).map(|l| l.len()),
            Some(3),
            "standard sql: {multi}"
        );
        if !value.contains(['\\', '"']) {
            assert_eq!(
                sql_literals(&multi, false),
                Some(multi_values(value)),
                "{multi}"
            );
        }
    }
}

#[test]
fn quoted_values_stay_inside_their_quotes() {
    for (format, quote) in [("singlequote", '\''), ("doublequote", '"')] {
        for value in HOSTILE {
            let single = formatted(value, "single", format);
            assert_eq!(
                backslash_literals(&single, quote),
                Some(vec![value.to_string()]),
                "{single}"
            );
            let multi = formatted(value, "multi", format);
            assert_eq!(
                backslash_literals(&multi, quote),
                Some(multi_values(value)),
                "{multi}"
            );
        }
    }
}

/// Undoes regex escaping, refusing any metacharacter left unescaped.
fn unescape_regex(text: &str) -> Option<String> {
    const SPECIALS: &str = "\\^$*+?.()|[]{}/";
    let mut chars = text.chars();
    let mut literal = String::new();
    while let Some(c) = chars.next() {
        match c {
            '\\' => literal.push(chars.next().filter(|next| SPECIALS.contains(*next))?),
            c if SPECIALS.contains(c) => return None,
            c => literal.push(c),
        }
    }
    Some(literal)
}

#[test]
fn regex_values_match_only_themselves() {
    for value in HOSTILE {
        let single = formatted(value, "single", "regex");
        assert_eq!(unescape_regex(&single).as_deref(), Some(*value), "{single}");
        let pattern =
            regex::Regex::new(&format!("^(?:{single})$")).expect("single pattern compiles");
        assert!(pattern.is_match(value), "{single}");
        for other in [
            format!("{value}x"),
            format!("x{value}"),
            "plain".to_string(),
        ] {
            assert!(!pattern.is_match(&other), "{single} matched {other:?}");
        }

        let multi = formatted(value, "multi", "regex");
        let alternatives = multi
            .strip_prefix('(')
            .and_then(|m| m.strip_suffix(')'))
            .expect("grouped");
        let pattern = regex::Regex::new(&format!("^{multi}$")).expect("multi pattern compiles");
        for expected in multi_values(value) {
            assert!(pattern.is_match(&expected), "{multi} misses {expected:?}");
        }
        assert!(!pattern.is_match("other"), "{multi}");
        assert!(!pattern.is_match(&format!("{value}|plain")), "{multi}");
        assert!(alternatives
            .split("|plain|")
            .all(|part| unescape_regex(part).as_deref() == Some(*value)));
    }
}

/// Undoes Lucene escaping, refusing operators or whitespace left unescaped.
fn unescape_lucene_term(text: &str) -> Option<String> {
    let mut chars = text.chars();
    let mut term = String::new();
    while let Some(c) = chars.next() {
        match c {
            '\\' => term.push(chars.next()?),
            c if c.is_whitespace() || "!*+-=<>&|()[]{}^~?:/\"".contains(c) => return None,
            c => term.push(c),
        }
    }
    Some(term)
}

/// Reads `("a" OR "b")`.
fn lucene_phrases(text: &str) -> Option<Vec<String>> {
    let inner = text.strip_prefix('(')?.strip_suffix(')')?;
    let mut chars = inner.chars().peekable();
    let mut phrases = Vec::new();
    loop {
        if chars.next()? != '"' {
            return None;
        }
        let mut phrase = String::new();
        loop {
            match chars.next()? {
                '\\' => phrase.push(chars.next()?),
                '"' => break,
                other => phrase.push(other),
            }
        }
        phrases.push(phrase);
        if chars.peek().is_none() {
            return Some(phrases);
        }
        for expected in " OR ".chars() {
            if chars.next()? != expected {
                return None;
            }
        }
    }
}

#[test]
fn lucene_values_are_one_term_or_one_phrase() {
    for value in HOSTILE {
        let single = formatted(value, "single", "lucene");
        if escape::is_js_number(value) {
            assert_eq!(single, *value, "numbers are left as they are");
        } else {
            assert_eq!(
                unescape_lucene_term(&single).as_deref(),
                Some(*value),
                "{single}"
            );
        }
        let multi = formatted(value, "multi", "lucene");
        assert_eq!(lucene_phrases(&multi), Some(multi_values(value)), "{multi}");
    }
}

#[test]
fn json_values_are_json_strings() {
    for value in HOSTILE {
        let single: serde_json::Value =
            serde_json::from_str(&formatted(value, "single", "json")).expect("single is json");
        assert_eq!(single, serde_json::json!(value));
        let multi: serde_json::Value =
            serde_json::from_str(&formatted(value, "multi", "json")).expect("multi is json");
        assert_eq!(multi, serde_json::json!(multi_values(value)));
    }
}

#[test]
fn url_formats_keep_values_inside_one_parameter() {
    let unreserved = |c: char| c.is_ascii_alphanumeric() || "-_.~%".contains(c);
    for value in HOSTILE {
        let encoded = formatted(value, "single", "percentencode");
        assert!(encoded.chars().all(unreserved), "{encoded}");
        let params = formatted(value, "multi", "queryparam");
        let parts: Vec<&str> = params.split('&').collect();
        assert_eq!(parts.len(), 3, "{params}");
        for part in parts {
            let encoded_value = part.strip_prefix("var-multi=").expect("one parameter");
            assert!(encoded_value.chars().all(unreserved), "{part}");
        }
    }
}
