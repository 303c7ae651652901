//! Cells kept as the JSON text a frame is written with, decoded only if something reads them.
//!
//! A large data source answer mostly passes straight through to the browser: a Prometheus
//! `query_range` of 500 series is half a million samples that nothing on the server looks at.
//! A reader that can write those cells directly as frame JSON (`[1735689600000,...]`,
//! `[0.25,null,...]`) hands them over as [`EncodedCells`]; the frame writer passes the text on
//! (as a slice of the shared buffer, or a copy), and a [`Column`](super::Column) built on
//! them decodes it the first time a cell is read (expressions, transformations, alerting),
//! giving the same cells the reader would have built.

use std::fmt;
use std::ops::Range;

use bytes::Bytes;

use super::timestamp::Timestamp;

/// The cells of one column as the JSON array frame JSON carries them: numbers, and `null`
/// for the NaN and infinite floats listed in [`NonFinite`].
#[derive(Clone)]
pub struct EncodedCells {
    /// Text shared by the columns of one answer.
    text: Bytes,
    /// Where this column's `[...]` is in `text`.
    range: Range<usize>,
    len: usize,
    non_finite: NonFinite,
}

impl EncodedCells {
    /// The column at `range` of `text`, which must be a JSON array of `len` numbers and
    /// `null`s, a `null` for each row of `non_finite`. Text that breaks this is not refused
    /// here: it is written out as it is, and decoding reads what it can (unreadable cells are
    /// null, missing ones too).
    pub fn new(
        text: Bytes,
        range: Range<usize>,
        len: usize,
        non_finite: NonFinite,
    ) -> EncodedCells {
        EncodedCells {
            text,
            range,
            len,
            non_finite,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The JSON array.
    pub fn json(&self) -> &[u8] {
        self.text.get(self.range.clone()).unwrap_or(b"[]")
    }

    /// The JSON array as a slice of the shared text (no copy).
    pub(super) fn shared_json(&self) -> Bytes {
        match self.text.get(self.range.clone()) {
            Some(_) => self.text.slice(self.range.clone()),
            None => Bytes::from_static(b"[]"),
        }
    }

    /// The rows written as `null` that hold NaN or an infinity.
    pub fn non_finite(&self) -> &NonFinite {
        &self.non_finite
    }

    /// The cells, decoded one by one.
    pub(super) fn decode<T: DecodeCell>(&self) -> Vec<Option<T>> {
        let json = self.json();
        let inner = json
            .strip_prefix(b"[")
            .and_then(|rest| rest.strip_suffix(b"]"))
            .unwrap_or_default();
        let mut cells: Vec<Option<T>> = Vec::with_capacity(self.len);
        if !inner.is_empty() {
            for token in inner.split(|&byte| byte == b',').take(self.len) {
                let row = cells.len();
                let cell = match token {
                    b"null" => self.non_finite.value_at(row).and_then(T::from_non_finite),
                    number => T::from_number(number),
                };
                cells.push(cell);
            }
        }
        cells.resize_with(self.len, || None);
        cells
    }

    /// Whether both hold the same text (no decoding).
    pub(super) fn same_text(&self, other: &EncodedCells) -> bool {
        (self.text.as_ptr() == other.text.as_ptr() && self.range == other.range)
            || (self.json() == other.json() && self.non_finite == other.non_finite)
    }
}

impl fmt::Debug for EncodedCells {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("EncodedCells")
            .field("len", &self.len)
            .field("bytes", &self.range.len())
            .finish()
    }
}

/// The rows of one float column that JSON cannot carry (written as `null`), by kind; frame
/// JSON lists them under `data.entities` as `NaN`, `Inf` and `NegInf`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NonFinite {
    pub nan: Vec<usize>,
    pub inf: Vec<usize>,
    pub neg_inf: Vec<usize>,
}

impl NonFinite {
    pub fn is_empty(&self) -> bool {
        self.nan.is_empty() && self.inf.is_empty() && self.neg_inf.is_empty()
    }

    /// Notes that `row` holds `value`, which is NaN or infinite.
    pub fn push(&mut self, row: usize, value: f64) {
        if value.is_nan() {
            self.nan.push(row);
        } else if value > 0.0 {
            self.inf.push(row);
        } else {
            self.neg_inf.push(row);
        }
    }

    /// The value at `row` when it is listed.
    fn value_at(&self, row: usize) -> Option<f64> {
        let listed = |rows: &Vec<usize>| rows.binary_search(&row).is_ok();
        if listed(&self.nan) {
            Some(f64::NAN)
        } else if listed(&self.inf) {
            Some(f64::INFINITY)
        } else if listed(&self.neg_inf) {
            Some(f64::NEG_INFINITY)
        } else {
            None
        }
    }

    /// `{"NaN": [...], "Inf": [...], "NegInf": [...]}`, empty lists left out.
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        let mut digits = itoa::Buffer::new();
        out.push(b'{');
        let lists = [
            ("\"NaN\":[", &self.nan),
            ("\"Inf\":[", &self.inf),
            ("\"NegInf\":[", &self.neg_inf),
        ];
        let mut first = true;
        for (key, rows) in lists.into_iter().filter(|(_, rows)| !rows.is_empty()) {
            if !first {
                out.push(b',');
            }
            first = false;
            out.extend_from_slice(key.as_bytes());
            for (index, row) in rows.iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(digits.format(*row).as_bytes());
            }
            out.push(b']');
        }
        out.push(b'}');
    }
}

/// A cell type that [`EncodedCells`] can hold.
pub trait DecodeCell: Sized {
    /// The cell a JSON number gives; `None` when it is not one.
    fn from_number(text: &[u8]) -> Option<Self>;
    /// The cell a NaN or an infinity gives, if the type has one.
    fn from_non_finite(value: f64) -> Option<Self>;
}

impl DecodeCell for f64 {
    fn from_number(text: &[u8]) -> Option<f64> {
        std::str::from_utf8(text).ok()?.parse().ok()
    }

    fn from_non_finite(value: f64) -> Option<f64> {
        Some(value)
    }
}

/// Time cells are epoch milliseconds.
impl DecodeCell for Timestamp {
    fn from_number(text: &[u8]) -> Option<Timestamp> {
        let millis: i64 = std::str::from_utf8(text).ok()?.parse().ok()?;
        Some(Timestamp::from_millis(millis))
    }

    fn from_non_finite(_: f64) -> Option<Timestamp> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str, len: usize, non_finite: NonFinite) -> EncodedCells {
        let padded = Bytes::from(format!("xx{text}yy").into_bytes());
        EncodedCells::new(padded, 2..2 + text.len(), len, non_finite)
    }

    #[test]
    fn floats_decode_with_their_non_finite_rows() {
        let non_finite = NonFinite {
            nan: vec![1],
            inf: vec![3],
            neg_inf: vec![4],
        };
        let encoded = cells("[0.25,null,-3,null,null,null]", 6, non_finite);
        let decoded: Vec<Option<f64>> = encoded.decode();
        assert_eq!(decoded.len(), 6);
        assert_eq!(decoded[0], Some(0.25));
        assert!(decoded[1].is_some_and(f64::is_nan));
        assert_eq!(decoded[2], Some(-3.0));
        assert_eq!(decoded[3], Some(f64::INFINITY));
        assert_eq!(decoded[4], Some(f64::NEG_INFINITY));
        assert_eq!(decoded[5], None);
    }

    #[test]
    fn times_decode_from_milliseconds() {
        let encoded = cells("[1735689600000,1735689615000]", 2, NonFinite::default());
        let decoded: Vec<Option<Timestamp>> = encoded.decode();
        assert_eq!(
            decoded,
            vec![
                Some(Timestamp::from_millis(1_735_689_600_000)),
                Some(Timestamp::from_millis(1_735_689_615_000))
            ]
        );
    }

    #[test]
    fn text_that_breaks_the_contract_decodes_to_nulls_without_panicking() {
        let short: Vec<Option<f64>> = cells("[1,x]", 4, NonFinite::default()).decode();
        assert_eq!(short, vec![Some(1.0), None, None, None]);
        let long: Vec<Option<f64>> = cells("[1,2,3]", 2, NonFinite::default()).decode();
        assert_eq!(long, vec![Some(1.0), Some(2.0)]);
        let empty: Vec<Option<f64>> = cells("[]", 1, NonFinite::default()).decode();
        assert_eq!(empty, vec![None]);
        let bad_range =
            EncodedCells::new(Bytes::from_static(b"[1]"), 2..9, 1, NonFinite::default());
        assert_eq!(bad_range.json(), b"[]");
        assert_eq!(bad_range.decode::<f64>(), vec![None]);
    }

    #[test]
    fn the_same_text_is_recognised_without_decoding() {
        let text = Bytes::from_static(b"[1,2][1,2][1,3]");
        let at =
            |range: Range<usize>| EncodedCells::new(text.clone(), range, 2, NonFinite::default());
        assert!(at(0..5).same_text(&at(0..5)));
        assert!(at(0..5).same_text(&at(5..10)));
        assert!(!at(0..5).same_text(&at(10..15)));
    }
}
