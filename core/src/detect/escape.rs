//! Terminal escape sequences (ANSI colours, cursor moves, window titles) read as boundaries:
//! in `\x1b[36mname@example.jp` the address is `name@example.jp`, and the number in
//! `\x1b[32m090-1234-5678` is preceded by an escape sequence, not by the letter `m`.
//!
//! Recognised (ECMA-48): control sequences `ESC [ parameters intermediates final`, control
//! strings `ESC ] … BEL` or `ESC ] … ESC \` (also DCS `ESC P`, SOS `ESC X`, PM `ESC ^`, APC
//! `ESC _`) and escapes `ESC intermediates final` (`ESC ( B`, `ESC 7`). Other C0 controls
//! need nothing here: they are single bytes no detector reads as part of a value.

use memchr::memrchr;

const ESC: u8 = 0x1b;
const BEL: u8 = 0x07;
/// Longest control sequence or escape recognised, in bytes.
const MAX_SEQUENCE: usize = 64;
/// Longest control string recognised, in bytes.
const MAX_STRING: usize = 512;
/// Escape characters looked at when searching back for a sequence's start.
const MAX_CANDIDATES: usize = 8;

/// An escape sequence starting at an ESC byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Sequence {
    /// Bytes from the ESC to the end of the sequence (1: a lone or malformed ESC).
    pub len: usize,
    /// A control string (OSC, DCS...): its body is text, e.g. a window title.
    pub string: bool,
}

/// The escape sequence at `i`, if `buf[i]` is ESC.
pub(crate) fn sequence_at(buf: &[u8], i: usize) -> Option<Sequence> {
    if buf.get(i) != Some(&ESC) {
        return None;
    }
    let lone = Sequence { len: 1, string: false };
    let Some(&intro) = buf.get(i + 1) else { return Some(lone) };
    let seq = match intro {
        b'[' => {
            let end = buf.len().min(i + MAX_SEQUENCE);
            let mut j = i + 2;
            while j < end && (0x30..=0x3f).contains(&buf[j]) {
                j += 1;
            }
            while j < end && (0x20..=0x2f).contains(&buf[j]) {
                j += 1;
            }
            (j < end && (0x40..=0x7e).contains(&buf[j]))
                .then_some(Sequence { len: j + 1 - i, string: false })
        }
        b']' | b'P' | b'X' | b'^' | b'_' => {
            let end = buf.len().min(i + MAX_STRING);
            let body = &buf[i + 2..end];
            match body.iter().position(|&b| b == BEL || b == ESC) {
                Some(p) if body[p] == BEL => Some(Sequence { len: p + 3, string: true }),
                Some(p) if body.get(p + 1) == Some(&b'\\') => {
                    Some(Sequence { len: p + 4, string: true })
                }
                _ => None,
            }
        }
        _ => {
            let end = buf.len().min(i + MAX_SEQUENCE);
            let mut j = i + 1;
            while j < end && (0x20..=0x2f).contains(&buf[j]) {
                j += 1;
            }
            (j < end && (0x30..=0x7e).contains(&buf[j]))
                .then_some(Sequence { len: j + 1 - i, string: false })
        }
    };
    Some(seq.unwrap_or(lone))
}

/// The start of the escape sequence that ends exactly at `i`, if any (the longest one: a
/// control string ended by `ESC \` rather than that `ESC \` alone).
pub(crate) fn sequence_before(buf: &[u8], i: usize) -> Option<usize> {
    let last = *buf.get(i.checked_sub(1)?)?;
    // Every sequence ends in ESC (alone), BEL or a byte in 0x30..=0x7e.
    let window = match last {
        ESC => return Some(i - 1),
        BEL | b'\\' => MAX_STRING,
        0x30..=0x7e => MAX_SEQUENCE,
        _ => return None,
    };
    let lo = i.saturating_sub(window);
    let mut hi = i;
    let mut found = None;
    for _ in 0..MAX_CANDIDATES {
        let Some(p) = memrchr(ESC, &buf[lo..hi]) else { break };
        let e = lo + p;
        if sequence_at(buf, e).is_some_and(|s| e + s.len == i) {
            found = Some(e);
        }
        hi = e;
    }
    found
}

/// Where the control sequence or escape covering `i` ends, when one starts before `i` and
/// ends after it (the scan of a token went back into `\x1b[36m`). Control strings are not
/// counted: their body is text of its own.
pub(crate) fn sequence_over(buf: &[u8], i: usize) -> Option<usize> {
    let lo = i.saturating_sub(MAX_SEQUENCE);
    let e = lo + memrchr(ESC, buf.get(lo..i)?)?;
    let s = sequence_at(buf, e)?;
    (!s.string && e + s.len > i).then_some(e + s.len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn len(s: &[u8]) -> usize {
        sequence_at(s, 0).unwrap().len
    }

    #[test]
    fn sequences() {
        assert_eq!(len(b"\x1b[36mname"), 5);
        assert_eq!(len(b"\x1b[1;38;5;208mx"), 13);
        assert_eq!(len(b"\x1b[?25h"), 6);
        assert_eq!(len(b"\x1b]0;title\x07rest"), 10);
        assert_eq!(len(b"\x1b]8;;http://x\x1b\\link"), 15);
        assert_eq!(len(b"\x1b(Bx"), 3);
        assert_eq!(len(b"\x1b7"), 2);
        // Cut off or malformed: the ESC alone.
        assert_eq!(len(b"\x1b[36"), 1);
        assert_eq!(len(b"\x1b]0;no end"), 1);
        assert_eq!(len(b"\x1b"), 1);
        assert_eq!(len(b"\x1b\x01"), 1);
        assert_eq!(sequence_at(b"a", 0), None);
    }

    #[test]
    fn before() {
        let s = b"x\x1b[32m090";
        assert_eq!(sequence_before(s, 6), Some(1));
        assert_eq!(sequence_before(s, 5), None, "inside the sequence");
        assert_eq!(sequence_before(b"am090", 2), None);
        let osc = b"\x1b]0;t\x1b\\0";
        assert_eq!(sequence_before(osc, 7), Some(0), "the whole string, not its ST");
        assert_eq!(sequence_before(b"\x1b0", 1), Some(0));
    }

    #[test]
    fn neighbours_of_a_number() {
        use crate::detect::{chars_after, chars_before};
        let s = "\x1b[32m090-1234-5678\x1b[0m!".as_bytes();
        let (start, end) = (5, 18);
        assert_eq!(chars_before(s, start), [Some('\u{1b}'), None]);
        assert_eq!(chars_after(s, end), [Some('\u{1b}'), Some('!')]);
        let two = "a\x1b[1m\x1b[31m0312345678".as_bytes();
        assert_eq!(chars_before(two, 10), [Some('\u{1b}'), Some('\u{1b}')]);
        assert_eq!(chars_before(b"am090", 2), [Some('m'), Some('a')]);
        assert_eq!(chars_after(b"090m", 3), [Some('m'), None]);
    }

    #[test]
    fn over() {
        let s = b"\x1b[1;36mname@";
        // A scan back from `@` stops at `;`: the sequence runs past that point.
        assert_eq!(sequence_over(s, 4), Some(7));
        assert_eq!(sequence_over(s, 7), None, "ends exactly there");
        assert_eq!(sequence_over(b"\x1b]0;user@", 4), None, "a string's body is text");
        assert_eq!(sequence_over(b"plain", 3), None);
    }
}
