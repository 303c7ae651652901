//! A pull reader of JSON text over one byte slice, for Prometheus's answers: the caller walks
//! objects and arrays itself and reads only what it needs, so a `query_range` answer of a
//! million samples is read in one pass without an intermediate tree.
//!
//! The reader checks JSON's grammar as it goes (structure, string escapes, UTF-8, number
//! syntax); values the caller does not want are skipped through `serde_json`, as are strings
//! with escapes, so the rare cases share `serde_json`'s exact rules. Numbers are parsed with a
//! fast path for short decimals (exact: Clinger's method) and the standard library's parser
//! for the rest.

use std::borrow::Cow;

use serde::de::IgnoredAny;

/// Where and why the text is not the JSON expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} at byte {offset}")]
pub struct SyntaxError {
    pub what: String,
    pub offset: usize,
}

pub type ReadResult<T> = Result<T, SyntaxError>;

/// The position in an object or array being walked: whether a `,` comes before the next item.
#[derive(Debug)]
pub struct Items {
    first: bool,
}

/// A cursor over JSON text.
pub struct JsonReader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> JsonReader<'a> {
    pub fn new(bytes: &'a [u8]) -> JsonReader<'a> {
        JsonReader { bytes, pos: 0 }
    }

    pub fn error(&self, what: impl Into<String>) -> SyntaxError {
        SyntaxError {
            what: what.into(),
            offset: self.pos,
        }
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// The text not read yet, for a caller's fast path over a shape it knows well.
    pub fn rest(&self) -> &'a [u8] {
        &self.bytes[self.pos..]
    }

    /// Marks the first `count` bytes of [`JsonReader::rest`] read, once a fast path has
    /// checked them.
    pub fn advance(&mut self, count: usize) {
        self.pos = (self.pos + count).min(self.bytes.len());
    }

    /// The next byte that is not whitespace, not consumed.
    pub fn peek(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.bytes.get(self.pos).copied()
    }

    fn expect(&mut self, byte: u8, what: &str) -> ReadResult<()> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(format!("expected {what}")))
        }
    }

    /// Succeeds when only whitespace is left.
    pub fn finish(&mut self) -> ReadResult<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error("trailing characters")),
        }
    }

    /// Consumes `{`; then call [`JsonReader::next_key`] until it answers `None`.
    pub fn begin_object(&mut self) -> ReadResult<Items> {
        self.expect(b'{', "an object")?;
        Ok(Items { first: true })
    }

    /// The next key of the object (its value is next), or `None` after its `}`.
    pub fn next_key(&mut self, items: &mut Items) -> ReadResult<Option<Cow<'a, str>>> {
        if !self.next_item(items, b'}')? {
            return Ok(None);
        }
        let key = self.read_str()?;
        self.expect(b':', "':' after an object key")?;
        Ok(Some(key))
    }

    /// Consumes `[`; then call [`JsonReader::next_element`] until it answers false.
    pub fn begin_array(&mut self) -> ReadResult<Items> {
        self.expect(b'[', "an array")?;
        Ok(Items { first: true })
    }

    /// Whether another element follows (it is next), false after the array's `]`.
    pub fn next_element(&mut self, items: &mut Items) -> ReadResult<bool> {
        self.next_item(items, b']')
    }

    fn next_item(&mut self, items: &mut Items, close: u8) -> ReadResult<bool> {
        match self.peek() {
            Some(byte) if byte == close => {
                self.pos += 1;
                return Ok(false);
            }
            Some(b',') if !items.first => self.pos += 1,
            _ if items.first => {}
            _ => return Err(self.error("expected ',' or the end of the list")),
        }
        items.first = false;
        Ok(true)
    }

    /// Reads `null` when it is next; false (nothing consumed) otherwise.
    pub fn read_null(&mut self) -> ReadResult<bool> {
        if self.peek() != Some(b'n') {
            return Ok(false);
        }
        if self.bytes[self.pos..].starts_with(b"null") {
            self.pos += 4;
            Ok(true)
        } else {
            Err(self.error("expected a value"))
        }
    }

    /// A string, borrowed from the text unless it holds escapes.
    pub fn read_str(&mut self) -> ReadResult<Cow<'a, str>> {
        self.expect(b'"', "a string")?;
        let start = self.pos;
        let bytes = self.bytes;
        let mut end = start;
        while let Some(&byte) = bytes.get(end) {
            match byte {
                b'"' => {
                    let text =
                        std::str::from_utf8(&bytes[start..end]).map_err(|_| SyntaxError {
                            what: "invalid UTF-8 in a string".to_string(),
                            offset: start,
                        })?;
                    self.pos = end + 1;
                    return Ok(Cow::Borrowed(text));
                }
                b'\\' => return self.read_escaped_str(start - 1).map(Cow::Owned),
                0..=0x1f => {
                    self.pos = end;
                    return Err(self.error("control character in a string"));
                }
                _ => end += 1,
            }
        }
        self.pos = end;
        Err(self.error("unterminated string"))
    }

    /// A string with escapes, from its opening quote at `quote`, decoded by `serde_json`.
    fn read_escaped_str(&mut self, quote: usize) -> ReadResult<String> {
        self.pos = quote;
        let (text, used) = self.deserialize_at::<String>()?;
        self.pos += used;
        Ok(text)
    }

    /// Skips one value of any kind.
    pub fn skip_value(&mut self) -> ReadResult<()> {
        self.skip_whitespace();
        let (_, used) = self.deserialize_at::<IgnoredAny>()?;
        self.pos += used;
        Ok(())
    }

    /// Reads one value at the cursor with `serde_json`; the value and the bytes it took.
    fn deserialize_at<T: serde::de::DeserializeOwned>(&self) -> ReadResult<(T, usize)> {
        let rest = &self.bytes[self.pos..];
        let mut values = serde_json::Deserializer::from_slice(rest).into_iter::<T>();
        match values.next() {
            Some(Ok(value)) => Ok((value, values.byte_offset())),
            Some(Err(error)) => Err(SyntaxError {
                what: error.to_string(),
                offset: self.pos,
            }),
            None => Err(self.error("expected a value")),
        }
    }

    /// The text of a number, checked against JSON's grammar.
    pub fn read_number_text(&mut self) -> ReadResult<&'a str> {
        self.skip_whitespace();
        let start = self.pos;
        let bytes = self.bytes;
        let mut end = start;
        let digits = |mut at: usize| {
            while bytes.get(at).is_some_and(u8::is_ascii_digit) {
                at += 1;
            }
            at
        };
        if bytes.get(end) == Some(&b'-') {
            end += 1;
        }
        let integer_end = digits(end);
        let leading_zero = bytes.get(end) == Some(&b'0') && integer_end > end + 1;
        if integer_end == end || leading_zero {
            return Err(self.error("expected a number"));
        }
        end = integer_end;
        if bytes.get(end) == Some(&b'.') {
            let fraction_end = digits(end + 1);
            if fraction_end == end + 1 {
                return Err(self.error("expected digits after '.'"));
            }
            end = fraction_end;
        }
        if let Some(b'e' | b'E') = bytes.get(end) {
            end += 1;
            if let Some(b'+' | b'-') = bytes.get(end) {
                end += 1;
            }
            let exponent_end = digits(end);
            if exponent_end == end {
                return Err(self.error("expected digits in an exponent"));
            }
            end = exponent_end;
        }
        self.pos = end;
        // Only ASCII digits and signs were taken.
        std::str::from_utf8(&bytes[start..end]).map_err(|_| self.error("expected a number"))
    }

    /// A number as a float.
    pub fn read_f64(&mut self) -> ReadResult<f64> {
        let text = self.read_number_text()?;
        Ok(parse_decimal(text.as_bytes()).unwrap_or_else(|| text.parse().unwrap_or(f64::NAN)))
    }
}

/// Powers of ten that a float holds exactly.
const EXACT_POWERS_OF_TEN: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// Largest integer a float holds exactly.
const MAX_EXACT_INTEGER: u64 = 1 << 53;

/// `-?digits[.digits]` as the nearest float, when the digits form an integer a float holds
/// exactly and there are at most 22 of them after the point: one exact division then rounds
/// correctly (Clinger's fast path). `None` for anything else, which the standard parser reads.
pub fn parse_decimal(text: &[u8]) -> Option<f64> {
    match decimal_prefix(text)? {
        (value, used) if used == text.len() => Some(value),
        _ => None,
    }
}

/// [`parse_decimal`] of the longest prefix of `text` shaped `-?digits[.digits]`: the value
/// and the bytes it took. For a caller that knows what must follow the number.
///
/// One byte at a time: sample values are mostly short, and for them this beats reading
/// eight digits at once ([`leading_digits`]).
pub fn decimal_prefix(text: &[u8]) -> Option<(f64, usize)> {
    let negative = text.first() == Some(&b'-');
    let mut at = usize::from(negative);
    let mut mantissa: u64 = 0;
    let mut digits = 0usize;
    let mut fraction_digits = 0usize;
    let mut seen_point = false;
    while let Some(&byte) = text.get(at) {
        match byte {
            b'0'..=b'9' => {
                // Past 19 significant digits the mantissa could overflow.
                if mantissa >= 1_000_000_000_000_000_000 {
                    return None;
                }
                mantissa = mantissa * 10 + u64::from(byte - b'0');
                digits += 1;
                fraction_digits += usize::from(seen_point);
            }
            b'.' if !seen_point => seen_point = true,
            _ => break,
        }
        at += 1;
    }
    if digits == 0 || mantissa > MAX_EXACT_INTEGER {
        return None;
    }
    let magnitude = match fraction_digits {
        0 => mantissa as f64,
        _ => mantissa as f64 / EXACT_POWERS_OF_TEN.get(fraction_digits)?,
    };
    Some((if negative { -magnitude } else { magnitude }, at))
}

/// The ASCII digits at the start of `text`, up to eight of them read at once as one word
/// without a branch per digit (the method of `fast_float` and `simdjson`): their value and
/// count. `None` when fewer than eight bytes are left, for the caller's byte-by-byte path.
#[inline]
pub fn leading_digits(text: &[u8]) -> Option<(u64, usize)> {
    let (word, count) = digit_word(text)?;
    let values = word.wrapping_sub(0x3030_3030_3030_3030);
    if count == 0 {
        return Some((0, 0));
    }
    // The digits moved to the top bytes, zero digits below them: an eight-digit number
    // with leading zeros. Then pairs of digits, then the two halves of four digits each.
    let digits = values << (64 - 8 * count);
    let pairs = digits * 10 + (digits >> 8);
    let high = (pairs & 0x0000_00FF_0000_00FF).wrapping_mul(100 + (1_000_000 << 32));
    let low = ((pairs >> 16) & 0x0000_00FF_0000_00FF).wrapping_mul(1 + (10_000 << 32));
    Some((u64::from((high.wrapping_add(low) >> 32) as u32), count))
}

/// The first eight bytes of `text` as one word (the first character lowest) and how many
/// of them, from the start, are ASCII digits; `None` when fewer than eight bytes are left.
#[inline]
pub fn digit_word(text: &[u8]) -> Option<(u64, usize)> {
    let word = first_word(text)?;
    Some((word, (not_digit_flags(word).trailing_zeros() / 8) as usize))
}

/// The first eight bytes of `text` as one word, the first character lowest.
#[inline]
pub fn first_word(text: &[u8]) -> Option<u64> {
    let bytes: [u8; 8] = text.get(..8)?.try_into().ok()?;
    Some(u64::from_le_bytes(bytes))
}

/// The high bit of each byte of `word` that is not an ASCII digit; exact up to the first of
/// them, as neither the sum nor the difference carries out of a digit's byte.
#[inline]
pub fn not_digit_flags(word: u64) -> u64 {
    let values = word.wrapping_sub(0x3030_3030_3030_3030);
    (word.wrapping_add(0x4646_4646_4646_4646) | values) & 0x8080_8080_8080_8080
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_objects_and_arrays_and_skips_the_rest() {
        let text =
            br#" {"a": [1, 2.5e1, -0.5], "skip": {"x": [true, null, "y"]}, "s": "t\"\u00e9"} "#;
        let mut reader = JsonReader::new(text);
        let mut object = reader.begin_object().expect("object");
        let mut seen = Vec::new();
        while let Some(key) = reader.next_key(&mut object).expect("key") {
            match key.as_ref() {
                "a" => {
                    let mut array = reader.begin_array().expect("array");
                    while reader.next_element(&mut array).expect("element") {
                        seen.push(reader.read_f64().expect("number").to_string());
                    }
                }
                "s" => seen.push(reader.read_str().expect("string").into_owned()),
                _ => reader.skip_value().expect("skipped"),
            }
        }
        reader.finish().expect("nothing left");
        assert_eq!(seen, ["1", "25", "-0.5", "t\"é"]);
    }

    #[test]
    fn refuses_broken_text() {
        let cases: [&[u8]; 9] = [
            b"[1,]",
            b"[1 2]",
            b"[,1]",
            b"{\"a\" 1}",
            b"[01]",
            b"[1.]",
            b"[\"a",
            b"[\"\x01\"]",
            b"[\"\xff\"]",
        ];
        for text in cases {
            let mut reader = JsonReader::new(text);
            let outcome = (|| {
                let mut array = reader.begin_array()?;
                while reader.next_element(&mut array)? {
                    if reader.peek() == Some(b'"') {
                        reader.read_str()?;
                    } else {
                        reader.read_f64()?;
                    }
                }
                reader.finish()
            })();
            assert!(outcome.is_err(), "{:?}", String::from_utf8_lossy(text));
        }
    }

    #[test]
    fn leading_digits_are_read_eight_at_a_time() {
        type Case = (&'static [u8], Option<(u64, usize)>);
        let cases: [Case; 7] = [
            (b"12345678", Some((12_345_678, 8))),
            (b"123456789", Some((12_345_678, 8))),
            (b"00000001x", Some((1, 8))),
            (b"7\"]],[1,", Some((7, 1))),
            (b"0120.5\"]", Some((120, 4))),
            (b"x1234567", Some((0, 0))),
            (b"1234567", None),
        ];
        for (text, expected) in cases {
            assert_eq!(
                leading_digits(text),
                expected,
                "{}",
                String::from_utf8_lossy(text)
            );
        }
        for byte in 0..=255u8 {
            let mut text = *b"42000000";
            text[2] = byte;
            let count = if byte.is_ascii_digit() { 8 } else { 2 };
            assert_eq!(leading_digits(&text).map(|(_, n)| n), Some(count), "{byte}");
        }
    }

    #[test]
    fn decimals_parse_exactly_as_the_standard_parser() {
        for text in [
            "0",
            "-0",
            "1",
            "123",
            "1.5",
            "-2.25",
            "0.1",
            "0.3",
            "1735689600.123",
            "4503599627370496",
            "9007199254740992",
            "0.000000000000000001",
            "0.0000000000000000000001",
            "123456789012345.6",
            "12345678.87654321",
            "1.234567890123456",
            "00000000000000001",
        ] {
            let expected: f64 = text.parse().expect("float");
            let parsed = parse_decimal(text.as_bytes()).expect("fast path");
            assert_eq!(parsed.to_bits(), expected.to_bits(), "{text}");
        }
        for text in [
            "9007199254740993",
            "1e5",
            "NaN",
            "+Inf",
            "",
            "-",
            "1.2.3",
            "12345678901234567890",
            ".",
            "1234567890123456789.5",
        ] {
            assert_eq!(parse_decimal(text.as_bytes()), None, "{text}");
        }
    }
}
