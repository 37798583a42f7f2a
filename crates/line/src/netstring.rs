//! Netstrings (`12:{"a":"bcd"},`), the framing of baresip's control port:
//! one JSON value per frame. Pure, no I/O: the reader feeds what arrived
//! and takes out whole frames, so a frame split across reads (or two in
//! one read) is handled in one place.

/// The longest frame accepted: an event or a `listcalls` answer is a few
/// kilobytes; anything longer is a broken or hostile stream.
pub const MAX_FRAME: usize = 1 << 20;

/// Why the byte stream is not netstrings: the connection cannot be trusted
/// after this and is dropped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error("the length of a frame is not a number")]
    BadLength,
    #[error("a frame of {0} bytes is longer than {MAX_FRAME}")]
    TooLong(usize),
    #[error("a frame does not end with a comma")]
    NoComma,
}

/// One value as a frame.
pub fn encode(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 8);
    out.extend_from_slice(payload.len().to_string().as_bytes());
    out.push(b':');
    out.extend_from_slice(payload);
    out.push(b',');
    out
}

/// Collects bytes as they arrive and hands out whole frames.
#[derive(Debug, Default)]
pub struct Reader {
    buf: Vec<u8>,
}

impl Reader {
    pub fn feed(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// The next whole frame, `None` while it has not all arrived.
    pub fn next_frame(&mut self) -> Result<Option<Vec<u8>>, FrameError> {
        let Some(colon) = self.buf.iter().position(|&b| b == b':') else {
            // A length of more than 7 digits is over the cap already.
            if self.buf.len() > 7 || !self.buf.iter().all(u8::is_ascii_digit) {
                return Err(FrameError::BadLength);
            }
            return Ok(None);
        };
        let digits = &self.buf[..colon];
        if digits.is_empty() || digits.len() > 7 || !digits.iter().all(u8::is_ascii_digit) {
            return Err(FrameError::BadLength);
        }
        let len: usize = std::str::from_utf8(digits).ok().and_then(|s| s.parse().ok()).ok_or(FrameError::BadLength)?;
        if len > MAX_FRAME {
            return Err(FrameError::TooLong(len));
        }
        let end = colon + 1 + len;
        if self.buf.len() <= end {
            return Ok(None);
        }
        if self.buf[end] != b',' {
            return Err(FrameError::NoComma);
        }
        let frame = self.buf[colon + 1..end].to_vec();
        self.buf.drain(..=end);
        Ok(Some(frame))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_round_trips() {
        let mut r = Reader::default();
        r.feed(&encode(br#"{"command":"reginfo"}"#));
        assert_eq!(r.next_frame().unwrap().unwrap(), br#"{"command":"reginfo"}"#);
        assert_eq!(r.next_frame().unwrap(), None);
    }

    #[test]
    fn frames_split_and_joined_across_reads() {
        let mut stream = encode(b"first");
        stream.extend(encode(b""));
        stream.extend(encode("sekä äö".as_bytes()));
        let mut r = Reader::default();
        let mut got = Vec::new();
        // One byte at a time: every split point is tried.
        for b in &stream {
            r.feed(std::slice::from_ref(b));
            while let Some(f) = r.next_frame().unwrap() {
                got.push(f);
            }
        }
        assert_eq!(got, vec![b"first".to_vec(), Vec::new(), "sekä äö".as_bytes().to_vec()]);
    }

    #[test]
    fn a_broken_stream_is_an_error_not_a_wait() {
        for bad in [&b"x:abc,"[..], b"3:abcd", b"99999999:", b"12345678"] {
            let mut r = Reader::default();
            r.feed(bad);
            assert!(r.next_frame().is_err(), "{:?}", String::from_utf8_lossy(bad));
        }
        let mut r = Reader::default();
        r.feed(format!("{}:", MAX_FRAME + 1).as_bytes());
        assert_eq!(r.next_frame(), Err(FrameError::TooLong(MAX_FRAME + 1)));
    }
}
