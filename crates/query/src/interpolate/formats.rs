//! The variable formats of Grafana's format registry: how a value is written for a given
//! query language (`${var:regex}`, `${var:sqlstring}`, ...).
//!
//! Where Grafana's quoting formats let a value close its quotes, Sightline escapes more,
//! so that no value breaks out of the syntax its format produces:
//! - `singlequote`, `doublequote`: backslashes are escaped too (Grafana escapes only the
//!   quote, so a value ending in `\` escapes the closing quote);
//! - `sqlstring`: backslashes are escaped too (Grafana doubles `'` and escapes `"`, which
//!   MySQL, reading backslash escapes, lets a `\'` undo);
//! - `json`: single values are JSON strings, as Grafana 10 wrote them (Grafana 11+ writes a
//!   single string unquoted);
//! - `lucene`: a number is left unescaped only when written without surrounding spaces.

use ::time::UtcOffset;

use super::date_format;
use super::escape;

/// A variable's value, as handed to a format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VariableValue {
    Text(String),
    /// The values of a multi-value variable, or every option of "All".
    List(Vec<String>),
    /// Built-in numbers: `$__from`, `$__interval_ms`, `$__range_s`, ...
    Number(i64),
}

impl VariableValue {
    /// The value as JavaScript's `String(value)` writes it: lists joined by commas.
    pub fn to_plain_string(&self) -> String {
        match self {
            VariableValue::Text(text) => text.clone(),
            VariableValue::List(values) => values.join(","),
            VariableValue::Number(number) => number.to_string(),
        }
    }
}

/// What a format knows of the variable it writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatContext<'a> {
    pub name: &'a str,
    /// The value's text (`text` format): option texts joined by ` + `, `All`, dates.
    pub text: String,
    pub multi: bool,
    pub include_all: bool,
    /// The "All" option is selected.
    pub all_selected: bool,
    /// Offset of the time zone dates are written in.
    pub utc_offset: UtcOffset,
}

/// A variable format, by Grafana id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// `{a,b}` for several values, the value for one. Grafana's default.
    Glob,
    Csv,
    Pipe,
    Raw,
    /// Regex-escaped; several values as `(a|b)`.
    Regex,
    /// Lucene-escaped; several values as `("a" OR "b")`, none as `__empty__`.
    Lucene,
    Json,
    /// `'a','b'`: SQL string literals.
    SqlString,
    SingleQuote,
    DoubleQuote,
    /// URL-encoded, several values as the encoding of `{a,b}`.
    PercentEncode,
    /// `var-name=a&var-name=b`.
    QueryParam,
    /// `name=prefix+a&...`, with `:name:prefix` arguments.
    CustomQueryParam,
    /// The value's text rather than its value.
    Text,
    /// `a,name=b,name=c`.
    Distributed,
    Html,
    /// A number of epoch milliseconds as a date: `:iso` (default), `:seconds`, `:ms` or a
    /// moment.js pattern.
    Date,
    /// Values joined by the argument (`,` by default).
    Join,
}

impl Format {
    const ALL: [Format; 18] = [
        Format::Glob,
        Format::Csv,
        Format::Pipe,
        Format::Raw,
        Format::Regex,
        Format::Lucene,
        Format::Json,
        Format::SqlString,
        Format::SingleQuote,
        Format::DoubleQuote,
        Format::PercentEncode,
        Format::QueryParam,
        Format::CustomQueryParam,
        Format::Text,
        Format::Distributed,
        Format::Html,
        Format::Date,
        Format::Join,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Format::Glob => "glob",
            Format::Csv => "csv",
            Format::Pipe => "pipe",
            Format::Raw => "raw",
            Format::Regex => "regex",
            Format::Lucene => "lucene",
            Format::Json => "json",
            Format::SqlString => "sqlstring",
            Format::SingleQuote => "singlequote",
            Format::DoubleQuote => "doublequote",
            Format::PercentEncode => "percentencode",
            Format::QueryParam => "queryparam",
            Format::CustomQueryParam => "customqueryparam",
            Format::Text => "text",
            Format::Distributed => "distributed",
            Format::Html => "html",
            Format::Date => "date",
            Format::Join => "join",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|format| format.id() == id)
    }

    /// Writes `value`; `args` are the format's arguments (`date:seconds` → `["seconds"]`).
    pub fn apply(
        self,
        value: &VariableValue,
        args: &[&str],
        context: &FormatContext<'_>,
    ) -> String {
        use VariableValue::{List, Number, Text};
        match (self, value) {
            (Format::Glob, List(values)) if values.len() > 1 => format!("{{{}}}", values.join(",")),
            (Format::Glob | Format::Csv | Format::Raw, _) => value.to_plain_string(),
            (Format::Pipe, List(values)) => values.join("|"),
            (Format::Pipe, _) => value.to_plain_string(),
            (Format::Regex, List(values)) => match values.as_slice() {
                [one] => escape::regex(one),
                many => format!(
                    "({})",
                    many.iter()
                        .map(|v| escape::regex(v))
                        .collect::<Vec<_>>()
                        .join("|")
                ),
            },
            (Format::Regex, _) => escape::regex(&value.to_plain_string()),
            (Format::Lucene, List(values)) if values.is_empty() => "__empty__".to_string(),
            (Format::Lucene, List(values)) => {
                let quoted: Vec<String> = values
                    .iter()
                    .map(|v| format!("\"{}\"", escape::lucene(v)))
                    .collect();
                format!("({})", quoted.join(" OR "))
            }
            (Format::Lucene, _) => escape::lucene(&value.to_plain_string()),
            (Format::Json, Text(text)) => serde_json::Value::from(text.as_str()).to_string(),
            (Format::Json, List(values)) => serde_json::Value::from(values.clone()).to_string(),
            (Format::Json, Number(number)) => number.to_string(),
            (Format::SqlString, List(values)) => join_each(values, escape::sql_string),
            (Format::SqlString, _) => escape::sql_string(&value.to_plain_string()),
            (Format::SingleQuote, List(values)) => {
                join_each(values, |v| escape::backslash_quoted(v, '\''))
            }
            (Format::SingleQuote, _) => escape::backslash_quoted(&value.to_plain_string(), '\''),
            (Format::DoubleQuote, List(values)) => {
                join_each(values, |v| escape::backslash_quoted(v, '"'))
            }
            (Format::DoubleQuote, _) => escape::backslash_quoted(&value.to_plain_string(), '"'),
            (Format::PercentEncode, List(values)) => {
                escape::percent_encode(&format!("{{{}}}", values.join(",")))
            }
            (Format::PercentEncode, _) => escape::percent_encode(&value.to_plain_string()),
            (Format::QueryParam, _) if context.all_selected => {
                format!("var-{}={}", context.name, super::ALL_VALUE)
            }
            (Format::QueryParam, List(values)) => values
                .iter()
                .map(|v| format!("var-{}={}", context.name, escape::percent_encode(v)))
                .collect::<Vec<_>>()
                .join("&"),
            (Format::QueryParam, _) => {
                format!(
                    "var-{}={}",
                    context.name,
                    escape::percent_encode(&value.to_plain_string())
                )
            }
            (Format::CustomQueryParam, _) => custom_query_param(value, args, context),
            (Format::Text, _) => context.text.clone(),
            (Format::Distributed, List(values)) => values
                .iter()
                .enumerate()
                .map(|(index, v)| match index {
                    0 => v.clone(),
                    _ => format!("{}={v}", context.name),
                })
                .collect::<Vec<_>>()
                .join(","),
            (Format::Distributed, _) => value.to_plain_string(),
            (Format::Html, List(values)) => escape::html(&values.join(", ")),
            (Format::Html, _) => escape::html(&value.to_plain_string()),
            (Format::Date, _) => date(value, args, context.utc_offset),
            (Format::Join, List(values)) => values.join(args.first().copied().unwrap_or(",")),
            (Format::Join, _) => value.to_plain_string(),
        }
    }
}

fn join_each(values: &[String], quote: impl Fn(&str) -> String) -> String {
    values
        .iter()
        .map(|v| quote(v))
        .collect::<Vec<_>>()
        .join(",")
}

fn custom_query_param(value: &VariableValue, args: &[&str], context: &FormatContext<'_>) -> String {
    let name = escape::percent_encode(
        args.first()
            .copied()
            .filter(|a| !a.is_empty())
            .unwrap_or(context.name),
    );
    let prefix = escape::percent_encode(args.get(1).copied().unwrap_or(""));
    let one = |v: &str| format!("{name}={prefix}{}", escape::percent_encode(v));
    match value {
        VariableValue::List(values) => values.iter().map(|v| one(v)).collect::<Vec<_>>().join("&"),
        other => one(&other.to_plain_string()),
    }
}

/// The `date` format: the value read as epoch milliseconds (JavaScript's `parseInt` for
/// text), `NaN` when it is not a number.
fn date(value: &VariableValue, args: &[&str], offset: UtcOffset) -> String {
    let millis = match value {
        VariableValue::Number(number) => Some(*number),
        other => js_parse_int(&other.to_plain_string()),
    };
    let Some(millis) = millis else {
        return "NaN".to_string();
    };
    match args {
        [] | ["iso"] => date_format::iso(millis),
        ["ms"] => value.to_plain_string(),
        // JavaScript's Math.round: halves up.
        ["seconds"] => millis.saturating_add(500).div_euclid(1000).to_string(),
        pattern => date_format::format(millis, &pattern.join(":"), offset),
    }
}

/// JavaScript's `parseInt(text, 10)`: leading whitespace, a sign, then as many digits as
/// there are.
fn js_parse_int(text: &str) -> Option<i64> {
    let trimmed = text.trim_start();
    let (negative, unsigned) = match trimmed.as_bytes().first() {
        Some(b'-') => (true, &trimmed[1..]),
        Some(b'+') => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    let digits_len = unsigned.bytes().take_while(u8::is_ascii_digit).count();
    let magnitude: i64 = unsigned[..digits_len].parse().ok()?;
    Some(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for format in Format::ALL {
            assert_eq!(Format::from_id(format.id()), Some(format));
        }
        assert_eq!(Format::from_id("nope"), None);
    }

    #[test]
    fn parse_int_like_javascript() {
        let cases = [
            ("123", Some(123)),
            ("  -42abc", Some(-42)),
            ("+7", Some(7)),
            ("abc", None),
            ("", None),
            ("1.9", Some(1)),
        ];
        for (text, expected) in cases {
            assert_eq!(js_parse_int(text), expected, "{text}");
        }
    }
}
