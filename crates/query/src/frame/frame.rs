//! [`Frame`]: a named table of equally long [`Field`]s, the unit of every query result.

use super::error::FrameError;
use super::field::Field;
use super::meta::FrameMeta;

/// A data frame. Its JSON form is Grafana's (see the `json_encode` module).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Frame {
    /// Written only when not empty.
    pub name: String,
    /// The query this frame answers; written only when not empty.
    pub ref_id: String,
    pub meta: Option<FrameMeta>,
    pub fields: Vec<Field>,
}

impl Frame {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    pub fn with_ref_id(mut self, ref_id: impl Into<String>) -> Self {
        self.ref_id = ref_id.into();
        self
    }

    pub fn with_meta(mut self, meta: FrameMeta) -> Self {
        self.meta = Some(meta);
        self
    }

    pub fn with_field(mut self, field: Field) -> Self {
        self.fields.push(field);
        self
    }

    /// The number of rows; an error when the fields differ in length.
    pub fn row_len(&self) -> Result<usize, FrameError> {
        let Some(first) = self.fields.first() else {
            return Ok(0);
        };
        let expected = first.len();
        match self.fields.iter().find(|field| field.len() != expected) {
            None => Ok(expected),
            Some(field) => Err(FrameError::LengthMismatch {
                field: field.name.clone(),
                len: field.len(),
                first: first.name.clone(),
                expected,
            }),
        }
    }

    /// The first field with this name.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|field| field.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_len_requires_equal_fields() {
        let ok = Frame::new("a")
            .with_field(Field::new("x", vec![1.0, 2.0]))
            .with_field(Field::new("y", vec![true, false]));
        assert_eq!(ok.row_len(), Ok(2));
        assert_eq!(Frame::new("empty").row_len(), Ok(0));

        let broken = ok.with_field(Field::new("z", vec![1i64]));
        assert_eq!(
            broken.row_len(),
            Err(FrameError::LengthMismatch {
                field: "z".into(),
                len: 1,
                first: "x".into(),
                expected: 2
            })
        );
    }
}
