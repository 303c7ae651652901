//! A response body sent from a list of chunks already in memory, with its length announced
//! (`Content-Length`, not chunked transfer encoding): the query answer's JSON, most of
//! which is slices of the data sources' own text ([`sightline_query::frame::JsonText`]).

use std::collections::VecDeque;
use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::Bytes;
use http_body::{Body, Frame, SizeHint};

/// The chunks left to send and their length.
pub struct ChunkedBody {
    chunks: VecDeque<Bytes>,
    remaining: u64,
}

impl ChunkedBody {
    pub fn new(chunks: Vec<Bytes>) -> ChunkedBody {
        let remaining = chunks.iter().map(|chunk| chunk.len() as u64).sum();
        ChunkedBody {
            chunks: chunks.into(),
            remaining,
        }
    }
}

impl Body for ChunkedBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let next = self.chunks.pop_front();
        if let Some(chunk) = &next {
            self.remaining -= chunk.len() as u64;
        }
        Poll::Ready(next.map(|chunk| Ok(Frame::data(chunk))))
    }

    fn is_end_stream(&self) -> bool {
        self.chunks.is_empty()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.remaining)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn sends_its_chunks_in_order_with_the_length_announced() {
        let body = ChunkedBody::new(vec![Bytes::from_static(b"{\"a\":"), Bytes::from("[1]}")]);
        assert_eq!(body.size_hint().exact(), Some(9));
        let collected = axum::body::to_bytes(axum::body::Body::new(body), 100)
            .await
            .expect("collects");
        assert_eq!(&collected[..], b"{\"a\":[1]}");
    }
}
