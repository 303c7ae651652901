//! Reading macro arguments safely: column names checked against an identifier grammar,
//! intervals parsed as durations, fill values parsed as numbers.

use sightline_query::frame::FillMissing;
use sightline_query::interval::parse_duration;
use sightline_query::Duration;

use super::{FillSpec, MacroCall, MacroError};
use crate::plugins::sql::dialect::Dialect;

/// The first argument, which must name a column: dot-separated parts, each a bare
/// identifier (letters, digits, `_`, `$`, not starting with a digit or `$`) or an identifier
/// in the dialect's quotes (the quote doubled inside). PostgreSQL also accepts a trailing
/// cast, `col::timestamptz`.
pub(crate) fn column<'a>(dialect: Dialect, call: &MacroCall<'a>) -> Result<&'a str, MacroError> {
    let text = call.args.first().copied().unwrap_or_default();
    if text.is_empty() {
        return Err(MacroError(format!(
            "missing time column argument for macro {}",
            call.name
        )));
    }
    let (name, cast) = match (dialect, text.split_once("::")) {
        (Dialect::Postgres, Some((name, cast))) => (name.trim_end(), Some(cast.trim_start())),
        _ => (text, None),
    };
    let valid_cast = cast.is_none_or(|cast| {
        !cast.is_empty() && cast.split(' ').all(is_bare_identifier) && !cast.contains("  ")
    });
    if is_column_name(dialect, name) && valid_cast {
        return Ok(text);
    }
    Err(MacroError(format!(
        "invalid column argument {text:?} for macro {}: expected a column name",
        call.name
    )))
}

fn is_column_name(dialect: Dialect, text: &str) -> bool {
    let mut rest = text;
    loop {
        let Some(after_part) = identifier_part(dialect, rest) else {
            return false;
        };
        match after_part.strip_prefix('.') {
            Some(next) => rest = next,
            None => return after_part.is_empty(),
        }
    }
}

/// Consumes one identifier from the start of `text`; the rest, or `None` if there is none.
fn identifier_part(dialect: Dialect, text: &str) -> Option<&str> {
    let first = text.chars().next()?;
    if dialect.identifier_quotes().contains(&first) {
        let body = &text[first.len_utf8()..];
        let mut chars = body.char_indices().peekable();
        while let Some((index, c)) = chars.next() {
            if c != first {
                continue;
            }
            if chars.peek().is_some_and(|(_, next)| *next == first) {
                chars.next();
                continue;
            }
            return (index > 0).then(|| &body[index + c.len_utf8()..]);
        }
        return None;
    }
    let end = text
        .char_indices()
        .find(|(_, c)| !is_identifier_char(*c))
        .map_or(text.len(), |(index, _)| index);
    is_bare_identifier(&text[..end]).then(|| &text[end..])
}

fn is_identifier_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

fn is_bare_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_') && chars.all(is_identifier_char)
}

/// The interval argument of a group macro, with the given quote characters trimmed. Must be
/// a positive duration (`'5m'`, `1h`, `10s`).
pub(crate) fn interval(call: &MacroCall<'_>, quotes: &[char]) -> Result<Duration, MacroError> {
    let Some(raw) = call.args.get(1).copied() else {
        return Err(MacroError(format!(
            "macro {} needs time column and interval and optional fill value",
            call.name
        )));
    };
    let text = raw.trim_matches(quotes);
    match parse_duration(text) {
        Ok(interval) if interval.is_positive() => Ok(interval),
        _ => Err(MacroError(format!("error parsing interval {raw}"))),
    }
}

/// The optional third argument of a group macro: `NULL`, `previous` or a number. Sets
/// `fill` for the query when present.
pub(crate) fn fill(
    call: &MacroCall<'_>,
    interval: Duration,
    fill: &mut Option<FillSpec>,
) -> Result<(), MacroError> {
    if call.args.len() < 3 {
        return Ok(());
    }
    if call.args.len() > 3 {
        return Err(MacroError(format!(
            "macro {} takes at most 3 arguments, got {}",
            call.name,
            call.args.len()
        )));
    }
    let text = call.args[2];
    let missing = match text {
        "NULL" => FillMissing::Null,
        "previous" => FillMissing::Previous,
        number => match number.parse::<f64>() {
            Ok(value) => FillMissing::Value(value),
            Err(_) => return Err(MacroError(format!("error parsing fill value {text}"))),
        },
    };
    *fill = Some(FillSpec { interval, missing });
    Ok(())
}

/// The interval in seconds, as a float (Go's `Duration.Seconds`).
pub(crate) fn seconds(interval: Duration) -> f64 {
    interval.whole_nanoseconds() as f64 / 1e9
}
