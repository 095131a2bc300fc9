//! Office Open XML: docx, xlsx and pptx, read part by part with a streaming XML reader.
//!
//! - docx: the runs of each paragraph are joined before scanning (Word splits text across
//!   `w:t` runs at proofing marks, formatting and revisions), in the body, text boxes, tables,
//!   headers, footers, comments, footnotes and endnotes. Locations `#p=N` (body) and
//!   `#header1/p=N`, `#comments/p=N`...; `N` counts the part's paragraphs from 1 in document
//!   order (text-box paragraphs included).
//! - xlsx: cells are streamed row by row (no dense grid, so a far cell such as XFD1048576
//!   costs nothing); shared strings, inline strings and numbers (stored exactly, so a My
//!   Number typed as a number is found whatever its display format); sheet names, cell
//!   comments, headers and footers. Locations `#Sheet!C12`, `#Sheet` (its name),
//!   `#Sheet!C12/comment`, `#Sheet!oddHeader`.
//! - pptx: slides in presentation order with their notes and comments: `#slide=N`,
//!   `#slide=N/notes`, `#slide=N/comments`.
//!
//! Embedded files (`*/embeddings/*`) are scanned as members: `報告.docx!word/embeddings/x.xlsx#Sheet1!A1`
//! (OLE objects there are reported `unsupported_format`). Pictures (`*/media/*`) are not
//! read and not reported: there is no OCR. Not read either: document properties
//! (`docProps/`), charts, SmartArt data and VML comment shapes.

use super::archive::scan_zip_members;
use super::limits::{Bounded, Budget, Compressed, LimitHit};
use super::unit::Unit;
use super::{Cx, Stop};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Seek};
use zip::ZipArchive;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Docx,
    Xlsx,
    Pptx,
}

/// Which OOXML document a zip is, by its main part.
pub(crate) fn kind<R: Read + Seek>(ar: &ZipArchive<R>) -> Option<Kind> {
    if ar.index_for_name("word/document.xml").is_some() {
        Some(Kind::Docx)
    } else if ar.index_for_name("xl/workbook.xml").is_some() {
        Some(Kind::Xlsx)
    } else if ar.index_for_name("ppt/presentation.xml").is_some() {
        Some(Kind::Pptx)
    } else {
        None
    }
}

fn xml_err(part: &str, e: quick_xml::Error) -> Stop {
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
fn open<'a, 'b, R: Read + Seek>(
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

fn xml_reader<B: BufRead>(b: B) -> Reader<B> {
    let mut r = Reader::from_reader(b);
    let c = r.config_mut();
    c.trim_text(false);
    c.check_end_names = false;
    c.check_comments = false;
    r
}

fn unescape_lossy(raw: &[u8]) -> Cow<'_, str> {
    let s = String::from_utf8_lossy(raw);
    if !s.contains('&') {
        return s;
    }
    match quick_xml::escape::unescape(&s) {
        Ok(u) => Cow::Owned(u.into_owned()),
        Err(_) => Cow::Owned(s.into_owned()),
    }
}

fn attr(e: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .map(|a| unescape_lossy(&a.value).into_owned())
}

/// The `r:id` attribute, whatever the relationship namespace prefix.
fn rel_id(e: &BytesStart<'_>) -> Option<String> {
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
fn rels<R: Read + Seek>(
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
struct ParaSpec {
    para: &'static [u8],
    /// Attribute of the paragraph element handed to the callback (a comment's cell).
    para_attr: Option<&'static [u8]>,
    text: &'static [&'static [u8]],
    tab: &'static [&'static [u8]],
    br: &'static [&'static [u8]],
    hyphen: &'static [&'static [u8]],
    /// Subtrees whose text is not read (alternate renderings, phonetic guides).
    skip: &'static [&'static [u8]],
    /// Hand a paragraph over in pieces once it grows past `MAX_PARA_BYTES` (memory stays
    /// bounded); off where each paragraph must stay one item (shared strings).
    split_long: bool,
}

const DOCX: ParaSpec = ParaSpec {
    para: b"p",
    para_attr: None,
    text: &[b"t", b"delText"],
    tab: &[b"tab", b"ptab"],
    br: &[b"br", b"cr"],
    hyphen: &[b"noBreakHyphen"],
    skip: &[b"Fallback", b"pPr", b"rPr", b"instrText"],
    split_long: true,
};

const DRAWING: ParaSpec = ParaSpec {
    para: b"p",
    para_attr: None,
    text: &[b"t"],
    tab: &[b"tab"],
    br: &[b"br"],
    hyphen: &[],
    skip: &[b"Fallback"],
    split_long: true,
};

const SHARED_STRINGS: ParaSpec = ParaSpec {
    para: b"si",
    para_attr: None,
    text: &[b"t"],
    tab: &[],
    br: &[],
    hyphen: &[],
    skip: &[b"rPh"],
    split_long: false,
};

const XL_COMMENTS: ParaSpec = ParaSpec {
    para: b"comment",
    para_attr: Some(b"ref"),
    text: &[b"t"],
    tab: &[],
    br: &[],
    hyphen: &[],
    skip: &[b"rPh"],
    split_long: true,
};

const PPT_COMMENTS: ParaSpec = ParaSpec {
    para: b"cm",
    para_attr: None,
    text: &[b"text"],
    tab: &[],
    br: &[],
    hyphen: &[],
    skip: &[],
    split_long: true,
};

/// Paragraph text held before it is handed over in pieces (with `split_long`).
const MAX_PARA_BYTES: usize = 1 << 20;

/// Deepest nesting of paragraphs kept apart (text boxes in text boxes); deeper ones are
/// merged into their parent.
const MAX_PARA_NESTING: usize = 64;

/// Streams the paragraphs of an XML part: `on_para(number, attribute, text)` for each, in
/// the order they end (a text box's paragraphs before the paragraph holding it), numbered
/// in the order they start.
fn paragraphs<B: BufRead>(
    part: &str,
    xml: B,
    spec: &ParaSpec,
    mut on_para: impl FnMut(u32, Option<&str>, &str) -> Result<(), Stop>,
) -> Result<(), Stop> {
    let mut r = xml_reader(xml);
    let mut buf = Vec::new();
    let mut stack: Vec<(u32, Option<String>, String)> = Vec::new();
    let mut depth = 0usize;
    let mut count = 0u32;
    let mut in_text = 0u32;
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
                        let a = spec.para_attr.and_then(|k| attr(&e, k));
                        stack.push((count, a, String::new()));
                    }
                } else if spec.text.contains(&n) {
                    in_text += 1;
                } else if let Some(top) = stack.last_mut() {
                    push_special(spec, n, &mut top.2);
                }
            }
            Event::Empty(e) => {
                let n = e.local_name();
                let n = n.as_ref();
                if skip > 0 || spec.skip.contains(&n) {
                } else if n == spec.para {
                    count += 1;
                    let a = spec.para_attr.and_then(|k| attr(&e, k));
                    on_para(count, a.as_deref(), "")?;
                } else if let Some(top) = stack.last_mut() {
                    push_special(spec, n, &mut top.2);
                }
            }
            Event::End(e) => {
                let n = e.local_name();
                let n = n.as_ref();
                if skip > 0 {
                    skip -= 1;
                } else if n == spec.para {
                    if depth <= MAX_PARA_NESTING {
                        if let Some((num, a, text)) = stack.pop() {
                            on_para(num, a.as_deref(), &text)?;
                        }
                    }
                    depth = depth.saturating_sub(1);
                } else if spec.text.contains(&n) {
                    in_text = in_text.saturating_sub(1);
                }
            }
            Event::Text(t) if skip == 0 && in_text > 0 => {
                if let Some(top) = stack.last_mut() {
                    top.2.push_str(&unescape_lossy(&t));
                    if spec.split_long && top.2.len() > MAX_PARA_BYTES {
                        on_para(top.0, top.1.as_deref(), &top.2)?;
                        top.2.clear();
                    }
                }
            }
            Event::CData(t) if skip == 0 && in_text > 0 => {
                if let Some(top) = stack.last_mut() {
                    top.2.push_str(&String::from_utf8_lossy(&t));
                }
            }
            _ => {}
        }
        buf.clear();
    }
    // A truncated part: what was read still counts.
    while let Some((num, a, text)) = stack.pop() {
        on_para(num, a.as_deref(), &text)?;
    }
    Ok(())
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
            docx(cx, ar, &loc)?;
            "word/embeddings/"
        }
        Kind::Xlsx => {
            xlsx(cx, ar, &loc)?;
            "xl/embeddings/"
        }
        Kind::Pptx => {
            pptx(cx, ar, &loc)?;
            "ppt/embeddings/"
        }
    };
    scan_zip_members(cx, ar, &loc, depth, |n| n.starts_with(embeddings))
}

/// Runs `f` over a part, recording (not propagating) what stops it, so one broken part does
/// not hide the others.
fn part<R: Read + Seek>(
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

fn docx<R: Read + Seek>(
    cx: &mut Cx<'_>,
    ar: &mut ZipArchive<R>,
    loc: &Option<String>,
) -> Result<(), Stop> {
    let mut parts = vec![("word/document.xml".to_string(), "#".to_string())];
    let mut others: Vec<String> = ar
        .file_names()
        .filter_map(|n| n.ok())
        .filter(|n| {
            n.strip_prefix("word/").is_some_and(|f| {
                !f.contains('/')
                    && f.ends_with(".xml")
                    && ["header", "footer", "comments", "footnotes", "endnotes"]
                        .iter()
                        .any(|p| f.starts_with(p))
            })
        })
        .map(|n| n.into_owned())
        .collect();
    others.sort_by_key(|a| natural(a));
    for n in others {
        let stem = n["word/".len()..n.len() - 4].to_string();
        parts.push((n, format!("#{stem}/")));
    }
    for (name, prefix) in parts {
        part(cx, ar, loc, &name, |cx, xml| {
            let mut unit = Unit::new(cx, loc.clone());
            let r = paragraphs(&name, xml, &DOCX, |n, _, text| {
                if !text.is_empty() {
                    unit.place(format!("{prefix}p={n}"));
                    unit.push(text)?;
                }
                unit.push("\n")?;
                Ok(())
            });
            unit.finish();
            r
        })?;
    }
    Ok(())
}

/// The `.xml` parts whose names start with `prefix`, `sheet2` before `sheet10`.
fn parts_in_name_order<R: Read + Seek>(ar: &ZipArchive<R>, prefix: &str) -> Vec<String> {
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
fn natural(s: &str) -> (String, u64) {
    let stem = s.trim_end_matches(".xml");
    let digits = stem.len() - stem.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let (a, b) = stem.split_at(stem.len() - digits);
    (a.to_string(), b.parse().unwrap_or(0))
}

fn pptx<R: Read + Seek>(
    cx: &mut Cx<'_>,
    ar: &mut ZipArchive<R>,
    loc: &Option<String>,
) -> Result<(), Stop> {
    let budget = cx.budget;
    let pres = "ppt/presentation.xml";
    let pres_rels = rels(ar, budget, pres)?;
    let mut order = Vec::new();
    if let Some(b) = open(ar, budget, pres)? {
        let mut r = xml_reader(b);
        let mut buf = Vec::new();
        loop {
            match r.read_event_into(&mut buf) {
                Err(e) => return Err(xml_err(pres, e)),
                Ok(Event::Eof) => break,
                Ok(Event::Start(e)) | Ok(Event::Empty(e))
                    if e.local_name().as_ref() == b"sldId" =>
                {
                    if let Some((_, t)) = rel_id(&e).and_then(|id| pres_rels.get(&id)) {
                        order.push(t.clone());
                    }
                }
                Ok(_) => {}
            }
            buf.clear();
        }
    }
    if order.is_empty() {
        // No usable slide list: take the slide parts in name order.
        order = parts_in_name_order(ar, "ppt/slides/slide");
    }
    for (i, slide) in order.iter().enumerate() {
        let n = i + 1;
        let slide_rels = rels(ar, budget, slide)?;
        let mut extra: Vec<(String, String, &ParaSpec)> = Vec::new();
        for (ty, target) in slide_rels.values() {
            if ty.ends_with("/notesSlide") {
                extra.push((target.clone(), format!("#slide={n}/notes"), &DRAWING));
            } else if ty.ends_with("/comments") {
                extra.push((target.clone(), format!("#slide={n}/comments"), &PPT_COMMENTS));
            }
        }
        extra.sort_by(|a, b| a.1.cmp(&b.1));
        let mut all = vec![(slide.clone(), format!("#slide={n}"), &DRAWING)];
        all.extend(extra);
        for (name, label, spec) in all {
            part(cx, ar, loc, &name, |cx, xml| {
                let mut unit = Unit::new(cx, loc.clone());
                unit.place(label.as_str());
                let r = paragraphs(&name, xml, spec, |_, _, text| {
                    unit.push(text)?;
                    unit.push("\n")?;
                    Ok(())
                });
                unit.finish();
                r
            })?;
        }
    }
    Ok(())
}

fn xlsx<R: Read + Seek>(
    cx: &mut Cx<'_>,
    ar: &mut ZipArchive<R>,
    loc: &Option<String>,
) -> Result<(), Stop> {
    let budget = cx.budget;
    let wb = "xl/workbook.xml";
    let wb_rels = rels(ar, budget, wb)?;
    let mut sheets: Vec<(String, String)> = Vec::new();
    if let Some(b) = open(ar, budget, wb)? {
        let mut r = xml_reader(b);
        let mut buf = Vec::new();
        loop {
            match r.read_event_into(&mut buf) {
                Err(e) => return Err(xml_err(wb, e)),
                Ok(Event::Eof) => break,
                Ok(Event::Start(e)) | Ok(Event::Empty(e))
                    if e.local_name().as_ref() == b"sheet" =>
                {
                    let name = attr(&e, b"name").unwrap_or_default();
                    if let Some((_, t)) = rel_id(&e).and_then(|id| wb_rels.get(&id)) {
                        sheets.push((name, t.clone()));
                    }
                }
                Ok(_) => {}
            }
            buf.clear();
        }
    }
    if sheets.is_empty() {
        // No usable sheet list: take the sheet parts in name order, named after the part.
        sheets = parts_in_name_order(ar, "xl/worksheets/sheet")
            .into_iter()
            .map(|n| (n[14..n.len() - 4].to_string(), n))
            .collect();
    }
    // Shared strings, held in memory (bounded by the part's size limit).
    let mut shared: Vec<String> = Vec::new();
    let sst = wb_rels
        .values()
        .find(|(ty, _)| ty.ends_with("/sharedStrings"))
        .map(|(_, t)| t.clone())
        .unwrap_or_else(|| "xl/sharedStrings.xml".to_string());
    part(cx, ar, loc, &sst, |_, xml| {
        paragraphs(&sst, xml, &SHARED_STRINGS, |_, _, text| {
            shared.push(text.to_string());
            Ok(())
        })
    })?;
    for (sheet, target) in &sheets {
        part(cx, ar, loc, target, |cx, xml| {
            let mut unit = Unit::new(cx, loc.clone());
            let r = sheet_cells(target, xml, sheet, &shared, &mut unit);
            unit.finish();
            r
        })?;
        // Cell comments and drawings (text boxes) of the sheet.
        let sheet_rels = rels(ar, budget, target)?;
        let mut extra: Vec<(String, bool)> = sheet_rels
            .values()
            .filter(|(ty, _)| ty.ends_with("/comments") || ty.ends_with("/drawing"))
            .map(|(ty, t)| (t.clone(), ty.ends_with("/comments")))
            .collect();
        extra.sort();
        for (name, is_comments) in extra {
            part(cx, ar, loc, &name, |cx, xml| {
                let mut unit = Unit::new(cx, loc.clone());
                let r = if is_comments {
                    paragraphs(&name, xml, &XL_COMMENTS, |_, cell, text| {
                        unit.place(format!("#{sheet}!{}/comment", cell.unwrap_or("")));
                        unit.push(text)?;
                        unit.push("\n")?;
                        Ok(())
                    })
                } else {
                    unit.place(format!("#{sheet}/drawing"));
                    paragraphs(&name, xml, &DRAWING, |_, _, text| {
                        unit.push(text)?;
                        unit.push("\n")?;
                        Ok(())
                    })
                };
                unit.finish();
                r
            })?;
        }
    }
    Ok(())
}

/// Column letters of a 0-based column index (0 -> A, 26 -> AA).
pub(crate) fn col_name(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// 0-based column index of a cell reference (`C12` -> 2).
fn col_index(r: &str) -> Option<u32> {
    let letters = r.bytes().take_while(|b| b.is_ascii_alphabetic()).collect::<Vec<_>>();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    Some(letters.iter().fold(0u32, |a, &b| a * 26 + (b.to_ascii_uppercase() - b'A') as u32 + 1) - 1)
}

/// A number as stored (`621498320257`, `6.21498320257E+11`) written out in full when it is
/// an integer, so identifiers typed as numbers read as their digits.
pub(crate) fn number_text(v: &str) -> Cow<'_, str> {
    let v = v.trim();
    if v.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return Cow::Borrowed(v);
    }
    match v.parse::<f64>() {
        Ok(f) if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e17 => {
            Cow::Owned(format!("{}", f as i64))
        }
        _ => Cow::Borrowed(v),
    }
}

const HEADER_FOOTER: &[&[u8]] =
    &[b"oddHeader", b"oddFooter", b"evenHeader", b"evenFooter", b"firstHeader", b"firstFooter"];

/// Streams one worksheet's cells into `unit`: the sheet name, then rows as lines of
/// tab-separated cell values, each cell a place `#Sheet!C12`.
fn sheet_cells<B: BufRead>(
    part: &str,
    xml: B,
    sheet: &str,
    shared: &[String],
    unit: &mut Unit<'_, '_>,
) -> Result<(), Stop> {
    unit.place(format!("#{sheet}"));
    unit.push(sheet)?;
    unit.push("\n")?;
    let mut r = xml_reader(xml);
    let mut buf = Vec::new();
    let mut rows = 0u64;
    let mut row_num = 0u64;
    let mut cells_in_row = 0u32;
    let mut next_col = 0u32;
    let mut cell_ref = String::new();
    let mut cell_type = String::new();
    let mut value = String::new();
    // 1: in <v>, 2: in <is>...<t>
    let mut in_value = false;
    let mut in_is = false;
    let mut skip = 0u32;
    let mut hf: Option<(String, String)> = None;
    loop {
        let ev = r.read_event_into(&mut buf).map_err(|e| xml_err(part, e))?;
        match ev {
            Event::Eof => break,
            Event::Start(e) => {
                let n = e.local_name();
                match n.as_ref() {
                    _ if skip > 0 => skip += 1,
                    b"rPh" | b"f" => skip = 1,
                    b"row" => {
                        if rows > 0 {
                            unit.push("\n")?;
                        }
                        rows += 1;
                        row_num =
                            attr(&e, b"r").and_then(|v| v.parse().ok()).unwrap_or(row_num + 1);
                        cells_in_row = 0;
                        next_col = 0;
                    }
                    b"c" => {
                        let r = attr(&e, b"r");
                        let col = r.as_deref().and_then(col_index).unwrap_or(next_col);
                        next_col = col + 1;
                        cell_ref =
                            r.unwrap_or_else(|| format!("{}{}", col_name(col), row_num.max(1)));
                        cell_type = attr(&e, b"t").unwrap_or_default();
                        value.clear();
                    }
                    b"v" => in_value = true,
                    b"is" => in_is = true,
                    b"t" if in_is => in_value = true,
                    n if HEADER_FOOTER.contains(&n) => {
                        hf = Some((String::from_utf8_lossy(n).into_owned(), String::new()));
                    }
                    _ => {}
                }
            }
            Event::Empty(e) if skip == 0 && e.local_name().as_ref() == b"c" => {
                let r = attr(&e, b"r");
                next_col = r.as_deref().and_then(col_index).unwrap_or(next_col) + 1;
            }
            Event::End(e) => {
                let n = e.local_name();
                match n.as_ref() {
                    _ if skip > 0 => skip -= 1,
                    b"v" => in_value = false,
                    b"t" if in_is => in_value = false,
                    b"is" => in_is = false,
                    b"c" => {
                        let text: Cow<'_, str> = match cell_type.as_str() {
                            "s" => value
                                .trim()
                                .parse::<usize>()
                                .ok()
                                .and_then(|i| shared.get(i))
                                .map(|s| Cow::Borrowed(s.as_str()))
                                .unwrap_or(Cow::Borrowed("")),
                            "str" | "inlineStr" | "d" => Cow::Borrowed(value.as_str()),
                            "b" | "e" => Cow::Borrowed(""),
                            _ => number_text(&value),
                        };
                        if !text.is_empty() {
                            if cells_in_row > 0 {
                                unit.push("\t")?;
                            }
                            unit.place(format!("#{sheet}!{cell_ref}"));
                            unit.push(&text)?;
                            cells_in_row += 1;
                        }
                        value.clear();
                    }
                    n if HEADER_FOOTER.contains(&n) => {
                        if let Some((name, text)) = hf.take() {
                            unit.push("\n")?;
                            unit.place(format!("#{sheet}!{name}"));
                            unit.push(&text)?;
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if skip == 0 => {
                if in_value {
                    value.push_str(&unescape_lossy(&t));
                } else if let Some((_, text)) = hf.as_mut() {
                    text.push_str(&unescape_lossy(&t));
                }
            }
            _ => {}
        }
        buf.clear();
    }
    unit.push("\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_stored() {
        assert_eq!(number_text("621498320257"), "621498320257");
        assert_eq!(number_text("6.21498320257E+11"), "621498320257");
        assert_eq!(number_text("1.5"), "1.5");
        assert_eq!(number_text("9012345678"), "9012345678");
    }

    #[test]
    fn cell_refs() {
        assert_eq!(col_name(0), "A");
        assert_eq!(col_name(25), "Z");
        assert_eq!(col_name(26), "AA");
        assert_eq!(col_name(16383), "XFD");
        assert_eq!(col_index("XFD1048576"), Some(16383));
        assert_eq!(col_index("C12"), Some(2));
    }

    #[test]
    fn targets() {
        assert_eq!(resolve("xl", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("ppt/slides", "../notesSlides/n1.xml"), "ppt/notesSlides/n1.xml");
        assert_eq!(resolve("xl", "/xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
    }
}
