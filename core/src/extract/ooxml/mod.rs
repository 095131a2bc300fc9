//! Office Open XML: docx, xlsx and pptx, read part by part with a streaming XML reader.
//! This module opens the package and reads what the formats share (relationships,
//! paragraphs, document properties); `docx.rs`, `xlsx.rs` and `pptx.rs` are the readers of
//! each format, `props.rs` the reader of `docProps/`.
//!
//! - docx: the runs of each paragraph are joined before scanning (Word splits text across
//!   `w:t` runs at proofing marks, formatting and revisions), in the body, text boxes, tables,
//!   headers, footers, comments, footnotes and endnotes. Locations `#p=N` (body) and
//!   `#header1/p=N`, `#comments/p=N`...; `N` counts the part's paragraphs from 1 in document
//!   order (text-box paragraphs included). `mailto:` and `tel:` targets of `HYPERLINK` field
//!   codes (`w:instrText`, `w:fldSimple`) are read with their paragraph unless its text
//!   shows them. Comment authors: `#comment=N`, each author once, at the first comment
//!   (from 1) they wrote.
//! - xlsx: cells are streamed row by row (no dense grid, so a far cell such as XFD1048576
//!   costs nothing); shared strings, inline strings and numbers (stored exactly, so a My
//!   Number typed as a number is found whatever its display format); sheet names, cell
//!   comments with their authors, headers and footers. Locations `#Sheet!C12`, `#Sheet`
//!   (its name), `#Sheet!C12/comment`, `#Sheet!oddHeader`.
//! - pptx: slides in presentation order with their notes and comments (with their authors,
//!   from `ppt/commentAuthors.xml`): `#slide=N`, `#slide=N/notes`, `#slide=N/comments`.
//! - all three: document properties (`docProps/core.xml`, `app.xml`, `custom.xml`: author,
//!   last editor, title, subject, keywords, comments, company, manager, custom values) at
//!   `#props`.
//!
//! A comment's author is written after the label `作成者：` (each author once per
//! document), so a name alone reads as a person's name.
//!
//! Embedded files (`*/embeddings/*`) are scanned as members: `報告.docx!word/embeddings/x.xlsx#Sheet1!A1`
//! (OLE objects there are reported `unsupported_format`). Pictures (`*/media/*`) are not
//! read and not reported: there is no OCR. Not read either: hyperlinks stored as
//! relationships (`w:hyperlink r:id`), charts, SmartArt data, VML comment shapes and
//! threaded comments' people lists (`word/people.xml`, `xl/persons/`).

use super::archive::scan_zip_members;
use super::limits::{Bounded, Budget, Compressed, LimitHit};
use super::text::{link_values, shown_in};
use super::{Cx, Stop};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Seek};
use zip::ZipArchive;

mod docx;
mod pptx;
mod props;
mod xlsx;

pub(crate) use props::{label as property_label, properties};

pub(crate) use xlsx::{col_name, number_text};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Docx,
    Xlsx,
    Pptx,
    /// OpenDocument text, spreadsheet or presentation (read by `extract/odf.rs`).
    Odf,
}

/// Which OOXML document a zip is, by its main part; or an OpenDocument package (`mimetype`,
/// `content.xml` and `META-INF/manifest.xml`).
pub(crate) fn kind<R: Read + Seek>(ar: &ZipArchive<R>) -> Option<Kind> {
    if ar.index_for_name("word/document.xml").is_some() {
        Some(Kind::Docx)
    } else if ar.index_for_name("xl/workbook.xml").is_some() {
        Some(Kind::Xlsx)
    } else if ar.index_for_name("ppt/presentation.xml").is_some() {
        Some(Kind::Pptx)
    } else if ["mimetype", "content.xml", "META-INF/manifest.xml"]
        .iter()
        .all(|n| ar.index_for_name(n).is_some())
    {
        Some(Kind::Odf)
    } else {
        None
    }
}

pub(super) fn xml_err(part: &str, e: quick_xml::Error) -> Stop {
    match e {
        quick_xml::Error::Io(io) => match LimitHit::find(&io) {
            Some(l) => Stop::Limit(l),
            None => Stop::Read(std::io::Error::new(io.kind(), format!("{part}: {io}"))),
        },
        e => Stop::Corrupt(format!("{part}: {e}")),
    }
}

fn zip_err(part: &str, e: zip::result::ZipError) -> Stop {
    match e {
        zip::result::ZipError::Io(io) => Stop::Read(io),
        e => Stop::Corrupt(format!("{part}: {e}")),
    }
}

/// Opens a part as a bounded, buffered reader (None when it does not exist).
pub(super) fn open<'a, 'b, R: Read + Seek>(
    ar: &'a mut ZipArchive<R>,
    budget: &'b Budget,
    name: &str,
) -> Result<Option<BufReader<Bounded<'b, zip::read::ZipFile<'a, R>>>>, Stop> {
    let Some(i) = ar.index_for_name(name) else { return Ok(None) };
    budget.member()?;
    let f = ar.by_index(i).map_err(|e| zip_err(name, e))?;
    let csize = f.compressed_size();
    Ok(Some(BufReader::with_capacity(
        64 * 1024,
        Bounded::new(f, budget, Compressed::Known(csize), true),
    )))
}

pub(super) fn xml_reader<B: BufRead>(b: B) -> Reader<B> {
    let mut r = Reader::from_reader(b);
    let c = r.config_mut();
    c.trim_text(false);
    c.check_end_names = false;
    c.check_comments = false;
    r
}

pub(super) fn unescape_lossy(raw: &[u8]) -> Cow<'_, str> {
    let s = String::from_utf8_lossy(raw);
    if !s.contains('&') {
        return s;
    }
    match quick_xml::escape::unescape(&s) {
        Ok(u) => Cow::Owned(u.into_owned()),
        Err(_) => Cow::Owned(s.into_owned()),
    }
}

pub(super) fn attr(e: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| unescape_lossy(&a.value).into_owned())
}

/// The `r:id` attribute, whatever the relationship namespace prefix.
pub(super) fn rel_id(e: &BytesStart<'_>) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"id" && a.key.prefix().is_some())
        .map(|a| unescape_lossy(&a.value).into_owned())
}

/// Resolves a relationship target against the directory of the part that refers to it.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// `dir/_rels/name.rels` of a part `dir/name`.
fn rels_name(part: &str) -> (String, String) {
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
    (format!("{dir}/_rels/{file}.rels"), dir.to_string())
}

/// Relationships of a part: id -> (type, resolved target).
pub(super) fn rels<R: Read + Seek>(
    ar: &mut ZipArchive<R>,
    budget: &Budget,
    part: &str,
) -> Result<HashMap<String, (String, String)>, Stop> {
    let (name, dir) = rels_name(part);
    let mut out = HashMap::new();
    let Some(b) = open(ar, budget, &name)? else { return Ok(out) };
    let mut r = xml_reader(b);
    let mut buf = Vec::new();
    loop {
        match r.read_event_into(&mut buf) {
            Err(e) => return Err(xml_err(&name, e)),
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) | Ok(Event::Empty(e))
                if e.local_name().as_ref() == b"Relationship" =>
            {
                if let (Some(id), Some(target)) = (attr(&e, b"Id"), attr(&e, b"Target")) {
                    let ty = attr(&e, b"Type").unwrap_or_default();
                    let external = attr(&e, b"TargetMode").is_some_and(|m| m == "External");
                    if !external && out.len() < 100_000 {
                        out.insert(id, (ty, resolve(&dir, &target)));
                    }
                }
            }
            Ok(_) => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// Which elements make paragraphs and text in a part.
pub(super) struct ParaSpec {
    pub para: &'static [u8],
    /// Attributes of the paragraph element handed to the callback (a comment's cell and
    /// author), matched by local name.
    pub para_attrs: &'static [&'static [u8]],
    pub text: &'static [&'static [u8]],
    /// Elements holding field codes (`w:instrText`): read apart from the text, and their
    /// `mailto:`/`tel:` hyperlinks added to the paragraph unless its text shows them.
    pub field: &'static [&'static [u8]],
    pub tab: &'static [&'static [u8]],
    pub br: &'static [&'static [u8]],
    pub hyphen: &'static [&'static [u8]],
    /// Subtrees whose text is not read (alternate renderings, phonetic guides).
    pub skip: &'static [&'static [u8]],
    /// Hand a paragraph over in pieces once it grows past `MAX_PARA_BYTES` (memory stays
    /// bounded); off where each paragraph must stay one item (shared strings).
    pub split_long: bool,
}

pub(super) const DRAWING: ParaSpec = ParaSpec {
    para: b"p",
    para_attrs: &[],
    text: &[b"t"],
    field: &[],
    tab: &[b"tab"],
    br: &[b"br"],
    hyphen: &[],
    skip: &[b"Fallback"],
    split_long: true,
};

/// Paragraph text held before it is handed over in pieces (with `split_long`).
const MAX_PARA_BYTES: usize = 1 << 20;

/// Field codes of one paragraph kept; hyperlinks are short and a paragraph holds few.
const MAX_FIELD_BYTES: usize = 16 * 1024;

/// Deepest nesting of paragraphs kept apart (text boxes in text boxes); deeper ones are
/// merged into their parent.
const MAX_PARA_NESTING: usize = 64;

/// An attribute by local name, whatever its namespace prefix (`w:author`).
pub(super) fn attr_local(e: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .map(|a| unescape_lossy(&a.value).into_owned())
}

/// A paragraph being read.
struct Para {
    number: u32,
    attrs: Vec<Option<String>>,
    text: String,
    fields: String,
}

impl Para {
    fn new(number: u32, spec: &ParaSpec, e: &BytesStart<'_>) -> Self {
        let attrs = spec.para_attrs.iter().map(|k| attr_local(e, k)).collect();
        Para { number, attrs, text: String::new(), fields: String::new() }
    }

    fn push_field(&mut self, s: &str) {
        if self.fields.len() + s.len() <= MAX_FIELD_BYTES {
            self.fields.push_str(s);
        }
    }

    /// The text with the field codes' hyperlinks it does not show, each on its own line.
    fn text_with_links(&self) -> Cow<'_, str> {
        let links = field_links(&self.fields);
        let missing: Vec<&String> = links.iter().filter(|v| !shown_in(&self.text, v)).collect();
        if missing.is_empty() {
            return Cow::Borrowed(&self.text);
        }
        let mut t = self.text.clone();
        for v in missing {
            t.push('\n');
            t.push_str(v);
        }
        Cow::Owned(t)
    }
}

/// The `mailto:` and `tel:` targets of the `HYPERLINK` fields in field codes
/// (` HYPERLINK "mailto:taro@example.jp" \o "tip" `), as [`link_values`] reads them.
pub(super) fn field_links(codes: &str) -> Vec<String> {
    const NAME: &str = "HYPERLINK";
    let mut out = Vec::new();
    let mut rest = codes;
    while let Some(i) =
        rest.as_bytes().windows(NAME.len()).position(|w| w.eq_ignore_ascii_case(NAME.as_bytes()))
    {
        let after = rest[i + NAME.len()..].trim_start();
        let target = match after.strip_prefix('"') {
            Some(q) => q.split('"').next().unwrap_or(""),
            None => after.split_whitespace().next().unwrap_or(""),
        };
        out.extend(link_values(target));
        rest = &rest[i + NAME.len()..];
    }
    out
}

/// Streams the paragraphs of an XML part: `on_para(number, attributes, text)` for each, in
/// the order they end (a text box's paragraphs before the paragraph holding it), numbered
/// in the order they start.
pub(super) fn paragraphs<B: BufRead>(
    part: &str,
    xml: B,
    spec: &ParaSpec,
    mut on_para: impl FnMut(u32, &[Option<String>], &str) -> Result<(), Stop>,
) -> Result<(), Stop> {
    let mut r = xml_reader(xml);
    let mut buf = Vec::new();
    let mut stack: Vec<Para> = Vec::new();
    let mut depth = 0usize;
    let mut count = 0u32;
    let mut in_text = 0u32;
    let mut in_field = 0u32;
    let mut skip = 0u32;
    loop {
        let ev = r.read_event_into(&mut buf).map_err(|e| xml_err(part, e))?;
        match ev {
            Event::Eof => break,
            Event::Start(e) => {
                let n = e.local_name();
                let n = n.as_ref();
                if skip > 0 || spec.skip.contains(&n) {
                    skip += 1;
                } else if n == spec.para {
                    count += 1;
                    depth += 1;
                    if depth <= MAX_PARA_NESTING {
                        stack.push(Para::new(count, spec, &e));
                    }
                } else if spec.text.contains(&n) {
                    in_text += 1;
                } else if spec.field.contains(&n) {
                    in_field += 1;
                } else if let Some(top) = stack.last_mut() {
                    special(spec, &e, &mut *top);
                }
            }
            Event::Empty(e) => {
                let n = e.local_name();
                let n = n.as_ref();
                if skip > 0 || spec.skip.contains(&n) {
                } else if n == spec.para {
                    count += 1;
                    let p = Para::new(count, spec, &e);
                    on_para(count, &p.attrs, "")?;
                } else if let Some(top) = stack.last_mut() {
                    special(spec, &e, &mut *top);
                }
            }
            Event::End(e) => {
                let n = e.local_name();
                let n = n.as_ref();
                if skip > 0 {
                    skip -= 1;
                } else if n == spec.para {
                    if depth <= MAX_PARA_NESTING {
                        if let Some(p) = stack.pop() {
                            on_para(p.number, &p.attrs, &p.text_with_links())?;
                        }
                    }
                    depth = depth.saturating_sub(1);
                } else if spec.text.contains(&n) {
                    in_text = in_text.saturating_sub(1);
                } else if spec.field.contains(&n) {
                    in_field = in_field.saturating_sub(1);
                }
            }
            Event::Text(t) if skip == 0 && (in_text > 0 || in_field > 0) => {
                if let Some(top) = stack.last_mut() {
                    if in_text > 0 {
                        top.text.push_str(&unescape_lossy(&t));
                        if spec.split_long && top.text.len() > MAX_PARA_BYTES {
                            on_para(top.number, &top.attrs, &top.text)?;
                            top.text.clear();
                        }
                    } else {
                        top.push_field(&unescape_lossy(&t));
                    }
                }
            }
            Event::CData(t) if skip == 0 && in_text > 0 => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            _ => {}
        }
        buf.clear();
    }
    // A truncated part: what was read still counts.
    while let Some(p) = stack.pop() {
        on_para(p.number, &p.attrs, &p.text_with_links())?;
    }
    Ok(())
}

/// The label written before a comment's author, so the name reads as a person's name.
pub(super) const AUTHOR_LABEL: &str = "作成者：";

/// Elements listed by [`elements`] at most (authors of comments: a few per document).
const MAX_ELEMENTS: usize = 100_000;
/// Text kept of one element listed by [`elements`].
const MAX_ELEMENT_TEXT: usize = 4096;

/// An element listed by [`elements`]: the attributes asked for, and its text.
pub(super) type Element = (Vec<Option<String>>, String);

/// Every `element` of a part (by local name, at most [`MAX_ELEMENTS`]): its attributes
/// `keys` (by local name) and, with `text`, the text inside it.
pub(super) fn elements<B: BufRead>(
    part: &str,
    xml: B,
    element: &[u8],
    keys: &[&[u8]],
    text: bool,
) -> Result<Vec<Element>, Stop> {
    let mut r = xml_reader(xml);
    let mut buf = Vec::new();
    let mut out: Vec<Element> = Vec::new();
    let mut inside = false;
    loop {
        let ev = r.read_event_into(&mut buf).map_err(|e| xml_err(part, e))?;
        match &ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == element => {
                if out.len() >= MAX_ELEMENTS {
                    break;
                }
                let attrs = keys.iter().map(|k| attr_local(e, k)).collect();
                out.push((attrs, String::new()));
                // An empty element has no end: only a start opens one.
                inside = matches!(ev, Event::Start(_));
            }
            Event::End(e) if e.local_name().as_ref() == element => inside = false,
            Event::Text(t) if text && inside => {
                if let Some((_, s)) = out.last_mut() {
                    let t = unescape_lossy(t);
                    if s.len() + t.len() <= MAX_ELEMENT_TEXT {
                        s.push_str(&t);
                    }
                }
            }
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

/// An element inside a paragraph that is not text: a tab, a break, a hyphen, or a simple
/// field (`w:fldSimple w:instr="HYPERLINK ..."`).
fn special(spec: &ParaSpec, e: &BytesStart<'_>, para: &mut Para) {
    let n = e.local_name();
    let n = n.as_ref();
    if !spec.field.is_empty() && n == b"fldSimple" {
        if let Some(code) = attr_local(e, b"instr") {
            para.push_field(&code);
            para.push_field(" ");
        }
    } else {
        push_special(spec, n, &mut para.text);
    }
}

fn push_special(spec: &ParaSpec, n: &[u8], out: &mut String) {
    if spec.tab.contains(&n) {
        out.push('\t');
    } else if spec.br.contains(&n) {
        out.push('\n');
    } else if spec.hyphen.contains(&n) {
        out.push('-');
    }
}

/// Scans an OOXML document.
pub(crate) fn scan<R: Read + Seek>(
    cx: &mut Cx<'_>,
    ar: &mut ZipArchive<R>,
    kind: Kind,
    loc: Option<String>,
    depth: u32,
) -> Result<(), Stop> {
    let embeddings = match kind {
        Kind::Docx => {
            docx::scan(cx, ar, &loc)?;
            "word/embeddings/"
        }
        Kind::Xlsx => {
            xlsx::scan(cx, ar, &loc)?;
            "xl/embeddings/"
        }
        Kind::Pptx => {
            pptx::scan(cx, ar, &loc)?;
            "ppt/embeddings/"
        }
        Kind::Odf => return super::odf::scan(cx, ar, loc),
    };
    props::scan(cx, ar, &loc)?;
    scan_zip_members(cx, ar, &loc, depth, |n| n.starts_with(embeddings))
}

/// Runs `f` over a part, recording (not propagating) what stops it, so one broken part does
/// not hide the others.
pub(super) fn part<R: Read + Seek>(
    cx: &mut Cx<'_>,
    ar: &mut ZipArchive<R>,
    loc: &Option<String>,
    name: &str,
    f: impl FnOnce(&mut Cx<'_>, &mut dyn BufRead) -> Result<(), Stop>,
) -> Result<(), Stop> {
    let budget = cx.budget;
    let res = match open(ar, budget, name) {
        Ok(Some(mut b)) => f(cx, &mut b),
        Ok(None) => Ok(()),
        Err(e) => Err(e),
    };
    match res {
        Ok(()) => Ok(()),
        Err(stop) => cx.record(stop, &Some(super::child(loc, name))).map_err(Stop::Read),
    }
}

/// The `.xml` parts whose names start with `prefix`, `sheet2` before `sheet10`.
pub(super) fn parts_in_name_order<R: Read + Seek>(ar: &ZipArchive<R>, prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = ar
        .file_names()
        .filter_map(|n| n.ok())
        .filter(|n| n.starts_with(prefix) && n.ends_with(".xml"))
        .map(|n| n.into_owned())
        .collect();
    names.sort_by_key(|a| natural(a));
    names
}

/// Sort key putting `sheet2` before `sheet10`.
pub(super) fn natural(s: &str) -> (String, u64) {
    let stem = s.trim_end_matches(".xml");
    let digits = stem.len() - stem.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (a, b) = stem.split_at(stem.len() - digits);
    (a.to_string(), b.parse().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyperlink_fields() {
        let codes = r#" HYPERLINK "mailto:a@example.jp" \o "tip" PAGE hyperlink tel:0312345678 "#;
        assert_eq!(field_links(codes), ["a@example.jp", "0312345678"]);
        assert!(field_links(r#" HYPERLINK "https://example.jp" HYPERLINK \l "_Toc1" "#).is_empty());
        assert!(field_links(" HYPERLINK").is_empty());
    }

    #[test]
    fn targets() {
        assert_eq!(resolve("xl", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("ppt/slides", "../notesSlides/n1.xml"), "ppt/notesSlides/n1.xml");
        assert_eq!(resolve("xl", "/xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
    }
}
