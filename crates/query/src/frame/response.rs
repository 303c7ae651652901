//! Query results: [`DataResponse`] (the answer to one query) and [`QueryDataResponse`] (the
//! body of `POST /api/ds/query`: `{"results": {"A": {...}, ...}}`).
//!
//! A response is written as Grafana's SDK writes it: `error` and `errorSource` when the query
//! failed, then `status` (the set status, else 500 for an error and 200 for success), then
//! `frames` when there are any.

use std::collections::BTreeMap;

use serde::ser::SerializeMap;
use serde::{Deserialize, Serialize, Serializer};

use super::frame::Frame;

/// Who is to blame for a failed query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorSource {
    /// Sightline or the data source plugin.
    Plugin,
    /// The system the data source talks to (a database, Prometheus, ...).
    Downstream,
}

/// The result of one query (one `refId`). A failed query does not fail the others.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataResponse {
    /// HTTP-like status of this query; `None` means 200, or 500 when there is an error.
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub frames: Vec<Frame>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub error_source: Option<ErrorSource>,
}

impl DataResponse {
    pub fn ok(frames: Vec<Frame>) -> Self {
        Self {
            frames,
            ..Self::default()
        }
    }

    /// A failed query: `status` is the HTTP status that describes it (400 for a bad query,
    /// 502 for an unreachable upstream, ...).
    pub fn error(status: u16, message: impl Into<String>, source: ErrorSource) -> Self {
        Self {
            status: Some(status),
            frames: Vec::new(),
            error: Some(message.into()),
            error_source: Some(source),
        }
    }

    /// The status written to JSON.
    pub fn effective_status(&self) -> u16 {
        match self.status {
            Some(status) if (100..600).contains(&status) => status,
            _ if self.error.is_some() => 500,
            _ => 200,
        }
    }
}

impl Serialize for DataResponse {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut response = serializer.serialize_map(None)?;
        if let Some(error) = &self.error {
            response.serialize_entry("error", error)?;
            let source = match self.error_source {
                Some(ErrorSource::Plugin) => "plugin",
                Some(ErrorSource::Downstream) => "downstream",
                None => "",
            };
            response.serialize_entry("errorSource", source)?;
        }
        response.serialize_entry("status", &self.effective_status())?;
        if !self.frames.is_empty() {
            response.serialize_entry("frames", &self.frames)?;
        }
        response.end()
    }
}

/// The answer of `POST /api/ds/query`: one [`DataResponse`] per `refId`, in `refId` order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct QueryDataResponse {
    pub results: BTreeMap<String, DataResponse>,
}

impl QueryDataResponse {
    pub fn insert(&mut self, ref_id: impl Into<String>, response: DataResponse) {
        self.results.insert(ref_id.into(), response);
    }

    /// The HTTP status of the whole answer: Grafana sends 400 when any query failed, 200
    /// otherwise (207 only behind its `datasourceQueryMultiStatus` feature flag).
    pub fn http_status(&self) -> u16 {
        if self.results.values().any(|r| r.error.is_some()) {
            400
        } else {
            200
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::Field;
    use pretty_assertions::assert_eq;
    use serde_json::json;

    #[test]
    fn responses_are_written_like_grafana() {
        let mut answer = QueryDataResponse::default();
        answer.insert(
            "B",
            DataResponse::error(400, "parse error at char 4", ErrorSource::Downstream),
        );
        answer.insert(
            "A",
            DataResponse::ok(vec![Frame::new("").with_field(Field::new("v", vec![1.0]))]),
        );
        answer.insert("C", DataResponse::ok(Vec::new()));
        answer.insert(
            "D",
            DataResponse {
                error: Some("boom".into()),
                ..DataResponse::default()
            },
        );
        let written = serde_json::to_string(&answer).expect("encodes");
        assert_eq!(
            written,
            concat!(
                r#"{"results":{"#,
                r#""A":{"status":200,"frames":[{"schema":{"fields":[{"name":"v","type":"number","typeInfo":{"frame":"float64"}}]},"data":{"values":[[1]]}}]},"#,
                r#""B":{"error":"parse error at char 4","errorSource":"downstream","status":400},"#,
                r#""C":{"status":200},"#,
                r#""D":{"error":"boom","errorSource":"","status":500}"#,
                r#"}}"#
            )
        );
        assert_eq!(answer.http_status(), 400);
    }

    #[test]
    fn responses_read_back() {
        let input = json!({"results": {
            "A": {"status": 200, "frames": [{"schema": {"fields": []}, "data": {"values": []}}]},
            "B": {"error": "bad", "errorSource": "plugin", "status": 400}
        }});
        let answer: QueryDataResponse = serde_json::from_value(input).expect("decodes");
        assert_eq!(answer.results["A"].frames.len(), 1);
        assert_eq!(
            answer.results["B"],
            DataResponse::error(400, "bad", ErrorSource::Plugin)
        );
        assert_eq!(
            QueryDataResponse::default().http_status(),
            200,
            "no results, no error"
        );
    }
}
