//! The ini parser, following go-ini as Grafana configures it: `[section]` headers (names
//! may contain dots), `key = value` lines, `;` and `#` comments (also after an unquoted
//! value, which is why passwords containing them must be quoted), and values wrapped in
//! `"..."`, `'...'` or `"""..."""` (which may span lines) stripped of their quotes.
//! Keys before the first header belong to [`DEFAULT_SECTION`].

use crate::error::ConfigError;
use crate::raw::{RawConfig, DEFAULT_SECTION};

const TRIPLE_QUOTE: &str = "\"\"\"";

/// Parses ini `text`; `source` names it in errors (a path, or the embedded defaults).
/// Repeated sections merge and a repeated key keeps its last value.
pub(crate) fn parse(text: &str, source: &str) -> Result<RawConfig, ConfigError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line));
    let mut raw = RawConfig::default();
    let mut section = DEFAULT_SECTION.to_string();

    while let Some((line_number, line)) = lines.next() {
        let parse_error = |message: String| ConfigError::Parse {
            file: source.to_string(),
            line: line_number,
            message,
        };
        let trimmed = line.trim();
        if trimmed.is_empty() || is_comment(trimmed) {
            continue;
        }
        if trimmed.starts_with('[') {
            section = parse_section_header(trimmed).map_err(parse_error)?;
            continue;
        }
        let Some((key, value_text)) = trimmed.split_once('=') else {
            return Err(parse_error(format!(
                "expected \"key = value\" or \"[section]\", found {trimmed:?}"
            )));
        };
        let key = key.trim();
        if key.is_empty() {
            return Err(parse_error(format!("missing key name in {trimmed:?}")));
        }
        let value = parse_value(value_text.trim(), &mut lines).map_err(parse_error)?;
        raw.set(&section, key, value);
    }
    Ok(raw)
}

fn is_comment(text: &str) -> bool {
    text.starts_with(';') || text.starts_with('#')
}

/// `text` is a trimmed line starting with `[`.
fn parse_section_header(text: &str) -> Result<String, String> {
    let Some(close) = text.rfind(']') else {
        return Err(format!("missing \"]\" in section header {text:?}"));
    };
    let trailing = text[close + 1..].trim();
    if !trailing.is_empty() && !is_comment(trailing) {
        return Err(format!("unexpected text after section header {text:?}"));
    }
    let name = text[1..close].trim();
    if name.is_empty() {
        return Err("empty section name".to_string());
    }
    Ok(name.to_string())
}

/// `text` is the trimmed text after `=`. A `"""` value without its closing quotes on the
/// same line continues on the following lines, which are taken verbatim and joined by
/// newlines.
fn parse_value<'a>(
    text: &str,
    lines: &mut impl Iterator<Item = (usize, &'a str)>,
) -> Result<String, String> {
    if let Some(after_open) = text.strip_prefix(TRIPLE_QUOTE) {
        if let Some(close) = after_open.find(TRIPLE_QUOTE) {
            expect_only_comment(&after_open[close + TRIPLE_QUOTE.len()..])?;
            return Ok(after_open[..close].to_string());
        }
        let mut value = after_open.to_string();
        for (_, line) in lines.by_ref() {
            value.push('\n');
            if let Some(close) = line.find(TRIPLE_QUOTE) {
                value.push_str(&line[..close]);
                expect_only_comment(&line[close + TRIPLE_QUOTE.len()..])?;
                return Ok(value);
            }
            value.push_str(line);
        }
        return Err("missing closing \"\"\" for the value starting here".to_string());
    }
    if let Some(quote) = text.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let after_open = &text[1..];
        let Some(close) = after_open.find(quote) else {
            return Err(format!("missing closing {quote} in value {text:?}"));
        };
        expect_only_comment(&after_open[close + 1..])?;
        return Ok(after_open[..close].to_string());
    }
    let without_comment = match text.find(['#', ';']) {
        Some(comment_start) => &text[..comment_start],
        None => text,
    };
    Ok(without_comment.trim_end().to_string())
}

fn expect_only_comment(text: &str) -> Result<(), String> {
    let text = text.trim();
    if text.is_empty() || is_comment(text) {
        return Ok(());
    }
    Err(format!("unexpected text {text:?} after closing quote"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> RawConfig {
        match parse(text, "test.ini") {
            Ok(raw) => raw,
            Err(error) => panic!("unexpected parse error: {error}"),
        }
    }

    fn parse_err(text: &str) -> String {
        match parse(text, "test.ini") {
            Ok(raw) => panic!("expected a parse error, got {raw:?}"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn reads_sections_keys_and_comments() {
        let raw = parse_ok(
            "top = level\n; comment\n# comment\n\n[auth.anonymous]\n  enabled =  true  \n[server] ; trailing\nhttp_port=3000\n",
        );
        assert_eq!(raw.get(DEFAULT_SECTION, "top").as_deref(), Some("level"));
        assert_eq!(
            raw.get("auth.anonymous", "enabled").as_deref(),
            Some("true")
        );
        assert_eq!(raw.get("server", "http_port").as_deref(), Some("3000"));
    }

    #[test]
    fn strips_inline_comments_from_unquoted_values_only() {
        let raw = parse_ok(
            "[s]\na = abc # note\nb = abc;def\nc = \"a#b;c\" ; note\nd = 'single # quoted'\ne =\n",
        );
        assert_eq!(raw.get("s", "a").as_deref(), Some("abc"));
        assert_eq!(raw.get("s", "b").as_deref(), Some("abc"));
        assert_eq!(raw.get("s", "c").as_deref(), Some("a#b;c"));
        assert_eq!(raw.get("s", "d").as_deref(), Some("single # quoted"));
        assert_eq!(raw.get("s", "e").as_deref(), Some(""));
    }

    #[test]
    fn strips_triple_quotes_on_one_or_several_lines() {
        let raw = parse_ok(
            "[s]\npassword = \"\"\"#pass;word\"\"\"\nspaced = \"  kept  \"\nmulti = \"\"\"first\n  second\nthird\"\"\" # done\nafter = 1\n",
        );
        assert_eq!(raw.get("s", "password").as_deref(), Some("#pass;word"));
        assert_eq!(raw.get("s", "spaced").as_deref(), Some("  kept  "));
        assert_eq!(
            raw.get("s", "multi").as_deref(),
            Some("first\n  second\nthird")
        );
        assert_eq!(raw.get("s", "after").as_deref(), Some("1"));
    }

    #[test]
    fn later_keys_and_repeated_sections_merge() {
        let raw = parse_ok("[s]\na = 1\n[t]\nx = 1\n[s]\na = 2\nb = 3\n");
        assert_eq!(raw.get("s", "a").as_deref(), Some("2"));
        assert_eq!(raw.get("s", "b").as_deref(), Some("3"));
    }

    #[test]
    fn accepts_crlf_and_a_byte_order_mark() {
        let raw = parse_ok("\u{feff}[s]\r\na = 1\r\n");
        assert_eq!(raw.get("s", "a").as_deref(), Some("1"));
    }

    #[test]
    fn errors_name_file_and_line() {
        assert_eq!(
            parse_err("[s]\na = 1\nnot a pair\n"),
            "cannot parse test.ini line 3: expected \"key = value\" or \"[section]\", found \"not a pair\""
        );
        assert_eq!(
            parse_err("[s\n"),
            "cannot parse test.ini line 1: missing \"]\" in section header \"[s\""
        );
        assert_eq!(
            parse_err("\n[ ]\n"),
            "cannot parse test.ini line 2: empty section name"
        );
        assert_eq!(
            parse_err("[s]\n = 1\n"),
            "cannot parse test.ini line 2: missing key name in \"= 1\""
        );
        assert!(parse_err("[s]\na = \"open\n").starts_with("cannot parse test.ini line 2:"));
        assert!(parse_err("[s]\na = \"x\" y\n").contains("unexpected text \"y\""));
        assert_eq!(
            parse_err("[s]\n\na = \"\"\"never\nclosed\n"),
            "cannot parse test.ini line 3: missing closing \"\"\" for the value starting here"
        );
    }
}
