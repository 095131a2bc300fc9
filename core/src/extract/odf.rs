//! OpenDocument text (.odt), spreadsheets (.ods) and presentations (.odp), read from
//! `content.xml` with a streaming XML reader, and their properties from `meta.xml`.
//!
//! A zip holding `mimetype`, `content.xml` and `META-INF/manifest.xml` is taken for an
//! OpenDocument package (see `ooxml::kind`); the body element (`office:text`, `office:spreadsheet`,
//! `office:presentation`) says which kind it is.
//!
//! - .odt: every paragraph (`text:p`, `text:h`) of the body in document order, those in
//!   tables, frames, notes and comments included: `#p=N`, `N` counting them from 1 in the
//!   order they start (a paragraph inside another one, as in a text box, is scanned before
//!   the rest of its parent, as for docx). The `mailto:`/`tel:` targets of links
//!   (`text:a xlink:href`) are added to their paragraph unless its text shows them.
//! - .ods: each sheet's name (`#Sheet`), then its rows as lines of tab-separated cells, each
//!   cell a place `#Sheet!B3`. Numbers (`office:value-type` float, percentage, currency) are
//!   read from `office:value` and written in full, so a My Number shown in scientific
//!   notation reads as its digits. A cell or row repeated (`table:number-columns-repeated`,
//!   `table:number-rows-repeated`) is read once, at its first position; the repeat count only
//!   moves the position, so a declared billion repeats cost nothing. Cell comments:
//!   `#Sheet!B3/comment`.
//! - .odp: each page (`draw:page`) is a slide `#slide=N`, its notes `#slide=N/notes`, its
//!   comments `#slide=N/comments`.
//! - all three: `meta.xml` (author, last editor, title, subject, keywords, description,
//!   user-defined values) at `#props`, as for OOXML. A comment's author (`dc:creator` inside
//!   `office:annotation`) is written once per document after the label `作成者：`.
//!
//! A package whose manifest lists `manifest:encryption-data` is password-protected and
//! reported `encrypted`. Not read: `styles.xml` (page headers and footers), embedded
//! objects (`Object 1/`), pictures, tracked deletions.

use super::ooxml::{
    attr_local, field_links, open, part, properties, unescape_lossy, xml_err, xml_reader,
    AUTHOR_LABEL,
};
use super::ooxml::{col_name, number_text};
use super::text::shown_in;
use super::unit::Unit;
use super::{Cx, Stop};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashSet;
use std::io::{BufRead, Read, Seek};
use zip::ZipArchive;

/// Paragraph text held before it is scanned in pieces.
const MAX_PARA_BYTES: usize = 1 << 20;
/// Link targets of one paragraph kept.
const MAX_LINK_BYTES: usize = 16 * 1024;
/// Nested paragraphs kept apart (frames in frames); deeper ones join their parent.
const MAX_PARA_NESTING: usize = 64;
/// Spaces written for one `text:s` at most.
const MAX_SPACES: usize = 64;
/// Characters of a sheet name kept.
const MAX_SHEET_NAME: usize = 256;
/// A cell's text held at most (the rest is dropped; the cell's place stays exact).
const MAX_CELL_BYTES: usize = 1 << 20;

/// Scans an OpenDocument package.
pub(crate) fn scan<R: Read + Seek>(
    cx: &mut Cx<'_>,
    ar: &mut ZipArchive<R>,
    loc: Option<String>,
) -> Result<(), Stop> {
    if encrypted(cx, ar)? {
        return Err(Stop::Encrypted("password-protected OpenDocument file".into()));
    }
    part(cx, ar, &loc, "content.xml", |cx, xml| {
        let mut body = Body::new(Unit::new(cx, loc.clone()));
        let r = body.read(xml);
        body.unit.finish();
        r
    })?;
    part(cx, ar, &loc, "meta.xml", |cx, xml| {
        let mut unit = Unit::new(cx, loc.clone());
        unit.place("#props");
        let r = properties("meta.xml", xml, &mut unit);
        unit.finish();
        r
    })
}

/// Whether the manifest marks any part encrypted.
fn encrypted<R: Read + Seek>(cx: &mut Cx<'_>, ar: &mut ZipArchive<R>) -> Result<bool, Stop> {
    let name = "META-INF/manifest.xml";
    let Some(b) = open(ar, cx.budget, name)? else { return Ok(false) };
    let mut r = xml_reader(b);
    let mut buf = Vec::new();
    loop {
        match r.read_event_into(&mut buf).map_err(|e| xml_err(name, e))? {
            Event::Eof => return Ok(false),
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"encryption-data" => {
                return Ok(true)
            }
            _ => {}
        }
        buf.clear();
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Doc {
    Unknown,
    Text,
    Spreadsheet,
    Presentation,
}

/// A paragraph being read.
struct Para {
    number: u32,
    text: String,
    links: String,
}

/// A spreadsheet cell being read.
struct Cell {
    label: String,
    /// `office:value` of a numeric cell.
    number: Option<String>,
    text: String,
}

/// The reader of `content.xml`: where it is in the body and what it is collecting.
struct Body<'c, 's> {
    unit: Unit<'c, 's>,
    doc: Doc,
    /// Paragraphs open, innermost last, and how deep they nest beyond what is kept.
    paras: Vec<Para>,
    nesting: usize,
    count: u32,
    /// Depth inside subtrees whose text is not read.
    skip: u32,
    /// Inside `office:annotation` (depth), and its author's name being read.
    annotation: u32,
    in_author: bool,
    author: String,
    authors_written: HashSet<String>,
    /// Spreadsheet: sheet name, row (1-based) and next column (0-based).
    sheet: String,
    row: u64,
    /// Copies of the current row beyond the first (`table:number-rows-repeated`).
    row_extra: u64,
    col: u64,
    cells_in_row: u32,
    cell: Option<Cell>,
    /// Presentation: slide number.
    slide: u32,
}

fn repeat(e: &BytesStart<'_>, key: &[u8]) -> u64 {
    attr_local(e, key).and_then(|v| v.trim().parse::<u64>().ok()).unwrap_or(1).max(1)
}

impl<'c, 's> Body<'c, 's> {
    fn new(unit: Unit<'c, 's>) -> Self {
        Body {
            unit,
            doc: Doc::Unknown,
            paras: Vec::new(),
            nesting: 0,
            count: 0,
            skip: 0,
            annotation: 0,
            in_author: false,
            author: String::new(),
            authors_written: HashSet::new(),
            sheet: String::new(),
            row: 0,
            row_extra: 0,
            col: 0,
            cells_in_row: 0,
            cell: None,
            slide: 0,
        }
    }

    fn read<B: BufRead>(&mut self, xml: B) -> Result<(), Stop> {
        let mut r = xml_reader(xml);
        let mut buf = Vec::new();
        loop {
            let ev = r.read_event_into(&mut buf).map_err(|e| xml_err("content.xml", e))?;
            match ev {
                Event::Eof => break,
                Event::Start(e) => self.start(&e, false)?,
                Event::Empty(e) if self.skip == 0 => {
                    self.start(&e, true)?;
                    self.end(e.local_name().as_ref())?;
                }
                Event::End(e) => self.end(e.local_name().as_ref())?,
                Event::Text(t) if self.skip == 0 => {
                    let t = unescape_lossy(&t);
                    self.text(&t)?;
                }
                Event::CData(t) if self.skip == 0 => {
                    self.text(&String::from_utf8_lossy(&t))?;
                }
                _ => {}
            }
            buf.clear();
        }
        // A truncated part: what was read still counts.
        while !self.paras.is_empty() {
            self.end_para()?;
        }
        Ok(())
    }

    fn text(&mut self, t: &str) -> Result<(), Stop> {
        if self.in_author {
            if self.author.len() < 1024 {
                self.author.push_str(t);
            }
            return Ok(());
        }
        let Some(p) = self.paras.last_mut() else { return Ok(()) };
        if self.cell.is_some() {
            // A cell keeps at most MAX_CELL_BYTES: what passes it is dropped here.
            let room = MAX_CELL_BYTES.saturating_sub(p.text.len());
            let mut cut = t.len().min(room);
            while !t.is_char_boundary(cut) {
                cut -= 1;
            }
            p.text.push_str(&t[..cut]);
        } else {
            p.text.push_str(t);
            if p.text.len() > MAX_PARA_BYTES {
                self.flush_para()?;
            }
        }
        Ok(())
    }

    fn push_char(&mut self, c: char) -> Result<(), Stop> {
        self.text(c.encode_utf8(&mut [0u8; 4]))
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) -> Result<(), Stop> {
        let name = e.local_name();
        let n = name.as_ref();
        if self.skip > 0 {
            self.skip += 1;
            return Ok(());
        }
        match n {
            b"text" if self.doc == Doc::Unknown => self.doc = Doc::Text,
            b"spreadsheet" if self.doc == Doc::Unknown => self.doc = Doc::Spreadsheet,
            b"presentation" if self.doc == Doc::Unknown => self.doc = Doc::Presentation,
            // Deleted text of tracked changes, footnote numbers (they would join the digits
            // before them), phonetic readings, a comment's date.
            b"tracked-changes" | b"note-citation" | b"ruby-text" if !empty => self.skip = 1,
            b"date" if !empty && self.annotation > 0 => self.skip = 1,
            b"p" | b"h" => {
                self.count += 1;
                self.nesting += 1;
                if self.nesting <= MAX_PARA_NESTING {
                    self.paras.push(Para {
                        number: self.count,
                        text: String::new(),
                        links: String::new(),
                    });
                }
            }
            b"s" => {
                let c = attr_local(e, b"c").and_then(|v| v.parse::<usize>().ok()).unwrap_or(1);
                self.text(&" ".repeat(c.clamp(1, MAX_SPACES)))?;
            }
            b"tab" => self.push_char('\t')?,
            b"line-break" => self.push_char('\n')?,
            b"a" => {
                if let (Some(p), Some(href)) = (self.paras.last_mut(), attr_local(e, b"href")) {
                    if p.links.len() + href.len() < MAX_LINK_BYTES {
                        p.links.push_str(&format!(" HYPERLINK \"{href}\" "));
                    }
                }
            }
            b"annotation" => self.annotation += 1,
            b"creator" if self.annotation > 0 => {
                self.in_author = true;
                self.author.clear();
            }
            b"table" if self.doc == Doc::Spreadsheet => {
                // The name is repeated in every cell's place: a long one is cut.
                let name = attr_local(e, b"name").unwrap_or_default();
                let cut = name.char_indices().nth(MAX_SHEET_NAME).map_or(name.len(), |(i, _)| i);
                self.sheet = name[..cut].to_string();
                self.row = 0;
                self.unit.place(format!("#{}", self.sheet));
                self.unit.push(&self.sheet)?;
                self.unit.push("\n")?;
            }
            b"table-row" if self.doc == Doc::Spreadsheet => {
                self.row = self.row.saturating_add(1);
                self.col = 0;
                self.cells_in_row = 0;
                // Rows after a repeated one start past all its copies.
                self.row_extra = repeat(e, b"number-rows-repeated") - 1;
            }
            b"table-cell" | b"covered-table-cell" if self.doc == Doc::Spreadsheet => {
                let col = self.col;
                self.col = self.col.saturating_add(repeat(e, b"number-columns-repeated"));
                let value_type = attr_local(e, b"value-type").unwrap_or_default();
                let number = match value_type.as_str() {
                    "float" | "percentage" | "currency" => attr_local(e, b"value"),
                    _ => None,
                };
                let col = u32::try_from(col).unwrap_or(u32::MAX);
                self.cell = Some(Cell {
                    label: format!("#{}!{}{}", self.sheet, col_name(col), self.row),
                    number,
                    text: String::new(),
                });
            }
            b"page" if self.doc == Doc::Presentation => {
                self.slide += 1;
                self.unit.place(format!("#slide={}", self.slide));
            }
            b"notes" if self.doc == Doc::Presentation => {
                self.unit.place(format!("#slide={}/notes", self.slide));
            }
            _ => {}
        }
        Ok(())
    }

    fn end(&mut self, n: &[u8]) -> Result<(), Stop> {
        if self.skip > 0 {
            self.skip -= 1;
            return Ok(());
        }
        match n {
            b"p" | b"h" => {
                if self.nesting <= MAX_PARA_NESTING {
                    self.end_para()?;
                }
                self.nesting = self.nesting.saturating_sub(1);
            }
            b"creator" if self.in_author => self.in_author = false,
            b"annotation" => {
                self.annotation = self.annotation.saturating_sub(1);
                if self.doc == Doc::Presentation {
                    self.unit.place(format!("#slide={}", self.slide));
                }
            }
            b"table-row" if self.doc == Doc::Spreadsheet => {
                if self.cells_in_row > 0 {
                    self.unit.push("\n")?;
                }
                self.row = self.row.saturating_add(self.row_extra);
                self.row_extra = 0;
            }
            b"table-cell" | b"covered-table-cell" if self.doc == Doc::Spreadsheet => {
                if let Some(c) = self.cell.take() {
                    let text = match &c.number {
                        Some(v) => number_text(v).into_owned(),
                        None => c.text,
                    };
                    if !text.trim().is_empty() {
                        if self.cells_in_row > 0 {
                            self.unit.push("\t")?;
                        }
                        self.unit.place(c.label);
                        self.unit.push(&text)?;
                        self.cells_in_row += 1;
                    }
                }
            }
            b"notes" if self.doc == Doc::Presentation => {
                self.unit.place(format!("#slide={}", self.slide));
            }
            _ => {}
        }
        Ok(())
    }

    /// The text of a paragraph with the link targets it does not show.
    fn with_links(p: Para) -> String {
        let mut text = p.text;
        for v in field_links(&p.links) {
            if !shown_in(&text, &v) {
                text.push('\n');
                text.push_str(&v);
            }
        }
        text
    }

    /// Scans what a long paragraph holds so far (at its place in a text document, at the
    /// current slide or sheet otherwise).
    fn flush_para(&mut self) -> Result<(), Stop> {
        if let Some(p) = self.paras.last_mut() {
            let text = std::mem::take(&mut p.text);
            if matches!(self.doc, Doc::Text | Doc::Unknown) {
                self.unit.place(format!("#p={}", p.number));
            }
            self.unit.push(&text)?;
        }
        Ok(())
    }

    fn end_para(&mut self) -> Result<(), Stop> {
        let Some(p) = self.paras.pop() else { return Ok(()) };
        let number = p.number;
        let text = Self::with_links(p);
        // A comment's author, once per document, before the comment's first paragraph.
        let author = std::mem::take(&mut self.author);
        let author = author.trim();
        let new_author = self.annotation > 0
            && !author.is_empty()
            && self.authors_written.insert(author.to_string());
        match self.doc {
            Doc::Spreadsheet if self.cell.is_some() => {
                let Some(cell) = self.cell.as_mut() else { return Ok(()) };
                if self.annotation > 0 {
                    // The comment is scanned at its own place after the cell's value.
                    let at = format!("{}/comment", cell.label);
                    self.unit.push("\n")?;
                    self.unit.place(at);
                    if new_author {
                        self.unit.push(AUTHOR_LABEL)?;
                        self.unit.push(author)?;
                        self.unit.push("\n")?;
                    }
                    self.unit.push(&text)?;
                    self.unit.push("\n")?;
                } else if cell.text.len() + text.len() <= MAX_CELL_BYTES {
                    if !cell.text.is_empty() {
                        cell.text.push('\n');
                    }
                    cell.text.push_str(&text);
                }
            }
            Doc::Presentation => {
                if self.annotation > 0 {
                    self.unit.place(format!("#slide={}/comments", self.slide));
                    if new_author {
                        self.unit.push(AUTHOR_LABEL)?;
                        self.unit.push(author)?;
                        self.unit.push("\n")?;
                    }
                }
                self.unit.push(&text)?;
                self.unit.push("\n")?;
            }
            _ => {
                if new_author {
                    self.unit.place(format!("#p={number}"));
                    self.unit.push(AUTHOR_LABEL)?;
                    self.unit.push(author)?;
                    self.unit.push("\n")?;
                }
                if !text.is_empty() {
                    self.unit.place(format!("#p={number}"));
                    self.unit.push(&text)?;
                }
                self.unit.push("\n")?;
            }
        }
        Ok(())
    }
}
