//! One Squid connection: requests one after the other until Squid closes it, it stays
//! silent for `idle_timeout_secs`, or it sends something malformed (`400`, then closed).

use crate::reply::{self, Refusal};
use crate::wire::{self, HttpHead, Method, Request, Section, WireError};
use mamori_gateway::{Decision, FailMode, Failure, Gateway, Outcome, Spool};
use std::io::{self, BufRead, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A reader whose reads may be bounded by a deadline as well as an idle timeout.
pub trait Deadline {
    /// Reads fail with `TimedOut` once `at` has passed (`None`: only the idle timeout).
    fn set_deadline(&mut self, at: Option<Instant>);
}

impl Deadline for &[u8] {
    fn set_deadline(&mut self, _: Option<Instant>) {}
}

impl<R: Read + Deadline> Deadline for io::BufReader<R> {
    fn set_deadline(&mut self, at: Option<Instant>) {
        self.get_mut().set_deadline(at);
    }
}

/// A TCP stream read with an idle timeout and an optional deadline: a request head must
/// arrive whole within the idle timeout, so a client trickling a byte at a time
/// (slowloris) is cut off as surely as a silent one.
pub struct TimedStream {
    stream: TcpStream,
    idle: Duration,
    deadline: Option<Instant>,
}

impl TimedStream {
    pub fn new(stream: TcpStream, idle: Duration) -> TimedStream {
        TimedStream { stream, idle, deadline: None }
    }
}

impl Read for TimedStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut timeout = self.idle;
        if let Some(at) = self.deadline {
            let left = at.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(io::Error::new(io::ErrorKind::TimedOut, "request head too slow"));
            }
            timeout = timeout.min(left);
        }
        self.stream.set_read_timeout(Some(timeout))?;
        self.stream.read(buf)
    }
}

impl Deadline for TimedStream {
    fn set_deadline(&mut self, at: Option<Instant>) {
        self.deadline = at;
    }
}

/// Serves one connection for a gateway, logging one line per scanned body.
pub struct Session<'a> {
    gateway: &'a Gateway,
    log: &'a dyn Fn(&str),
    serial: &'a AtomicU64,
}

impl<'a> Session<'a> {
    /// `serial` numbers the requests of the whole server for the log lines.
    pub fn new(gateway: &'a Gateway, log: &'a dyn Fn(&str), serial: &'a AtomicU64) -> Self {
        Session { gateway, log, serial }
    }

    /// Answers requests until the connection ends. A malformed request gets `400 Bad
    /// Request` and the error is returned.
    pub fn serve<R: BufRead + Deadline, W: Write>(
        &self,
        r: &mut R,
        w: &mut W,
    ) -> Result<(), WireError> {
        let idle = Duration::from_secs(self.gateway.settings().idle_timeout_secs.max(1));
        loop {
            r.set_deadline(Some(Instant::now() + idle));
            let request = match read_request(r) {
                Ok(Some(request)) => request,
                Ok(None) => return Ok(()),
                // Silent or too slow between requests: close without an answer.
                Err(WireError::Io(e))
                    if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) =>
                {
                    return Ok(())
                }
                Err(e) => return Err(refuse(w, e)),
            };
            r.set_deadline(None);
            let (request, heads) = request;
            let service = match request.service.as_str() {
                "reqmod" => Method::Reqmod,
                "respmod" => Method::Respmod,
                _ => {
                    w.write_all(reply::error(404, "ICAP Service not found").as_bytes())?;
                    w.flush()?;
                    return Ok(());
                }
            };
            if request.method == Method::Options {
                let max = self.gateway.settings().max_connections;
                w.write_all(reply::options(service, max).as_bytes())?;
            } else if request.method != service {
                w.write_all(reply::error(405, "Method not allowed for service").as_bytes())?;
                w.flush()?;
                return Ok(());
            } else {
                self.modify(r, w, &request, &heads)?;
            }
            w.flush()?;
        }
    }

    /// REQMOD or RESPMOD: take in the body (preview first), scan it, answer.
    fn modify<R: BufRead, W: Write>(
        &self,
        r: &mut R,
        w: &mut W,
        request: &Request,
        heads: &[u8],
    ) -> Result<(), WireError> {
        let mut at = 0usize;
        let (mut req_head, mut res_head) = (&heads[..0], None);
        for (section, len) in request.header_sections() {
            let part = &heads[at..at + len as usize];
            at += len as usize;
            match section {
                Section::ReqHdr => req_head = part,
                _ => res_head = Some(part),
            }
        }
        let passed_head = match (request.method, res_head) {
            (Method::Respmod, Some(h)) => h,
            (Method::Respmod, None) => {
                return Err(refuse(w, WireError::Malformed("RESPMOD without res-hdr")))
            }
            _ => req_head,
        };
        if request.body().is_none() {
            // Nothing to scan (a GET, a bodiless response).
            if request.allow_204 {
                w.write_all(reply::no_content().as_bytes())?;
            } else {
                w.write_all(&reply::unchanged_head(request.method, passed_head, false))?;
            }
            return Ok(());
        }
        let request_info = wire::parse_http_head(req_head, true).unwrap_or_default();
        let response_info = res_head.and_then(|h| wire::parse_http_head(h, false));
        let (prefix, name) = scan_name(&request_info, response_info.as_ref());

        let settings = self.gateway.settings();
        let mut intake = Intake {
            spool: Spool::new(
                settings.max_message_bytes.max(MIN_SPOOL),
                settings.spool_memory_bytes,
            ),
            max: settings.max_message_bytes.max(MIN_SPOOL),
            received: 0,
            overflow: None,
            relay: settings.on_oversize == FailMode::Accept && !request.allow_204,
            answer_early: !request.allow_204,
            answered: false,
            method: request.method,
            passed_head,
        };
        let mut whole_in_preview = false;
        let read = (|| {
            if request.preview.is_some() {
                whole_in_preview = wire::read_chunks(r, |d| intake.take(d, &mut *w, true))?;
                if whole_in_preview {
                    return Ok(());
                }
                w.write_all(reply::CONTINUE)?;
                w.flush()?;
            }
            wire::read_chunks(r, |d| intake.take(d, &mut *w, false)).map(|_| ())
        })();
        if let Err(e) = read {
            return Err(if intake.answered { e } else { refuse(w, e) });
        }
        let may_204 = request.allow_204 || whole_in_preview;
        let id = format!(
            "{}-{}",
            if request.method == Method::Respmod { "respmod" } else { "reqmod" },
            self.serial.fetch_add(1, Ordering::Relaxed)
        );
        let outcome = match intake.overflow {
            Some(Overflow::Relay) => {
                w.write_all(reply::LAST_CHUNK)?;
                let outcome = self.gateway.failed(Failure::Oversize, intake.received, 0);
                (self.log)(&outcome.log_line(&id));
                return Ok(());
            }
            Some(Overflow::Drain) => self.gateway.failed(Failure::Oversize, intake.received, 0),
            None => self.gateway.judge_named(&mut intake.spool, &prefix, &name),
        };
        (self.log)(&outcome.log_line(&id));
        let refusal = refusal_for(&outcome);
        if intake.answered {
            // The head of the message went back already: a clean body follows it; a refused
            // one never does, and the connection is cut so Squid fails the transfer.
            if refusal.is_some() || intake.overflow.is_some() {
                return Err(WireError::Io(io::Error::other(
                    "refused after the answer began: transfer aborted",
                )));
            }
            reply::copy_chunked(w, intake.spool.rewound()?)?;
            w.write_all(reply::LAST_CHUNK)?;
            return Ok(());
        }
        match refusal {
            Some(refusal) => w.write_all(&reply::refusal(&refusal))?,
            None if may_204 => w.write_all(reply::no_content().as_bytes())?,
            // The body was dropped past the limit and cannot be handed back.
            None if intake.overflow.is_some() => {
                w.write_all(&reply::refusal(&Refusal::Uninspected))?
            }
            None => {
                w.write_all(&reply::unchanged_head(request.method, passed_head, true))?;
                reply::copy_chunked(w, intake.spool.rewound()?)?;
                w.write_all(reply::LAST_CHUNK)?;
            }
        }
        Ok(())
    }
}

/// Reads and parses a request head and its encapsulated HTTP headers.
fn read_request(r: &mut impl BufRead) -> Result<Option<(Request, Vec<u8>)>, WireError> {
    let Some(head) = wire::read_head(r)? else { return Ok(None) };
    let request = wire::parse_head(&head)?;
    let heads = wire::read_http_heads(r, &request)?;
    Ok(Some((request, heads)))
}

/// Answers `400` to a malformed request (the connection then closes); returns the error.
fn refuse(w: &mut impl Write, e: WireError) -> WireError {
    if let WireError::Malformed(_) = e {
        let _ = w.write_all(reply::error(400, "Bad Request").as_bytes());
        let _ = w.flush();
    }
    e
}

/// Body bytes after which a request without `Allow: 204` gets the head of its answer.
/// Squid offers `204` only for a body it can keep whole; otherwise it holds back the
/// rest of the body once its 64 KiB buffer is full, until the answer starts. The body is
/// still spooled and scanned to its end before any of it goes back: a clean one follows
/// the head, a refused one never does (the connection is cut, Squid fails the transfer).
const ANSWER_AFTER: u64 = 32 * 1024;

/// The spool always takes a client's preview (Squid's `icap_preview_size` is at most a few
/// KiB), however small `max_message_bytes` is.
const MIN_SPOOL: u64 = 64 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Overflow {
    /// Past the limit, not passed on: the rest is read and dropped.
    Drain,
    /// Past the limit with `on_oversize = "accept"` and no `204` allowed: the body is
    /// handed back to Squid as it arrives, unscanned.
    Relay,
}

/// The body as it arrives: spooled up to the limit, then drained or relayed.
struct Intake<'h> {
    spool: Spool,
    max: u64,
    received: u64,
    overflow: Option<Overflow>,
    relay: bool,
    /// Send the head of the answer once the body outgrows Squid's buffer.
    answer_early: bool,
    /// The head of a `200 OK` passing the message on has been sent.
    answered: bool,
    method: Method,
    passed_head: &'h [u8],
}

impl Intake<'_> {
    fn take(&mut self, data: &[u8], w: &mut impl Write, in_preview: bool) -> io::Result<()> {
        self.received = self.received.saturating_add(data.len() as u64);
        match self.overflow {
            None if self.received <= self.max => {
                self.spool.write_all(data)?;
                if self.answer_early
                    && !self.answered
                    && !in_preview
                    && self.received > ANSWER_AFTER
                {
                    self.answer(w)?;
                }
                Ok(())
            }
            None if self.relay && !in_preview => {
                self.overflow = Some(Overflow::Relay);
                self.answer(w)?;
                reply::copy_chunked(w, self.spool.rewound()?)?;
                self.spool = Spool::new(0, 0);
                reply::write_chunk(w, data)
            }
            None => {
                self.overflow = Some(Overflow::Drain);
                self.spool = Spool::new(0, 0);
                Ok(())
            }
            Some(Overflow::Drain) => Ok(()),
            Some(Overflow::Relay) => reply::write_chunk(w, data),
        }
    }

    /// Sends the head of a `200 OK` that passes the message on (once).
    fn answer(&mut self, w: &mut impl Write) -> io::Result<()> {
        if !self.answered {
            self.answered = true;
            w.write_all(&reply::unchanged_head(self.method, self.passed_head, true))?;
            w.flush()?;
        }
        Ok(())
    }
}

/// The page to answer with instead of the message, if it is refused. The web has no
/// hold queue: a `review` verdict passes (and is logged); a failure that the settings
/// send to quarantine is refused.
fn refusal_for(outcome: &Outcome) -> Option<Refusal> {
    match &outcome.decision {
        Decision::Accept { .. } => None,
        Decision::Quarantine { .. } if outcome.failure.is_none() => None,
        Decision::Quarantine { .. } => Some(Refusal::Uninspected),
        Decision::Reject { .. } => Some(Refusal::Found(outcome.counts.keys().cloned().collect())),
        Decision::Tempfail { .. } => Some(Refusal::Unavailable),
    }
}

/// What the body is scanned as: a prefix to put before it and a name hint. A
/// `multipart/form-data` upload becomes a MIME message (its `Content-Type` line before
/// it), so each part is scanned on its own with its file name; anything else is named
/// after its `Content-Disposition` file name, the URL's last segment, or its type.
fn scan_name(request: &HttpHead, response: Option<&HttpHead>) -> (Vec<u8>, String) {
    let head = response.unwrap_or(request);
    let content_type = head.content_type.as_deref().unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if essence == "multipart/form-data" {
        let prefix = format!("MIME-Version: 1.0\r\nContent-Type: {content_type}\r\n\r\n");
        return (prefix.into_bytes(), "upload.eml".to_string());
    }
    let from_disposition = head.content_disposition.as_deref().and_then(disposition_filename);
    let from_url = request.target.as_deref().and_then(|t| {
        let path = t.split(['?', '#']).next().unwrap_or(t);
        let last = path.rsplit('/').next().unwrap_or("");
        (last.contains('.') && !path.ends_with('/')).then(|| last.to_string())
    });
    let from_type = || {
        let ext = match essence.as_str() {
            "application/json" => "json",
            "text/csv" => "csv",
            "text/html" => "html",
            "application/xml" | "text/xml" => "xml",
            "text/plain" => "txt",
            _ => "bin",
        };
        format!("body.{ext}")
    };
    let name = from_disposition.or(from_url).unwrap_or_else(from_type);
    (Vec::new(), name.chars().take(200).collect())
}

/// `attachment; filename="a.xlsx"` → `a.xlsx` (the plain `filename` parameter).
fn disposition_filename(value: &str) -> Option<String> {
    value.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim().eq_ignore_ascii_case("filename").then(|| v.trim().trim_matches('"').to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(target: Option<&str>, ct: Option<&str>, cd: Option<&str>) -> HttpHead {
        HttpHead {
            target: target.map(str::to_string),
            status: None,
            content_type: ct.map(str::to_string),
            content_disposition: cd.map(str::to_string),
        }
    }

    #[test]
    fn scan_names() {
        let req = head(Some("http://h/up/list.csv?x=1"), Some("text/plain"), None);
        assert_eq!(scan_name(&req, None), (Vec::new(), "list.csv".to_string()));
        let req = head(Some("http://h/api/"), Some("application/json; charset=utf-8"), None);
        assert_eq!(scan_name(&req, None).1, "body.json");
        let res = head(
            None,
            Some("application/octet-stream"),
            Some("attachment; filename=\"名簿.xlsx\""),
        );
        assert_eq!(
            scan_name(&head(Some("http://h/dl?id=3"), None, None), Some(&res)).1,
            "名簿.xlsx"
        );
        let req = head(Some("http://h/form"), Some("multipart/form-data; boundary=XyZ"), None);
        let (prefix, name) = scan_name(&req, None);
        assert_eq!(name, "upload.eml");
        assert_eq!(
            prefix,
            b"MIME-Version: 1.0\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n\r\n"
        );
    }
}
