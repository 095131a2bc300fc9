//! mbox mailboxes (Thunderbird folders, server and webmail exports): messages one after the
//! other, each starting with a `From ` separator line.
//!
//! The mailbox is streamed: one message is held at a time, and only while it fits
//! `Limits::max_member_bytes` (a larger one is reported `limit_exceeded` at its place and
//! skipped to the next separator), so a mailbox of any size is read in bounded memory.
//! Every line starting with `From ` separates messages, as Python's `mailbox` and most
//! readers take it; `>From ` quoting in bodies (mboxo and mboxrd) loses one `>`. Each message
//! is a member named by its 1-based position (`inbox.mbox!3#Subject`) and read as an e-mail
//! by `eml.rs`, one level deeper.

use crate::extract::limits::Limit;
use crate::extract::{child, Cx, Stop};
use std::io::{BufRead, BufReader, Read};

/// Most bytes of a line read at once (longer lines arrive in pieces).
const CHUNK: u64 = 64 * 1024;

/// The message being collected.
struct Pending {
    /// 1-based position in the mailbox.
    index: u64,
    bytes: Vec<u8>,
    /// Passed the member limit: its bytes are dropped until the next separator.
    oversized: bool,
}

/// Extracts and scans a mailbox: `head` (already read) then the rest of `reader`.
pub(crate) fn scan(
    cx: &mut Cx<'_>,
    head: &[u8],
    reader: &mut dyn Read,
    loc: Option<String>,
    depth: u32,
) -> Result<(), Stop> {
    let max = cx.budget.limits.max_member_bytes;
    let mut r = BufReader::with_capacity(CHUNK as usize, head.chain(reader));
    let mut msg = Pending { index: 1, bytes: Vec::new(), oversized: false };
    let mut started = false;
    let mut line_start = true;
    let mut line = Vec::new();
    loop {
        cx.budget.check()?;
        line.clear();
        let n = (&mut r).take(CHUNK).read_until(b'\n', &mut line).map_err(Stop::Read)?;
        if n == 0 {
            break;
        }
        let at_start = line_start;
        line_start = line.ends_with(b"\n");
        if at_start && line.starts_with(b"From ") {
            if started || !msg.bytes.is_empty() {
                let next = msg.index + 1;
                let done = std::mem::replace(
                    &mut msg,
                    Pending { index: next, bytes: Vec::new(), oversized: false },
                );
                finish(cx, done, &loc, depth)?;
            }
            started = true;
            continue;
        }
        let text = if at_start && is_quoted_from(&line) { &line[1..] } else { &line[..] };
        if msg.oversized {
            continue;
        }
        if (msg.bytes.len() + text.len()) as u64 > max {
            msg.oversized = true;
            msg.bytes = Vec::new();
            continue;
        }
        msg.bytes.extend_from_slice(text);
    }
    finish(cx, msg, &loc, depth)
}

/// `>From `, `>>From `...: a body line that was quoted so it would not separate.
fn is_quoted_from(line: &[u8]) -> bool {
    let quotes = line.iter().take_while(|&&b| b == b'>').count();
    quotes > 0 && line[quotes..].starts_with(b"From ")
}

/// Scans one collected message as a member of the mailbox.
fn finish(cx: &mut Cx<'_>, msg: Pending, loc: &Option<String>, depth: u32) -> Result<(), Stop> {
    if !msg.oversized && msg.bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(());
    }
    let mloc = Some(child(loc, &msg.index.to_string()));
    if let Err(l) = cx.budget.member() {
        cx.record(Stop::Limit(l), &mloc).map_err(Stop::Read)?;
        return Err(Stop::Limit(l));
    }
    let res = if msg.oversized {
        Err(Stop::Limit(Limit::MemberBytes))
    } else {
        super::eml::scan(cx, &msg.bytes, mloc.clone(), depth + 1)
    };
    match res {
        Ok(()) => Ok(()),
        Err(stop) => cx.record(stop, &mloc).map_err(Stop::Read),
    }
}
