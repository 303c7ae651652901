//! Finds variable references in a template, with the syntax of Grafana's `VARIABLE_REGEX`:
//!
//! - `$name` (`name` is `[A-Za-z0-9_]+`, as long as possible);
//! - `[[name]]`, `[[name:format]]` (`format` is `[A-Za-z0-9_]+`);
//! - `${name}`, `${name.path}`, `${name:format}`, `${name.path:format:arg:...}` (`path` is
//!   any text but `:`, `^`, `}`; `format` any text but `}`).
//!
//! The template is read once from left to right: text that replaces a reference is never
//! read again, so a value containing `$x` or `${x}` stays as it is.

/// One reference found in a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Reference<'a> {
    /// The reference as written, put back when the variable is unknown.
    pub raw: &'a str,
    pub name: &'a str,
    pub field_path: Option<&'a str>,
    /// The format with its arguments, `date:YYYY-MM` say.
    pub format: Option<&'a str>,
}

/// Copies `template`, replacing each reference by what `replace` returns for it, or by
/// the reference as written when `replace` returns `None`.
pub(super) fn replace_references(
    template: &str,
    mut replace: impl FnMut(&Reference<'_>) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(template.len());
    let mut copied_up_to = 0;
    let mut position = 0;
    while position < template.len() {
        let Some(reference) = reference_at(template, position) else {
            // Advance by one character; references start with ASCII `$` or `[`.
            position += template[position..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
            continue;
        };
        out.push_str(&template[copied_up_to..position]);
        match replace(&reference) {
            Some(replacement) => out.push_str(&replacement),
            None => out.push_str(reference.raw),
        }
        position += reference.raw.len();
        copied_up_to = position;
    }
    out.push_str(&template[copied_up_to..]);
    out
}

fn is_word(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_'
}

fn word_len(text: &str) -> usize {
    text.bytes().take_while(|b| is_word(*b)).count()
}

fn reference_at(template: &str, start: usize) -> Option<Reference<'_>> {
    let rest = &template[start..];
    if let Some(after_dollar) = rest.strip_prefix('$') {
        let name_len = word_len(after_dollar);
        if name_len > 0 {
            return Some(Reference {
                raw: &rest[..1 + name_len],
                name: &after_dollar[..name_len],
                field_path: None,
                format: None,
            });
        }
        return after_dollar
            .strip_prefix('{')
            .and_then(|inner| braced(rest, inner));
    }
    rest.strip_prefix("[[")
        .and_then(|inner| bracketed(rest, inner))
}

/// `${name[.path][:format]}`; `inner` follows the `${`.
fn braced<'a>(rest: &'a str, inner: &'a str) -> Option<Reference<'a>> {
    let name_len = word_len(inner);
    if name_len == 0 {
        return None;
    }
    let name = &inner[..name_len];
    let mut after = &inner[name_len..];
    let mut field_path = None;
    if let Some(path_start) = after.strip_prefix('.') {
        let path_len = path_start.find([':', '^', '}']).unwrap_or(path_start.len());
        if path_len == 0 {
            return None;
        }
        field_path = Some(&path_start[..path_len]);
        after = &path_start[path_len..];
    }
    let mut format = None;
    if let Some(format_start) = after.strip_prefix(':') {
        let format_len = format_start.find('}').unwrap_or(format_start.len());
        if format_len == 0 {
            return None;
        }
        format = Some(&format_start[..format_len]);
        after = &format_start[format_len..];
    }
    if !after.starts_with('}') {
        return None;
    }
    let raw_len = rest.len() - after.len() + 1;
    Some(Reference {
        raw: &rest[..raw_len],
        name,
        field_path,
        format,
    })
}

/// `[[name[:format]]]`; `inner` follows the `[[`.
fn bracketed<'a>(rest: &'a str, inner: &'a str) -> Option<Reference<'a>> {
    let name_len = word_len(inner);
    if name_len == 0 {
        return None;
    }
    let name = &inner[..name_len];
    let mut after = &inner[name_len..];
    let mut format = None;
    if let Some(format_start) = after.strip_prefix(':') {
        let format_len = word_len(format_start);
        if format_len > 0 {
            format = Some(&format_start[..format_len]);
            after = &format_start[format_len..];
        }
    }
    if !after.starts_with("]]") {
        return None;
    }
    let raw_len = rest.len() - after.len() + 2;
    Some(Reference {
        raw: &rest[..raw_len],
        name,
        field_path: None,
        format,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each reference rendered as `<name|path|format>`.
    fn show(template: &str) -> String {
        replace_references(template, |r| {
            Some(format!(
                "<{}|{}|{}>",
                r.name,
                r.field_path.unwrap_or(""),
                r.format.unwrap_or("")
            ))
        })
    }

    #[test]
    fn finds_every_reference_syntax() {
        let cases = [
            ("$var", "<var||>"),
            ("a $var1_x-b", "a <var1_x||>-b"),
            ("$__interval_ms)", "<__interval_ms||>)"),
            ("${var}", "<var||>"),
            ("${var:csv}", "<var||csv>"),
            (
                "${__from:date:YYYY-MM-DD HH:mm}",
                "<__from||date:YYYY-MM-DD HH:mm>",
            ),
            ("${__user.login}", "<__user|login|>"),
            ("${v.a.b:json}", "<v|a.b|json>"),
            ("[[var]]", "<var||>"),
            ("[[var:regex]]", "<var||regex>"),
            ("$a$b", "<a||><b||>"),
            ("$a${b}[[c]]", "<a||><b||><c||>"),
            ("é$x✓", "é<x||>✓"),
        ];
        for (template, expected) in cases {
            assert_eq!(show(template), expected, "{template}");
        }
    }

    #[test]
    fn leaves_what_is_not_a_reference() {
        let cases = [
            "$",
            "$ x",
            "${}",
            "${ x}",
            "${x",
            "${x:}",
            "${x.}",
            "${x.a^b}",
            "${x y}",
            "[[x",
            "[[x:]]",
            "[[x y]]",
            "[[]]",
            "[x]",
            "$-1",
            "${-}",
            "price: 5$",
        ];
        for template in cases {
            assert_eq!(show(template), template, "{template}");
        }
    }

    #[test]
    fn reads_past_a_broken_reference() {
        assert_eq!(show("${x $y}"), "${x <y||>}");
        assert_eq!(show("[[[x]]"), "[<x||>");
        assert_eq!(show("$${x}"), "$<x||>");
    }
}
