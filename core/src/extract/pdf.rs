//! PDF text, with Japanese CID fonts, by a small bounded reader of our own.
//!
//! Why not pdf-extract or lopdf: pdf-extract 0.12 panics on non-embedded Japanese CID fonts
//! (`UniJIS-UCS2-H`, what reportlab's HeiseiMin/HeiseiKakuGo and many Japanese tools write)
//! and lopdf can abort the process (stack overflow, huge allocations) where `catch_unwind`
//! cannot help. This reader:
//!
//! - finds objects by scanning for `N G obj` (a broken or missing xref does not matter;
//!   later definitions win, as incremental updates intend) and reads object streams;
//! - inflates FlateDecode streams through the shared budget (size, ratio, time);
//! - walks the page tree (bounded depth, each node once) with inherited resources;
//! - decodes text with the font's ToUnicode CMap when there is one, else by its CMap name:
//!   `UniJIS-UCS2-*`/`UniJIS-UTF16-*` (UTF-16 codes), `*-RKSJ-*` (Shift_JIS), `EUC-*`
//!   (EUC-JP); simple fonts as WinAnsi;
//! - runs text operators (`Tj`, `TJ`, `'`, `"`, `Tf`, line moves) and form XObjects (depth 8).
//!
//! - decodes `Identity-H`/`Identity-V` fonts without a usable ToUnicode map when the
//!   descendant font's CIDSystemInfo is Adobe-Japan1 (what non-embedded Japanese fonts and
//!   embedded CID-keyed OpenType/CFF fonts such as Kozuka or Hiragino write): the codes are
//!   Adobe-Japan1 CIDs, looked up in a table compiled in from Adobe's CMap resources
//!   (`core/data/cmap/`, 15,666 of the 23,058 CIDs; a CID it lacks, and CID 0, gives U+FFFD).
//!   A ToUnicode map of such a font that lacks a code falls back to the same table.
//!
//! Not read: text in other `Identity-H`/`Identity-V` CID fonts without a ToUnicode map
//! (Ordering `Identity` or another collection, or an embedded TrueType font whose CIDs are
//! its glyph indices, `CIDToGIDMap /Identity`: reported `unsupported_format` for that font,
//! not guessed), LZW/RunLength streams, Type3 glyph names, encrypted PDFs (`encrypted`).
//! Locations: `x.pdf#page=N`. Every step is bounded; the parser recurses at most
//! `MAX_DEPTH` levels and never indexes out of bounds.

use super::limits::{Bounded, Compressed};
use super::unit::Unit;
use super::{Cx, Stop};
use crate::finding::UnscannableReason;
use encoding_rs::{EUC_JP, SHIFT_JIS, UTF_16BE, WINDOWS_1252};
use std::collections::{HashMap, HashSet};
use std::io::Read;

const MAX_DEPTH: usize = 32;
const MAX_PAGES: usize = 100_000;
const MAX_XOBJECT_DEPTH: usize = 8;

#[derive(Clone, Debug, PartialEq)]
enum Obj {
    Null,
    Bool(bool),
    Num(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Arr(Vec<Obj>),
    Dict(Vec<(Vec<u8>, Obj)>),
    Ref(u32),
    /// A stream: its dictionary and where its raw data lies (which buffer, range).
    Stream(Vec<(Vec<u8>, Obj)>, usize, usize, usize),
    /// An operator or other bare keyword (content streams).
    Op(Vec<u8>),
}

impl Obj {
    fn get(&self, key: &[u8]) -> Option<&Obj> {
        match self {
            Obj::Dict(d) | Obj::Stream(d, ..) => d.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    fn name(&self) -> Option<&[u8]> {
        match self {
            Obj::Name(n) => Some(n),
            _ => None,
        }
    }
    fn num(&self) -> Option<f64> {
        match self {
            Obj::Num(n) => Some(*n),
            _ => None,
        }
    }
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | 0)
}

fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// A tokenizer and object parser over one buffer.
struct Lexer<'a> {
    b: &'a [u8],
    pos: usize,
    /// Which buffer this is (0: the file, 1..: decompressed object streams).
    buf_id: usize,
}

#[derive(Debug)]
enum Tok {
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
    fn new(b: &'a [u8], pos: usize, buf_id: usize) -> Self {
        Lexer { b, pos, buf_id }
    }

    fn skip_white(&mut self) {
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

    fn tok(&mut self) -> Option<Tok> {
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
    fn obj(&mut self, depth: usize) -> Option<Obj> {
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
                    return Some(Obj::Stream(d, self.buf_id, p.min(end), end));
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

/// The objects of a document.
struct Doc<'a> {
    bufs: Vec<std::borrow::Cow<'a, [u8]>>,
    /// Object number -> (buffer, offset of the object's value).
    table: HashMap<u32, (usize, usize)>,
    cache: HashMap<u32, Obj>,
}

impl<'a> Doc<'a> {
    fn resolve(&mut self, o: &Obj) -> Obj {
        let mut cur = o.clone();
        for _ in 0..8 {
            match cur {
                Obj::Ref(n) => cur = self.load(n),
                _ => return cur,
            }
        }
        Obj::Null
    }

    fn load(&mut self, n: u32) -> Obj {
        if let Some(o) = self.cache.get(&n) {
            return o.clone();
        }
        let o = match self.table.get(&n) {
            Some(&(buf, off)) => {
                let b = &self.bufs[buf];
                Lexer::new(b, off, buf).obj(0).unwrap_or(Obj::Null)
            }
            None => Obj::Null,
        };
        if self.cache.len() < 100_000 {
            self.cache.insert(n, o.clone());
        }
        o
    }

    fn get(&mut self, o: &Obj, key: &[u8]) -> Obj {
        match o.get(key) {
            Some(v) => self.resolve(&v.clone()),
            None => Obj::Null,
        }
    }
}

/// Finds every `N G obj` in `b`: object number -> offset just after `obj`.
fn scan_objects(b: &[u8], buf_id: usize, table: &mut HashMap<u32, (usize, usize)>) {
    for at in memchr::memmem::find_iter(b, b"obj") {
        // Not `endobj`, followed by a delimiter.
        if at >= 3 && &b[at - 3..at] == b"end" {
            continue;
        }
        if b.get(at + 3).is_some_and(|&c| !is_white(c) && !is_delim(c)) {
            continue;
        }
        let mut p = at;
        let skip_ws = |p: &mut usize| {
            while *p > 0 && is_white(b[*p - 1]) {
                *p -= 1;
            }
        };
        let digits = |p: &mut usize| {
            let end = *p;
            while *p > 0 && b[*p - 1].is_ascii_digit() && end - *p < 10 {
                *p -= 1;
            }
            (*p < end)
                .then(|| std::str::from_utf8(&b[*p..end]).ok().and_then(|s| s.parse::<u64>().ok()))
                .flatten()
        };
        skip_ws(&mut p);
        if digits(&mut p).is_none() {
            continue;
        }
        let before_gen = p;
        skip_ws(&mut p);
        if p == before_gen {
            continue;
        }
        let Some(num) = digits(&mut p) else { continue };
        if p > 0 && !is_white(b[p - 1]) && !is_delim(b[p - 1]) {
            continue;
        }
        if num <= u32::MAX as u64 && table.len() < 10_000_000 {
            table.insert(num as u32, (buf_id, at + 3));
        }
    }
}

/// A font's way from string bytes to text.
#[derive(Clone)]
enum FontDec {
    /// ToUnicode map: code length in bytes and code -> text; `true` when a code the map
    /// lacks is an Adobe-Japan1 CID (`Identity-H`/`-V`, Adobe-Japan1 descendant font).
    Map(usize, HashMap<u32, String>, bool),
    /// Two-byte Adobe-Japan1 CIDs (`Identity-H`/`-V`), decoded with the compiled-in table.
    Japan1,
    Utf16,
    Sjis,
    EucJp,
    WinAnsi,
    /// A CID font whose codes cannot be mapped to text here.
    Unmapped,
}

impl FontDec {
    fn decode(&self, s: &[u8], out: &mut String) {
        match self {
            FontDec::Map(n, m, japan1) => {
                for chunk in s.chunks(*n) {
                    let code = chunk.iter().fold(0u32, |a, &b| a << 8 | b as u32);
                    if let Some(t) = m.get(&code) {
                        out.push_str(t);
                    } else if *japan1 {
                        out.push(adobe_japan1(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                    }
                }
            }
            FontDec::Japan1 => {
                for chunk in s.chunks(2) {
                    let cid = match chunk {
                        [a, b] => u32::from(*a) << 8 | u32::from(*b),
                        _ => 0, // an odd byte at the end is no CID
                    };
                    out.push(adobe_japan1(cid).unwrap_or(char::REPLACEMENT_CHARACTER));
                }
            }
            FontDec::Utf16 => out.push_str(&UTF_16BE.decode_without_bom_handling(s).0),
            FontDec::Sjis => out.push_str(&SHIFT_JIS.decode_without_bom_handling(s).0),
            FontDec::EucJp => out.push_str(&EUC_JP.decode_without_bom_handling(s).0),
            FontDec::WinAnsi => out.push_str(&WINDOWS_1252.decode_without_bom_handling(s).0),
            FontDec::Unmapped => {}
        }
    }
}

/// Adobe-Japan1 CID -> Unicode, built by `core/data/cmap/build.py` (format described there
/// and in its README): `b"AJ1U"`, u16 count, u16 astral count, `count` u16 values indexed by
/// CID (0: none, 0xD800 + i: `astral[i]`, else the BMP code point), then the astral u32s.
static ADOBE_JAPAN1: &[u8] = include_bytes!("../../data/cmap/adobe_japan1_ucs.bin");

/// The character of an Adobe-Japan1 CID; `None` for CID 0 (.notdef), a CID the table has no
/// character for, or one beyond it. Reads the embedded bytes directly: no allocation, and
/// every access is checked, so no CID can panic.
fn adobe_japan1(cid: u32) -> Option<char> {
    let t = ADOBE_JAPAN1;
    let u16_at = |at: usize| Some(u16::from_le_bytes([*t.get(at)?, *t.get(at + 1)?]));
    if t.get(..4)? != b"AJ1U" {
        return None;
    }
    let (count, astral) = (u16_at(4)? as usize, u16_at(6)? as usize);
    let cid = cid as usize;
    if cid >= count {
        return None;
    }
    match u16_at(8 + 2 * cid)? {
        0 => None,
        v @ 0xD800..=0xDFFF => {
            let i = (v - 0xD800) as usize;
            if i >= astral {
                return None;
            }
            let at = 8 + 2 * count + 4 * i;
            let b = t.get(at..at + 4)?;
            char::from_u32(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        }
        v => char::from_u32(v as u32),
    }
}

fn hex_code(s: &[u8]) -> u32 {
    s.iter().take(4).fold(0u32, |a, &b| a << 8 | b as u32)
}

fn utf16_text(s: &[u8]) -> String {
    UTF_16BE.decode_without_bom_handling(s).0.into_owned()
}

/// Parses a ToUnicode CMap (codespace, bfchar, bfrange).
fn parse_cmap(data: &[u8]) -> FontDec {
    let mut lx = Lexer::new(data, 0, 0);
    let mut map = HashMap::new();
    let mut code_len = 0usize;
    let mut stack: Vec<Tok> = Vec::new();
    let mut mode = 0u8; // 1 codespace, 2 bfchar, 3 bfrange
    let mut guard = 0usize;
    while let Some(t) = lx.tok() {
        guard += 1;
        if guard > 5_000_000 || map.len() > 200_000 {
            break;
        }
        match t {
            Tok::Word(w) => {
                match w.as_slice() {
                    b"begincodespacerange" => mode = 1,
                    b"beginbfchar" => mode = 2,
                    b"beginbfrange" => mode = 3,
                    w if w.starts_with(b"end") => mode = 0,
                    _ => {}
                }
                stack.clear();
            }
            Tok::ArrOpen if mode == 3 => {
                // <lo> <hi> [<t1> <t2> ...]
                let mut items = Vec::new();
                while let Some(t) = lx.tok() {
                    match t {
                        Tok::Str(s) => items.push(s),
                        Tok::ArrClose => break,
                        _ => {}
                    }
                    if items.len() > 65_536 {
                        break;
                    }
                }
                if let (Some(Tok::Str(hi)), Some(Tok::Str(lo))) = (stack.pop(), stack.pop()) {
                    let lo = hex_code(&lo);
                    for (i, t) in items.iter().enumerate() {
                        if lo as u64 + i as u64 > hex_code(&hi) as u64 {
                            break;
                        }
                        map.insert(lo + i as u32, utf16_text(t));
                    }
                }
                stack.clear();
            }
            Tok::Str(s) => {
                stack.push(Tok::Str(s));
                match mode {
                    1 if stack.len() == 2 => {
                        if let Some(Tok::Str(lo)) = stack.first() {
                            code_len = code_len.max(lo.len());
                        }
                        stack.clear();
                    }
                    2 if stack.len() == 2 => {
                        if let (Some(Tok::Str(dst)), Some(Tok::Str(src))) =
                            (stack.pop(), stack.pop())
                        {
                            code_len = code_len.max(src.len().min(4));
                            map.insert(hex_code(&src), utf16_text(&dst));
                        }
                    }
                    3 if stack.len() == 3 => {
                        if let (Some(Tok::Str(dst)), Some(Tok::Str(hi)), Some(Tok::Str(lo))) =
                            (stack.pop(), stack.pop(), stack.pop())
                        {
                            code_len = code_len.max(lo.len().min(4));
                            let (lo_c, hi_c) = (hex_code(&lo), hex_code(&hi));
                            if hi_c >= lo_c && hi_c - lo_c <= 65_535 && dst.len() >= 2 {
                                let mut base: Vec<u16> = dst
                                    .chunks(2)
                                    .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                                    .collect();
                                for code in lo_c..=hi_c {
                                    map.insert(code, String::from_utf16_lossy(&base));
                                    if let Some(last) = base.last_mut() {
                                        *last = last.wrapping_add(1);
                                    }
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            _ => stack.clear(),
        }
    }
    FontDec::Map(code_len.clamp(1, 4), map, false)
}

pub(crate) fn scan(cx: &mut Cx<'_>, data: &[u8], loc: Option<String>) -> Result<(), Stop> {
    let mut doc = Doc {
        bufs: vec![std::borrow::Cow::Borrowed(data)],
        table: HashMap::new(),
        cache: HashMap::new(),
    };
    let mut table = HashMap::new();
    scan_objects(data, 0, &mut table);
    doc.table = table;
    // Object streams: their objects join the table (file objects keep priority).
    let nums: Vec<u32> = doc.table.keys().copied().collect();
    for n in nums {
        let o = doc.load(n);
        if o.get(b"Type").and_then(Obj::name) == Some(b"ObjStm") {
            cx.budget.check()?;
            let Some(bytes) = stream_data(cx, &mut doc, &o)? else { continue };
            let first = o.get(b"First").and_then(Obj::num).unwrap_or(0.0).max(0.0) as usize;
            let count = o.get(b"N").and_then(Obj::num).unwrap_or(0.0).clamp(0.0, 1e6) as usize;
            let id = doc.bufs.len();
            let mut lx = Lexer::new(&bytes, 0, id);
            let mut entries = Vec::new();
            for _ in 0..count {
                match (lx.tok(), lx.tok()) {
                    (Some(Tok::Num(num)), Some(Tok::Num(off))) if num >= 0.0 && off >= 0.0 => {
                        entries.push((num as u32, first.saturating_add(off as usize)))
                    }
                    _ => break,
                }
            }
            for (num, off) in entries {
                doc.table.entry(num).or_insert((id, off));
            }
            doc.bufs.push(std::borrow::Cow::Owned(bytes));
        }
    }
    doc.cache.clear();

    // Pages in tree order from the catalog, else every page object in number order.
    let mut pages = Vec::new();
    let mut catalog = None;
    let mut keys: Vec<u32> = doc.table.keys().copied().collect();
    keys.sort_unstable();
    for &n in &keys {
        let o = doc.load(n);
        if o.get(b"Type").and_then(Obj::name) == Some(b"Catalog") {
            catalog = Some(o);
        }
    }
    if let Some(cat) = catalog {
        let root = cat.get(b"Pages").cloned().unwrap_or(Obj::Null);
        let mut seen = HashSet::new();
        walk_pages(&mut doc, &root, &Obj::Null, 0, &mut seen, &mut pages);
    }
    if pages.is_empty() {
        for &n in &keys {
            let o = doc.load(n);
            if o.get(b"Type").and_then(Obj::name) == Some(b"Page") && pages.len() < MAX_PAGES {
                let res = o.get(b"Resources").cloned().unwrap_or(Obj::Null);
                pages.push((o, res));
            }
        }
    }

    let mut fonts: HashMap<Vec<u8>, FontDec> = HashMap::new();
    let mut unmapped_fonts: Vec<String> = Vec::new();
    let mut unit = Unit::new(cx, loc.clone());
    let mut result = Ok(());
    for (i, (page, res)) in pages.iter().enumerate() {
        if let Err(l) = unit_budget_check(&unit) {
            result = Err(Stop::Limit(l));
            break;
        }
        unit.place(format!("#page={}", i + 1));
        let contents = doc.get(page, b"Contents");
        let streams = match contents {
            Obj::Arr(a) => a.iter().map(|o| doc.resolve(o)).collect(),
            o @ Obj::Stream(..) => vec![o],
            _ => vec![],
        };
        let mut data = Vec::new();
        for s in &streams {
            match stream_data_unit(&mut unit, &mut doc, s) {
                Ok(Some(b)) => {
                    data.extend_from_slice(&b);
                    data.push(b'\n');
                }
                Ok(None) => {}
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        if result.is_err() {
            break;
        }
        let mut text = String::new();
        let mut ctx = Content { doc: &mut doc, fonts: &mut fonts, unmapped: &mut unmapped_fonts };
        if let Err(e) = ctx.run(&mut unit, &data, res, 0, &mut text) {
            result = Err(e);
            break;
        }
        text.push('\n');
        if let Err(l) = unit.push(&text) {
            result = Err(Stop::Limit(l));
            break;
        }
    }
    unit.finish();
    for f in unmapped_fonts.iter().take(8) {
        cx.unscannable(
            &loc,
            UnscannableReason::UnsupportedFormat,
            format!(
                "PDF font {f}: CID codes without a ToUnicode map are not decoded \
                 (only Adobe-Japan1 CIDs are)"
            ),
        );
    }
    result
}

fn unit_budget_check(unit: &Unit<'_, '_>) -> Result<(), super::limits::Limit> {
    unit.budget().check()
}

fn walk_pages(
    doc: &mut Doc<'_>,
    node: &Obj,
    inherited: &Obj,
    depth: usize,
    seen: &mut HashSet<u32>,
    out: &mut Vec<(Obj, Obj)>,
) {
    if depth > MAX_DEPTH || out.len() >= MAX_PAGES {
        return;
    }
    if let Obj::Ref(n) = node {
        if !seen.insert(*n) {
            return;
        }
    }
    let o = doc.resolve(node);
    let res = match o.get(b"Resources") {
        Some(r) => r.clone(),
        None => inherited.clone(),
    };
    match o.get(b"Type").and_then(Obj::name) {
        Some(b"Pages") | None if o.get(b"Kids").is_some() => {
            if let Some(Obj::Arr(kids)) = o.get(b"Kids").cloned().map(|k| doc.resolve(&k)) {
                for k in kids {
                    walk_pages(doc, &k, &res, depth + 1, seen, out);
                }
            }
        }
        Some(b"Page") => out.push((o, res)),
        _ => {}
    }
}

/// Decompressed data of a stream (None for filters not read, such as images).
fn stream_data(cx: &Cx<'_>, doc: &mut Doc<'_>, s: &Obj) -> Result<Option<Vec<u8>>, Stop> {
    decode_stream(cx.budget, doc, s)
}

fn stream_data_unit(
    unit: &mut Unit<'_, '_>,
    doc: &mut Doc<'_>,
    s: &Obj,
) -> Result<Option<Vec<u8>>, Stop> {
    decode_stream(unit.budget(), doc, s)
}

fn decode_stream(
    budget: &super::limits::Budget,
    doc: &mut Doc<'_>,
    s: &Obj,
) -> Result<Option<Vec<u8>>, Stop> {
    let Obj::Stream(_, buf, start, end) = s else { return Ok(None) };
    let Some(raw) = doc.bufs.get(*buf).and_then(|b| b.get(*start..*end)) else { return Ok(None) };
    let raw = raw.to_vec();
    let filter = doc.get(s, b"Filter");
    let filters: Vec<Vec<u8>> = match filter {
        Obj::Name(n) => vec![n],
        Obj::Arr(a) => a.iter().filter_map(|f| f.name().map(<[u8]>::to_vec)).collect(),
        _ => vec![],
    };
    let mut data = raw;
    for f in &filters {
        data = match f.as_slice() {
            b"FlateDecode" | b"Fl" => {
                let dec = flate2::read::ZlibDecoder::new(&data[..]);
                let mut out = Vec::new();
                let mut b = Bounded::new(dec, budget, Compressed::Known(data.len() as u64), true);
                match b.read_to_end(&mut out) {
                    Ok(_) => out,
                    Err(e) => match super::limits::LimitHit::find(&e) {
                        Some(l) => return Err(Stop::Limit(l)),
                        // A damaged stream: keep what inflated.
                        None => out,
                    },
                }
            }
            b"ASCII85Decode" | b"A85" => ascii85(&data),
            b"ASCIIHexDecode" | b"AHx" => {
                let mut wrapped = Vec::with_capacity(data.len() + 2);
                wrapped.push(b'<');
                wrapped.extend_from_slice(&data);
                wrapped.push(b'>');
                match Lexer::new(&wrapped, 0, 0).tok() {
                    Some(Tok::Str(s)) => s,
                    _ => return Ok(None),
                }
            }
            // Images and filters not read here.
            _ => return Ok(None),
        };
    }
    Ok(Some(data))
}

/// ASCII base-85 (`<~ ... ~>` optional), as PDF's ASCII85Decode.
fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() * 4 / 5 + 4);
    let mut group = [0u8; 5];
    let mut n = 0;
    let body = data.strip_prefix(b"<~").unwrap_or(data);
    for &c in body {
        match c {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0, 0, 0, 0]),
            b'!'..=b'u' => {
                group[n] = c - b'!';
                n += 1;
                if n == 5 {
                    let v = group.iter().fold(0u64, |a, &d| a * 85 + d as u64) as u32;
                    out.extend_from_slice(&v.to_be_bytes());
                    n = 0;
                }
            }
            _ => {}
        }
    }
    if n > 1 {
        for g in group.iter_mut().skip(n) {
            *g = 84;
        }
        let v = group.iter().fold(0u64, |a, &d| a * 85 + d as u64) as u32;
        out.extend_from_slice(&v.to_be_bytes()[..n - 1]);
    }
    out
}

/// Runs content streams.
struct Content<'d, 'a> {
    doc: &'d mut Doc<'a>,
    fonts: &'d mut HashMap<Vec<u8>, FontDec>,
    unmapped: &'d mut Vec<String>,
}

impl Content<'_, '_> {
    fn font(&mut self, res: &Obj, name: &[u8]) -> FontDec {
        let font_dict = self.doc.get(res, b"Font");
        let key = match font_dict.get(name) {
            Some(Obj::Ref(n)) => format!("ref{n}").into_bytes(),
            _ => {
                let mut k = b"name:".to_vec();
                k.extend_from_slice(name);
                k
            }
        };
        if let Some(f) = self.fonts.get(&key) {
            return f.clone();
        }
        let font = self.doc.get(&font_dict, name);
        let subtype = font.get(b"Subtype").and_then(Obj::name).unwrap_or(b"").to_vec();
        let enc = self.doc.get(&font, b"Encoding");
        let enc = enc.name().unwrap_or(b"").to_vec();
        let enc_s = String::from_utf8_lossy(&enc).into_owned();
        let identity = subtype == b"Type0" && matches!(&enc[..], b"Identity-H" | b"Identity-V");
        let (ordering, japan1) = if identity { self.japan1_cids(&font) } else { (None, false) };
        let tu = self.doc.get(&font, b"ToUnicode");
        let map = match decode_stream_unbudgeted(self.doc, &tu) {
            Ok(Some(data)) => match parse_cmap(&data) {
                FontDec::Map(n, m, _) if !m.is_empty() => {
                    Some(FontDec::Map(n, m, japan1 && n == 2))
                }
                _ => None,
            },
            _ => None,
        };
        let dec = if let Some(map) = map {
            map
        } else if subtype == b"Type0" {
            if japan1 {
                FontDec::Japan1
            } else if enc_s.contains("UCS2") || enc_s.contains("UTF16") {
                FontDec::Utf16
            } else if enc_s.contains("RKSJ") {
                FontDec::Sjis
            } else if enc_s.starts_with("EUC") {
                FontDec::EucJp
            } else {
                let base = font.get(b"BaseFont").and_then(Obj::name).unwrap_or(b"?");
                let ordering = ordering.map(|o| format!(", {o}")).unwrap_or_default();
                let label = format!("{} ({enc_s}{ordering})", String::from_utf8_lossy(base));
                if !self.unmapped.contains(&label) {
                    self.unmapped.push(label);
                }
                FontDec::Unmapped
            }
        } else {
            FontDec::WinAnsi
        };
        if self.fonts.len() < 10_000 {
            self.fonts.insert(key, dec.clone());
        }
        dec
    }

    /// For a Type0 font with an Identity encoding: its descendant's `Registry-Ordering`
    /// (for the report) and whether its CIDs are Adobe-Japan1 CIDs. They are when the
    /// CIDSystemInfo says Adobe/Japan1, except for an embedded TrueType font mapped with
    /// `CIDToGIDMap /Identity` (or none): there the codes are the font's own glyph indices,
    /// whatever the CIDSystemInfo claims, so nothing is guessed.
    fn japan1_cids(&mut self, font: &Obj) -> (Option<String>, bool) {
        let desc = self.doc.get(font, b"DescendantFonts");
        let cid_font = match desc {
            Obj::Arr(a) => a.first().map(|o| self.doc.resolve(o)).unwrap_or(Obj::Null),
            o => o,
        };
        let info = self.doc.get(&cid_font, b"CIDSystemInfo");
        let text = |o: Option<&Obj>| match o {
            Some(Obj::Str(s) | Obj::Name(s)) => String::from_utf8_lossy(s).into_owned(),
            _ => String::new(),
        };
        let registry = text(info.get(b"Registry"));
        let ordering = text(info.get(b"Ordering"));
        if registry.is_empty() && ordering.is_empty() {
            return (None, false);
        }
        let label = Some(format!("{registry}-{ordering}"));
        if registry != "Adobe" || ordering != "Japan1" {
            return (label, false);
        }
        if cid_font.get(b"Subtype").and_then(Obj::name) == Some(b"CIDFontType2") {
            let fd = self.doc.get(&cid_font, b"FontDescriptor");
            let embedded = !matches!(self.doc.get(&fd, b"FontFile2"), Obj::Null);
            let map = self.doc.get(&cid_font, b"CIDToGIDMap");
            if embedded && matches!(map, Obj::Null | Obj::Name(_)) {
                return (Some(format!("{registry}-{ordering}, embedded TrueType")), false);
            }
        }
        (label, true)
    }

    fn run(
        &mut self,
        unit: &mut Unit<'_, '_>,
        data: &[u8],
        res: &Obj,
        depth: usize,
        out: &mut String,
    ) -> Result<(), Stop> {
        if depth > MAX_XOBJECT_DEPTH {
            return Ok(());
        }
        let res = self.doc.resolve(res);
        let mut lx = Lexer::new(data, 0, usize::MAX);
        let mut ops: Vec<Obj> = Vec::new();
        let mut font = FontDec::WinAnsi;
        let mut last_y: Option<f64> = None;
        let mut n = 0usize;
        loop {
            n += 1;
            if n.is_multiple_of(65_536) {
                unit.budget().check()?;
                if out.len() > 1 << 20 {
                    unit.push(out)?;
                    out.clear();
                }
            }
            lx.skip_white();
            if lx.pos >= data.len() {
                break;
            }
            let before = lx.pos;
            let Some(o) = lx.obj(0) else { break };
            if lx.pos == before {
                lx.pos += 1;
                continue;
            }
            let Obj::Op(op) = o else {
                if ops.len() < 64 {
                    ops.push(o);
                }
                continue;
            };
            match op.as_slice() {
                b"Tf" => {
                    if let Some(Obj::Name(name)) = ops.first() {
                        let name = name.clone();
                        font = self.font(&res, &name);
                    }
                }
                b"Tj" => {
                    if let Some(Obj::Str(s)) = ops.last() {
                        font.decode(s, out);
                    }
                }
                b"'" | b"\"" => {
                    out.push('\n');
                    if let Some(Obj::Str(s)) = ops.last() {
                        font.decode(s, out);
                    }
                }
                b"TJ" => {
                    if let Some(Obj::Arr(a)) = ops.last() {
                        for item in a {
                            match item {
                                Obj::Str(s) => font.decode(s, out),
                                Obj::Num(k) if *k < -300.0 => out.push(' '),
                                _ => {}
                            }
                        }
                    }
                }
                b"T*" => out.push('\n'),
                b"Td" | b"TD" => {
                    if let (Some(Obj::Num(_)), Some(Obj::Num(ty))) = (ops.first(), ops.get(1)) {
                        if ty.abs() > 0.01 {
                            out.push('\n');
                        } else {
                            out.push(' ');
                        }
                    }
                }
                b"Tm" => {
                    if let Some(Obj::Num(y)) = ops.get(5) {
                        if last_y.is_some_and(|l| (l - y).abs() > 0.01) {
                            out.push('\n');
                        } else if last_y.is_some() {
                            out.push(' ');
                        }
                        last_y = Some(*y);
                    }
                }
                b"ET" => out.push(' '),
                b"BI" => {
                    // Inline image: skip its data up to `EI`.
                    match memchr::memmem::find(&data[lx.pos.min(data.len())..], b"EI") {
                        Some(e) => lx.pos += e + 2,
                        None => break,
                    }
                }
                b"Do" => {
                    if let Some(Obj::Name(name)) = ops.first() {
                        let xobjs = self.doc.get(&res, b"XObject");
                        let x = self.doc.get(&xobjs, name);
                        if x.get(b"Subtype").and_then(Obj::name) == Some(b"Form") {
                            if let Some(inner) = decode_stream(unit.budget(), self.doc, &x)? {
                                let xres =
                                    x.get(b"Resources").cloned().unwrap_or_else(|| res.clone());
                                out.push('\n');
                                self.run(unit, &inner, &xres, depth + 1, out)?;
                            }
                        }
                    }
                }
                _ => {}
            }
            ops.clear();
        }
        Ok(())
    }
}

/// ToUnicode maps are small: decoded without drawing from the budget but capped.
fn decode_stream_unbudgeted(doc: &mut Doc<'_>, s: &Obj) -> Result<Option<Vec<u8>>, Stop> {
    let limits =
        super::limits::Limits { max_member_bytes: 4 << 20, ..super::limits::Limits::default() };
    let budget = super::limits::Budget::new(limits);
    decode_stream(&budget, doc, s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a85() {
        assert_eq!(ascii85(b"87cURD]i,\"Ebo7~>"), b"Hello World");
        assert_eq!(ascii85(b"<~z~>"), vec![0, 0, 0, 0]);
    }

    #[test]
    fn cmap() {
        let cm = b"begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0003> <0020> <0010> <96FB> endbfchar
1 beginbfrange <0013> <001C> <0030> endbfrange
1 beginbfrange <0020> <0021> [<8A71> <FF1A>] endbfrange";
        let FontDec::Map(n, m, _) = parse_cmap(cm) else { panic!() };
        assert_eq!(n, 2);
        assert_eq!(m[&0x10], "電");
        assert_eq!(m[&0x13], "0");
        assert_eq!(m[&0x1c], "9");
        assert_eq!(m[&0x21], "：");
    }

    #[test]
    fn adobe_japan1_table() {
        // Values checked against Adobe's UniJIS-UTF32-H and Adobe-Japan1-UCS2 CMaps.
        assert_eq!(adobe_japan1(1), Some(' '));
        assert_eq!(adobe_japan1(17), Some('0'));
        assert_eq!(adobe_japan1(26), Some('9'));
        assert_eq!(adobe_japan1(34), Some('A'));
        assert_eq!(adobe_japan1(633), Some('\u{3000}'));
        assert_eq!(adobe_japan1(780), Some('０'));
        assert_eq!(adobe_japan1(843), Some('あ'));
        assert_eq!(adobe_japan1(7891), Some('ー')); // vertical form -> the character
        assert_eq!(adobe_japan1(13523), Some('\u{2090E}')); // beyond the BMP
        assert_eq!(adobe_japan1(23057), Some('\u{9FA3}')); // the last CID
        assert_eq!(adobe_japan1(0), None); // .notdef
        assert_eq!(adobe_japan1(400), None); // a glyph variant the table has no character for
        for cid in [23058, 23060, 0xFFFF, 0x1_0000, u32::MAX] {
            assert_eq!(adobe_japan1(cid), None);
        }
        let mapped = (0..=0xFFFF).filter(|&c| adobe_japan1(c).is_some()).count();
        assert_eq!(mapped, 15_666);
        let mut out = String::new();
        FontDec::Japan1.decode(&[0x03, 0x4B, 0x00, 0x00, 0x00, 0x11, 0x5A], &mut out);
        assert_eq!(out, "あ\u{FFFD}0\u{FFFD}"); // CID 0, then an odd trailing byte
    }

    fn font_of(objects: &[&str]) -> (FontDec, Vec<String>) {
        let mut pdf = b"%PDF-1.4\n".to_vec();
        for (i, o) in objects.iter().enumerate() {
            pdf.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let mut table = HashMap::new();
        scan_objects(&pdf, 0, &mut table);
        let mut doc =
            Doc { bufs: vec![std::borrow::Cow::Borrowed(&pdf[..])], table, cache: HashMap::new() };
        let (mut fonts, mut unmapped) = (HashMap::new(), Vec::new());
        let res = Obj::Dict(vec![(b"Font".to_vec(), Obj::Ref(1))]);
        let mut cx = Content { doc: &mut doc, fonts: &mut fonts, unmapped: &mut unmapped };
        let f = cx.font(&res, b"F1");
        (f, unmapped)
    }

    #[test]
    fn identity_fonts_by_ordering() {
        let type0 = "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [3 0 R] >>";
        let japan1 = "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /X /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> >>";
        let (f, u) = font_of(&["<< /F1 2 0 R >>", type0, japan1]);
        assert!(matches!(f, FontDec::Japan1) && u.is_empty(), "{u:?}");
        // Ordering Identity: the codes are not Adobe-Japan1 CIDs.
        let ident = japan1.replace("(Japan1)", "(Identity)");
        let (f, u) = font_of(&["<< /F1 2 0 R >>", type0, &ident]);
        assert!(matches!(f, FontDec::Unmapped));
        assert_eq!(u, ["X (Identity-H, Adobe-Identity)"]);
        // An embedded TrueType with CIDToGIDMap /Identity: glyph indices, whatever it claims.
        let tt = "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /CIDToGIDMap /Identity /FontDescriptor << /FontFile2 4 0 R >> /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) >> >>";
        let (f, _) = font_of(&["<< /F1 2 0 R >>", type0, tt, "<< /Length 0 >>"]);
        assert!(matches!(f, FontDec::Unmapped));
        // Not embedded: the viewer's font is addressed by Adobe-Japan1 CIDs.
        let tt = tt.replace("/FontDescriptor << /FontFile2 4 0 R >> ", "");
        let (f, _) = font_of(&["<< /F1 2 0 R >>", type0, &tt]);
        assert!(matches!(f, FontDec::Japan1));
        // No descendant font information at all: unchanged, reported.
        let bare = "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H >>";
        let (f, u) = font_of(&["<< /F1 2 0 R >>", bare]);
        assert!(matches!(f, FontDec::Unmapped));
        assert_eq!(u, ["X (Identity-H)"]);
    }

    #[test]
    fn to_unicode_gaps_fall_back_to_japan1() {
        let cmap = b"begincodespacerange <0000> <FFFF> endcodespacerange\n1 beginbfchar <0011> <0031> endbfchar";
        let FontDec::Map(n, m, _) = parse_cmap(cmap) else { panic!() };
        let mut out = String::new();
        FontDec::Map(n, m.clone(), true).decode(&[0x00, 0x11, 0x03, 0x4B], &mut out);
        assert_eq!(out, "1あ"); // the map wins where it has the code
        out.clear();
        FontDec::Map(n, m, false).decode(&[0x00, 0x11, 0x03, 0x4B], &mut out);
        assert_eq!(out, "1");
    }

    #[test]
    fn objects_without_xref() {
        let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj<</Kids[3 0 R]/Type/Pages>>endobj 3 0 obj <</Type/Page>> endobj";
        let mut t = HashMap::new();
        scan_objects(pdf, 0, &mut t);
        assert_eq!(t.len(), 3);
        let mut doc = Doc {
            bufs: vec![std::borrow::Cow::Borrowed(&pdf[..])],
            table: t,
            cache: HashMap::new(),
        };
        let cat = doc.load(1);
        assert_eq!(cat.get(b"Pages"), Some(&Obj::Ref(2)));
    }
}
