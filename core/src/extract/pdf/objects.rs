//! The PDF object model: objects, the document's object table, object lookup.

use super::super::limits::Budget;
use super::super::Stop;
use super::filters::decode_stream;
use super::lexer::{is_delim, is_white, Lexer, Tok};
use std::collections::HashMap;

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Obj {
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
    pub(super) fn get(&self, key: &[u8]) -> Option<&Obj> {
        match self {
            Obj::Dict(d) | Obj::Stream(d, ..) => d.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    pub(super) fn name(&self) -> Option<&[u8]> {
        match self {
            Obj::Name(n) => Some(n),
            _ => None,
        }
    }
    pub(super) fn num(&self) -> Option<f64> {
        match self {
            Obj::Num(n) => Some(*n),
            _ => None,
        }
    }
}

/// The objects of a document.
pub(super) struct Doc<'a> {
    pub(super) bufs: Vec<std::borrow::Cow<'a, [u8]>>,
    /// Object number -> (buffer, offset of the object's value).
    pub(super) table: HashMap<u32, (usize, usize)>,
    pub(super) cache: HashMap<u32, Obj>,
}

impl<'a> Doc<'a> {
    pub(super) fn resolve(&mut self, o: &Obj) -> Obj {
        let mut cur = o.clone();
        for _ in 0..8 {
            match cur {
                Obj::Ref(n) => cur = self.load(n),
                _ => return cur,
            }
        }
        Obj::Null
    }

    pub(super) fn load(&mut self, n: u32) -> Obj {
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

    pub(super) fn get(&mut self, o: &Obj, key: &[u8]) -> Obj {
        match o.get(key) {
            Some(v) => self.resolve(&v.clone()),
            None => Obj::Null,
        }
    }
}

/// Finds every `N G obj` in `b`: object number -> offset just after `obj`.
pub(super) fn scan_objects(b: &[u8], buf_id: usize, table: &mut HashMap<u32, (usize, usize)>) {
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

/// Object streams: their objects join the table (file objects keep priority).
pub(super) fn read_object_streams(budget: &Budget, doc: &mut Doc<'_>) -> Result<(), Stop> {
    let nums: Vec<u32> = doc.table.keys().copied().collect();
    for n in nums {
        let o = doc.load(n);
        if o.get(b"Type").and_then(Obj::name) == Some(b"ObjStm") {
            budget.check()?;
            let Some(bytes) = decode_stream(budget, doc, &o)? else { continue };
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
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
