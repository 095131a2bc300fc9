//! The milter wire protocol, version 6: length-prefixed frames, the MTA's commands and the
//! filter's replies.
//!
//! A frame is a 4-byte big-endian length, then that many bytes: a command letter and its
//! data. The length is checked against [`MAX_FRAME`] before anything is allocated, so a
//! frame claiming 4 GB costs nothing.
//!
//! ```
//! use mamori_milter::protocol::{parse, read_frame, Command, MAX_FRAME};
//!
//! let wire = [0, 0, 0, 13, b'O', 0, 0, 0, 6, 0, 0, 1, 0xff, 0, 0x1f, 0xff, 0xff];
//! let mut buf = Vec::new();
//! let letter = read_frame(&mut &wire[..], MAX_FRAME, &mut buf).unwrap().unwrap();
//! assert_eq!(
//!     parse(letter, &buf).unwrap(),
//!     Command::OptNeg { version: 6, actions: 0x1ff, protocol: 0x1f_ffff }
//! );
//! ```

use std::io::{self, Read};

/// Largest frame accepted: body chunks are at most 64 KiB unless a larger size is
/// negotiated (this filter never asks for one), and Postfix caps a header at 100 KiB.
pub const MAX_FRAME: u32 = 1 << 20;

/// The protocol version this filter speaks.
pub const VERSION: u32 = 6;

/// Filter actions (SMFIF_*) this filter may ask for.
pub mod action {
    /// SMFIF_ADDHDRS: add headers (the verdict and counts).
    pub const ADD_HEADERS: u32 = 0x01;
    /// SMFIF_CHGHDRS: change or delete headers (forged `X-Mamori-*` headers).
    pub const CHANGE_HEADERS: u32 = 0x10;
    /// SMFIF_QUARANTINE: put the message in the quarantine (hold queue).
    pub const QUARANTINE: u32 = 0x20;
}

/// Protocol flags (SMFIP_*) this filter uses.
pub mod flag {
    /// Header values keep their leading space, so a header is re-assembled as it was.
    pub const HEADER_LEADING_SPACE: u32 = 0x0010_0000;
}

/// A frame that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    #[error("frame of {0} bytes is larger than the limit")]
    TooLarge(u32),
    #[error("empty frame")]
    Empty,
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// A frame whose data does not fit its command.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("command {0:?}: data too short")]
    Short(char),
    #[error("command {0:?}: a string lacks its NUL terminator")]
    Unterminated(char),
}

/// Reads one frame into `buf` (the data, without the command letter) and returns its
/// command letter; `None` at a clean end of stream before a frame starts.
pub fn read_frame<R: Read>(
    reader: &mut R,
    max: u32,
    buf: &mut Vec<u8>,
) -> Result<Option<u8>, FrameError> {
    let mut len = [0u8; 4];
    let mut got = 0;
    while got < 4 {
        match reader.read(&mut len[got..]) {
            Ok(0) if got == 0 => return Ok(None),
            Ok(0) => return Err(io::Error::from(io::ErrorKind::UnexpectedEof).into()),
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    let len = u32::from_be_bytes(len);
    if len == 0 {
        return Err(FrameError::Empty);
    }
    if len > max {
        return Err(FrameError::TooLarge(len));
    }
    let mut letter = [0u8];
    reader.read_exact(&mut letter)?;
    buf.clear();
    reader.take(u64::from(len - 1)).read_to_end(buf)?;
    if buf.len() as u64 != u64::from(len - 1) {
        return Err(io::Error::from(io::ErrorKind::UnexpectedEof).into());
    }
    Ok(Some(letter[0]))
}

/// A command from the MTA.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command<'a> {
    /// SMFIC_OPTNEG: the MTA's version, offered actions and protocol flags.
    OptNeg { version: u32, actions: u32, protocol: u32 },
    /// SMFIC_MACRO: macros for the stage named by `stage` (a command letter).
    Macro { stage: u8, pairs: Vec<(&'a [u8], &'a [u8])> },
    /// SMFIC_CONNECT: the client's host name and address (family `4`, `6`, `L`, `U`).
    Connect { hostname: &'a [u8], family: u8, port: u16, address: &'a [u8] },
    /// SMFIC_HELO.
    Helo(&'a [u8]),
    /// SMFIC_MAIL: the sender and ESMTP arguments.
    Mail(Vec<&'a [u8]>),
    /// SMFIC_RCPT: a recipient and ESMTP arguments.
    Rcpt(Vec<&'a [u8]>),
    /// SMFIC_DATA.
    Data,
    /// SMFIC_HEADER: one header, name and value.
    Header { name: &'a [u8], value: &'a [u8] },
    /// SMFIC_EOH: end of headers.
    EndOfHeaders,
    /// SMFIC_BODY: a chunk of the body.
    Body(&'a [u8]),
    /// SMFIC_BODYEOB: end of the message; the filter gives its decision.
    EndOfMessage,
    /// SMFIC_ABORT: forget the current message.
    Abort,
    /// SMFIC_QUIT: close the connection.
    Quit,
    /// SMFIC_QUIT_NC: the connection is kept for another SMTP session.
    QuitNewConnection,
    /// SMFIC_UNKNOWN: an SMTP command the MTA did not know.
    Unknown(&'a [u8]),
    /// A command letter this filter does not know.
    Other(u8),
}

fn cstr<'a>(data: &mut &'a [u8], letter: u8) -> Result<&'a [u8], ParseError> {
    let end = data.iter().position(|&b| b == 0).ok_or(ParseError::Unterminated(letter as char))?;
    let s = &data[..end];
    *data = &data[end + 1..];
    Ok(s)
}

fn u32_at(data: &[u8], at: usize, letter: u8) -> Result<u32, ParseError> {
    let b = data.get(at..at + 4).ok_or(ParseError::Short(letter as char))?;
    Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

fn strings(mut data: &[u8], letter: u8) -> Result<Vec<&[u8]>, ParseError> {
    let mut out = Vec::new();
    while !data.is_empty() {
        out.push(cstr(&mut data, letter)?);
    }
    Ok(out)
}

/// Parses the data of a frame with command `letter`.
pub fn parse(letter: u8, data: &[u8]) -> Result<Command<'_>, ParseError> {
    let short = ParseError::Short(letter as char);
    let mut rest = data;
    Ok(match letter {
        b'O' => Command::OptNeg {
            version: u32_at(data, 0, letter)?,
            actions: u32_at(data, 4, letter)?,
            protocol: u32_at(data, 8, letter)?,
        },
        b'D' => {
            let (&stage, mut rest) = data.split_first().ok_or(short)?;
            let mut pairs = Vec::new();
            while !rest.is_empty() {
                let name = cstr(&mut rest, letter)?;
                let value = cstr(&mut rest, letter)?;
                pairs.push((name, value));
            }
            Command::Macro { stage, pairs }
        }
        b'C' => {
            let hostname = cstr(&mut rest, letter)?;
            let (&family, after) = rest.split_first().ok_or(short)?;
            rest = after;
            let (port, address): (u16, &[u8]) = if family == b'U' {
                (0, &[])
            } else {
                let p = rest.get(..2).ok_or(ParseError::Short(letter as char))?;
                let port = u16::from_be_bytes([p[0], p[1]]);
                rest = &rest[2..];
                (port, cstr(&mut rest, letter)?)
            };
            Command::Connect { hostname, family, port, address }
        }
        b'H' => Command::Helo(cstr(&mut rest, letter)?),
        b'M' => Command::Mail(strings(data, letter)?),
        b'R' => Command::Rcpt(strings(data, letter)?),
        b'T' => Command::Data,
        b'L' => {
            let name = cstr(&mut rest, letter)?;
            let value = cstr(&mut rest, letter)?;
            Command::Header { name, value }
        }
        b'N' => Command::EndOfHeaders,
        b'B' => Command::Body(data),
        b'E' => Command::EndOfMessage,
        b'A' => Command::Abort,
        b'Q' => Command::Quit,
        b'K' => Command::QuitNewConnection,
        b'U' => Command::Unknown(cstr(&mut rest, letter).unwrap_or(data)),
        other => Command::Other(other),
    })
}

/// A reply to the MTA.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply<'a> {
    /// SMFIR_OPTNEG.
    OptNeg { version: u32, actions: u32, protocol: u32 },
    /// SMFIR_CONTINUE (at the end of a message: accept it).
    Continue,
    /// SMFIR_ACCEPT.
    Accept,
    /// SMFIR_TEMPFAIL.
    Tempfail,
    /// SMFIR_REPLYCODE: `550 5.7.1 text`.
    ReplyCode(&'a str),
    /// SMFIR_ADDHEADER.
    AddHeader { name: &'a str, value: &'a str },
    /// SMFIR_CHGHEADER: the `index`-th (from 1) header called `name` gets `value`; an empty
    /// value deletes it.
    ChangeHeader { index: u32, name: &'a str, value: &'a str },
    /// SMFIR_QUARANTINE: hold the message, with a reason.
    Quarantine(&'a str),
}

/// Appends `s` as a NUL-terminated string, with any NUL inside it replaced by a space.
fn put_cstr(out: &mut Vec<u8>, s: &str) {
    out.extend(s.bytes().map(|b| if b == 0 { b' ' } else { b }));
    out.push(0);
}

impl Reply<'_> {
    /// The reply as a frame.
    pub fn encode(&self) -> Vec<u8> {
        let mut body = Vec::new();
        let letter = match self {
            Reply::OptNeg { version, actions, protocol } => {
                for v in [version, actions, protocol] {
                    body.extend(v.to_be_bytes());
                }
                b'O'
            }
            Reply::Continue => b'c',
            Reply::Accept => b'a',
            Reply::Tempfail => b't',
            Reply::ReplyCode(text) => {
                put_cstr(&mut body, text);
                b'y'
            }
            Reply::AddHeader { name, value } => {
                put_cstr(&mut body, name);
                put_cstr(&mut body, value);
                b'h'
            }
            Reply::ChangeHeader { index, name, value } => {
                body.extend(index.to_be_bytes());
                put_cstr(&mut body, name);
                put_cstr(&mut body, value);
                b'm'
            }
            Reply::Quarantine(reason) => {
                put_cstr(&mut body, reason);
                b'q'
            }
        };
        let mut frame = Vec::with_capacity(5 + body.len());
        frame.extend((body.len() as u32 + 1).to_be_bytes());
        frame.push(letter);
        frame.extend(body);
        frame
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(letter: u8, data: &[u8]) -> Vec<u8> {
        let mut f = ((data.len() + 1) as u32).to_be_bytes().to_vec();
        f.push(letter);
        f.extend(data);
        f
    }

    fn read_one(wire: &[u8]) -> Result<Option<(u8, Vec<u8>)>, FrameError> {
        let mut buf = Vec::new();
        let letter = read_frame(&mut &wire[..], MAX_FRAME, &mut buf)?;
        Ok(letter.map(|l| (l, buf)))
    }

    #[test]
    fn huge_length_is_refused_before_reading() {
        // 4 GB claimed, 3 bytes present: refused from the header alone.
        let wire = [0xff, 0xff, 0xff, 0xff, b'B', 1, 2];
        assert!(matches!(read_one(&wire), Err(FrameError::TooLarge(0xffff_ffff))));
        let wire = (MAX_FRAME + 1).to_be_bytes();
        assert!(matches!(read_one(&wire), Err(FrameError::TooLarge(_))));
    }

    #[test]
    fn zero_length_and_truncation_are_errors() {
        assert!(matches!(read_one(&[0, 0, 0, 0]), Err(FrameError::Empty)));
        assert!(matches!(read_one(&[0, 0]), Err(FrameError::Io(_))));
        assert!(matches!(read_one(&[0, 0, 0, 9, b'B', 1, 2]), Err(FrameError::Io(_))));
        assert!(read_one(&[]).unwrap().is_none(), "clean end before a frame");
    }

    #[test]
    fn frames_follow_each_other() {
        let mut wire = frame(b'L', b"Subject\0 hi\0");
        wire.extend(frame(b'N', b""));
        let mut r = &wire[..];
        let mut buf = Vec::new();
        assert_eq!(read_frame(&mut r, MAX_FRAME, &mut buf).unwrap(), Some(b'L'));
        assert_eq!(parse(b'L', &buf).unwrap(), Command::Header { name: b"Subject", value: b" hi" });
        assert_eq!(read_frame(&mut r, MAX_FRAME, &mut buf).unwrap(), Some(b'N'));
        assert_eq!(parse(b'N', &buf).unwrap(), Command::EndOfHeaders);
        assert_eq!(read_frame(&mut r, MAX_FRAME, &mut buf).unwrap(), None);
    }

    #[test]
    fn connect_of_each_family() {
        let inet = b"mx.example\x004\x00\x19127.0.0.1\0";
        assert_eq!(
            parse(b'C', inet).unwrap(),
            Command::Connect {
                hostname: b"mx.example",
                family: b'4',
                port: 25,
                address: b"127.0.0.1"
            }
        );
        let unknown = b"localhost\0U";
        assert!(matches!(parse(b'C', unknown).unwrap(), Command::Connect { family: b'U', .. }));
        assert_eq!(parse(b'C', b"host\x004\x00").unwrap_err(), ParseError::Short('C'));
    }

    #[test]
    fn macros_and_missing_terminators() {
        let m = parse(b'D', b"Ei\0ABC123\0{rcpt_addr}\0a@b\0").unwrap();
        assert_eq!(
            m,
            Command::Macro {
                stage: b'E',
                pairs: vec![(&b"i"[..], &b"ABC123"[..]), (b"{rcpt_addr}", b"a@b")]
            }
        );
        assert_eq!(parse(b'D', b"Ei\0ABC").unwrap_err(), ParseError::Unterminated('D'));
        assert_eq!(parse(b'D', b"").unwrap_err(), ParseError::Short('D'));
        assert_eq!(parse(b'L', b"Subject").unwrap_err(), ParseError::Unterminated('L'));
        assert_eq!(parse(b'O', &[0, 0, 0, 6]).unwrap_err(), ParseError::Short('O'));
        assert_eq!(
            parse(b'M', b"<a@example.jp>\0SIZE=10\0").unwrap(),
            Command::Mail(vec![b"<a@example.jp>", b"SIZE=10"])
        );
        assert_eq!(parse(b'Z', b"").unwrap(), Command::Other(b'Z'));
    }

    #[test]
    fn replies_encode_as_frames() {
        assert_eq!(Reply::Continue.encode(), [0, 0, 0, 1, b'c']);
        assert_eq!(Reply::ReplyCode("550 5.7.1 no").encode(), frame(b'y', b"550 5.7.1 no\0"));
        assert_eq!(
            Reply::AddHeader { name: "X-A", value: "b\0c" }.encode(),
            frame(b'h', b"X-A\0b c\0")
        );
        assert_eq!(
            Reply::ChangeHeader { index: 2, name: "X-A", value: "" }.encode(),
            frame(b'm', b"\0\0\0\x02X-A\0\0")
        );
        assert_eq!(
            Reply::OptNeg { version: 6, actions: 0x31, protocol: 0 }.encode(),
            frame(b'O', &[0, 0, 0, 6, 0, 0, 0, 0x31, 0, 0, 0, 0])
        );
    }
}
