//! [`Column`]: the values of one field, a vector of optional cells that knows whether the
//! field's type is nullable (Grafana's `*float64` versus `float64`). A column may start as
//! [`EncodedCells`], its frame JSON text, and is decoded the first time a cell is read.

use std::sync::OnceLock;

use super::encoded::{DecodeCell, EncodedCells};

/// The cells of one field. A non-nullable column holds no `None`: [`Column::push_null`] turns
/// it nullable, because a Grafana frame needs a nullable type to carry a null.
#[derive(Debug, Clone)]
pub struct Column<T> {
    cells: Vec<Option<T>>,
    nullable: bool,
    /// When set, the cells are this text (and `cells` is empty until changed).
    encoded: Option<Encoded<T>>,
}

/// Cells not decoded yet, and the decoding once done.
#[derive(Debug, Clone)]
struct Encoded<T> {
    cells: EncodedCells,
    decode: fn(&EncodedCells) -> Vec<Option<T>>,
    decoded: OnceLock<Vec<Option<T>>>,
}

impl<T: DecodeCell> Column<T> {
    /// A column of `cells`, nullable or not, decoded when first read.
    pub fn encoded(cells: EncodedCells, nullable: bool) -> Self {
        Self {
            cells: Vec::new(),
            nullable,
            encoded: Some(Encoded {
                cells,
                decode: EncodedCells::decode::<T>,
                decoded: OnceLock::new(),
            }),
        }
    }
}

impl<T: PartialEq> PartialEq for Column<T> {
    fn eq(&self, other: &Self) -> bool {
        if self.nullable != other.nullable {
            return false;
        }
        match (&self.encoded, &other.encoded) {
            (Some(left), Some(right)) if left.cells.same_text(&right.cells) => true,
            _ => self.cells() == other.cells(),
        }
    }
}

impl<T> Column<T> {
    /// A non-nullable column holding `values`.
    pub fn required(values: Vec<T>) -> Self {
        Self {
            cells: values.into_iter().map(Some).collect(),
            nullable: false,
            encoded: None,
        }
    }

    /// A nullable column holding `cells`.
    pub fn nullable(cells: Vec<Option<T>>) -> Self {
        Self {
            cells,
            nullable: true,
            encoded: None,
        }
    }

    /// An empty column, nullable or not.
    pub fn empty(nullable: bool) -> Self {
        Self {
            cells: Vec::new(),
            nullable,
            encoded: None,
        }
    }

    /// An empty non-nullable column with room for `capacity` cells.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            cells: Vec::with_capacity(capacity),
            nullable: false,
            encoded: None,
        }
    }

    pub fn len(&self) -> usize {
        match &self.encoded {
            Some(encoded) => encoded.cells.len(),
            None => self.cells.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The frame JSON text of the cells, while they have not been decoded or changed.
    pub fn encoded_cells(&self) -> Option<&EncodedCells> {
        self.encoded
            .as_ref()
            .filter(|encoded| encoded.decoded.get().is_none())
            .map(|encoded| &encoded.cells)
    }

    pub fn is_nullable(&self) -> bool {
        self.nullable
    }

    /// The value at `row`; `None` for a null cell or a row past the end.
    pub fn get(&self, row: usize) -> Option<&T> {
        self.cells().get(row).and_then(Option::as_ref)
    }

    /// Every cell in order, `None` for nulls.
    pub fn cells(&self) -> &[Option<T>] {
        match &self.encoded {
            Some(encoded) => encoded
                .decoded
                .get_or_init(|| (encoded.decode)(&encoded.cells)),
            None => &self.cells,
        }
    }

    /// The cells, to be changed: decoded first if they are still text.
    fn cells_mut(&mut self) -> &mut Vec<Option<T>> {
        if let Some(encoded) = self.encoded.take() {
            self.cells = encoded
                .decoded
                .into_inner()
                .unwrap_or_else(|| (encoded.decode)(&encoded.cells));
        }
        &mut self.cells
    }

    pub fn iter(&self) -> impl Iterator<Item = Option<&T>> {
        self.cells().iter().map(Option::as_ref)
    }

    /// Room for `additional` more cells.
    pub fn reserve(&mut self, additional: usize) {
        self.cells_mut().reserve(additional);
    }

    pub fn push(&mut self, value: T) {
        self.cells_mut().push(Some(value));
    }

    /// Appends a null, making the column nullable.
    pub fn push_null(&mut self) {
        self.nullable = true;
        self.cells_mut().push(None);
    }

    /// Appends `cell`; a `None` makes the column nullable.
    pub fn push_cell(&mut self, cell: Option<T>) {
        match cell {
            Some(value) => self.push(value),
            None => self.push_null(),
        }
    }

    /// Replaces the cell at `row` (which must exist); a `None` makes the column nullable.
    pub(crate) fn set_cell(&mut self, row: usize, cell: Option<T>) {
        if cell.is_none() {
            self.nullable = true;
        }
        if let Some(slot) = self.cells_mut().get_mut(row) {
            *slot = cell;
        }
    }

    /// The same cells, typed as nullable.
    pub fn into_nullable(mut self) -> Self {
        self.nullable = true;
        self
    }

    pub fn into_cells(mut self) -> Vec<Option<T>> {
        std::mem::take(self.cells_mut())
    }
}

impl<T: Clone> Column<T> {
    /// Appends a copy of the last cell, or a null when the column is empty.
    pub(crate) fn push_repeat_last(&mut self) {
        let last = self.cells().last().cloned().flatten();
        self.push_cell(last);
    }
}

impl<T> FromIterator<T> for Column<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Self::required(iter.into_iter().collect())
    }
}

impl<T> FromIterator<Option<T>> for Column<T> {
    fn from_iter<I: IntoIterator<Item = Option<T>>>(iter: I) -> Self {
        Self::nullable(iter.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_columns_become_nullable_only_when_a_null_arrives() {
        let mut column = Column::required(vec![1, 2]);
        assert!(!column.is_nullable());
        column.push(3);
        assert!(!column.is_nullable());
        column.push_null();
        assert!(column.is_nullable());
        assert_eq!(column.cells(), &[Some(1), Some(2), Some(3), None]);
        assert_eq!(column.get(3), None);
        assert_eq!(column.get(9), None);
    }

    fn encoded(text: &'static [u8], len: usize) -> Column<f64> {
        let text = bytes::Bytes::from_static(text);
        let range = 0..text.len();
        Column::encoded(
            EncodedCells::new(text, range, len, Default::default()),
            false,
        )
    }

    #[test]
    fn encoded_columns_decode_when_read_and_drop_their_text_when_changed() {
        let mut column = encoded(b"[1,2.5]", 2);
        assert_eq!(column.len(), 2);
        assert!(column.encoded_cells().is_some());
        assert_eq!(column.get(1), Some(&2.5));
        // Read: the text no longer stands for the cells alone.
        assert!(column.encoded_cells().is_none());
        assert_eq!(column, Column::required(vec![1.0, 2.5]));

        let mut changed = encoded(b"[1,2.5]", 2);
        changed.push(4.0);
        assert!(changed.encoded_cells().is_none());
        assert_eq!(changed.cells(), &[Some(1.0), Some(2.5), Some(4.0)]);
        column.push_null();
        assert_eq!(column.into_cells(), vec![Some(1.0), Some(2.5), None]);
    }

    #[test]
    fn encoded_columns_compare_by_text_or_by_cells() {
        assert_eq!(encoded(b"[1,2]", 2), encoded(b"[1,2]", 2));
        assert_eq!(encoded(b"[1,2]", 2), encoded(b"[1.0,2]", 2));
        assert_ne!(encoded(b"[1,2]", 2), encoded(b"[1,3]", 2));
        assert_ne!(encoded(b"[1,2]", 2), Column::required(vec![1.0]));
    }

    #[test]
    fn repeat_last_copies_the_previous_cell_or_null() {
        let mut column: Column<i32> = Column::empty(false);
        column.push_repeat_last();
        column.push(7);
        column.push_repeat_last();
        assert_eq!(column.cells(), &[None, Some(7), Some(7)]);
    }
}
