//! Query results: [`DataResponse`] (the answer to one query) and [`QueryDataResponse`] (the
//! body of `POST /api/ds/query`: `{"results": {"A": {...}, ...}}`).
//!
//! A response is written as Grafana's SDK writes it: `error` and `errorSource` when the query
//! failed, then `status` (the set status, else 500 for an error and 200 for success), then
//! `frames` when there are any. [`QueryDataResponse::to_json`] writes the whole answer into
//! one buffer with the frame writer of `json_encode`, but for the large columns kept as text,
//! which it passes on as they are ([`JsonText`]).

use std::collections::BTreeMap;

use serde::ser::Error as _;
use serde::{Deserialize, Serialize, Serializer};

use super::error::FrameError;
use super::frame::Frame;
use super::json_encode::{raw_json, write_serde, FrameWriter};
use super::json_text::{JsonText, Splice};

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

impl DataResponse {
    /// Appends the response's JSON to `out`.
    pub fn write_json(&self, out: &mut Vec<u8>) -> Result<(), FrameError> {
        self.write_into(out, None)
    }

    /// Appends the response's JSON to `out`, the large encoded columns noted in `splices`
    /// instead when there are those.
    fn write_into(
        &self,
        out: &mut Vec<u8>,
        splices: Option<&mut Vec<Splice>>,
    ) -> Result<(), FrameError> {
        out.push(b'{');
        if let Some(error) = &self.error {
            out.extend_from_slice(b"\"error\":");
            write_serde(out, error)?;
            out.extend_from_slice(match self.error_source {
                Some(ErrorSource::Plugin) => b",\"errorSource\":\"plugin\",",
                Some(ErrorSource::Downstream) => b",\"errorSource\":\"downstream\",",
                None => b",\"errorSource\":\"\",",
            });
        }
        out.extend_from_slice(b"\"status\":");
        out.extend_from_slice(
            itoa::Buffer::new()
                .format(self.effective_status())
                .as_bytes(),
        );
        if !self.frames.is_empty() {
            out.extend_from_slice(b",\"frames\":");
            let mut writer = match splices {
                Some(splices) => FrameWriter::splicing(out, splices),
                None => FrameWriter::new(out),
            };
            writer.write_list(&self.frames)?;
        }
        out.push(b'}');
        Ok(())
    }

    /// About how many bytes [`DataResponse::write_json`] writes.
    pub fn json_size_hint(&self) -> usize {
        self.size_hint(false)
    }

    /// About how many bytes the writer puts in its buffer (without the spliced columns when
    /// `spliced`).
    fn size_hint(&self, spliced: bool) -> usize {
        let error = self.error.as_ref().map_or(0, |error| error.len() + 32);
        let frames: usize = self
            .frames
            .iter()
            .map(|frame| frame.size_hint(spliced))
            .sum();
        32 + error + frames
    }
}

impl Serialize for DataResponse {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = Vec::with_capacity(self.json_size_hint());
        self.write_json(&mut out).map_err(S::Error::custom)?;
        raw_json(out)?.serialize(serializer)
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

    /// The answer's JSON: written in one buffer sized up front, but for the large encoded
    /// columns, which are passed on as they are.
    pub fn to_json(&self) -> Result<JsonText, FrameError> {
        let hint: usize = self
            .results
            .iter()
            .map(|(ref_id, response)| ref_id.len() + 4 + response.size_hint(true))
            .sum();
        let mut out = Vec::with_capacity(16 + hint);
        let mut splices = Vec::new();
        out.extend_from_slice(b"{\"results\":{");
        for (index, (ref_id, response)) in self.results.iter().enumerate() {
            if index > 0 {
                out.push(b',');
            }
            write_serde(&mut out, ref_id)?;
            out.push(b':');
            response.write_into(&mut out, Some(&mut splices))?;
        }
        out.extend_from_slice(b"}}");
        Ok(JsonText::assemble(out, splices))
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
