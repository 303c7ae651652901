//! String escaping used by the variable formats. Each function's contract is the context
//! its output is safe in.

/// Characters Grafana's `escapeRegex` escapes.
const REGEX_SPECIALS: &[char] = &[
    '\\', '^', '$', '*', '+', '?', '.', '(', ')', '|', '[', ']', '{', '}', '/',
];

/// Escapes every regex metacharacter with a backslash: the result, as a pattern, matches
/// exactly `value` (in JavaScript, Go RE2, PCRE and Rust regex syntax alike).
pub(super) fn regex(value: &str) -> String {
    backslash_escape(value, |c| REGEX_SPECIALS.contains(&c))
}

/// Characters Grafana's `luceneEscape` escapes, besides whitespace.
const LUCENE_SPECIALS: &[char] = &[
    '!', '*', '+', '-', '=', '<', '>', '&', '|', '(', ')', '[', ']', '{', '}', '^', '~', '?', ':',
    '\\', '/', '"',
];

/// Escapes Lucene query syntax with backslashes, so the value is one term (or, inside
/// double quotes, cannot close them). Numbers are left as they are, as in Grafana (written
/// exactly as a JavaScript number literal; unlike JavaScript's `Number()`, surrounding
/// whitespace does not count as a number, so it is escaped).
pub(super) fn lucene(value: &str) -> String {
    if value.is_empty() || is_js_number(value) {
        return value.to_string();
    }
    backslash_escape(value, |c| {
        LUCENE_SPECIALS.contains(&c) || is_js_whitespace(c)
    })
}

fn backslash_escape(value: &str, special: impl Fn(char) -> bool) -> String {
    let mut escaped = String::with_capacity(value.len() + 4);
    for c in value.chars() {
        if special(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// JavaScript's `\s`.
fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// Whether JavaScript's `Number(value)` is not NaN, for a value without surrounding
/// whitespace: decimal literals with optional sign and exponent, `Infinity`, and `0x`,
/// `0o`, `0b` integers.
pub(super) fn is_js_number(value: &str) -> bool {
    let unsigned = value.strip_prefix(['+', '-']).unwrap_or(value);
    if unsigned == "Infinity" {
        return true;
    }
    let radix_digits = |prefix_len: usize, radix: u32| {
        value.len() > prefix_len && value[prefix_len..].chars().all(|c| c.is_digit(radix))
    };
    match value.get(..2) {
        Some("0x" | "0X") => return radix_digits(2, 16),
        Some("0o" | "0O") => return radix_digits(2, 8),
        Some("0b" | "0B") => return radix_digits(2, 2),
        _ => {}
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (mantissa, ""),
    };
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok =
        digits(whole) && digits(fraction) && !(whole.is_empty() && fraction.is_empty());
    let exponent_ok = match exponent {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(['+', '-']).unwrap_or(e);
            !e.is_empty() && digits(e)
        }
    };
    mantissa_ok && exponent_ok
}

/// A SQL string literal: `'` doubled, and, as MySQL reads backslash escapes, `\` and `"`
/// backslash-escaped. Where backslashes are ordinary characters (PostgreSQL, SQLite) the
/// literal still cannot be closed early; only its backslashes and double quotes read
/// differently.
pub(super) fn sql_string(value: &str) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('\'');
    for c in value.chars() {
        match c {
            '\'' => quoted.push_str("''"),
            '\\' => quoted.push_str("\\\\"),
            '"' => quoted.push_str("\\\""),
            other => quoted.push(other),
        }
    }
    quoted.push('\'');
    quoted
}

/// `value` between `quote`s, with `quote` and `\` backslash-escaped (C, JavaScript, Go and
/// PromQL string syntax).
pub(super) fn backslash_quoted(value: &str, quote: char) -> String {
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push(quote);
    for c in value.chars() {
        if c == quote || c == '\\' {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push(quote);
    quoted
}

/// JavaScript's `encodeURIComponent`, also encoding `!'()*` (RFC 3986 unreserved
/// characters only are left).
pub(super) fn percent_encode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Grafana's `escapeHtml`.
pub(super) fn html(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '\'' => escaped.push_str("&#39;"),
            '"' => escaped.push_str("&quot;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_javascript_numbers() {
        let numbers = [
            "0",
            "-1",
            "+2.5",
            ".5",
            "5.",
            "1e5",
            "1E-5",
            "0x1F",
            "0b101",
            "0o17",
            "Infinity",
            "-Infinity",
        ];
        for value in numbers {
            assert!(is_js_number(value), "{value}");
        }
        let not_numbers = [
            "", ".", "e5", "1e", "1.2.3", "0x", "-0x1", " 1", "1 ", "NaN", "1_000", "１",
        ];
        for value in not_numbers {
            assert!(!is_js_number(value), "{value}");
        }
    }

    type Escape = fn(&str) -> String;

    #[test]
    fn escapes_each_context() {
        let cases: [(Escape, &str, &str); 8] = [
            (regex, "a.b*(c)|d/e\\", "a\\.b\\*\\(c\\)\\|d\\/e\\\\"),
            (lucene, "a b:c-\"d\"", "a\\ b\\:c\\-\\\"d\\\""),
            (lucene, "-12.5", "-12.5"),
            (sql_string, "it's \\ \"x\"", "'it''s \\\\ \\\"x\\\"'"),
            (|v| backslash_quoted(v, '\''), "it's \\", "'it\\'s \\\\'"),
            (
                |v| backslash_quoted(v, '"'),
                "say \"hi\"",
                "\"say \\\"hi\\\"\"",
            ),
            (
                percent_encode,
                "a b&c=d/é!*'()~",
                "a%20b%26c%3Dd%2F%C3%A9%21%2A%27%28%29~",
            ),
            (
                html,
                "<a href='x'>&\"",
                "&lt;a href=&#39;x&#39;&gt;&amp;&quot;",
            ),
        ];
        for (escape, input, expected) in cases {
            assert_eq!(escape(input), expected, "{input}");
        }
    }
}
