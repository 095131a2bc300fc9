//! PDF tokens and objects as written in a file, an object stream or a content stream.

use super::super::limits::Budget;
use super::objects::{Obj, StreamAt};
use super::MAX_DEPTH;
use std::rc::Rc;

/// Most values one object may hold, nested ones included (a content stream's operand too):
/// past it the object is cut there and the document reported `corrupt`.
pub(super) const MAX_VALUES: usize = 1 << 20;

/// Bytes scanned between two looks at the clock, inside long tokens and whitespace runs.
const CLOCK_EVERY: usize = 1 << 16;

/// Why a parse stopped before its object's end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Halt {
    /// A keyword that ends an object (`endobj`, `obj`, `trailer`...) inside an unclosed
    /// array or dictionary: the object ends there, as a damaged file intends.
    End,
    /// Nested deeper than `MAX_DEPTH`, or more than `MAX_VALUES` values.
    Malformed,
    /// The budget ran out (objects or time); the budget remembers which.
    Budget,
}

pub(super) fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | 0)
}

pub(super) fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// Keywords that cannot be inside an object: met in an unclosed array or dictionary of a
/// document's object, they end it (else one unclosed `[` would swallow the rest of the file,
/// and every object after it would be parsed again to the end).
fn ends_object(w: &[u8]) -> bool {
    matches!(w, b"endobj" | b"obj" | b"stream" | b"endstream" | b"xref" | b"trailer" | b"startxref")
}

/// A tokenizer and object parser over one buffer.
pub(super) struct Lexer<'a> {
    pub(super) b: &'a [u8],
    pub(super) pos: usize,
    /// Which buffer this is (0: the file, 1..: decompressed object streams).
    buf_id: usize,
    /// The input's budget: its clock is watched in long loops; values parsed from the
    /// document's objects are charged to it (`charge`).
    budget: Option<&'a Budget>,
    charge: bool,
    /// Values of the current top-level object so far (bounded by [`MAX_VALUES`]).
    values: usize,
    /// Set when a parse stops early; every later parse returns `None`.
    pub(super) halted: Option<Halt>,
}

#[derive(Debug)]
pub(super) enum Tok {
    Num(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    ArrOpen,
    ArrClose,
    DictOpen,
    DictClose,
    Word(Vec<u8>),
}

impl<'a> Lexer<'a> {
    pub(super) fn new(b: &'a [u8], pos: usize, buf_id: usize) -> Self {
        Lexer { b, pos, buf_id, budget: None, charge: false, values: 0, halted: None }
    }

    /// Watches `budget`'s clock; with `charge`, every value parsed is counted as one of its
    /// objects (a document's objects are; content-stream operands, read once and dropped,
    /// are not).
    pub(super) fn with_budget(mut self, budget: &'a Budget, charge: bool) -> Self {
        self.budget = Some(budget);
        self.charge = charge;
        self
    }

    /// Looks at the clock once every [`CLOCK_EVERY`] bytes of a long loop; true (and
    /// halted) once the budget has run out.
    #[inline]
    fn out_of_time(&mut self) -> bool {
        if !self.pos.is_multiple_of(CLOCK_EVERY) {
            return false;
        }
        if let Some(b) = self.budget {
            if b.check().is_err() {
                self.halted = Some(Halt::Budget);
                self.pos = self.b.len();
                return true;
            }
        }
        false
    }

    pub(super) fn skip_white(&mut self) {
        while let Some(&c) = self.b.get(self.pos) {
            if is_white(c) {
                self.pos += 1;
            } else if c == b'%' {
                while let Some(&c) = self.b.get(self.pos) {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                    if self.out_of_time() {
                        return;
                    }
                }
            } else {
                break;
            }
            if self.out_of_time() {
                return;
            }
        }
    }

    pub(super) fn tok(&mut self) -> Option<Tok> {
        if self.halted == Some(Halt::Budget) {
            return None;
        }
        self.skip_white();
        let c = *self.b.get(self.pos)?;
        match c {
            b'[' => {
                self.pos += 1;
                Some(Tok::ArrOpen)
            }
            b']' => {
                self.pos += 1;
                Some(Tok::ArrClose)
            }
            b'<' if self.b.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                Some(Tok::DictOpen)
            }
            b'>' if self.b.get(self.pos + 1) == Some(&b'>') => {
                self.pos += 2;
                Some(Tok::DictClose)
            }
            b'<' => {
                self.pos += 1;
                let mut out = Vec::new();
                let mut hi: Option<u8> = None;
                while let Some(&c) = self.b.get(self.pos) {
                    self.pos += 1;
                    if self.out_of_time() {
                        break;
                    }
                    let v = match c {
                        b'>' => break,
                        b'0'..=b'9' => c - b'0',
                        b'a'..=b'f' => c - b'a' + 10,
                        b'A'..=b'F' => c - b'A' + 10,
                        _ => continue,
                    };
                    match hi.take() {
                        None => hi = Some(v),
                        Some(h) => out.push(h << 4 | v),
                    }
                }
                if let Some(h) = hi {
                    out.push(h << 4);
                }
                Some(Tok::Str(out))
            }
            b'(' => {
                self.pos += 1;
                let mut out = Vec::new();
                let mut depth = 1usize;
                while let Some(&c) = self.b.get(self.pos) {
                    self.pos += 1;
                    if self.out_of_time() {
                        break;
                    }
                    match c {
                        b'(' => {
                            depth += 1;
                            out.push(c);
                        }
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                            out.push(c);
                        }
                        b'\\' => {
                            let Some(&e) = self.b.get(self.pos) else { break };
                            self.pos += 1;
                            match e {
                                b'n' => out.push(b'\n'),
                                b'r' => out.push(b'\r'),
                                b't' => out.push(b'\t'),
                                b'b' => out.push(8),
                                b'f' => out.push(12),
                                b'0'..=b'7' => {
                                    let mut v = (e - b'0') as u32;
                                    for _ in 0..2 {
                                        match self.b.get(self.pos) {
                                            Some(&d @ b'0'..=b'7') => {
                                                v = v * 8 + (d - b'0') as u32;
                                                self.pos += 1;
                                            }
                                            _ => break,
                                        }
                                    }
                                    out.push(v as u8);
                                }
                                b'\r' => {
                                    if self.b.get(self.pos) == Some(&b'\n') {
                                        self.pos += 1;
                                    }
                                }
                                b'\n' => {}
                                other => out.push(other),
                            }
                        }
                        _ => out.push(c),
                    }
                }
                Some(Tok::Str(out))
            }
            b'/' => {
                self.pos += 1;
                let start = self.pos;
                while let Some(&c) = self.b.get(self.pos) {
                    if is_white(c) || is_delim(c) || self.out_of_time() {
                        break;
                    }
                    self.pos += 1;
                }
                if self.halted.is_some() {
                    return None;
                }
                let raw = &self.b[start..self.pos];
                // #xx escapes in names.
                let mut name = Vec::with_capacity(raw.len());
                let mut i = 0;
                while i < raw.len() {
                    if raw[i] == b'#' && i + 2 < raw.len() {
                        let h = std::str::from_utf8(&raw[i + 1..i + 3])
                            .ok()
                            .and_then(|s| u8::from_str_radix(s, 16).ok());
                        if let Some(h) = h {
                            name.push(h);
                            i += 3;
                            continue;
                        }
                    }
                    name.push(raw[i]);
                    i += 1;
                }
                Some(Tok::Name(name))
            }
            _ => {
                let start = self.pos;
                while let Some(&c) = self.b.get(self.pos) {
                    if is_white(c) || is_delim(c) || self.out_of_time() {
                        break;
                    }
                    self.pos += 1;
                }
                if self.halted.is_some() {
                    return None;
                }
                if self.pos == start {
                    // A lone delimiter such as ')' or '>': skip it.
                    self.pos += 1;
                    return Some(Tok::Word(vec![c]));
                }
                let w = &self.b[start..self.pos];
                if let Some(n) = std::str::from_utf8(w).ok().and_then(|s| s.parse::<f64>().ok()) {
                    if w.iter().all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'-' | b'+')) {
                        return Some(Tok::Num(n));
                    }
                }
                Some(Tok::Word(w.to_vec()))
            }
        }
    }

    /// Counts one more value of the current object (and, when charging, of the budget);
    /// false, and halted, past [`MAX_VALUES`] or the budget.
    fn count_value(&mut self) -> bool {
        self.values += 1;
        if self.values > MAX_VALUES {
            self.halted = Some(Halt::Malformed);
            return false;
        }
        if self.charge {
            if let Some(b) = self.budget {
                if b.objects(1).is_err() {
                    self.halted = Some(Halt::Budget);
                    return false;
                }
            }
        }
        true
    }

    /// Parses one object (references `a b R` and streams included). `None` at the end of
    /// the data or once the parse has halted ([`Lexer::halted`] says why).
    pub(super) fn obj(&mut self, depth: usize) -> Option<Obj> {
        if self.halted.is_some() {
            return None;
        }
        if depth == 0 {
            self.values = 0;
        }
        if depth > MAX_DEPTH {
            self.halted = Some(Halt::Malformed);
            return None;
        }
        let t = self.tok()?;
        if !self.count_value() {
            return None;
        }
        Some(match t {
            Tok::Num(n) => {
                // `a b R`?
                let save = self.pos;
                if n >= 0.0 && n.fract() == 0.0 {
                    if let Some(Tok::Num(g)) = self.tok() {
                        if g >= 0.0 && g.fract() == 0.0 {
                            if let Some(Tok::Word(w)) = self.tok() {
                                if w == b"R" {
                                    return Some(Obj::Ref(n.min(u32::MAX as f64) as u32));
                                }
                            }
                        }
                    }
                }
                if self.halted == Some(Halt::Budget) {
                    return None;
                }
                self.pos = save;
                Obj::Num(n)
            }
            Tok::Name(n) => Obj::Name(n),
            Tok::Str(s) => Obj::Str(s),
            Tok::ArrOpen => {
                let mut v = Vec::new();
                loop {
                    self.skip_white();
                    match self.b.get(self.pos) {
                        None => break,
                        Some(b']') => {
                            self.pos += 1;
                            break;
                        }
                        _ => match self.obj(depth + 1) {
                            Some(o) => v.push(o),
                            None => break,
                        },
                    }
                }
                Obj::Arr(Rc::new(v))
            }
            Tok::DictOpen => {
                let mut d = Vec::new();
                loop {
                    self.skip_white();
                    if self.b.get(self.pos..self.pos + 2) == Some(b">>") {
                        self.pos += 2;
                        break;
                    }
                    if self.halted.is_some() {
                        break;
                    }
                    match self.tok() {
                        // The key is a value too (it costs as much memory as one).
                        Some(Tok::Name(_)) if !self.count_value() => break,
                        Some(Tok::Name(k)) => match self.obj(depth + 1) {
                            Some(v) => d.push((k, v)),
                            None => break,
                        },
                        Some(Tok::DictClose) | None => break,
                        Some(Tok::Word(w)) if self.charge && ends_object(&w) => {
                            self.halted = Some(Halt::End);
                            break;
                        }
                        Some(_) => {}
                    }
                }
                // A stream follows its dictionary.
                let save = self.pos;
                self.skip_white();
                if self.halted.is_none() && self.b.get(self.pos..self.pos + 6) == Some(b"stream") {
                    let mut p = self.pos + 6;
                    if self.b.get(p) == Some(&b'\r') {
                        p += 1;
                    }
                    if self.b.get(p) == Some(&b'\n') {
                        p += 1;
                    }
                    let declared = d
                        .iter()
                        .find(|(k, _)| k == b"Length")
                        .and_then(|(_, v)| v.num())
                        .filter(|&l| l >= 0.0)
                        .map(|l| l as usize);
                    let end = match declared {
                        Some(l)
                            if p.checked_add(l).is_some_and(|e| e <= self.b.len()) && {
                                let tail = &self.b[p + l..self.b.len().min(p + l + 20)];
                                memchr::memmem::find(tail, b"endstream").is_some()
                            } =>
                        {
                            p + l
                        }
                        _ => {
                            match memchr::memmem::find(&self.b[p.min(self.b.len())..], b"endstream")
                            {
                                Some(e) => p + e,
                                None => self.b.len(),
                            }
                        }
                    };
                    // A search for a missing `endstream` can cross the rest of the file,
                    // for each stream that lacks one: watch the clock after a long one.
                    if end - p > CLOCK_EVERY {
                        if let Some(b) = self.budget {
                            if b.check().is_err() {
                                self.halted = Some(Halt::Budget);
                                return None;
                            }
                        }
                    }
                    self.pos = end;
                    let at = StreamAt { buf: self.buf_id, start: p.min(end), end, object: None };
                    return Some(Obj::Stream(Rc::new(d), at));
                }
                self.pos = save;
                Obj::Dict(Rc::new(d))
            }
            Tok::Word(w) if depth > 0 && self.charge && ends_object(&w) => {
                self.halted = Some(Halt::End);
                return None;
            }
            Tok::Word(w) => match w.as_slice() {
                b"true" => Obj::Bool(true),
                b"false" => Obj::Bool(false),
                b"null" => Obj::Null,
                _ => Obj::Op(w),
            },
            Tok::ArrClose | Tok::DictClose => Obj::Null,
        })
    }
}
