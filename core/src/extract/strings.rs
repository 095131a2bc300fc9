//! Binary data of no known format, read the way `strings` reads a file: the printable runs
//! of at least [`MIN_CHARS`] characters are scanned, whatever lies between them is not.
//!
//! Four readings run side by side over one pass of the input:
//! - bytes: ASCII and UTF-8 runs, and Shift_JIS (CP932) runs where a non-ASCII character is
//!   not UTF-8. A Shift_JIS run is kept only when it has at least three common Japanese
//!   characters (kana, punctuation, full-width letters, JIS level-1 kanji) and at most one
//!   other non-ASCII character for six of them (half-width katakana count as other): random
//!   bytes seldom are; the ASCII runs of a run not kept are scanned as UTF-8 runs.
//! - UTF-16LE and UTF-16BE, at even and odd offsets. A UTF-16LE run is kept only when a
//!   third of its code units have a zero or 0xFF high byte (ASCII, Latin-1, full-width
//!   forms): bytes read as UTF-16 by mistake seldom do, so a run of kanji and kana alone is
//!   not read. ASCII in UTF-16 reads the same in both byte orders one byte apart, so a
//!   UTF-16BE run is kept only when a third of it is full-width forms; the ASCII of big-endian
//!   text is read as UTF-16LE one byte on (its last character only when a zero byte follows
//!   it). Full-width text reads in both orders one byte apart too, and is scanned in both.
//!
//! Line breaks and tabs belong to runs; other control characters end them. Each run is a
//! place of one scanned text (runs are joined by NUL, a boundary no value crosses): a
//! finding's location ends in `#off=N` (a UTF-8 or ASCII run) or `#off=N,enc=UTF-16LE`
//! (`UTF-16BE`, `Shift_JIS`), where `N` is the byte offset in the input of the run's first
//! byte, and `start`/`end` are offsets in the run's text: for a UTF-8 run, the finding's
//! bytes in the input are `N + start .. N + end`; for the others, offsets in the run's
//! decoded text. A run longer than [`MAX_RUN`] bytes of text is cut at a blank into places
//! of their own. Bytes that read as text in two readings are scanned in both.
//!
//! The input is read in 64 KiB chunks and never held whole; the text handed to the engine
//! is drawn from the input's budget (`max_total_bytes`) and the clock is checked per chunk.

use super::limits::Limit;
use super::unit::Unit;
use super::{Cx, Stop};
use crate::finding::UnscannableReason;
use encoding_rs::SHIFT_JIS;
use std::io::Read;

/// Shortest run scanned, in characters (as `strings`).
pub(crate) const MIN_CHARS: usize = 4;
/// Text of one run held before it is handed on; a longer run is cut at the next blank.
pub(crate) const MAX_RUN: usize = 16 * 1024;
/// Bytes read at a time.
const CHUNK: usize = 64 * 1024;

/// How a run's bytes were read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Enc {
    Utf8,
    ShiftJis,
    Utf16Le,
    Utf16Be,
}

impl Enc {
    fn name(self) -> Option<&'static str> {
        match self {
            Enc::Utf8 => None,
            Enc::ShiftJis => Some("Shift_JIS"),
            Enc::Utf16Le => Some("UTF-16LE"),
            Enc::Utf16Be => Some("UTF-16BE"),
        }
    }
}

/// A printable run: its text and where its first byte is in the input.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Run {
    pub offset: u64,
    pub enc: Enc,
    pub text: String,
}

type Emit<'a> = dyn FnMut(Run) -> Result<(), Limit> + 'a;

/// Scans the printable runs of `head` followed by `rest`, then lists the input as read only
/// in part (`raw_text_only`).
pub(crate) fn scan(
    cx: &mut Cx<'_>,
    head: &[u8],
    rest: &mut dyn Read,
    location: Option<String>,
) -> Result<(), Stop> {
    let budget = cx.budget;
    let mut unit = Unit::new(cx, location.clone());
    let mut runs = Runs::new();
    let mut emit = |run: Run| -> Result<(), Limit> {
        budget.draw(run.text.len() as u64 + 1)?;
        let mut label = format!("#off={}", run.offset);
        if let Some(enc) = run.enc.name() {
            label.push_str(",enc=");
            label.push_str(enc);
        }
        unit.place(label);
        unit.push(&run.text)?;
        unit.push("\0")
    };
    let result = (|| {
        runs.feed(head, &mut emit)?;
        let mut buf = vec![0u8; CHUNK];
        loop {
            budget.check()?;
            let n = match rest.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Stop::Read(e)),
            };
            runs.feed(&buf[..n], &mut emit)?;
        }
        runs.finish(&mut emit)?;
        Ok(())
    })();
    unit.finish();
    cx.unscannable(
        &location,
        UnscannableReason::RawTextOnly,
        "binary data of unknown format: printable text runs scanned".into(),
    );
    result
}

/// The four readings of one input.
pub(crate) struct Runs {
    bytes: ByteRuns,
    utf16: [Utf16Runs; 4],
}

impl Runs {
    pub fn new() -> Self {
        Runs {
            bytes: ByteRuns::new(),
            utf16: [
                Utf16Runs::new(false, 0),
                Utf16Runs::new(false, 1),
                Utf16Runs::new(true, 0),
                Utf16Runs::new(true, 1),
            ],
        }
    }

    /// Reads the next bytes of the input.
    pub fn feed(&mut self, chunk: &[u8], emit: &mut Emit<'_>) -> Result<(), Limit> {
        self.bytes.feed(chunk, false, emit)?;
        for r in &mut self.utf16 {
            r.feed(chunk, emit)?;
        }
        Ok(())
    }

    /// Ends the input.
    pub fn finish(&mut self, emit: &mut Emit<'_>) -> Result<(), Limit> {
        self.bytes.feed(&[], true, emit)?;
        for r in &mut self.utf16 {
            r.end(false, emit)?;
        }
        Ok(())
    }
}

/// Should a run be cut after this character (long enough, and at a blank)?
fn cut_here(len: usize, c: char) -> bool {
    (len >= MAX_RUN && c.is_whitespace()) || len >= 2 * MAX_RUN
}

// ------------------------------------------------------------------------- byte readings

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// ASCII so far: UTF-8 and Shift_JIS alike.
    Ascii,
    Utf8,
    ShiftJis,
}

/// A character's reading at some position: its length, or more input needed.
#[derive(Clone, Copy)]
enum Char {
    Len(usize),
    NeedMore,
    Invalid,
}

/// ASCII, UTF-8 and Shift_JIS runs.
struct ByteRuns {
    /// Offset in the input of `carry[0]` (or of the next byte when `carry` is empty).
    pos: u64,
    /// The end of the previous chunk when it stopped inside a character.
    carry: Vec<u8>,
    /// Scratch buffer for `carry` + chunk.
    joined: Vec<u8>,
    start: u64,
    mode: Mode,
    /// The run's bytes (valid UTF-8, or Shift_JIS in that mode).
    raw: Vec<u8>,
    chars: usize,
    /// Shift_JIS characters that are common in Japanese text, and the others.
    common: usize,
    uncommon: usize,
    /// Cut from the run before it (long text): kept whatever its length.
    continued: bool,
}

fn printable_ascii(b: u8) -> bool {
    matches!(b, 0x20..=0x7e | b'\t' | b'\n' | b'\r')
}

/// A printable UTF-8 character of two or more bytes at `i`.
fn utf8_at(b: &[u8], i: usize, last: bool) -> Char {
    let len = match b[i] {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => return Char::Invalid,
    };
    let avail = &b[i..b.len().min(i + len)];
    match std::str::from_utf8(avail) {
        Ok(s) => match s.chars().next() {
            Some(c) if !c.is_control() && c != '\u{fffd}' => Char::Len(len),
            _ => Char::Invalid,
        },
        // Cut at the end of the chunk: wait for the rest.
        Err(e) if e.error_len().is_none() && !last => Char::NeedMore,
        Err(_) => Char::Invalid,
    }
}

/// A Shift_JIS (CP932) character at `i`: half-width katakana or a mapped double-byte one.
fn sjis_at(b: &[u8], i: usize, last: bool) -> Char {
    match b[i] {
        0xa1..=0xdf => Char::Len(1),
        0x81..=0x9f | 0xe0..=0xfc => match b.get(i + 1) {
            None if last => Char::Invalid,
            None => Char::NeedMore,
            Some(0x40..=0x7e | 0x80..=0xfc) => {
                match SHIFT_JIS.decode_without_bom_handling_and_without_replacement(&b[i..i + 2]) {
                    Some(s) if !s.chars().any(char::is_control) => Char::Len(2),
                    _ => Char::Invalid,
                }
            }
            Some(_) => Char::Invalid,
        },
        _ => Char::Invalid,
    }
}

/// Kana, punctuation, full-width letters and digits (lead bytes 0x81-0x83) and JIS level-1
/// kanji (0x88-0x98): most of any Japanese text, a small part of random pairs.
fn common_sjis(lead: u8) -> bool {
    matches!(lead, 0x81..=0x83 | 0x88..=0x98)
}

impl ByteRuns {
    fn new() -> Self {
        ByteRuns {
            pos: 0,
            carry: Vec::new(),
            joined: Vec::new(),
            start: 0,
            mode: Mode::Ascii,
            raw: Vec::new(),
            chars: 0,
            common: 0,
            uncommon: 0,
            continued: false,
        }
    }

    fn feed(&mut self, chunk: &[u8], last: bool, emit: &mut Emit<'_>) -> Result<(), Limit> {
        let mut data = std::mem::take(&mut self.joined);
        data.clear();
        data.extend_from_slice(&self.carry);
        data.extend_from_slice(chunk);
        self.carry.clear();
        let base = self.pos;
        let r = self.read(&data, base, last, emit);
        self.joined = data;
        r
    }

    fn read(
        &mut self,
        data: &[u8],
        base: u64,
        last: bool,
        emit: &mut Emit<'_>,
    ) -> Result<(), Limit> {
        let mut i = 0;
        while i < data.len() {
            let b = data[i];
            if printable_ascii(b) {
                self.push(base + i as u64, &data[i..i + 1], emit)?;
                i += 1;
                continue;
            }
            if b < 0x80 {
                self.end(emit)?;
                i += 1;
                continue;
            }
            let utf8 = utf8_at(data, i, last);
            let sjis = sjis_at(data, i, last);
            // In Shift_JIS text, two UTF-8 characters in a row start UTF-8 text.
            let utf8_follows = match (self.mode, utf8, sjis) {
                (Mode::ShiftJis, Char::Len(u), Char::Len(_)) => match data.get(i + u) {
                    None if last => Some(false),
                    None => None,
                    Some(&next) if next < 0x80 => Some(false),
                    Some(_) => match utf8_at(data, i + u, last) {
                        Char::Len(_) => Some(true),
                        Char::NeedMore => None,
                        Char::Invalid => Some(false),
                    },
                },
                _ => Some(false),
            };
            let need_more = matches!(utf8, Char::NeedMore) || matches!(sjis, Char::NeedMore);
            let Some(utf8_follows) = utf8_follows.filter(|_| !need_more) else {
                self.carry.extend_from_slice(&data[i..]);
                self.pos = base + i as u64;
                return Ok(());
            };
            let taken = match (self.mode, utf8, sjis) {
                (Mode::Ascii | Mode::Utf8, Char::Len(n), _) => {
                    self.mode = Mode::Utf8;
                    Some(n)
                }
                (Mode::Ascii, _, Char::Len(n)) => {
                    self.mode = Mode::ShiftJis;
                    Some(n)
                }
                (Mode::ShiftJis, Char::Len(_), Char::Len(n)) => (!utf8_follows).then_some(n),
                (Mode::ShiftJis, _, Char::Len(n)) => Some(n),
                _ => None,
            };
            match taken {
                Some(n) => {
                    if self.mode == Mode::ShiftJis {
                        if n == 2 && common_sjis(b) {
                            self.common += 1;
                        } else {
                            self.uncommon += 1;
                        }
                    }
                    self.push(base + i as u64, &data[i..i + n], emit)?;
                    i += n;
                }
                None if self.raw.is_empty() => i += 1,
                // Ends this run; the byte is read again as the start of the next one.
                None => self.end(emit)?,
            }
        }
        self.pos = base + data.len() as u64;
        if last {
            self.end(emit)?;
        }
        Ok(())
    }

    /// Appends one character (its bytes) at offset `at`.
    fn push(&mut self, at: u64, c: &[u8], emit: &mut Emit<'_>) -> Result<(), Limit> {
        if self.raw.is_empty() {
            self.start = at;
        }
        self.raw.extend_from_slice(c);
        self.chars += 1;
        let blank = if c.len() == 1 { c[0] as char } else { 'x' };
        if cut_here(self.raw.len(), blank) {
            self.cut(emit)?;
        }
        Ok(())
    }

    /// Hands on a long run's text so far; what follows continues it.
    fn cut(&mut self, emit: &mut Emit<'_>) -> Result<(), Limit> {
        let mode = self.mode;
        self.end(emit)?;
        self.continued = true;
        // ASCII so far stays open to either reading; a decided reading carries on.
        self.mode = mode;
        Ok(())
    }

    fn end(&mut self, emit: &mut Emit<'_>) -> Result<(), Limit> {
        let long_enough = self.chars > 0 && (self.chars >= MIN_CHARS || self.continued);
        let result = match self.mode {
            _ if !long_enough => Ok(()),
            Mode::ShiftJis if self.common >= 3 && self.uncommon * 6 <= self.common => {
                let text = SHIFT_JIS.decode_without_bom_handling(&self.raw).0.into_owned();
                emit(Run { offset: self.start, enc: Enc::ShiftJis, text })
            }
            Mode::ShiftJis => self.ascii_of_sjis(emit),
            // Built from whole, valid characters only.
            _ => {
                let text = String::from_utf8_lossy(&self.raw).into_owned();
                emit(Run { offset: self.start, enc: Enc::Utf8, text })
            }
        };
        self.raw.clear();
        self.chars = 0;
        self.common = 0;
        self.uncommon = 0;
        self.mode = Mode::Ascii;
        self.continued = false;
        result
    }

    /// The ASCII runs of a run not taken for Shift_JIS text (stray bytes next to ASCII text).
    fn ascii_of_sjis(&self, emit: &mut Emit<'_>) -> Result<(), Limit> {
        let raw = &self.raw;
        let mut from = None;
        let mut i = 0;
        while i <= raw.len() {
            let b = raw.get(i).copied();
            if b.is_some_and(|b| b < 0x80) {
                from.get_or_insert(i);
                i += 1;
                continue;
            }
            if let Some(s) = from.take() {
                if i - s >= MIN_CHARS {
                    let text = String::from_utf8_lossy(&raw[s..i]).into_owned();
                    emit(Run { offset: self.start + s as u64, enc: Enc::Utf8, text })?;
                }
            }
            // A double-byte character (its second byte may look like ASCII) or half-width kana.
            i += if b.is_some_and(|b| matches!(b, 0x81..=0x9f | 0xe0..=0xfc)) { 2 } else { 1 };
        }
        Ok(())
    }
}

// ------------------------------------------------------------------------ UTF-16 readings

/// UTF-16 runs in one byte order, with code units starting at offsets of one parity.
struct Utf16Runs {
    big_endian: bool,
    /// Offset parity of the code units read (0: even offsets).
    phase: u64,
    /// Offset in the input of the next byte.
    pos: u64,
    /// First byte of a code unit whose second byte is still to come.
    first: Option<u8>,
    start: u64,
    text: String,
    chars: usize,
    /// Code units that only text in this byte order has (see `feed`).
    anchors: usize,
    /// Cut from the run before it (long text): kept whatever its length.
    continued: bool,
}

/// Code units read as text: ASCII and Latin-1, punctuation and symbols, CJK, kana,
/// full-width forms (surrogates, controls and most other scripts end a run).
fn utf16_printable(u: u16) -> bool {
    matches!(u, 0x09 | 0x0a | 0x0d | 0x20..=0x7e | 0xa0..=0xff
        | 0x2010..=0x206f | 0x2100..=0x22ff | 0x2460..=0x27bf
        | 0x3000..=0x30ff | 0x3200..=0x33ff | 0x4e00..=0x9fff | 0xf900..=0xfaff
        | 0xff01..=0xffef)
}

impl Utf16Runs {
    fn new(big_endian: bool, phase: u64) -> Self {
        Utf16Runs {
            big_endian,
            phase,
            pos: 0,
            first: None,
            start: 0,
            text: String::new(),
            chars: 0,
            anchors: 0,
            continued: false,
        }
    }

    fn feed(&mut self, chunk: &[u8], emit: &mut Emit<'_>) -> Result<(), Limit> {
        for &b in chunk {
            let at = self.pos;
            self.pos += 1;
            if at < self.phase {
                continue;
            }
            let Some(first) = self.first.take() else {
                self.first = Some(b);
                continue;
            };
            let (hi, lo) = if self.big_endian { (first, b) } else { (b, first) };
            let u = u16::from_be_bytes([hi, lo]);
            if !utf16_printable(u) {
                self.end(false, emit)?;
                continue;
            }
            if self.chars == 0 {
                self.start = at - 1;
            }
            let c = char::from_u32(u as u32).unwrap_or('\u{fffd}');
            self.text.push(c);
            self.chars += 1;
            if hi == 0xff || (hi == 0 && !self.big_endian) {
                self.anchors += 1;
            }
            if cut_here(self.text.len(), c) {
                self.end(true, emit)?;
            }
        }
        Ok(())
    }

    /// Ends the current run, or only cuts it (`cut`: the text goes on).
    fn end(&mut self, cut: bool, emit: &mut Emit<'_>) -> Result<(), Limit> {
        // A third of the characters: one ASCII letter next to a zero byte among misread
        // bytes does not make a run.
        let keep = if self.continued {
            self.anchors > 0
        } else {
            self.chars >= MIN_CHARS && self.anchors * 3 >= self.chars
        };
        let result = if keep && self.chars > 0 {
            let enc = if self.big_endian { Enc::Utf16Be } else { Enc::Utf16Le };
            emit(Run { offset: self.start, enc, text: std::mem::take(&mut self.text) })
        } else {
            Ok(())
        };
        self.text.clear();
        self.chars = 0;
        self.continued = cut;
        if !cut {
            self.anchors = 0;
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs of `input` fed in pieces of `step` bytes.
    fn runs_in(input: &[u8], step: usize) -> Vec<Run> {
        let mut out = Vec::new();
        let mut emit = |r: Run| {
            out.push(r);
            Ok(())
        };
        let mut runs = Runs::new();
        for piece in input.chunks(step.max(1)) {
            runs.feed(piece, &mut emit).unwrap();
        }
        runs.finish(&mut emit).unwrap();
        out.sort_by_key(|r| r.offset);
        out
    }

    fn runs(input: &[u8]) -> Vec<(u64, Enc, String)> {
        let whole: Vec<_> =
            runs_in(input, input.len()).into_iter().map(|r| (r.offset, r.enc, r.text)).collect();
        // The same runs whatever the chunking.
        for step in [1, 2, 3, 7] {
            let pieces: Vec<_> =
                runs_in(input, step).into_iter().map(|r| (r.offset, r.enc, r.text)).collect();
            assert_eq!(pieces, whole, "fed {step} bytes at a time");
        }
        whole
    }

    fn utf16le(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
    }

    fn utf16be(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect()
    }

    #[test]
    fn ascii_and_utf8_runs_keep_their_offsets() {
        let mut b = vec![0u8; 10];
        b.extend_from_slice("番号 6214 9832 0257".as_bytes());
        b.extend_from_slice(&[0, 1, 2, b'a', b'b', b'c', 0, 0xff]);
        let tel = b.len() as u64;
        b.extend_from_slice(b"tel:\n0312345678\x00");
        assert_eq!(tel, 39);
        assert_eq!(
            runs(&b),
            vec![
                (10, Enc::Utf8, "番号 6214 9832 0257".into()),
                (tel, Enc::Utf8, "tel:\n0312345678".into())
            ],
            "`abc` is too short"
        );
    }

    #[test]
    fn utf16_runs() {
        let mut b = vec![0x13u8, 0x01, 0x02];
        let at_le = b.len() as u64;
        b.extend_from_slice(&utf16le("電話 090-1234-5678"));
        b.extend_from_slice(&[0, 0, 0x01, 0x02, 0x03]);
        assert_eq!(runs(&b), vec![(at_le, Enc::Utf16Le, "電話 090-1234-5678".into())]);
        let mut b = vec![0x01u8, 0x01, 0x02];
        b.extend_from_slice(&utf16be("ｔａｒｏ"));
        b.extend_from_slice(&[0x01, 0x01]);
        let found = runs(&b);
        assert!(found.contains(&(3, Enc::Utf16Be, "ｔａｒｏ".into())), "{found:?}");
    }

    #[test]
    fn utf16_ascii_is_read_once() {
        // NUL on both sides: little- and big-endian readings of the same text.
        let mut b = vec![0u8, 0];
        b.extend_from_slice(&utf16le("name@example.jp"));
        b.extend_from_slice(&[0, 0]);
        assert_eq!(runs(&b), vec![(2, Enc::Utf16Le, "name@example.jp".into())]);
        // Big-endian ASCII is read as UTF-16LE one byte on.
        let mut b = utf16be("0312345678");
        b.push(0);
        assert_eq!(runs(&b), vec![(1, Enc::Utf16Le, "0312345678".into())]);
    }

    #[test]
    fn kanji_alone_in_utf16_is_not_read() {
        // Without a code unit holding a zero or 0xFF byte, nothing tells it from other data.
        let mut b = vec![0x01u8, 0x01];
        b.extend_from_slice(&utf16le("山田太郎様"));
        b.extend_from_slice(&[0x01, 0x01]);
        assert!(runs(&b).iter().all(|r| r.1 != Enc::Utf16Le), "{:?}", runs(&b));
    }

    #[test]
    fn shift_jis_runs() {
        let sjis = SHIFT_JIS.encode("電話：03-1234-5678 山田").0;
        let mut b = vec![0u8, 1, 2];
        b.extend_from_slice(&sjis);
        b.push(0);
        assert_eq!(runs(&b), vec![(3, Enc::ShiftJis, "電話：03-1234-5678 山田".into())]);
    }

    #[test]
    fn random_bytes_make_no_shift_jis_run() {
        // xorshift: reproducible noise.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let noise: Vec<u8> = (0..200_000)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed >> 24) as u8
            })
            .collect();
        let found = runs_in(&noise, noise.len());
        let sjis = found.iter().filter(|r| r.enc == Enc::ShiftJis).count();
        let shown: Vec<&str> = found
            .iter()
            .filter(|r| r.enc == Enc::ShiftJis)
            .map(|r| r.text.as_str())
            .take(8)
            .collect();
        assert!(sjis * 1000 < found.len().max(1) * 5, "{sjis} of {} runs {shown:?}", found.len());
        assert!(found.iter().all(|r| r.enc != Enc::Utf16Be), "no full-width text in noise");
    }

    #[test]
    fn long_runs_are_cut_at_a_blank() {
        let mut b = vec![0u8];
        let line = "0123456789 ".repeat(3 * MAX_RUN / 11);
        b.extend_from_slice(line.as_bytes());
        let found = runs(&b);
        assert!(found.len() >= 2, "{}", found.len());
        let joined: String = found.iter().map(|r| r.2.as_str()).collect();
        assert_eq!(joined, line);
        let end = b.len() as u64;
        assert!(found.iter().all(|r| r.2.ends_with(' ') || r.0 + r.2.len() as u64 == end));
        assert!(found.iter().all(|r| r.2.len() <= 2 * MAX_RUN));
        for w in found.windows(2) {
            assert_eq!(w[0].0 + w[0].2.len() as u64, w[1].0, "pieces are contiguous");
        }
    }
}
