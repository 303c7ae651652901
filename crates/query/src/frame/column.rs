//! [`Column`]: the values of one field, a vector of optional cells that knows whether the
//! field's type is nullable (Grafana's `*float64` versus `float64`).

/// The cells of one field. A non-nullable column holds no `None`: [`Column::push_null`] turns
/// it nullable, because a Grafana frame needs a nullable type to carry a null.
#[derive(Debug, Clone, PartialEq)]
pub struct Column<T> {
    cells: Vec<Option<T>>,
    nullable: bool,
}

impl<T> Column<T> {
    /// A non-nullable column holding `values`.
    pub fn required(values: Vec<T>) -> Self {
        Self {
            cells: values.into_iter().map(Some).collect(),
            nullable: false,
        }
    }

    /// A nullable column holding `cells`.
    pub fn nullable(cells: Vec<Option<T>>) -> Self {
        Self {
            cells,
            nullable: true,
        }
    }

    /// An empty column, nullable or not.
    pub fn empty(nullable: bool) -> Self {
        Self {
            cells: Vec::new(),
            nullable,
        }
    }

    /// An empty non-nullable column with room for `capacity` cells.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            cells: Vec::with_capacity(capacity),
            nullable: false,
        }
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    pub fn is_nullable(&self) -> bool {
        self.nullable
    }

    /// The value at `row`; `None` for a null cell or a row past the end.
    pub fn get(&self, row: usize) -> Option<&T> {
        self.cells.get(row).and_then(Option::as_ref)
    }

    /// Every cell in order, `None` for nulls.
    pub fn cells(&self) -> &[Option<T>] {
        &self.cells
    }

    pub fn iter(&self) -> impl Iterator<Item = Option<&T>> {
        self.cells.iter().map(Option::as_ref)
    }

    pub fn push(&mut self, value: T) {
        self.cells.push(Some(value));
    }

    /// Appends a null, making the column nullable.
    pub fn push_null(&mut self) {
        self.nullable = true;
        self.cells.push(None);
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
        if let Some(slot) = self.cells.get_mut(row) {
            *slot = cell;
        }
    }

    /// The same cells, typed as nullable.
    pub fn into_nullable(mut self) -> Self {
        self.nullable = true;
        self
    }

    pub fn into_cells(self) -> Vec<Option<T>> {
        self.cells
    }
}

impl<T: Clone> Column<T> {
    /// Appends a copy of the last cell, or a null when the column is empty.
    pub(crate) fn push_repeat_last(&mut self) {
        let last = self.cells.last().cloned().flatten();
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

    #[test]
    fn repeat_last_copies_the_previous_cell_or_null() {
        let mut column: Column<i32> = Column::empty(false);
        column.push_repeat_last();
        column.push(7);
        column.push_repeat_last();
        assert_eq!(column.cells(), &[None, Some(7), Some(7)]);
    }
}
