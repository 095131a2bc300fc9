//! PDF tokens and objects as written in a file, an object stream or a content stream.

use super::objects::{Obj, StreamAt};
use super::MAX_DEPTH;

pub(super) fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | 0)
}

pub(super) fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// A tokenizer and object parser over one buffer.
pub(super) struct Lexer<'a> {
    pub(super) b: &'a [u8],
    pub(super) pos: usize,
    /// Which buffer this is (0: the file, 1..: decompressed object streams).
    buf_id: usize,
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
        Lexer { b, pos, buf_id }
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
                }
            } else {
                break;
            }
        }
    }

    pub(super) fn tok(&mut self) -> Option<Tok> {
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
                    if is_white(c) || is_delim(c) {
                        break;
                    }
                    self.pos += 1;
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
                    if is_white(c) || is_delim(c) {
                        break;
                    }
                    self.pos += 1;
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

    /// Parses one object (references `a b R` and streams included).
    pub(super) fn obj(&mut self, depth: usize) -> Option<Obj> {
        if depth > MAX_DEPTH {
            return None;
        }
        let t = self.tok()?;
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
                Obj::Arr(v)
            }
            Tok::DictOpen => {
                let mut d = Vec::new();
                loop {
                    self.skip_white();
                    if self.b.get(self.pos..self.pos + 2) == Some(b">>") {
                        self.pos += 2;
                        break;
                    }
                    match self.tok() {
                        Some(Tok::Name(k)) => match self.obj(depth + 1) {
                            Some(v) => d.push((k, v)),
                            None => break,
                        },
                        Some(Tok::DictClose) | None => break,
                        Some(_) => {}
                    }
                }
                // A stream follows its dictionary.
                let save = self.pos;
                self.skip_white();
                if self.b.get(self.pos..self.pos + 6) == Some(b"stream") {
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
                    self.pos = end;
                    let at = StreamAt { buf: self.buf_id, start: p.min(end), end, object: None };
                    return Some(Obj::Stream(d, at));
                }
                self.pos = save;
                Obj::Dict(d)
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
