//! [`FieldType`]: the element type of a field, named as Grafana's frame JSON names it in
//! `typeInfo.frame` (the Go type) and in `type` (the type the browser sees).

/// Element type of a field. Nullability is carried by the field's column, not here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldType {
    Time,
    Float64,
    Float32,
    Int8,
    Int16,
    Int32,
    Int64,
    Uint8,
    Uint16,
    Uint32,
    Uint64,
    String,
    Bool,
    /// Raw JSON per cell (`json.RawMessage`, shown as `other`).
    Json,
    /// Index into the field config's `type.enum.text` (`enum`).
    Enum,
}

impl FieldType {
    pub const ALL: [FieldType; 15] = [
        FieldType::Time,
        FieldType::Float64,
        FieldType::Float32,
        FieldType::Int8,
        FieldType::Int16,
        FieldType::Int32,
        FieldType::Int64,
        FieldType::Uint8,
        FieldType::Uint16,
        FieldType::Uint32,
        FieldType::Uint64,
        FieldType::String,
        FieldType::Bool,
        FieldType::Json,
        FieldType::Enum,
    ];

    /// The Go type name written in `schema.fields[].typeInfo.frame`.
    pub fn go_type_name(self) -> &'static str {
        match self {
            FieldType::Time => "time.Time",
            FieldType::Float64 => "float64",
            FieldType::Float32 => "float32",
            FieldType::Int8 => "int8",
            FieldType::Int16 => "int16",
            FieldType::Int32 => "int32",
            FieldType::Int64 => "int64",
            FieldType::Uint8 => "uint8",
            FieldType::Uint16 => "uint16",
            FieldType::Uint32 => "uint32",
            FieldType::Uint64 => "uint64",
            FieldType::String => "string",
            FieldType::Bool => "bool",
            FieldType::Json => "json.RawMessage",
            FieldType::Enum => "enum",
        }
    }

    pub fn from_go_type_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.go_type_name() == name)
    }

    /// The browser-side type written in `schema.fields[].type`.
    pub fn js_type_name(self) -> &'static str {
        match self {
            FieldType::Time => "time",
            FieldType::String => "string",
            FieldType::Bool => "boolean",
            FieldType::Json => "other",
            FieldType::Enum => "enum",
            _ => "number",
        }
    }

    /// The type a frame without `typeInfo` (as the browser writes them) decodes to.
    pub fn from_js_type_name(name: &str) -> Option<Self> {
        match name {
            "time" => Some(FieldType::Time),
            "number" => Some(FieldType::Float64),
            "string" => Some(FieldType::String),
            "boolean" => Some(FieldType::Bool),
            "other" => Some(FieldType::Json),
            "enum" => Some(FieldType::Enum),
            _ => None,
        }
    }

    pub fn is_numeric(self) -> bool {
        self.js_type_name() == "number"
    }

    pub fn is_float(self) -> bool {
        matches!(self, FieldType::Float64 | FieldType::Float32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_names_round_trip() {
        for field_type in FieldType::ALL {
            assert_eq!(
                FieldType::from_go_type_name(field_type.go_type_name()),
                Some(field_type)
            );
        }
        assert_eq!(FieldType::from_go_type_name("*float64"), None);
    }

    #[test]
    fn js_names_follow_grafana() {
        let cases = [
            (FieldType::Time, "time"),
            (FieldType::Uint64, "number"),
            (FieldType::Float32, "number"),
            (FieldType::Bool, "boolean"),
            (FieldType::Json, "other"),
            (FieldType::Enum, "enum"),
        ];
        for (field_type, name) in cases {
            assert_eq!(field_type.js_type_name(), name);
        }
    }
}
