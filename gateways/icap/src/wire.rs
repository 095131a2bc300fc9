//! Reading ICAP/1.0 from Squid: the request head, the encapsulated HTTP headers and the
//! chunked body. Every length is checked against a fixed bound before anything is kept,
//! and a chunk's size is only ever a count of bytes to pass on, never an allocation.

use std::io::{self, BufRead, Read};

/// Largest ICAP request head (request line and ICAP headers).
pub const MAX_HEAD: usize = 16 * 1024;
/// Largest encapsulated HTTP header block (request and response headers together).
pub const MAX_HTTP_HEAD: u64 = 64 * 1024;
/// Most headers in one ICAP or HTTP head.
pub const MAX_HEADERS: usize = 100;
/// Longest chunk-size line (`1f40; ieof`).
pub const MAX_CHUNK_LINE: usize = 256;

/// Why a request could not be read.
#[derive(Debug, thiserror::Error)]
pub enum WireError {
    /// The connection ended cleanly between requests.
    #[error("connection closed")]
    Closed,
    /// The socket failed or timed out.
    #[error("{0}")]
    Io(#[from] io::Error),
    /// The request breaks the protocol or a bound: answer `400` and close.
    #[error("malformed request: {0}")]
    Malformed(&'static str),
}

/// The ICAP methods.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Options,
    Reqmod,
    Respmod,
}

/// The parts of an `Encapsulated` header, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    ReqHdr,
    ResHdr,
    ReqBody,
    ResBody,
    NullBody,
    OptBody,
}

/// A parsed ICAP request head.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    /// The service: the path of the ICAP URI without its leading `/` (`reqmod`).
    pub service: String,
    /// `Encapsulated` sections with their byte offsets.
    pub encapsulated: Vec<(Section, u64)>,
    /// `Preview: n`: only the first `n` body bytes follow until the server asks for more.
    pub preview: Option<u64>,
    /// `Allow: 204`: the client keeps the body, so `204 No Content` may answer after the
    /// preview too.
    pub allow_204: bool,
}

impl Request {
    /// The body section, if the message has a body.
    pub fn body(&self) -> Option<Section> {
        match self.encapsulated.last() {
            Some((s @ (Section::ReqBody | Section::ResBody | Section::OptBody), _)) => Some(*s),
            _ => None,
        }
    }

    /// The encapsulated header sections and their lengths.
    pub fn header_sections(&self) -> Vec<(Section, u64)> {
        self.encapsulated
            .windows(2)
            .filter(|w| matches!(w[0].0, Section::ReqHdr | Section::ResHdr))
            .map(|w| (w[0].0, w[1].1 - w[0].1))
            .collect()
    }

    /// Bytes of encapsulated HTTP headers before the body.
    pub fn header_bytes(&self) -> u64 {
        self.encapsulated.last().map_or(0, |(_, at)| *at)
    }
}

/// Reads one request head. `Ok(None)` when the connection closed before its first byte.
pub fn read_head(r: &mut impl BufRead) -> Result<Option<Vec<u8>>, WireError> {
    let mut head = Vec::new();
    loop {
        let left = (MAX_HEAD - head.len()) as u64;
        if left == 0 {
            return Err(WireError::Malformed("request head too large"));
        }
        let start = head.len();
        let n = r.by_ref().take(left).read_until(b'\n', &mut head)?;
        if n == 0 {
            return if head.is_empty() {
                Ok(None)
            } else {
                Err(WireError::Malformed("connection closed inside the head"))
            };
        }
        let line = &head[start..];
        if !line.ends_with(b"\n") {
            continue; // the bound check above ends an endless line
        }
        if line == b"\r\n" || line == b"\n" {
            if start == 0 {
                // Blank lines between requests are tolerated (RFC 9112 section 2.2).
                head.clear();
                continue;
            }
            return Ok(Some(head));
        }
    }
}

/// Parses a request head read by [`read_head`].
///
/// ```
/// use mamori_icap::wire::{parse_head, read_head, Method, Section};
/// let mut input = &b"REQMOD icap://127.0.0.1/reqmod ICAP/1.0\r\nPreview: 0\r\n\
///     Encapsulated: req-hdr=0, req-body=80\r\n\r\n"[..];
/// let request = parse_head(&read_head(&mut input)?.unwrap())?;
/// assert_eq!((request.method, request.preview), (Method::Reqmod, Some(0)));
/// assert_eq!(request.body(), Some(Section::ReqBody));
/// # Ok::<(), mamori_icap::wire::WireError>(())
/// ```
pub fn parse_head(head: &[u8]) -> Result<Request, WireError> {
    let bad = WireError::Malformed;
    let line_end = head.iter().position(|&b| b == b'\n').ok_or(bad("no request line"))?;
    let line = std::str::from_utf8(&head[..line_end]).map_err(|_| bad("request line not UTF-8"))?;
    let mut words = line.trim_end_matches('\r').split(' ');
    let (Some(method), Some(uri), Some(version), None) =
        (words.next(), words.next(), words.next(), words.next())
    else {
        return Err(bad("request line is not METHOD URI ICAP/1.0"));
    };
    if version != "ICAP/1.0" {
        return Err(bad("not ICAP/1.0"));
    }
    let method = match method {
        "OPTIONS" => Method::Options,
        "REQMOD" => Method::Reqmod,
        "RESPMOD" => Method::Respmod,
        _ => return Err(bad("unknown method")),
    };
    let rest = uri.strip_prefix("icap://").ok_or(bad("URI is not icap://"))?;
    let path = rest.find('/').map_or("", |i| &rest[i + 1..]);
    let service = path.split(['?', '#']).next().unwrap_or("").to_string();

    let mut storage = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let headers = match httparse::parse_headers(&head[line_end + 1..], &mut storage) {
        Ok(httparse::Status::Complete((_, h))) => h,
        _ => return Err(bad("malformed ICAP headers")),
    };
    let mut request =
        Request { method, service, encapsulated: Vec::new(), preview: None, allow_204: false };
    let mut seen_encapsulated = false;
    for h in headers.iter() {
        let value = std::str::from_utf8(h.value).map_err(|_| bad("header not UTF-8"))?.trim();
        if h.name.eq_ignore_ascii_case("Encapsulated") {
            if seen_encapsulated {
                return Err(bad("two Encapsulated headers"));
            }
            seen_encapsulated = true;
            request.encapsulated = parse_encapsulated(value)?;
        } else if h.name.eq_ignore_ascii_case("Preview") {
            request.preview = Some(parse_decimal(value).ok_or(bad("bad Preview"))?);
        } else if h.name.eq_ignore_ascii_case("Allow") {
            request.allow_204 |= value.split(',').any(|v| v.trim() == "204");
        }
    }
    if method != Method::Options && request.encapsulated.is_empty() {
        return Err(bad("no Encapsulated header"));
    }
    Ok(request)
}

/// `req-hdr=0, req-body=412`: names known, offsets rising, one body section last.
pub fn parse_encapsulated(value: &str) -> Result<Vec<(Section, u64)>, WireError> {
    let bad = WireError::Malformed;
    let mut sections: Vec<(Section, u64)> = Vec::new();
    for part in value.split(',') {
        let (name, offset) = part.trim().split_once('=').ok_or(bad("bad Encapsulated"))?;
        let section = match name.trim() {
            "req-hdr" => Section::ReqHdr,
            "res-hdr" => Section::ResHdr,
            "req-body" => Section::ReqBody,
            "res-body" => Section::ResBody,
            "null-body" => Section::NullBody,
            "opt-body" => Section::OptBody,
            _ => return Err(bad("unknown Encapsulated section")),
        };
        let offset = parse_decimal(offset.trim()).ok_or(bad("bad Encapsulated offset"))?;
        if let Some((last, at)) = sections.last() {
            if offset < *at || !matches!(last, Section::ReqHdr | Section::ResHdr) {
                return Err(bad("Encapsulated sections out of order"));
            }
        } else if offset != 0 {
            return Err(bad("Encapsulated does not start at 0"));
        }
        if sections.iter().any(|(s, _)| *s == section) {
            return Err(bad("repeated Encapsulated section"));
        }
        sections.push((section, offset));
    }
    match sections.last() {
        Some((Section::ReqHdr | Section::ResHdr, _)) => Err(bad("Encapsulated without a body")),
        Some(_) => Ok(sections),
        None => Err(bad("empty Encapsulated")),
    }
}

/// A decimal number of at most 18 digits (no sign, no overflow).
fn parse_decimal(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 18 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Reads the encapsulated HTTP headers that precede the body (`header_bytes` of them).
pub fn read_http_heads(r: &mut impl Read, request: &Request) -> Result<Vec<u8>, WireError> {
    let len = request.header_bytes();
    if len > MAX_HTTP_HEAD {
        return Err(WireError::Malformed("encapsulated HTTP headers too large"));
    }
    let mut heads = vec![0; len as usize];
    r.read_exact(&mut heads)?;
    Ok(heads)
}

/// One chunk-size line: the size and whether it carries the `ieof` extension.
pub fn parse_chunk_line(line: &[u8]) -> Result<(u64, bool), WireError> {
    let bad = WireError::Malformed;
    let line = line.strip_suffix(b"\n").ok_or(bad("chunk line not ended"))?;
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let line = std::str::from_utf8(line).map_err(|_| bad("chunk line not UTF-8"))?;
    let (size, ext) = line.split_once(';').unwrap_or((line, ""));
    let size = size.trim();
    // 15 hex digits is 2^60 bytes: far beyond any body, and no overflow when added up.
    if size.is_empty() || size.len() > 15 || !size.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad("bad chunk size"));
    }
    let size = u64::from_str_radix(size, 16).map_err(|_| bad("bad chunk size"))?;
    let ieof = ext.split(';').any(|e| e.trim() == "ieof");
    Ok((size, ieof))
}

/// Reads chunks until the last (zero-size) one, handing each piece of data to `data`
/// without keeping it. Returns whether the last chunk carried `ieof` (in a preview: the
/// whole body was sent).
pub fn read_chunks(
    r: &mut impl BufRead,
    mut data: impl FnMut(&[u8]) -> io::Result<()>,
) -> Result<bool, WireError> {
    let mut line = Vec::with_capacity(64);
    loop {
        line.clear();
        let n = r.by_ref().take(MAX_CHUNK_LINE as u64).read_until(b'\n', &mut line)?;
        if n == 0 {
            return Err(WireError::Malformed("connection closed inside the body"));
        }
        let (size, ieof) = parse_chunk_line(&line)?;
        if size == 0 {
            skip_trailers(r)?;
            return Ok(ieof);
        }
        let mut left = size;
        while left > 0 {
            let buf = r.fill_buf()?;
            if buf.is_empty() {
                return Err(WireError::Malformed("connection closed inside a chunk"));
            }
            let n = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
            data(&buf[..n])?;
            r.consume(n);
            left -= n as u64;
        }
        let mut crlf = [0u8; 2];
        r.read_exact(&mut crlf)?;
        if &crlf != b"\r\n" {
            return Err(WireError::Malformed("chunk not followed by CRLF"));
        }
    }
}

/// Trailer lines after the last chunk, up to the blank line.
fn skip_trailers(r: &mut impl BufRead) -> Result<(), WireError> {
    let mut total = 0;
    let mut line = Vec::with_capacity(64);
    loop {
        line.clear();
        let n = r.by_ref().take(MAX_HEAD as u64).read_until(b'\n', &mut line)?;
        total += n;
        if n == 0 || total > MAX_HEAD || !line.ends_with(b"\n") {
            return Err(WireError::Malformed("bad chunked trailer"));
        }
        if line == b"\r\n" || line == b"\n" {
            return Ok(());
        }
    }
}

/// What the gateway needs from one encapsulated HTTP head.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpHead {
    /// The request target (`http://host/path`), for a request head.
    pub target: Option<String>,
    /// The response status, for a response head.
    pub status: Option<u16>,
    pub content_type: Option<String>,
    pub content_disposition: Option<String>,
}

/// Parses a request (`is_request`) or response head; `None` when it is not HTTP.
pub fn parse_http_head(bytes: &[u8], is_request: bool) -> Option<HttpHead> {
    let mut storage = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut head = HttpHead::default();
    let headers: &[httparse::Header<'_>] = if is_request {
        let mut req = httparse::Request::new(&mut storage);
        if !matches!(req.parse(bytes), Ok(httparse::Status::Complete(_))) {
            return None;
        }
        head.target = req.path.map(str::to_string);
        req.headers
    } else {
        let mut res = httparse::Response::new(&mut storage);
        if !matches!(res.parse(bytes), Ok(httparse::Status::Complete(_))) {
            return None;
        }
        head.status = res.code;
        res.headers
    };
    for h in headers {
        let value = || String::from_utf8_lossy(h.value).trim().to_string();
        if h.name.eq_ignore_ascii_case("Content-Type") {
            head.content_type = Some(value());
        } else if h.name.eq_ignore_ascii_case("Content-Disposition") {
            head.content_disposition = Some(value());
        }
    }
    Some(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(text: &str) -> Result<Request, WireError> {
        let bytes = read_head(&mut text.as_bytes())?.expect("a head");
        parse_head(&bytes)
    }

    #[test]
    fn reqmod_with_preview() {
        let r = head(
            "REQMOD icap://127.0.0.1:1344/reqmod ICAP/1.0\r\nHost: 127.0.0.1\r\n\
             Allow: 204, trailers\r\nPreview: 4096\r\nEncapsulated: req-hdr=0, req-body=120\r\n\r\n",
        )
        .unwrap();
        assert_eq!(r.method, Method::Reqmod);
        assert_eq!(r.service, "reqmod");
        assert_eq!(r.preview, Some(4096));
        assert!(r.allow_204);
        assert_eq!(r.encapsulated, vec![(Section::ReqHdr, 0), (Section::ReqBody, 120)]);
        assert_eq!(r.header_sections(), vec![(Section::ReqHdr, 120)]);
        assert_eq!(r.body(), Some(Section::ReqBody));
    }

    #[test]
    fn respmod_sections_and_null_body() {
        let r = head(
            "RESPMOD icap://h/respmod ICAP/1.0\r\nEncapsulated: req-hdr=0, res-hdr=45, null-body=90\r\n\r\n",
        )
        .unwrap();
        assert_eq!(r.header_sections(), vec![(Section::ReqHdr, 45), (Section::ResHdr, 45)]);
        assert_eq!(r.body(), None);
        assert_eq!(r.header_bytes(), 90);
        assert!(!r.allow_204);
    }

    #[test]
    fn options_needs_no_encapsulated() {
        let r = head("OPTIONS icap://h:1344/respmod ICAP/1.0\r\nHost: h\r\n\r\n").unwrap();
        assert_eq!((r.method, r.service.as_str()), (Method::Options, "respmod"));
    }

    #[test]
    fn malformed_heads_are_refused() {
        for text in [
            "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
            "REQMOD icap://h/reqmod ICAP/2.0\r\nEncapsulated: req-hdr=0, null-body=10\r\n\r\n",
            "REQMOD icap://h/reqmod ICAP/1.0\r\n\r\n",
            "REQMOD icap://h/reqmod ICAP/1.0\r\nEncapsulated: req-body=0, req-hdr=5\r\n\r\n",
            "REQMOD icap://h/reqmod ICAP/1.0\r\nEncapsulated: req-hdr=9, req-body=5\r\n\r\n",
            "REQMOD icap://h/reqmod ICAP/1.0\r\nEncapsulated: req-hdr=0\r\n\r\n",
            "REQMOD icap://h/reqmod ICAP/1.0\r\nEncapsulated: req-hdr=0, x-body=3\r\n\r\n",
            "REQMOD icap://h/reqmod ICAP/1.0\r\nEncapsulated: req-hdr=0, req-body=99999999999999999999\r\n\r\n",
            "REQMOD icap://h/reqmod ICAP/1.0\r\nPreview: -1\r\nEncapsulated: req-hdr=0, req-body=5\r\n\r\n",
            "REQMOD icap://h/reqmod ICAP/1.0\r\nBad Header\r\nEncapsulated: req-hdr=0, req-body=5\r\n\r\n",
            "REQMOD  icap://h/reqmod ICAP/1.0\r\nEncapsulated: req-hdr=0, req-body=5\r\n\r\n",
        ] {
            assert!(matches!(head(text), Err(WireError::Malformed(_))), "{text:?}");
        }
    }

    #[test]
    fn head_bounds() {
        let long =
            format!("OPTIONS icap://h/reqmod ICAP/1.0\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD));
        assert!(matches!(read_head(&mut long.as_bytes()), Err(WireError::Malformed(_))));
        assert!(read_head(&mut &b""[..]).unwrap().is_none());
        assert!(matches!(read_head(&mut &b"OPTIONS icap"[..]), Err(WireError::Malformed(_))));
        let many: String = (0..MAX_HEADERS + 1).map(|i| format!("H{i}: v\r\n")).collect();
        let text = format!("OPTIONS icap://h/reqmod ICAP/1.0\r\n{many}\r\n");
        assert!(matches!(head(&text), Err(WireError::Malformed(_))));
    }

    #[test]
    fn http_heads_over_the_bound_are_not_read() {
        let r = head(&format!(
            "REQMOD icap://h/reqmod ICAP/1.0\r\nEncapsulated: req-hdr=0, req-body={}\r\n\r\n",
            MAX_HTTP_HEAD + 1
        ))
        .unwrap();
        assert!(matches!(read_http_heads(&mut &b""[..], &r), Err(WireError::Malformed(_))));
    }

    #[test]
    fn chunk_lines() {
        assert_eq!(parse_chunk_line(b"1f40\r\n").unwrap(), (0x1f40, false));
        assert_eq!(parse_chunk_line(b"0; ieof\r\n").unwrap(), (0, true));
        assert_eq!(parse_chunk_line(b"A;name=v\r\n").unwrap(), (10, false));
        for bad in [&b"\r\n"[..], b"-1\r\n", b"0x10\r\n", b"8000000000000000\r\n", b"12"] {
            assert!(parse_chunk_line(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn chunks_are_passed_on_not_kept() {
        let body = b"5\r\nhello\r\n6\r\n world\r\n0; ieof\r\n\r\nNEXT";
        let mut r = &body[..];
        let mut got = Vec::new();
        let ieof = read_chunks(&mut r, |d| {
            got.extend_from_slice(d);
            Ok(())
        })
        .unwrap();
        assert!(ieof);
        assert_eq!(got, b"hello world");
        assert_eq!(r, b"NEXT");
    }

    #[test]
    fn a_huge_chunk_claim_allocates_nothing() {
        // 2^59 bytes claimed, 3 sent: the reader passes on the 3 and fails at the end.
        let mut r = &b"800000000000000\r\nabc"[..];
        let mut got = 0;
        let e = read_chunks(&mut r, |d| {
            got += d.len();
            Ok(())
        });
        assert!(matches!(e, Err(WireError::Malformed(_))));
        assert_eq!(got, 3);
        // 2^63 does not even parse.
        assert!(read_chunks(&mut &b"8000000000000000\r\n"[..], |_| Ok(())).is_err());
    }

    #[test]
    fn chunk_without_crlf_is_malformed() {
        let e = read_chunks(&mut &b"3\r\nabcX\r\n0\r\n\r\n"[..], |_| Ok(()));
        assert!(matches!(e, Err(WireError::Malformed(_))));
    }

    #[test]
    fn http_heads() {
        let h = parse_http_head(
            b"POST http://x/up/a.csv HTTP/1.1\r\nContent-Type: text/csv\r\n\r\n",
            true,
        )
        .unwrap();
        assert_eq!(h.target.as_deref(), Some("http://x/up/a.csv"));
        assert_eq!(h.content_type.as_deref(), Some("text/csv"));
        let h = parse_http_head(
            b"HTTP/1.1 200 OK\r\nContent-Disposition: attachment; filename=\"a.xlsx\"\r\n\r\n",
            false,
        )
        .unwrap();
        assert_eq!(h.status, Some(200));
        assert!(h.content_disposition.unwrap().contains("a.xlsx"));
        assert!(parse_http_head(b"garbage\r\n\r\n", false).is_none());
    }
}
