//! The answers the ICAP server writes: OPTIONS, `204`, errors, the original message passed
//! back, and the page that replaces a blocked upload or download.

use crate::wire::Method;
use std::io::{self, Read, Write};

/// Body bytes the server asks to see first (`Preview`). A body that ends within them
/// (`ieof`) is answered without a `100 Continue` round trip.
pub const PREVIEW_BYTES: Option<u64> = Some(4096);
/// The service tag: it changes when the server's behaviour does, so Squid drops cached
/// OPTIONS answers.
pub const ISTAG: &str = concat!("\"mamori-", env!("CARGO_PKG_VERSION"), "\"");

/// The OPTIONS answer of the `reqmod` or `respmod` service.
pub fn options(method: Method, max_connections: usize) -> String {
    let methods = if method == Method::Respmod { "RESPMOD" } else { "REQMOD" };
    format!(
        "ICAP/1.0 200 OK\r\nMethods: {methods}\r\nService: mamori-icap/{}\r\nISTag: {ISTAG}\r\n\
         Max-Connections: {max_connections}\r\nOptions-TTL: 3600\r\nAllow: 204\r\n\
         {preview}Encapsulated: null-body=0\r\n\r\n",
        env!("CARGO_PKG_VERSION"),
        preview = match PREVIEW_BYTES {
            Some(n) => format!("Preview: {n}\r\nTransfer-Preview: *\r\n"),
            None => String::new(),
        }
    )
}

/// `204 No Content`: pass the message unchanged.
pub fn no_content() -> String {
    format!("ICAP/1.0 204 No Content\r\nISTag: {ISTAG}\r\nEncapsulated: null-body=0\r\n\r\n")
}

/// `100 Continue`: send the rest of the body after the preview.
pub const CONTINUE: &[u8] = b"ICAP/1.0 100 Continue\r\n\r\n";

/// An ICAP error (`400 Bad Request`, `404 ICAP Service not found`); the connection closes.
pub fn error(code: u16, text: &str) -> String {
    format!(
        "ICAP/1.0 {code} {text}\r\nISTag: {ISTAG}\r\nConnection: close\r\n\
         Encapsulated: null-body=0\r\n\r\n"
    )
}

/// The head of a `200 OK` that hands back the message as it came: `http_head` is the
/// original request (REQMOD) or response (RESPMOD) head; the body follows as chunks when
/// `has_body`.
pub fn unchanged_head(method: Method, http_head: &[u8], has_body: bool) -> Vec<u8> {
    let head = if method == Method::Respmod { "res-hdr" } else { "req-hdr" };
    let body = match (has_body, method) {
        (false, _) => "null-body",
        (true, Method::Respmod) => "res-body",
        (true, _) => "req-body",
    };
    let mut out = format!(
        "ICAP/1.0 200 OK\r\nISTag: {ISTAG}\r\nEncapsulated: {head}=0, {body}={}\r\n\r\n",
        http_head.len()
    )
    .into_bytes();
    out.extend_from_slice(http_head);
    out
}

/// Writes `data` as one chunk (nothing for an empty slice: a zero-size chunk ends a body).
pub fn write_chunk(out: &mut impl Write, data: &[u8]) -> io::Result<()> {
    if data.is_empty() {
        return Ok(());
    }
    write!(out, "{:x}\r\n", data.len())?;
    out.write_all(data)?;
    out.write_all(b"\r\n")
}

/// Copies `body` as chunks.
pub fn copy_chunked(out: &mut impl Write, body: &mut impl Read) -> io::Result<()> {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = body.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        write_chunk(out, &buf[..n])?;
    }
}

/// The end of a chunked body.
pub const LAST_CHUNK: &[u8] = b"0\r\n\r\n";

/// Why a transfer is refused, for the page shown instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Personal or confidential data of these kinds was found.
    Found(Vec<String>),
    /// The transfer could not be inspected (too large, or the scan failed).
    Uninspected,
    /// Try again later (`on_error = "tempfail"`).
    Unavailable,
}

/// A `200 OK` whose encapsulated HTTP response replaces the message: `403 Forbidden` (or
/// `503 Service Unavailable`) with a short page in Japanese and English naming the kinds
/// found, never a value.
pub fn refusal(refusal: &Refusal) -> Vec<u8> {
    let page = page(refusal);
    let status = match refusal {
        Refusal::Unavailable => "503 Service Unavailable",
        _ => "403 Forbidden",
    };
    let http = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n\
         Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        page.len()
    );
    let mut out = format!(
        "ICAP/1.0 200 OK\r\nISTag: {ISTAG}\r\nEncapsulated: res-hdr=0, res-body={}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    out.extend_from_slice(http.as_bytes());
    let _ = write_chunk(&mut out, page.as_bytes());
    out.extend_from_slice(LAST_CHUNK);
    out
}

fn page(refusal: &Refusal) -> String {
    let (ja, en) = match refusal {
        Refusal::Found(kinds) => {
            let kinds: Vec<String> = kinds.iter().map(|k| escape(k)).collect();
            let kinds = if kinds.is_empty() { "-".to_string() } else { kinds.join(", ") };
            (
                format!("個人情報または機密情報が含まれているため、この通信をブロックしました。<br>検出された種類: {kinds}"),
                format!("This transfer was blocked because it carries personal or confidential information.<br>Kinds found: {kinds}"),
            )
        }
        Refusal::Uninspected => (
            "内容を検査できなかったため、この通信をブロックしました。".to_string(),
            "This transfer was blocked because its content could not be inspected.".to_string(),
        ),
        Refusal::Unavailable => (
            "検査を一時的に実行できません。しばらくしてから再度お試しください。".to_string(),
            "The content inspection is unavailable for now; please try again later.".to_string(),
        ),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">\
         <title>mamori</title></head><body>\n<p>{ja}</p>\n<p lang=\"en\">{en}</p>\n\
         <p><small>mamori</small></p>\n</body></html>\n"
    )
}

fn escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '&' => "&amp;".to_string(),
            '"' => "&quot;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_advertises_preview_204_and_limits() {
        let o = options(Method::Reqmod, 16);
        for line in [
            "Methods: REQMOD\r\n",
            "Allow: 204\r\n",
            "Max-Connections: 16\r\n",
            "Preview: 4096\r\n",
            "ISTag: \"mamori-",
        ] {
            assert!(o.contains(line), "{line} in {o}");
        }
        assert!(o.starts_with("ICAP/1.0 200 OK\r\n") && o.ends_with("\r\n\r\n"));
    }

    #[test]
    fn refusal_page_is_a_well_formed_403() {
        let r = String::from_utf8(refusal(&Refusal::Found(vec!["my_number".into(), "<x>".into()])))
            .unwrap();
        let (icap, rest) = r.split_once("\r\n\r\n").unwrap();
        let offset: usize = icap.rsplit("res-body=").next().unwrap().parse().unwrap();
        let (http, chunked) = rest.split_at(offset);
        assert!(http.starts_with("HTTP/1.1 403 Forbidden\r\n") && http.ends_with("\r\n\r\n"));
        let (size, body) = chunked.split_once("\r\n").unwrap();
        let size = usize::from_str_radix(size, 16).unwrap();
        assert_eq!(&body[size..], "\r\n0\r\n\r\n");
        let page = &body[..size];
        assert!(page.contains("my_number, &lt;x&gt;") && page.contains("Kinds found"));
        assert!(page.contains("ブロックしました"));
        assert!(http.contains(&format!("Content-Length: {size}\r\n")));
    }
}
