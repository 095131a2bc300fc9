//! Word 97–2003 documents (.doc): the text of every story, read through the piece table.
//!
//! The `WordDocument` stream starts with the FIB, which says which table stream holds the
//! piece table (`1Table` or `0Table`), whether the document is encrypted and how many
//! characters each story has. The piece table (the CLX at `fcClx`) maps character positions
//! to bytes of `WordDocument`: compressed pieces are CP1252 bytes, the others UTF-16LE
//! (Japanese text is always in UTF-16 pieces). Stories follow each other in that order:
//! main text, footnotes, headers and footers, comments, endnotes, text boxes, header text
//! boxes.
//!
//! Paragraphs end at a paragraph mark (`\r`) or a table cell mark (0x07); the mark ending a
//! table row is not a paragraph (the paragraph properties say which marks end rows). Field
//! codes (between 0x13 and 0x14) are not text; the field's result (between 0x14 and 0x15)
//! is, and the `mailto:`/`tel:` targets of `HYPERLINK` fields are added to their paragraph
//! unless its text shows them, as for docx. Locations: `#p=N` in the main text, `N`
//! counting its paragraphs from 1; `#footnotes/p=N`, `#headers/p=N`, `#comments/p=N`,
//! `#endnotes/p=N`, `#textboxes/p=N`, `#header_textboxes/p=N` in the other stories;
//! the document's properties (author, title...) at `#props` (see `props.rs`).
//!
//! Every offset and count read from the file is checked against the stream it points into
//! before use; the decoded text is drawn from the byte budget and bounded by
//! `Limits::max_member_bytes`. Encrypted or obfuscated documents are reported `encrypted`,
//! Word 6.0/95 files (an older FIB) `unsupported_format`.

use super::{push_text_char, u16_at, u32_at, Container};
use crate::extract::limits::Limit;
use crate::extract::ooxml::field_links;
use crate::extract::text::shown_in;
use crate::extract::unit::Unit;
use crate::extract::{Cx, Stop};

/// The stories of a document, in the order their text follows each other.
const STORIES: [&str; 7] = [
    "#",
    "#footnotes/",
    "#headers/",
    "#comments/",
    "#endnotes/",
    "#textboxes/",
    "#header_textboxes/",
];
/// Indexes of the stories' character counts in `FibRgLw97`.
const CCP_INDEX: [usize; 7] = [3, 4, 5, 7, 8, 9, 10];
/// Indexes of `fcClx`/`lcbClx` and `fcPlcfBtePapx` in `FibRgFcLcb97`.
const FC_CLX: usize = 33;
const FC_BTE_PAPX: usize = 13;
/// Paragraph text held before it is scanned in pieces.
const MAX_PARA_BYTES: usize = 1 << 20;
/// Field codes of one paragraph kept (hyperlinks are short).
const MAX_FIELD_BYTES: usize = 16 * 1024;
/// Nested fields tracked; deeper ones are counted only.
const MAX_FIELD_NESTING: usize = 64;

fn corrupt(what: &str) -> Stop {
    Stop::Corrupt(format!("doc: {what}"))
}

/// What the FIB says.
struct Fib {
    table1: bool,
    ccp: [u32; 7],
    clx: (u32, u32),
    bte_papx: (u32, u32),
}

impl Fib {
    fn parse(w: &[u8]) -> Result<Fib, Stop> {
        if u16_at(w, 0) != Some(0xA5EC) {
            return Err(corrupt("not a Word document (FIB identifier)"));
        }
        let n_fib = u16_at(w, 2).unwrap_or(0);
        let flags = u16_at(w, 0x0A).unwrap_or(0);
        // fEncrypted, or fObfuscated (XOR): both need a password to read.
        if flags & 0x0100 != 0 || flags & 0x8000 != 0 {
            return Err(Stop::Encrypted("password-protected Word document".into()));
        }
        if n_fib < 0xC1 {
            return Err(Stop::Unsupported(format!(
                "Word 6.0/95 document (.doc, nFib {n_fib}) is not read"
            )));
        }
        let short = || corrupt("FIB shorter than it declares");
        let csw = u16_at(w, 32).ok_or_else(short)? as usize;
        let rg_lw = 34 + 2 * csw;
        let cslw = u16_at(w, rg_lw).ok_or_else(short)? as usize;
        let lw = rg_lw + 2;
        let mut ccp = [0u32; 7];
        for (c, &i) in ccp.iter_mut().zip(CCP_INDEX.iter()) {
            if i < cslw {
                *c = u32_at(w, lw + 4 * i).ok_or_else(short)?;
            }
        }
        let rg_fc = lw + 4 * cslw;
        let n_pairs = u16_at(w, rg_fc).ok_or_else(short)? as usize;
        let pair = |i: usize| -> Option<(u32, u32)> {
            let at = rg_fc + 2 + 8 * i;
            (i < n_pairs).then_some((u32_at(w, at)?, u32_at(w, at + 4)?))
        };
        let clx = pair(FC_CLX).ok_or_else(short)?;
        let bte_papx = pair(FC_BTE_PAPX).unwrap_or((0, 0));
        Ok(Fib { table1: flags & 0x0200 != 0, ccp, clx, bte_papx })
    }
}

/// A run of characters stored together.
struct Piece {
    cp: u32,
    cp_end: u32,
    /// Byte offset of its first character in `WordDocument`.
    fc: u32,
    compressed: bool,
}

/// The pieces of the CLX at `fc`, `lcb` bytes long in the table stream.
fn pieces(table: &[u8], (fc, lcb): (u32, u32)) -> Result<Vec<Piece>, Stop> {
    let start = fc as usize;
    let clx = start
        .checked_add(lcb as usize)
        .and_then(|end| table.get(start..end))
        .ok_or_else(|| corrupt("piece table beyond the table stream"))?;
    let mut i = 0;
    while i < clx.len() {
        match clx[i] {
            // A Prc (formatting of pieces): skipped.
            1 => {
                let cb = u16_at(clx, i + 1).ok_or_else(|| corrupt("truncated Prc"))? as i16;
                if cb < 0 {
                    return Err(corrupt("negative Prc size"));
                }
                i += 3 + cb as usize;
            }
            2 => {
                let lcb = u32_at(clx, i + 1).ok_or_else(|| corrupt("truncated Pcdt"))? as usize;
                let plc = (i + 5)
                    .checked_add(lcb)
                    .and_then(|end| clx.get(i + 5..end))
                    .ok_or_else(|| corrupt("piece table longer than the CLX"))?;
                return plc_pcd(plc);
            }
            _ => return Err(corrupt("unknown CLX entry")),
        }
    }
    Err(corrupt("no piece table in the CLX"))
}

fn plc_pcd(plc: &[u8]) -> Result<Vec<Piece>, Stop> {
    if plc.len() < 4 || !(plc.len() - 4).is_multiple_of(12) {
        return Err(corrupt("piece table size"));
    }
    // The count comes from the table's size, which lies inside the stream.
    let n = (plc.len() - 4) / 12;
    let cp = |k: usize| u32_at(plc, 4 * k).unwrap_or(0);
    let mut out = Vec::with_capacity(n);
    for k in 0..n {
        let (cp0, cp1) = (cp(k), cp(k + 1));
        if cp1 < cp0 || out.last().is_some_and(|p: &Piece| p.cp_end > cp0) {
            return Err(corrupt("piece table out of order"));
        }
        let fc = u32_at(plc, 4 * (n + 1) + 8 * k + 2).unwrap_or(0);
        let compressed = fc & 0x4000_0000 != 0;
        let fc = fc & 0x3FFF_FFFF;
        out.push(Piece {
            cp: cp0,
            cp_end: cp1,
            fc: if compressed { fc / 2 } else { fc },
            compressed,
        });
    }
    Ok(out)
}

/// Byte ranges of `WordDocument` whose paragraphs end table rows (`sprmPFTtp` or
/// `sprmPFInnerTtp` set), sorted. Unreadable formatting yields none: every 0x07 then ends
/// a paragraph.
fn row_end_ranges(word: &[u8], table: &[u8], (fc, lcb): (u32, u32)) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let Some(plc) = (fc as usize)
        .checked_add(lcb as usize)
        .and_then(|end| table.get(fc as usize..end))
        .filter(|p| p.len() >= 4 && (p.len() - 4).is_multiple_of(8))
    else {
        return out;
    };
    let n = (plc.len() - 4) / 8;
    // Each page once, however often the table names it.
    let mut pages: Vec<u32> =
        (0..n).map(|k| u32_at(plc, 4 * (n + 1) + 4 * k).unwrap_or(0) & 0x003F_FFFF).collect();
    pages.sort_unstable();
    pages.dedup();
    for pn in pages {
        let Some(page) = (pn as usize).checked_mul(512).and_then(|s| word.get(s..s + 512)) else {
            continue;
        };
        let runs = page[511] as usize;
        for r in 0..runs {
            let (Some(f0), Some(f1)) = (u32_at(page, 4 * r), u32_at(page, 4 * (r + 1))) else {
                break;
            };
            let bx = 4 * (runs + 1) + 13 * r;
            let Some(&off) = page.get(bx) else { break };
            if off != 0 && papx_is_row_end(page, 2 * off as usize) {
                out.push((f0, f1));
            }
        }
    }
    out.sort_unstable();
    out
}

/// Whether the PapxInFkp at `at` in an FKP page sets `sprmPFTtp` or `sprmPFInnerTtp`.
fn papx_is_row_end(page: &[u8], at: usize) -> bool {
    let Some(&cb) = page.get(at) else { return false };
    let (start, len) = if cb != 0 {
        (at + 1, 2 * cb as usize - 1)
    } else {
        let Some(&cb2) = page.get(at + 1) else { return false };
        (at + 2, 2 * cb2 as usize)
    };
    let Some(grp) = page.get(start..(start + len).min(511)) else { return false };
    // The style index comes first, then the properties.
    let mut i = 2;
    while i + 2 <= grp.len() {
        let sprm = u16::from_le_bytes([grp[i], grp[i + 1]]);
        let operand = grp.get(i + 2).copied().unwrap_or(0);
        if (sprm == 0x2417 || sprm == 0x244C) && operand != 0 {
            return true;
        }
        let size = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ if sprm == 0xD608 || sprm == 0xD606 => {
                u16_at(grp, i + 2).map_or(grp.len(), |l| l as usize + 1)
            }
            _ => operand as usize + 1,
        };
        i += 2 + size;
    }
    false
}

/// Extracts and scans a .doc from its opened compound file.
pub(crate) fn scan(
    cx: &mut Cx<'_>,
    mut c: Container<'_>,
    location: Option<String>,
) -> Result<(), Stop> {
    c.name("doc");
    let word = c.stream("/WordDocument")?.ok_or_else(|| corrupt("no WordDocument stream"))?;
    let fib = Fib::parse(&word)?;
    let name = if fib.table1 { "/1Table" } else { "/0Table" };
    let table = c.stream(name)?.ok_or_else(|| corrupt("no table stream"))?;
    let pieces = pieces(&table, fib.clx)?;
    let rows = row_end_ranges(&word, &table, fib.bte_papx);
    drop(table);
    // Where each story ends, in character positions.
    let mut ends = [0u64; 7];
    let mut at = 0u64;
    for (e, &n) in ends.iter_mut().zip(fib.ccp.iter()) {
        at += n as u64;
        *e = at;
    }
    let mut decoded = 0u64;
    let mut start = 0u64;
    for (label, end) in STORIES.into_iter().zip(ends) {
        if end <= start {
            continue;
        }
        let mut story = Story::new(Unit::new(cx, location.clone()), label);
        let text = Text { word: &word, pieces: &pieces, rows: &rows };
        let r = text.story(&mut story, start, end, &mut decoded);
        let f = story.finish();
        r?;
        f?;
        start = end;
    }
    drop((word, pieces, rows));
    super::props::scan(cx, &mut c, &location)
}

/// The document's text: the stream, its pieces and where table rows end.
struct Text<'a> {
    word: &'a [u8],
    pieces: &'a [Piece],
    rows: &'a [(u32, u32)],
}

impl Text<'_> {
    /// Writes characters `start..end` to `story`; `decoded` counts stored bytes read so far.
    fn story(
        &self,
        story: &mut Story<'_, '_>,
        start: u64,
        end: u64,
        decoded: &mut u64,
    ) -> Result<(), Stop> {
        let budget = story.unit.budget();
        let max = budget.limits.max_member_bytes;
        let first = self.pieces.partition_point(|p| (p.cp_end as u64) <= start);
        for p in &self.pieces[first..] {
            if p.cp as u64 >= end {
                break;
            }
            budget.check()?;
            let from = (p.cp as u64).max(start) - p.cp as u64;
            let to = (p.cp_end as u64).min(end) - p.cp as u64;
            let width = if p.compressed { 1 } else { 2 };
            let fc = p.fc as u64 + from * width;
            let len = (to - from) * width;
            let raw = usize::try_from(fc)
                .ok()
                .zip(usize::try_from(fc + len).ok())
                .and_then(|(a, b)| self.word.get(a..b))
                .ok_or_else(|| corrupt("piece beyond the WordDocument stream"))?;
            // Pieces may repeat the same bytes: what they decode to is charged, with the
            // member limit on the whole document's text.
            *decoded += len;
            if *decoded > max {
                return Err(Stop::Limit(Limit::MemberBytes));
            }
            budget.draw(len)?;
            if p.compressed {
                for (i, &b) in raw.iter().enumerate() {
                    let c = cp1252(b);
                    story.ch(
                        c,
                        c == '\u{07}' && in_ranges(self.rows, (fc as u32).wrapping_add(i as u32)),
                    )?;
                }
            } else {
                let mut at = fc as u32;
                for c in super::utf16le_chars(raw) {
                    story.ch(c, c == '\u{07}' && in_ranges(self.rows, at))?;
                    at = at.wrapping_add(2 * c.len_utf16() as u32);
                }
            }
        }
        Ok(())
    }
}

fn in_ranges(ranges: &[(u32, u32)], fc: u32) -> bool {
    let i = ranges.partition_point(|r| r.0 <= fc);
    i > 0 && fc < ranges[i - 1].1
}

/// A CP1252 byte of a compressed piece.
fn cp1252(b: u8) -> char {
    if b < 0x80 {
        return b as char;
    }
    let byte = [b];
    let (s, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&byte);
    s.chars().next().unwrap_or('\u{FFFD}')
}

/// The paragraphs of one story being written to its unit.
struct Story<'c, 's> {
    unit: Unit<'c, 's>,
    label: &'static str,
    number: u32,
    text: String,
    codes: String,
    /// For each open field: whether its code (not yet its result) is being read.
    fields: Vec<bool>,
    /// Fields opened past `MAX_FIELD_NESTING`.
    deeper: u32,
}

impl<'c, 's> Story<'c, 's> {
    fn new(unit: Unit<'c, 's>, label: &'static str) -> Self {
        Story {
            unit,
            label,
            number: 0,
            text: String::new(),
            codes: String::new(),
            fields: Vec::new(),
            deeper: 0,
        }
    }

    fn in_code(&self) -> bool {
        self.fields.iter().any(|&code| code)
    }

    fn ch(&mut self, c: char, row_end: bool) -> Result<(), Stop> {
        match c {
            '\u{13}' => {
                if self.fields.len() < MAX_FIELD_NESTING {
                    self.fields.push(true);
                } else {
                    self.deeper += 1;
                }
            }
            '\u{14}' => {
                if self.deeper == 0 {
                    if let Some(top) = self.fields.last_mut() {
                        *top = false;
                    }
                }
            }
            '\u{15}' => {
                if self.deeper > 0 {
                    self.deeper -= 1;
                } else {
                    self.fields.pop();
                    if self.codes.len() < MAX_FIELD_BYTES {
                        self.codes.push(' ');
                    }
                }
            }
            '\u{07}' if row_end => {}
            '\r' | '\u{07}' => self.end_paragraph()?,
            _ if self.in_code() || self.deeper > 0 => {
                if self.codes.len() < MAX_FIELD_BYTES {
                    self.codes.push(c);
                }
            }
            _ => {
                push_text_char(&mut self.text, c);
                if self.text.len() > MAX_PARA_BYTES {
                    self.flush()?;
                }
            }
        }
        Ok(())
    }

    /// Scans the paragraph's text so far (a long paragraph is scanned in pieces).
    fn flush(&mut self) -> Result<(), Stop> {
        if !self.text.is_empty() {
            self.unit.place(format!("{}p={}", self.label, self.number + 1));
            self.unit.push(&self.text)?;
            self.text.clear();
        }
        Ok(())
    }

    fn end_paragraph(&mut self) -> Result<(), Stop> {
        for v in field_links(&self.codes) {
            if !shown_in(&self.text, &v) {
                self.text.push('\n');
                self.text.push_str(&v);
            }
        }
        self.codes.clear();
        self.flush()?;
        self.unit.push("\n")?;
        self.number += 1;
        Ok(())
    }

    fn finish(mut self) -> Result<(), Stop> {
        let r = if self.text.is_empty() && self.codes.is_empty() {
            Ok(())
        } else {
            self.end_paragraph()
        };
        self.unit.finish();
        r
    }
}
