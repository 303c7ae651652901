//! [`Field`]: one named, labelled, typed column of a [`super::Frame`].

use std::collections::BTreeMap;

use super::field_type::FieldType;
use super::meta::FieldConfig;
use super::values::FieldValues;

/// Dimension labels of a field, ordered by key as Grafana writes them.
pub type Labels = BTreeMap<String, String>;

/// A column of a frame.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    /// Written when set, even empty, as Go writes a non-nil map: Grafana's Prometheus value
    /// fields always carry `"labels"`, `{}` for a series without labels.
    pub labels: Option<Labels>,
    /// Written only when set.
    pub config: Option<FieldConfig>,
    pub values: FieldValues,
}

impl Field {
    pub fn new(name: impl Into<String>, values: impl Into<FieldValues>) -> Self {
        Self {
            name: name.into(),
            labels: None,
            config: None,
            values: values.into(),
        }
    }

    pub fn with_labels<K, V>(mut self, labels: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        self.labels = Some(
            labels
                .into_iter()
                .map(|(key, value)| (key.into(), value.into()))
                .collect(),
        );
        self
    }

    /// The field's labels, empty when it has none.
    pub fn label_set(&self) -> &Labels {
        static NONE: Labels = Labels::new();
        self.labels.as_ref().unwrap_or(&NONE)
    }

    pub fn with_config(mut self, config: FieldConfig) -> Self {
        self.config = Some(config);
        self
    }

    pub fn field_type(&self) -> FieldType {
        self.values.field_type()
    }

    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}
