//! Small, panic-free helpers for reading and writing dashboard JSON.
//!
//! Old dashboards are loosely typed: the same key may hold a number, a numeric string or
//! garbage. Every helper here answers `None` (or leaves the value alone) when the shape is
//! not the expected one, so a migration step can skip what it does not understand instead of
//! failing. The coercions mirror the JavaScript semantics Grafana's frontend relied on.

use serde_json::{Map, Value};

/// A JSON object, as every dashboard, panel and variable is.
pub(crate) type Object = Map<String, Value>;

/// JavaScript truthiness: absent, `null`, `false`, `0`, `NaN` and `""` are false.
pub(crate) fn truthy(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::Bool(flag)) => *flag,
        Some(Value::Number(number)) => number.as_f64().is_some_and(|n| n != 0.0),
        Some(Value::String(text)) => !text.is_empty(),
        Some(Value::Array(_)) | Some(Value::Object(_)) => true,
    }
}

/// True for an absent key and for an explicit `null` (JavaScript's `== null`).
pub(crate) fn is_nullish(value: Option<&Value>) -> bool {
    matches!(value, None | Some(Value::Null))
}

/// The number a JSON number holds.
pub(crate) fn as_number(value: Option<&Value>) -> Option<f64> {
    value.and_then(Value::as_f64)
}

/// A number, or a string that is entirely a number (`"10"`, `" 2.5 "`), like Grafana's
/// `validNumber`. Unlike JavaScript's `Number("")`, a blank string is not zero.
pub(crate) fn numeric(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => parse_number(text),
        _ => None,
    }
}

/// JavaScript's unary `+`: numbers, numeric strings (blank is 0), booleans and `null` (0).
/// `None` stands for `NaN`.
pub(crate) fn unary_plus(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Null => Some(0.0),
        Value::Bool(flag) => Some(if *flag { 1.0 } else { 0.0 }),
        Value::Number(number) => number.as_f64(),
        Value::String(text) if text.trim().is_empty() => Some(0.0),
        Value::String(text) => parse_number(text),
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// JavaScript's `parseFloat`: the longest numeric prefix of a string (`"50%"` is 50).
pub(crate) fn parse_float_prefix(text: &str) -> Option<f64> {
    let trimmed = text.trim_start();
    let bytes = trimmed.as_bytes();
    let mut end = 0;
    if matches!(bytes.first(), Some(b'-' | b'+')) {
        end = 1;
    }
    if trimmed[end..].starts_with("Infinity") {
        let sign = if trimmed.starts_with('-') { -1.0 } else { 1.0 };
        return Some(sign * f64::INFINITY);
    }
    let digits_start = end;
    while bytes.get(end).is_some_and(u8::is_ascii_digit) {
        end += 1;
    }
    let mut mantissa_digits = end - digits_start;
    if bytes.get(end) == Some(&b'.') {
        let fraction_start = end + 1;
        let mut fraction_end = fraction_start;
        while bytes.get(fraction_end).is_some_and(u8::is_ascii_digit) {
            fraction_end += 1;
        }
        mantissa_digits += fraction_end - fraction_start;
        if mantissa_digits > 0 {
            end = fraction_end;
        }
    }
    if mantissa_digits == 0 {
        return None;
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        let mut exponent_end = end + 1;
        if matches!(bytes.get(exponent_end), Some(b'-' | b'+')) {
            exponent_end += 1;
        }
        let exponent_digits_start = exponent_end;
        while bytes.get(exponent_end).is_some_and(u8::is_ascii_digit) {
            exponent_end += 1;
        }
        if exponent_end > exponent_digits_start {
            end = exponent_end;
        }
    }
    trimmed[..end].parse::<f64>().ok()
}

/// JavaScript's `parseInt(text, 10)`: the leading integer of a string.
pub(crate) fn parse_int_prefix(text: &str) -> Option<f64> {
    let trimmed = text.trim_start();
    let unsigned = trimmed.strip_prefix(['-', '+']).unwrap_or(trimmed);
    let digits: String = unsigned.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    let magnitude: f64 = digits.parse().ok()?;
    Some(if trimmed.starts_with('-') {
        -magnitude
    } else {
        magnitude
    })
}

/// A decimal number written out in full (`"2.5"`, `"-1e3"`); no `NaN` or infinities.
fn parse_number(text: &str) -> Option<f64> {
    let trimmed = text.trim();
    let has_letters = trimmed
        .chars()
        .any(|c| c.is_ascii_alphabetic() && c != 'e' && c != 'E');
    if trimmed.is_empty() || has_letters {
        return None;
    }
    trimmed.parse::<f64>().ok()
}

/// A JSON number for `value`: an integer when it is one, `null` for NaN and infinities
/// (which is what `JSON.stringify` writes for them).
pub(crate) fn number_value(value: f64) -> Value {
    if !value.is_finite() {
        return Value::Null;
    }
    if value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
        return Value::from(value as i64);
    }
    serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number)
}

/// The text JavaScript's `String(value)` gives for a scalar; `None` for arrays and objects.
pub(crate) fn js_string(value: &Value) -> Option<String> {
    match value {
        Value::Null => Some("null".to_owned()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Number(number) => Some(match number.as_f64() {
            Some(float) if number.is_f64() && float.fract() == 0.0 && float.is_finite() => {
                format!("{}", float as i64)
            }
            _ => number.to_string(),
        }),
        Value::String(text) => Some(text.clone()),
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// The string under `key`, if it is one.
pub(crate) fn str_at<'a>(object: &'a Object, key: &str) -> Option<&'a str> {
    object.get(key).and_then(Value::as_str)
}

/// The object under `key`, if it is one.
pub(crate) fn obj_at<'a>(object: &'a Object, key: &str) -> Option<&'a Object> {
    object.get(key).and_then(Value::as_object)
}

/// The array under `key`, if it is one.
pub(crate) fn arr_at<'a>(object: &'a Object, key: &str) -> Option<&'a Vec<Value>> {
    object.get(key).and_then(Value::as_array)
}

/// The object under `key` for writing, if it is one.
pub(crate) fn obj_at_mut<'a>(object: &'a mut Object, key: &str) -> Option<&'a mut Object> {
    object.get_mut(key).and_then(Value::as_object_mut)
}

/// The array under `key` for writing, if it is one.
pub(crate) fn arr_at_mut<'a>(object: &'a mut Object, key: &str) -> Option<&'a mut Vec<Value>> {
    object.get_mut(key).and_then(Value::as_array_mut)
}

/// The object under `key`, created empty when the key is absent or `null`; `None` when the
/// key holds something else, which is then left alone.
pub(crate) fn ensure_obj<'a>(object: &'a mut Object, key: &str) -> Option<&'a mut Object> {
    if is_nullish(object.get(key)) {
        object.insert(key.to_owned(), Value::Object(Object::new()));
    }
    obj_at_mut(object, key)
}

/// The array under `key`, created empty when the key is absent or `null`; `None` when the key
/// holds something else, which is then left alone.
pub(crate) fn ensure_arr<'a>(object: &'a mut Object, key: &str) -> Option<&'a mut Vec<Value>> {
    if is_nullish(object.get(key)) {
        object.insert(key.to_owned(), Value::Array(Vec::new()));
    }
    arr_at_mut(object, key)
}

/// Whether `key` is absent, `null` or an object: the shapes a migration may write into.
pub(crate) fn is_obj_or_absent(object: &Object, key: &str) -> bool {
    matches!(
        object.get(key),
        None | Some(Value::Null) | Some(Value::Object(_))
    )
}

/// Inserts `value` under `key` unless it is `null`, mirroring how `undefined` properties
/// vanish from JavaScript objects when they are serialized.
pub(crate) fn insert_present(object: &mut Object, key: &str, value: Option<Value>) {
    if let Some(value) = value.filter(|value| !value.is_null()) {
        object.insert(key.to_owned(), value);
    }
}

/// Copies `value` under `key` when it is present, `null` included, the way assigning a
/// JavaScript property copies everything but `undefined`.
pub(crate) fn copy_present(object: &mut Object, key: &str, value: Option<&Value>) {
    if let Some(value) = value {
        object.insert(key.to_owned(), value.clone());
    }
}

/// Builds an object from literal pairs.
pub(crate) fn object<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    Value::Object(
        pairs
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn truthiness_follows_javascript() {
        for falsy in [json!(null), json!(false), json!(0), json!(""), json!(0.0)] {
            assert!(!truthy(Some(&falsy)), "{falsy} should be falsy");
        }
        for truthy_value in [json!(true), json!(1), json!("0"), json!([]), json!({})] {
            assert!(
                truthy(Some(&truthy_value)),
                "{truthy_value} should be truthy"
            );
        }
        assert!(!truthy(None));
    }

    #[test]
    fn number_parsing_matches_the_javascript_helpers() {
        assert_eq!(numeric(Some(&json!(" 2.5 "))), Some(2.5));
        assert_eq!(numeric(Some(&json!(""))), None);
        assert_eq!(numeric(Some(&json!("abc"))), None);
        assert_eq!(numeric(Some(&json!("inf"))), None);
        assert_eq!(unary_plus(Some(&json!(""))), Some(0.0));
        assert_eq!(unary_plus(None), None);
        assert_eq!(parse_float_prefix("50%"), Some(50.0));
        assert_eq!(parse_float_prefix("-1.5e2x"), Some(-150.0));
        assert_eq!(parse_float_prefix("x1"), None);
        assert_eq!(parse_int_prefix("80.5"), Some(80.0));
        assert_eq!(parse_int_prefix("-7px"), Some(-7.0));
        assert_eq!(parse_int_prefix("px"), None);
    }

    #[test]
    fn numbers_are_written_as_integers_when_whole() {
        assert_eq!(number_value(3.0), json!(3));
        assert_eq!(number_value(2.5), json!(2.5));
        assert_eq!(number_value(f64::NEG_INFINITY), json!(null));
        assert_eq!(js_string(&json!(1.0)).as_deref(), Some("1"));
        assert_eq!(js_string(&json!(true)).as_deref(), Some("true"));
    }

    #[test]
    fn ensure_leaves_foreign_shapes_alone() {
        let mut panel = json!({"options": "garbage"});
        let panel = panel.as_object_mut().unwrap();
        assert!(ensure_obj(panel, "options").is_none());
        assert_eq!(panel["options"], json!("garbage"));
        assert!(ensure_obj(panel, "fieldConfig").is_some());
        assert_eq!(panel["fieldConfig"], json!({}));
    }
}
