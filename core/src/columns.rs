//! Column context: a table header cell gives its meaning to every cell below it.
//!
//! Tables reach the engine as text: CSV and TSV files, a sheet pasted into a mail, the rows of
//! xlsx/xls sheets and of docx, pptx and HTML tables (cells joined with tabs, rows with line
//! breaks), Markdown-style `|` tables and space-aligned text tables. In a long sheet the only
//! label of a value is its column's header, many rows above: `旅券番号`, `郵便番号`, `口座番号`.
//!
//! When a number has no label of its own nearby, the engine asks [`ColumnState::column_of`]
//! for the header of the cell it sits in. The header is searched upward from the cell's row
//! through lines that share the row's delimiter, and once found it is remembered with the
//! extent of the rows verified so far, so the rows of a long sheet cost one line check each.
//! A blank line, a line without the delimiter or a gap of more than [`MAX_GAP`] bytes between
//! two looked-up rows ends the table.
//!
//! Every decision at item offset `p` reads only `p - LOOKBEHIND .. p + MAX_LINE`, so streaming
//! and one-shot scans agree.

use crate::context::Hotwords;

/// Longest line read as a table row or header.
pub(crate) const MAX_LINE: usize = 2048;
/// How far above a row its header may stand when the table is first met.
const MAX_HEADER_SEARCH: usize = 8192;
/// Most bytes of rows between two looked-up cells that are verified to keep a table going.
pub(crate) const MAX_GAP: usize = 8192;
/// Bytes before an item that a column lookup may read.
pub(crate) const LOOKBEHIND: usize =
    MAX_LINE + if MAX_HEADER_SEARCH > MAX_GAP { MAX_HEADER_SEARCH } else { MAX_GAP };
/// Most columns a header may name.
const MAX_COLUMNS: usize = 64;
/// Longest header cell read as a label.
const MAX_LABEL: usize = 96;

/// How the cells of a line are separated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Delim {
    Tab,
    Bar,
    Comma,
    Semicolon,
    /// Two or more spaces, or an ideographic space (an aligned text table).
    Spaces,
}

/// What a header cell says its column holds.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Column {
    /// Kind bits of the header's hotwords (with `context::OTHER_LABEL` for another number).
    pub kinds: crate::kind::KindBits,
    /// The header word, reported as the finding's hotword.
    pub word: &'static str,
}

#[derive(Debug)]
struct Table {
    delim: Delim,
    /// Absolute offset of the header line's start.
    header_start: usize,
    /// Absolute offset just past the last line verified as a row of this table.
    rows_to: usize,
    columns: Vec<Column>,
}

/// The table the scan is in, if any (part of the scan state).
#[derive(Debug, Default)]
pub(crate) struct ColumnState {
    table: Option<Table>,
    /// Start of the last row looked up in vain (no header above it).
    no_header_at: Option<usize>,
    scratch: Vec<u8>,
    label: Vec<u8>,
}

/// The delimiter of a line, strongest first.
fn delim_of(line: &[u8]) -> Option<Delim> {
    if line.contains(&b'\t') {
        Some(Delim::Tab)
    } else if line.contains(&b'|') {
        Some(Delim::Bar)
    } else if line.contains(&b',') {
        Some(Delim::Comma)
    } else if line.contains(&b';') {
        Some(Delim::Semicolon)
    } else if line.windows(2).any(|w| w == b"  ")
        || memchr::memmem::find(line, "　".as_bytes()).is_some()
    {
        Some(Delim::Spaces)
    } else {
        None
    }
}

/// Byte spans of the cells of `line` (quotes protect delimiters in CSV), at most
/// [`MAX_COLUMNS`] + 1 of them.
fn cells(line: &[u8], delim: Delim, out: &mut Vec<(usize, usize)>) {
    out.clear();
    let mut start = 0;
    let mut quoted = false;
    let mut i = 0;
    while i < line.len() && out.len() <= MAX_COLUMNS {
        let b = line[i];
        let width = match (delim, b) {
            _ if quoted => 0,
            (Delim::Tab, b'\t') | (Delim::Bar, b'|') | (Delim::Comma, b',') => 1,
            (Delim::Semicolon, b';') => 1,
            (Delim::Spaces, b' ') if line.get(i + 1) == Some(&b' ') => {
                line[i..].iter().take_while(|&&c| c == b' ').count()
            }
            (Delim::Spaces, 0xE3) if line[i..].starts_with("　".as_bytes()) => 3,
            _ => 0,
        };
        if b == b'"' {
            quoted = !quoted;
        }
        if width > 0 {
            out.push((start, i));
            i += width;
            start = i;
        } else {
            i += 1;
        }
    }
    out.push((start, line.len()));
}

/// `cell` without surrounding blanks, quotes and markers.
fn trim(cell: &[u8]) -> &[u8] {
    let s = std::str::from_utf8(cell).unwrap_or("");
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '*' | '※' | '【' | '】' | '■'))
        .as_bytes()
}

/// Start of the line holding `at`, searching at most [`MAX_LINE`] bytes back.
fn line_start(buf: &[u8], base: usize, at: usize) -> Option<usize> {
    let lo = at.saturating_sub(MAX_LINE);
    match memchr::memrchr(b'\n', &buf[lo..at]) {
        Some(nl) => Some(lo + nl + 1),
        None if lo == 0 && base == 0 => Some(0),
        None => None,
    }
}

/// End of the line holding `at` (before its line break), at most [`MAX_LINE`] bytes on.
fn line_end(buf: &[u8], at: usize) -> Option<usize> {
    let hi = (at + MAX_LINE).min(buf.len());
    match memchr::memchr(b'\n', &buf[at..hi]) {
        Some(nl) => Some(at + nl),
        None if hi == buf.len() => Some(hi),
        None => None,
    }
}

fn strip_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Does `line` continue a table of this delimiter (a non-blank row that uses it)?
fn is_row(line: &[u8], delim: Delim) -> bool {
    let uses = match delim {
        Delim::Tab => line.contains(&b'\t'),
        Delim::Bar => line.contains(&b'|'),
        Delim::Comma => line.contains(&b','),
        Delim::Semicolon => line.contains(&b';'),
        Delim::Spaces => delim_of(line) == Some(Delim::Spaces),
    };
    uses && !trim(line).is_empty()
}

impl ColumnState {
    /// The header of the column holding `item` (buffer offsets; `base` is the buffer's
    /// absolute offset), when the item is a cell of a table whose header names its column.
    pub fn column_of(
        &mut self,
        hw: &Hotwords,
        buf: &[u8],
        base: usize,
        item: (usize, usize),
    ) -> Option<Column> {
        let ls = line_start(buf, base, item.0)?;
        let le = line_end(buf, item.1)?;
        if buf[item.0..item.1].contains(&b'\n') {
            return None;
        }
        let line = strip_cr(&buf[ls..le]);
        let delim = delim_of(line)?;
        let mut spans = Vec::new();
        cells(line, delim, &mut spans);
        let col = spans.iter().take_while(|&&(_, e)| e < item.0 - ls).count();
        let (abs_ls, row_end) = (base + ls, base + (le + 1).min(buf.len()));
        if self.in_table(buf, base, abs_ls, row_end, delim) {
            return self.table.as_ref()?.columns.get(col).copied().filter(|c| c.kinds != 0);
        }
        if self.no_header_at == Some(abs_ls) {
            return None;
        }
        // Search upward for the header, through rows of the same delimiter.
        let mut end = ls;
        while end > 0 && ls - end < MAX_HEADER_SEARCH {
            let above_end = end - 1; // the line break ending the line above
            let Some(above) = line_start(buf, base, above_end) else { break };
            let text = strip_cr(&buf[above..above_end]);
            if !is_row(text, delim) {
                break;
            }
            if let Some(columns) = self.header(hw, text, delim) {
                let found = columns.get(col).copied().filter(|c| c.kinds != 0);
                self.table =
                    Some(Table { delim, header_start: base + above, rows_to: row_end, columns });
                return found;
            }
            end = above;
        }
        self.no_header_at = Some(abs_ls);
        None
    }

    /// Is the row starting at `abs_ls` part of the current table? Extends the verified rows
    /// through it when the lines in between are rows too.
    fn in_table(
        &mut self,
        buf: &[u8],
        base: usize,
        abs_ls: usize,
        row_end: usize,
        delim: Delim,
    ) -> bool {
        let Some(t) = &mut self.table else { return false };
        if t.delim != delim || abs_ls <= t.header_start {
            return false;
        }
        if abs_ls < t.rows_to {
            return true;
        }
        let gap_ok = abs_ls - t.rows_to <= MAX_GAP && t.rows_to >= base;
        let rows_between = gap_ok
            && buf[t.rows_to - base..abs_ls - base]
                .split(|&b| b == b'\n')
                .filter(|l| !l.is_empty())
                .all(|l| is_row(strip_cr(l), delim))
            && !buf[t.rows_to - base..abs_ls - base].windows(2).any(|w| w == b"\n\n");
        if rows_between {
            t.rows_to = row_end;
        } else {
            self.table = None;
        }
        rows_between
    }

    /// The columns a header line names, or `None` when the line is no header: fewer than two
    /// cells, a cell holding a number, or no cell naming a kind.
    fn header(&mut self, hw: &Hotwords, line: &[u8], delim: Delim) -> Option<Vec<Column>> {
        let mut spans = Vec::new();
        cells(line, delim, &mut spans);
        if spans.len() < 2 || spans.len() > MAX_COLUMNS {
            return None;
        }
        let mut columns = Vec::with_capacity(spans.len());
        let mut named = false;
        for &(s, e) in &spans {
            let cell = trim(&line[s..e]);
            if cell.len() > MAX_LABEL || has_number(cell) {
                return None;
            }
            // `my_number`, `card_no`: English headers join their words with `_`.
            self.label.clear();
            self.label.extend(cell.iter().map(|&b| if b == b'_' { b' ' } else { b }));
            let (kinds, word) = hw.cell_kinds(&self.label, &mut self.scratch);
            named |= !word.is_empty();
            columns.push(Column { kinds, word });
        }
        named.then_some(columns)
    }
}

/// Four or more digits in a row: a value, not a label.
fn has_number(cell: &[u8]) -> bool {
    let mut run = 0;
    for &b in cell {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        if run >= 4 {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup(text: &str, value: &str) -> Option<Column> {
        let hw = Hotwords::new();
        let mut st = ColumnState::default();
        let mut found = None;
        let mut from = 0;
        // Look up every occurrence in order, as a scan does; keep the last answer.
        while let Some(i) = text[from..].find(value) {
            let s = from + i;
            found = st.column_of(&hw, text.as_bytes(), 0, (s, s + value.len()));
            from = s + value.len();
        }
        found
    }

    #[test]
    fn a_header_names_its_column_many_rows_below() {
        let mut text = String::from("氏名\t旅券番号\t郵便番号\n");
        for i in 0..200 {
            text.push_str(&format!("山田 {i}\tTK{:07}\t{:07}\n", 1000000 + i, 1500000 + i));
        }
        text.push_str("最後\tTK7654321\t1600023\n");
        assert_eq!(lookup(&text, "TK7654321").unwrap().word, "旅券番号");
        assert_eq!(lookup(&text, "1600023").unwrap().word, "郵便番号");
        assert!(lookup(&text, "最後").is_none(), "the name column names no number kind");
    }

    #[test]
    fn english_csv_headers_and_quotes() {
        let text =
            "id,my_number,\"card_no\",tel,zip\n1,621498320257,\"4111,1111\",0312345678,1600023\n";
        assert_eq!(lookup(text, "621498320257").unwrap().word, "my number");
        assert_eq!(lookup(text, "0312345678").unwrap().word, "tel");
        assert_eq!(lookup(text, "1600023").unwrap().word, "zip");
    }

    #[test]
    fn a_blank_line_or_prose_ends_the_table() {
        let text = "氏名\t口座番号\n山田\t1234567\n\n佐藤\t7654321\n";
        assert!(lookup(text, "1234567").is_some());
        assert!(lookup(text, "7654321").is_none());
        assert!(lookup("口座番号は次のとおり\n1234567\n", "1234567").is_none());
    }

    #[test]
    fn aligned_text_tables() {
        let text = "氏名      旅券番号\n山田 太郎  TK1234567\n佐藤 花子  TK7654321\n";
        assert_eq!(lookup(text, "TK7654321").unwrap().word, "旅券番号");
    }
}
