//! One milter connection: option negotiation, then per message the headers and body
//! spooled as they arrive, and the gateway's decision at the end of the message.

use crate::protocol::{action, flag, parse, read_frame, Command, FrameError, ParseError, Reply};
use crate::protocol::{MAX_FRAME, VERSION};
use mamori_gateway::{Decision, Failure, Gateway, Spool, COUNTS_HEADER, VERDICT_HEADER};
use std::io::{self, Read, Write};

/// Why a connection ended before the MTA closed it.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("frame: {0}")]
    Frame(#[from] FrameError),
    #[error("{0}")]
    Parse(#[from] ParseError),
    #[error("milter version {0} is older than 2")]
    Version(u32),
    #[error("write: {0}")]
    Write(io::Error),
}

/// Headers that name the sender and recipients: left out of the scan unless
/// `scan_address_headers` is set (see `mamori_config::GatewaySection`).
const ADDRESS_HEADERS: &[&str] = &["from", "to", "cc", "bcc", "reply-to", "sender"];

/// The message being received.
struct Message {
    spool: Spool,
    /// The spool could not be written (a full disk): the message gets `on_error`.
    spool_failed: bool,
    /// How many `X-Mamori-*` headers the message arrived with, per header name: they are
    /// removed so that only this filter's verdict is seen downstream.
    forged: [(&'static str, u32); 2],
}

impl Message {
    fn new(gateway: &Gateway) -> Message {
        Message {
            spool: gateway.spool(),
            spool_failed: false,
            forged: [(VERDICT_HEADER, 0), (COUNTS_HEADER, 0)],
        }
    }

    fn write(&mut self, bytes: &[u8]) {
        if !self.spool_failed && self.spool.write_all(bytes).is_err() {
            self.spool_failed = true;
        }
    }
}

/// The state of one connection.
pub struct Session<'g> {
    gateway: &'g Gateway,
    log: &'g (dyn Fn(&str) + Sync),
    /// Actions (SMFIF_*) the MTA granted.
    actions: u32,
    /// Protocol flags (SMFIP_*) agreed on.
    protocol: u32,
    queue_id: Option<String>,
    message: Option<Message>,
}

impl<'g> Session<'g> {
    /// A session deciding with `gateway` and writing one log line per message to `log`.
    pub fn new(gateway: &'g Gateway, log: &'g (dyn Fn(&str) + Sync)) -> Session<'g> {
        Session { gateway, log, actions: 0, protocol: 0, queue_id: None, message: None }
    }

    /// Serves the connection until the MTA quits or closes it.
    pub fn serve<S: Read + Write>(&mut self, stream: &mut S) -> Result<(), SessionError> {
        let mut buf = Vec::new();
        loop {
            let Some(letter) = read_frame(stream, MAX_FRAME, &mut buf)? else { return Ok(()) };
            let command = parse(letter, &buf)?;
            let Some(replies) = self.handle(command)? else { return Ok(()) };
            if !replies.is_empty() {
                stream.write_all(&replies).map_err(SessionError::Write)?;
                stream.flush().map_err(SessionError::Write)?;
            }
        }
    }

    /// The reply frames to one command (possibly none); `None` to close the connection.
    pub fn handle(&mut self, command: Command<'_>) -> Result<Option<Vec<u8>>, SessionError> {
        let cont = || Some(Reply::Continue.encode());
        Ok(match command {
            Command::OptNeg { version, actions, protocol } => {
                if version < 2 {
                    return Err(SessionError::Version(version));
                }
                let wanted = action::ADD_HEADERS | action::CHANGE_HEADERS | action::QUARANTINE;
                self.actions = actions & wanted;
                // Every step is answered: the milter could ask the MTA not to wait for replies
                // (SMFIP_NR_*), but then the MTA sends frame after frame with none coming
                // back, and over TCP Nagle's algorithm on its side waits for our delayed
                // ACK: 40 to 50 ms per message on loopback, against 0.3 ms with replies.
                self.protocol = protocol & flag::HEADER_LEADING_SPACE;
                Some(
                    Reply::OptNeg {
                        version: version.min(VERSION),
                        actions: self.actions,
                        protocol: self.protocol,
                    }
                    .encode(),
                )
            }
            Command::Macro { pairs, .. } => {
                if let Some((_, id)) = pairs.iter().find(|(name, _)| *name == b"i") {
                    self.queue_id = Some(printable(id, 64));
                }
                Some(Vec::new())
            }
            Command::Connect { .. } | Command::Helo(_) | Command::Rcpt(_) | Command::Data => cont(),
            Command::Unknown(_) | Command::Other(_) => cont(),
            Command::Mail(_) => {
                self.message = None;
                cont()
            }
            Command::Header { name, value } => {
                let scan_addresses = self.gateway.settings().scan_address_headers;
                let leading_space = self.protocol & flag::HEADER_LEADING_SPACE != 0;
                let message = self.message();
                for (forged, n) in &mut message.forged {
                    if name.eq_ignore_ascii_case(forged.as_bytes()) {
                        *n = n.saturating_add(1);
                    }
                }
                let is_address =
                    ADDRESS_HEADERS.iter().any(|h| name.eq_ignore_ascii_case(h.as_bytes()));
                if scan_addresses || !is_address {
                    let sep: &[u8] = if leading_space { b":" } else { b": " };
                    for part in [name, sep, value, b"\r\n"] {
                        message.write(part);
                    }
                }
                cont()
            }
            Command::EndOfHeaders => {
                self.message().write(b"\r\n");
                cont()
            }
            Command::Body(chunk) => {
                self.message().write(chunk);
                cont()
            }
            Command::EndOfMessage => Some(self.end_of_message()),
            Command::Abort | Command::QuitNewConnection => {
                self.message = None;
                self.queue_id = None;
                Some(Vec::new())
            }
            Command::Quit => None,
        })
    }

    fn message(&mut self) -> &mut Message {
        let gateway = self.gateway;
        self.message.get_or_insert_with(|| Message::new(gateway))
    }

    fn end_of_message(&mut self) -> Vec<u8> {
        let message = self.message.take().unwrap_or_else(|| Message::new(self.gateway));
        let outcome = if message.spool_failed {
            self.gateway.failed(Failure::ScanError, message.spool.received(), 0)
        } else {
            self.gateway.judge(message.spool)
        };
        let queue_id = self.queue_id.take();
        (self.log)(&outcome.log_line(queue_id.as_deref().unwrap_or("NOQUEUE")));
        let mut out = Vec::new();
        let headers_and = |headers: &[(String, String)], out: &mut Vec<u8>| {
            if self.actions & action::CHANGE_HEADERS != 0 {
                for (name, n) in message.forged {
                    // From the last, so deleting one does not renumber the others.
                    for index in (1..=n).rev() {
                        out.extend(Reply::ChangeHeader { index, name, value: "" }.encode());
                    }
                }
            }
            if self.actions & action::ADD_HEADERS != 0 {
                // With HDR_LEADSPC the MTA writes values as given: the space is ours to add.
                let space = if self.protocol & flag::HEADER_LEADING_SPACE != 0 { " " } else { "" };
                for (name, value) in headers {
                    let value = format!("{space}{}", printable(value.as_bytes(), 900));
                    out.extend(Reply::AddHeader { name, value: &value }.encode());
                }
            }
        };
        match &outcome.decision {
            Decision::Accept { headers } => {
                headers_and(headers, &mut out);
                out.extend(Reply::Continue.encode());
            }
            Decision::Quarantine { reason, headers } => {
                headers_and(headers, &mut out);
                if self.actions & action::QUARANTINE != 0 {
                    out.extend(Reply::Quarantine(&printable(reason.as_bytes(), 900)).encode());
                }
                out.extend(Reply::Continue.encode());
            }
            Decision::Reject { code, status, text } | Decision::Tempfail { code, status, text } => {
                let line = format!("{code} {status} {}", printable(text.as_bytes(), 400));
                out.extend(Reply::ReplyCode(&line).encode());
            }
        }
        out
    }
}

/// `bytes` as text of at most `max` bytes without control characters (it goes into a
/// header or an SMTP reply).
fn printable(bytes: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    for c in text.chars() {
        if out.len() + c.len_utf8() > max {
            break;
        }
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}
