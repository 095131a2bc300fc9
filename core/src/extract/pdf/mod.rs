//! PDF text, with Japanese CID fonts, by a small bounded reader of our own.
//!
//! Why not pdf-extract or lopdf: pdf-extract 0.12 panics on non-embedded Japanese CID fonts
//! (`UniJIS-UCS2-H`, what reportlab's HeiseiMin/HeiseiKakuGo and many Japanese tools write)
//! and lopdf can abort the process (stack overflow, huge allocations) where `catch_unwind`
//! cannot help. This reader:
//!
//! - finds objects by scanning for `N G obj` (a broken or missing xref does not matter;
//!   later definitions win, as incremental updates intend) and reads object streams;
//! - decrypts documents protected by an owner password only (the standard security handler
//!   with the empty user password: RC4 40 to 128-bit, AES-128, AES-256 R5/R6; `crypt.rs`),
//!   the encryption dictionary taken from the trailer (or cross-reference stream) that
//!   `startxref` points to, or the last one in the file when that is broken;
//! - inflates FlateDecode streams through the shared budget (size, ratio, time);
//! - walks the page tree (bounded depth, each node once) with inherited resources;
//! - decodes text with the font's ToUnicode CMap when there is one, else by its CMap name:
//!   `UniJIS-UCS2-*`/`UniJIS-UTF16-*` (UTF-16 codes), `*-RKSJ-*` (Shift_JIS), `EUC-*`
//!   (EUC-JP); simple fonts as WinAnsi;
//! - decodes `Identity-H`/`Identity-V` fonts without a usable ToUnicode map when the
//!   descendant font's CIDSystemInfo is Adobe-Japan1, Adobe-GB1, Adobe-CNS1 or Adobe-Korea1
//!   (what non-embedded CJK fonts and embedded CID-keyed OpenType/CFF fonts such as Kozuka
//!   or Hiragino write): the codes are CIDs of that collection, looked up in a table
//!   compiled in from Adobe's CMap resources (`core/data/cmap/`; a CID it lacks, and CID 0,
//!   gives U+FFFD). A ToUnicode map of such a font that lacks a code falls back to the same
//!   table;
//! - runs text operators (`Tj`, `TJ`, `'`, `"`, `Tf`, line moves) and form XObjects (depth
//!   8), a page's content streams one at a time.
//!
//! Bounds: every value parsed from the document's objects, every object-table entry and
//! every ToUnicode code is one of the budget's objects (`Limits::max_objects`); objects are
//! parsed once and shared (`Rc`), so inherited resources and fonts are never copied; an
//! object ends at a keyword no object may hold (`endobj`, `obj`, `trailer`...), so an
//! unclosed `[` costs its own object only; one object holds at most `MAX_DEPTH` levels and
//! `lexer::MAX_VALUES` values (past them it is cut and the file reported `corrupt`); each
//! form XObject and each content stream runs once per page however often it is drawn or
//! listed; and every loop that can run long (object scan, lexer, content operators) looks
//! at the clock.
//!
//! Not read: text in other `Identity-H`/`Identity-V` CID fonts without a ToUnicode map
//! (Ordering `Identity` or another collection, or an embedded TrueType font whose CIDs are
//! its glyph indices, `CIDToGIDMap /Identity`: reported `unsupported_format` for that font,
//! not guessed), LZW/RunLength streams, Type3 glyph names. Reported `encrypted`: a PDF that
//! needs a user password to open, or uses another security handler (public-key and the
//! like); a damaged encryption dictionary is `corrupt`, and so are objects whose encrypted
//! data cannot be decrypted (the rest is read). Bytes `/Encrypt` anywhere but in the trailer
//! mean nothing. Locations: `x.pdf#page=N`. Every step is bounded; the parser recurses at
//! most `MAX_DEPTH` levels and never indexes out of bounds.
//!
//! Layout: `lexer.rs` (tokens, objects as written), `objects.rs` (object model, object
//! table, trailer, object streams), `crypt.rs` (encryption), `filters.rs` (stream filters),
//! `fonts.rs` (how a font's bytes become text), `cmap.rs` (ToUnicode CMaps, the CID
//! tables), `content.rs` (the content-stream interpreter), this file (entry,
//! page walk).

mod cmap;
mod content;
mod crypt;
mod filters;
mod fonts;
mod lexer;
mod objects;

use super::unit::Unit;
use super::{Cx, Stop};
use crate::finding::UnscannableReason;
use content::Content;
use crypt::Crypt;
use filters::decode_stream;
use fonts::Fonts;
use objects::{read_object_streams, trailer, Doc, Obj};
use std::collections::HashSet;

#[cfg(test)]
mod tests;

const MAX_DEPTH: usize = 32;
const MAX_PAGES: usize = 100_000;
const MAX_XOBJECT_DEPTH: usize = 8;
/// Content streams of one page read at most (the same stream may be listed many times).
const MAX_CONTENT_STREAMS: usize = 10_000;

pub(crate) fn scan(cx: &mut Cx<'_>, data: &[u8], loc: Option<String>) -> Result<(), Stop> {
    let budget = cx.budget;
    let mut doc = Doc::new(data, budget);
    budget.check()?;
    open_encryption(&mut doc)?;
    budget.check()?;
    read_object_streams(budget, &mut doc)?;

    // Pages in tree order from the catalog, else every page object in number order.
    let mut pages = Vec::new();
    let mut catalog = None;
    let mut keys: Vec<u32> = doc.table.keys().copied().collect();
    keys.sort_unstable();
    for &n in &keys {
        let o = doc.load(n);
        budget.check()?;
        if o.get(b"Type").and_then(Obj::name) == Some(b"Catalog") {
            catalog = Some(o);
        }
    }
    if let Some(cat) = catalog {
        let root = cat.get(b"Pages").cloned().unwrap_or(Obj::Null);
        let mut seen = HashSet::new();
        walk_pages(&mut doc, &root, &Obj::Null, 0, &mut seen, &mut pages);
        budget.check()?;
    }
    if pages.is_empty() {
        for &n in &keys {
            let o = doc.load(n);
            budget.check()?;
            if o.get(b"Type").and_then(Obj::name) == Some(b"Page") && pages.len() < MAX_PAGES {
                let res = o.get(b"Resources").cloned().unwrap_or(Obj::Null);
                pages.push((o, res));
            }
        }
    }

    let mut fonts = Fonts::default();
    let mut unit = Unit::new(cx, loc.clone());
    let mut malformed_content = 0;
    let result = (|| -> Result<(), Stop> {
        for (i, (page, res)) in pages.iter().enumerate() {
            unit.budget().check()?;
            unit.place(format!("#page={}", i + 1));
            let contents = doc.get(page, b"Contents");
            let streams: Vec<Obj> = match contents {
                Obj::Arr(a) => a.iter().take(MAX_CONTENT_STREAMS).cloned().collect(),
                o @ Obj::Stream(..) => vec![o],
                _ => vec![],
            };
            let mut text = String::new();
            let mut page_run = Content::new(&mut doc, &mut fonts);
            let mut streams_run = HashSet::new();
            for s in &streams {
                // One stream at a time: the page's text state carries over, its data does
                // not pile up. A stream listed again is not run again.
                let s = page_run.doc.resolve(s);
                let Obj::Stream(_, at) = &s else { continue };
                if !streams_run.insert((at.buf, at.start)) {
                    continue;
                }
                let Some(data) = decode_stream(unit.budget(), page_run.doc, &s)? else {
                    continue;
                };
                page_run.run_page_stream(&mut unit, &data, res, &mut text)?;
            }
            malformed_content += page_run.malformed;
            text.push('\n');
            unit.push(&text)?;
        }
        // A limit met where a reader could only stop (an object cut short, a font map left
        // unread) still ends the input as that limit.
        match unit.budget().exhausted() {
            Some(l) => Err(Stop::Limit(l)),
            None => Ok(()),
        }
    })();
    unit.finish();
    let malformed = doc.malformed + malformed_content;
    if malformed > 0 {
        cx.unscannable(
            &loc,
            UnscannableReason::Corrupt,
            format!(
                "PDF objects cut short (not closed before the next object, nested deeper \
                 than {MAX_DEPTH} levels or holding more than {} values): {malformed}",
                lexer::MAX_VALUES
            ),
        );
    }
    if !doc.undecryptable.is_empty() {
        cx.unscannable(
            &loc,
            UnscannableReason::Corrupt,
            format!(
                "PDF objects that could not be decrypted: {} (AES data shorter than its IV, \
                 or an unknown crypt filter)",
                doc.undecryptable.len()
            ),
        );
    }
    for f in &fonts.unmapped {
        cx.unscannable(
            &loc,
            UnscannableReason::UnsupportedFormat,
            format!(
                "PDF font {f}: CID codes without a ToUnicode map are not decoded \
                 (only Adobe-Japan1, Adobe-GB1, Adobe-CNS1 and Adobe-Korea1 CIDs are)"
            ),
        );
    }
    result
}

/// Opens an encrypted file (an `/Encrypt` entry in its trailer) with the empty user
/// password; refuses it (`encrypted`, `corrupt`) when that cannot be done.
fn open_encryption(doc: &mut Doc<'_>) -> Result<(), Stop> {
    let trailer = trailer(doc);
    let entry = match trailer.get(b"Encrypt") {
        None | Some(Obj::Null) => return Ok(()),
        Some(e) => e.clone(),
    };
    let dict = doc.resolve(&entry);
    let id0 = match doc.get(&trailer, b"ID") {
        Obj::Arr(ids) => match ids.first() {
            Some(Obj::Str(s)) => s.clone(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    };
    doc.crypt = Some(Crypt::open(&dict, &id0)?);
    doc.encrypt_object = match entry {
        Obj::Ref(n) => Some(n),
        _ => None,
    };
    // Objects loaded so far (looking for the trailer) were read without decryption.
    doc.cache.clear();
    Ok(())
}

/// The page tree walk: each node and each `Kids` array that is a reference is visited once,
/// and at most `MAX_PAGES` pages are kept, so a tree sharing its branches cannot multiply.
/// A page's resources are its own or the nearest ancestor's (shared, not copied).
fn walk_pages(
    doc: &mut Doc<'_>,
    node: &Obj,
    inherited: &Obj,
    depth: usize,
    seen: &mut HashSet<u32>,
    out: &mut Vec<(Obj, Obj)>,
) {
    if depth > MAX_DEPTH || out.len() >= MAX_PAGES || doc.budget.exhausted().is_some() {
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
            let kids = o.get(b"Kids").cloned().unwrap_or(Obj::Null);
            if let Obj::Ref(n) = kids {
                if !seen.insert(n) {
                    return;
                }
            }
            if let Obj::Arr(kids) = doc.resolve(&kids) {
                for k in kids.iter() {
                    walk_pages(doc, k, &res, depth + 1, seen, out);
                }
            }
        }
        Some(b"Page") => out.push((o, res)),
        _ => {}
    }
}
