//! The PDF object model: objects, the document's object table, object lookup.

use super::super::limits::Budget;
use super::super::Stop;
use super::crypt::Crypt;
use super::filters::decode_stream;
use super::lexer::{is_delim, is_white, Halt, Lexer, Tok};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

const MAX_UNDECRYPTABLE: usize = 100_000;

/// A PDF value. Arrays and dictionaries are shared (`Rc`): a parsed object is kept once and
/// every use of it (inherited resources, a font dictionary at each `Tf`) is a reference.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Obj {
    Null,
    Bool(bool),
    Num(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Arr(Rc<Vec<Obj>>),
    Dict(Rc<Vec<(Vec<u8>, Obj)>>),
    Ref(u32),
    /// A stream: its dictionary and where its raw data lies.
    Stream(Rc<Vec<(Vec<u8>, Obj)>>, StreamAt),
    /// An operator or other bare keyword (content streams).
    Op(Vec<u8>),
}

/// Where a stream's raw data lies, and which object it is (its data is encrypted with that
/// object's key in an encrypted file).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct StreamAt {
    pub(super) buf: usize,
    pub(super) start: usize,
    pub(super) end: usize,
    /// Object number and generation, for a stream read from the file itself.
    pub(super) object: Option<(u32, u16)>,
}

/// Where an object's value starts: which buffer (0: the file, 1..: decompressed object
/// streams), at which offset, and its generation number.
#[derive(Clone, Copy, Debug)]
pub(super) struct Slot {
    pub(super) buf: usize,
    pub(super) at: usize,
    pub(super) gen: u16,
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
    /// Object number -> where its value lies.
    pub(super) table: HashMap<u32, Slot>,
    /// Objects parsed so far, by where they lie (each is parsed once: object-stream entries
    /// pointing at the same place share it). Bounded by the budget's objects.
    pub(super) cache: HashMap<(usize, usize), Obj>,
    /// The input's budget: every parsed value and table entry is one of its objects.
    pub(super) budget: &'a Budget,
    /// Objects cut short: not closed before the next object's keyword, nested too deep or
    /// holding too many values.
    pub(super) malformed: usize,
    /// The opened security handler of an encrypted file: objects read from the file have
    /// their strings decrypted on load, streams theirs when decoded.
    pub(super) crypt: Option<Crypt>,
    /// The encryption dictionary's object number: its strings are never encrypted.
    pub(super) encrypt_object: Option<u32>,
    /// Objects with a string or stream that could not be decrypted (reported once, as
    /// `corrupt`; at most [`MAX_UNDECRYPTABLE`] kept).
    pub(super) undecryptable: HashSet<u32>,
}

impl<'a> Doc<'a> {
    /// The objects of the file `data`, found by [`scan_objects`] (stops early when the
    /// budget runs out, which the budget then reports).
    pub(super) fn new(data: &'a [u8], budget: &'a Budget) -> Self {
        let mut table = HashMap::new();
        scan_objects(data, 0, &mut table, budget);
        Doc {
            bufs: vec![std::borrow::Cow::Borrowed(data)],
            table,
            cache: HashMap::new(),
            budget,
            malformed: 0,
            crypt: None,
            encrypt_object: None,
            undecryptable: HashSet::new(),
        }
    }

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

    /// Object `n` (`Null` if there is none, or once the budget has run out).
    pub(super) fn load(&mut self, n: u32) -> Obj {
        let Some(slot) = self.table.get(&n).copied() else { return Obj::Null };
        let key = (slot.buf, slot.at);
        if let Some(o) = self.cache.get(&key) {
            return o.clone();
        }
        let Some(buf) = self.bufs.get(slot.buf) else { return Obj::Null };
        let mut lx = Lexer::new(buf, slot.at, slot.buf).with_budget(self.budget, true);
        let mut o = lx.obj(0).unwrap_or(Obj::Null);
        match lx.halted {
            // Not kept: the whole input stops at the next budget check.
            Some(Halt::Budget) => return Obj::Null,
            Some(Halt::Malformed | Halt::End) => self.malformed += 1,
            None => {}
        }
        if slot.buf == 0 {
            if let Obj::Stream(_, at) = &mut o {
                at.object = Some((n, slot.gen));
            }
            self.decrypt_strings(n, slot.gen, &mut o);
        }
        self.cache.insert(key, o.clone());
        o
    }

    /// A lexer over the file that charges the budget and watches its clock.
    pub(super) fn file_lexer(&self, at: usize) -> Lexer<'_> {
        Lexer::new(&self.bufs[0], at, 0).with_budget(self.budget, true)
    }

    pub(super) fn get(&mut self, o: &Obj, key: &[u8]) -> Obj {
        match o.get(key) {
            Some(v) => {
                let v = v.clone();
                self.resolve(&v)
            }
            None => Obj::Null,
        }
    }

    /// Decrypts the strings of object `num gen` read from the file. Not those of the
    /// encryption dictionary or of a cross-reference stream's dictionary, which are stored
    /// in clear; objects from object streams are not encrypted one by one either (their
    /// stream was).
    fn decrypt_strings(&mut self, num: u32, gen: u16, o: &mut Obj) {
        let Some(crypt) = &self.crypt else { return };
        if self.encrypt_object == Some(num) || is_xref_stream(o) {
            return;
        }
        let mut failed = false;
        let mut each = |s: &mut Vec<u8>| match crypt.decrypt(crypt.strings, num, gen, s) {
            Some(plain) => *s = plain,
            None => {
                s.clear();
                failed = true;
            }
        };
        for_each_string(o, &mut each);
        if failed {
            self.undecryptable(num);
        }
    }

    /// Notes that object `num` has data that could not be decrypted.
    pub(super) fn undecryptable(&mut self, num: u32) {
        if self.undecryptable.len() < MAX_UNDECRYPTABLE {
            self.undecryptable.insert(num);
        }
    }
}

pub(super) fn is_xref_stream(o: &Obj) -> bool {
    matches!(o, Obj::Stream(..)) && o.get(b"Type").and_then(Obj::name) == Some(b"XRef")
}

/// Calls `f` on every string inside `o` (the parser bounds the nesting depth).
fn for_each_string(o: &mut Obj, f: &mut impl FnMut(&mut Vec<u8>)) {
    match o {
        Obj::Str(s) => f(s),
        // Freshly parsed, so not shared yet: `make_mut` does not copy.
        Obj::Arr(items) => Rc::make_mut(items).iter_mut().for_each(|i| for_each_string(i, f)),
        Obj::Dict(d) | Obj::Stream(d, _) => {
            Rc::make_mut(d).iter_mut().for_each(|(_, v)| for_each_string(v, f))
        }
        _ => {}
    }
}

/// The trailer dictionary: the one `startxref` points to (after an `xref` table, or a
/// cross-reference stream's dictionary); when that is broken, the last `trailer` dictionary
/// in the file or the last cross-reference stream, whichever comes later. `Null` if none.
pub(super) fn trailer(doc: &mut Doc<'_>) -> Obj {
    let data: &[u8] = &doc.bufs[0];
    if let Some(at) = memchr::memmem::rfind(data, b"startxref") {
        let offset = match Lexer::new(data, at + 9, 0).tok() {
            Some(Tok::Num(n)) if n >= 0.0 && n.fract() == 0.0 => Some(n as usize),
            _ => None,
        };
        if let Some(dict) = offset.and_then(|off| trailer_at(doc, off)) {
            return dict;
        }
    }
    let mut best: Option<(usize, Obj)> = None;
    for at in memchr::memmem::find_iter(data, b"trailer") {
        let mut lx = doc.file_lexer(at + 7);
        match lx.obj(0) {
            Some(d @ Obj::Dict(_)) => best = Some((at, d)),
            _ if lx.halted == Some(Halt::Budget) => return Obj::Null,
            _ => {}
        }
    }
    let mut numbers: Vec<u32> = doc.table.keys().copied().collect();
    numbers.sort_unstable();
    for n in numbers {
        let Some(slot) = doc.table.get(&n).copied() else { continue };
        if slot.buf != 0 || best.as_ref().is_some_and(|(at, _)| *at > slot.at) {
            continue;
        }
        if let o @ Obj::Stream(..) = doc.load(n) {
            if is_xref_stream(&o) {
                best = Some((slot.at, o));
            }
        }
    }
    match best {
        Some((_, Obj::Stream(d, _))) => Obj::Dict(d),
        Some((_, o)) => o,
        None => Obj::Null,
    }
}

/// The trailer at a `startxref` offset: an `xref` table's `trailer`, or the dictionary of
/// the cross-reference stream `N G obj` there.
fn trailer_at(doc: &Doc<'_>, offset: usize) -> Option<Obj> {
    let data: &[u8] = &doc.bufs[0];
    let mut lx = doc.file_lexer(offset);
    lx.skip_white();
    if data.get(lx.pos..)?.starts_with(b"xref") {
        let at = memchr::memmem::find(data.get(lx.pos..)?, b"trailer")? + lx.pos;
        return match doc.file_lexer(at + 7).obj(0)? {
            d @ Obj::Dict(_) => Some(d),
            _ => None,
        };
    }
    match (lx.tok()?, lx.tok()?, lx.tok()?) {
        (Tok::Num(_), Tok::Num(_), Tok::Word(w)) if w == b"obj" => {}
        _ => return None,
    }
    match lx.obj(0)? {
        o @ Obj::Stream(..) if is_xref_stream(&o) => match o {
            Obj::Stream(d, _) => Some(Obj::Dict(d)),
            _ => None,
        },
        _ => None,
    }
}

/// Finds every `N G obj` in `b`: object number -> offset just after `obj`.
pub(super) fn scan_objects(
    b: &[u8],
    buf_id: usize,
    table: &mut HashMap<u32, Slot>,
    budget: &Budget,
) {
    for (i, at) in memchr::memmem::find_iter(b, b"obj").enumerate() {
        if i % 4096 == 4095 && budget.check().is_err() {
            return;
        }
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
        let Some(gen) = digits(&mut p) else { continue };
        let before_gen = p;
        skip_ws(&mut p);
        if p == before_gen {
            continue;
        }
        let Some(num) = digits(&mut p) else { continue };
        if p > 0 && !is_white(b[p - 1]) && !is_delim(b[p - 1]) {
            continue;
        }
        if num <= u32::MAX as u64 {
            if budget.objects(1).is_err() {
                return;
            }
            let gen = gen.min(u16::MAX.into()) as u16;
            table.insert(num as u32, Slot { buf: buf_id, at: at + 3, gen });
        }
    }
}

/// Object streams: their objects join the table (file objects keep priority).
pub(super) fn read_object_streams(budget: &Budget, doc: &mut Doc<'_>) -> Result<(), Stop> {
    let mut nums: Vec<u32> = doc.table.keys().copied().collect();
    nums.sort_unstable();
    for n in nums {
        let o = doc.load(n);
        budget.check()?;
        if o.get(b"Type").and_then(Obj::name) == Some(b"ObjStm") {
            budget.check()?;
            let Some(bytes) = decode_stream(budget, doc, &o)? else { continue };
            let first = o.get(b"First").and_then(Obj::num).unwrap_or(0.0).max(0.0) as usize;
            let count = o.get(b"N").and_then(Obj::num).unwrap_or(0.0).clamp(0.0, 1e6) as usize;
            let id = doc.bufs.len();
            let mut lx = Lexer::new(&bytes, 0, id).with_budget(budget, true);
            let mut entries = Vec::new();
            for _ in 0..count {
                match (lx.tok(), lx.tok()) {
                    (Some(Tok::Num(num)), Some(Tok::Num(off))) if num >= 0.0 && off >= 0.0 => {
                        entries.push((num as u32, first.saturating_add(off as usize)))
                    }
                    _ => break,
                }
            }
            budget.objects(entries.len() as u64)?;
            for (num, off) in entries {
                doc.table.entry(num).or_insert(Slot { buf: id, at: off, gen: 0 });
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
        let budget = Budget::new(Default::default());
        let mut t = HashMap::new();
        scan_objects(pdf, 0, &mut t, &budget);
        assert_eq!(t.len(), 3);
        let mut doc = Doc::new(pdf, &budget);
        let cat = doc.load(1);
        assert_eq!(cat.get(b"Pages"), Some(&Obj::Ref(2)));
    }
}
