//! A query answer's JSON as a list of chunks, ready to be sent: the text the writer wrote,
//! with each large encoded column ([`EncodedCells`](super::EncodedCells)) passed as a slice
//! of the text it shares with the answer's other columns instead of being copied. A 500-series
//! Prometheus answer is 10 MB of JSON of which all but a few hundred kilobytes are such
//! columns: the server never copies them into a response buffer.

use bytes::Bytes;

/// Encoded columns shorter than this are copied: a chunk of their own would cost more than
/// the copy.
pub(super) const SHARED_MIN_LEN: usize = 1024;

/// Where an encoded column goes in the written text, and the column's text.
pub(super) type Splice = (usize, Bytes);

/// The JSON text of an answer, in order.
#[derive(Debug, Clone, Default)]
pub struct JsonText {
    chunks: Vec<Bytes>,
    len: usize,
}

impl JsonText {
    /// `written` with each splice's text put in at its offset (offsets in order, within
    /// `written`).
    pub(super) fn assemble(written: Vec<u8>, splices: Vec<Splice>) -> JsonText {
        let written = Bytes::from(written);
        let mut chunks = Vec::with_capacity(2 * splices.len() + 1);
        let mut len = written.len();
        let mut from = 0;
        for (at, text) in splices {
            let at = at.clamp(from, written.len());
            if at > from {
                chunks.push(written.slice(from..at));
            }
            len += text.len();
            chunks.push(text);
            from = at;
        }
        if from < written.len() {
            chunks.push(written.slice(from..));
        }
        JsonText { chunks, len }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The chunks, to be sent one after another.
    pub fn into_chunks(self) -> Vec<Bytes> {
        self.chunks
    }

    /// The whole text in one buffer.
    pub fn to_vec(&self) -> Vec<u8> {
        let mut text = Vec::with_capacity(self.len);
        for chunk in &self.chunks {
            text.extend_from_slice(chunk);
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splices_go_in_at_their_offsets() {
        let written = b"{\"a\":,\"b\":}".to_vec();
        let text = JsonText::assemble(
            written,
            vec![
                (5, Bytes::from_static(b"[1,2]")),
                (10, Bytes::from_static(b"[3]")),
            ],
        );
        assert_eq!(text.to_vec(), b"{\"a\":[1,2],\"b\":[3]}");
        assert_eq!(text.len(), 19);
        assert_eq!(text.into_chunks().len(), 5);
    }

    #[test]
    fn splices_at_the_ends_make_no_empty_chunks() {
        let text = JsonText::assemble(
            b"x".to_vec(),
            vec![(0, Bytes::from_static(b"[")), (1, Bytes::from_static(b"]"))],
        );
        assert_eq!(text.to_vec(), b"[x]");
        assert!(text.into_chunks().iter().all(|chunk| !chunk.is_empty()));
    }
}
