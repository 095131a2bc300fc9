//! The engine's pass for who the data is about: addresses and personal names.
//!
//! One literal search ([`CjkSearch`]) finds the triggers: 市/区/町/村 (every municipality ends
//! in one; see [`crate::detect::address`]), honorifics and titles after a name, labels before
//! one, and reading labels (see [`crate::detect::person_name`]). A label that is a whole cell
//! of a tab-, bar- or comma-separated line is a table header: the following lines are then
//! read row by row, and the cells of its name and reading columns are checked as names.
//! English headers (`name`, `Full Name`, `customer_name`) are found by a second search for
//! `name` in any case, which runs alongside.
//!
//! Like the other passes, every decision at offset `p` reads only `p - LOOKBEHIND ..
//! p + LOOKAHEAD`, and the pass keeps its position and table state in [`PeopleState`], so
//! streaming gives the findings of a one-shot scan.

use crate::detect::address;
use crate::detect::person_name::{self, AFTER_NAME, BEFORE_NAME, READING_LABELS};
use crate::dict::{Names, Places};
use crate::text::cjk_search::CjkSearch;

/// Bytes past a trigger the pass may read.
pub(crate) const LOOKAHEAD: usize = address::LOOKAHEAD + 4096;
/// Bytes before a trigger a finding may start at.
pub(crate) const FINDING_LOOKBACK: usize = 512;
/// Longest line read as a table row.
const MAX_ROW: usize = 4096;
/// Bytes before a trigger the pass may read (a header cell's line start).
pub(crate) const LOOKBEHIND: usize = MAX_ROW + FINDING_LOOKBACK;
/// Most columns a table header may mark.
const MAX_COLUMNS: usize = 64;

/// Cells that head a column of names.
const NAME_HEADERS: [&str; 16] = [
    "氏名",
    "名前",
    "お名前",
    "氏名（漢字）",
    "氏名(漢字)",
    "顧客名",
    "担当者",
    "担当者名",
    "宛名",
    "社員名",
    "従業員名",
    "会員名",
    "契約者名",
    "申込者名",
    "受取人",
    "保護者名",
];
/// English cells that head a column of full names (compared without case).
const ENGLISH_NAME_HEADERS: [&str; 14] = [
    "name",
    "full name",
    "fullname",
    "full_name",
    "customer name",
    "customer_name",
    "contact name",
    "contact_name",
    "employee name",
    "employee_name",
    "member name",
    "member_name",
    "name (romaji)",
    "name_romaji",
];
/// Farthest (bytes) the word `name` may sit from the edges of its header cell.
const ENGLISH_HEADER_SLACK: usize = 16;

/// Cells that head a column of kana readings.
const READING_HEADERS: [&str; 9] = [
    "フリガナ",
    "ふりがな",
    "よみがな",
    "カナ",
    "氏名カナ",
    "氏名（カナ）",
    "氏名(カナ)",
    "セイメイ",
    "ヨミ",
];

/// Characters the trigger search looks for: every trigger holds one, and is found
/// through the first of its characters in this list (`出席者` through `者`). Mostly the
/// rarest character of each trigger in Japanese business text (the anchors corpus), since
/// each occurrence is verified; the labels ending in 者 share that one anchor (fewer hits
/// than 成, 契, 記... together, and the search costs one table plane per eight anchors).
const ANCHORS: [char; 19] = [
    '市', '区', '町', '村', '様', 'ん', '殿', '氏', '生', '長', '前', '宛', '担', '者', '差', 'ガ',
    'ふ', '君', 'ま',
];

/// A trigger found: its start, end and pattern index.
type TriggerMatch = (usize, usize, usize);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Trigger {
    Municipality,
    Honorific,
    Label { list: bool },
    ReadingLabel,
}

/// The compiled triggers and the dictionaries.
pub(crate) struct PeopleMatcher {
    automaton: CjkSearch,
    /// Per pattern index: the trigger text (a name's context word) and what it triggers.
    patterns: Vec<&'static str>,
    triggers: Vec<Trigger>,
    places: Option<&'static Places>,
    names: Option<&'static Names>,
    /// `name` in any case, for English table headers (with the name dictionary only).
    english_headers: Option<aho_corasick::AhoCorasick>,
}

/// A table whose header named its name or reading columns.
#[derive(Clone, Copy, Debug, Default)]
struct Table {
    delim: u8,
    /// Bit per column holding names / readings.
    name_cols: u64,
    reading_cols: u64,
    /// Offset of the header line's start (more header cells may join).
    header_start: usize,
    /// First byte of the next row.
    rows_from: usize,
}

/// What the pass carries from one window to the next.
#[derive(Default)]
pub(crate) struct PeopleState {
    pub pos: usize,
    /// Triggers before this offset lie inside an item already reported.
    skip_to: usize,
    table: Option<Table>,
    /// The next `name` of the English header search (absolute), if one was found, and how
    /// far that search has looked: it runs ahead of the trigger search, each byte once.
    english_next: Option<usize>,
    english_searched_to: usize,
}

/// A finding of the pass, before the engine turns it into a [`crate::Finding`].
pub(crate) enum Item {
    Address(address::Found),
    Name(person_name::Found, &'static str),
}

impl PeopleMatcher {
    /// `None` when neither kind is enabled or the dictionaries are not built in.
    pub fn new(addresses: bool, names: bool) -> Option<PeopleMatcher> {
        let places = crate::dict::places().filter(|_| addresses);
        let name_dict = crate::dict::names().filter(|_| names);
        if places.is_none() && name_dict.is_none() {
            return None;
        }
        let mut patterns: Vec<&'static str> = Vec::new();
        let mut triggers = Vec::new();
        if places.is_some() {
            for p in ["市", "区", "町", "村"] {
                patterns.push(p);
                triggers.push(Trigger::Municipality);
            }
        }
        if name_dict.is_some() {
            for p in AFTER_NAME {
                patterns.push(p);
                triggers.push(Trigger::Honorific);
            }
            for (p, list) in BEFORE_NAME {
                patterns.push(p);
                triggers.push(Trigger::Label { list });
            }
            for p in READING_LABELS {
                patterns.push(p);
                triggers.push(Trigger::ReadingLabel);
            }
        }
        let automaton = CjkSearch::new(&patterns, &ANCHORS);
        let english_headers = name_dict.and_then(|_| {
            aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build(["name"]).ok()
        });
        Some(PeopleMatcher {
            automaton,
            patterns,
            triggers,
            places,
            names: name_dict,
            english_headers,
        })
    }

    /// Runs the pass over `buf` (absolute offset `base`) as far as it can decide, handing
    /// each item (buffer offsets) to `found`.
    pub fn run(
        &self,
        st: &mut PeopleState,
        buf: &[u8],
        base: usize,
        is_final: bool,
        found: &mut dyn FnMut(Item),
    ) {
        let limit = if is_final { buf.len() } else { buf.len().saturating_sub(LOOKAHEAD) };
        let mut i = st.pos.max(base) - base;
        // The trigger search's last answer and the `stop` it was asked for.
        let mut cached: Option<(usize, Option<TriggerMatch>)> = None;
        while i < limit {
            // Table rows are read line by line; elsewhere the pass jumps between triggers.
            if let Some(rows_from) = st.table.as_ref().map(|t| t.rows_from.saturating_sub(base)) {
                if i >= rows_from {
                    i = self.row(st, buf, base, i, is_final, found);
                    continue;
                }
            }
            let stop =
                st.table.as_ref().map_or(limit, |t| t.rows_from.saturating_sub(base).min(limit));
            let hay_end = (stop + self.automaton.max_len()).min(buf.len());
            let english = self.next_english_header(st, buf, base, i, stop);
            // The trigger search's last answer stands while it lies ahead (English headers
            // may be handled in between).
            let found_trigger = match cached {
                Some((at_stop, t)) if at_stop == stop && t.is_none_or(|(s, _, _)| s >= i) => t,
                _ => self.automaton.find(&buf[..hay_end], i, stop),
            };
            cached = Some((stop, found_trigger));
            let Some((s, e, pattern)) = found_trigger else {
                if let Some(h) = english {
                    i = self.english_header(st, buf, base, h);
                } else {
                    i = stop;
                }
                continue;
            };
            if let Some(h) = english.filter(|&h| h < s) {
                i = self.english_header(st, buf, base, h);
                continue;
            }
            i = self.trigger(st, buf, base, s, e, pattern, found);
        }
        st.pos = base + i.min(buf.len()).max(st.pos.max(base) - base);
    }

    /// Handles one trigger; returns where to continue.
    #[allow(clippy::too_many_arguments)]
    fn trigger(
        &self,
        st: &mut PeopleState,
        buf: &[u8],
        base: usize,
        t: usize,
        t_end: usize,
        pattern: usize,
        found: &mut dyn FnMut(Item),
    ) -> usize {
        if base + t < st.skip_to {
            return t_end;
        }
        match self.triggers[pattern] {
            Trigger::Municipality => {
                let Some(places) = self.places else { return t_end };
                match address::detect(places, buf, t_end) {
                    Some(a) if base + a.start >= st.skip_to => {
                        let end = a.end;
                        st.skip_to = base + end;
                        found(Item::Address(a));
                        end
                    }
                    _ => t_end,
                }
            }
            Trigger::Honorific => {
                let Some(names) = self.names else { return t_end };
                if let Some(n) = person_name::before_honorific(names, buf, t, t_end) {
                    if base + n.start >= st.skip_to {
                        st.skip_to = base + t_end;
                        found(Item::Name(n, self.patterns[pattern]));
                    }
                }
                t_end
            }
            Trigger::Label { list } => {
                let Some(names) = self.names else { return t_end };
                if self.header_cell(st, buf, base, t, t_end, false) {
                    return t_end;
                }
                let mut out = Vec::new();
                person_name::after_label(names, buf, t_end, list, &mut out);
                let word = self.patterns[pattern];
                let mut next = t_end;
                for n in out {
                    next = n.end;
                    st.skip_to = base + n.end;
                    let reading = person_name::reading_in_brackets(names, buf, n.end);
                    found(Item::Name(n, word));
                    if let Some(r) = reading {
                        next = r.end;
                        st.skip_to = base + r.end;
                        found(Item::Name(r, word));
                    }
                }
                next
            }
            Trigger::ReadingLabel => {
                let Some(names) = self.names else { return t_end };
                if self.header_cell(st, buf, base, t, t_end, true) {
                    return t_end;
                }
                let p = person_name::skip_label_tail(buf, t_end);
                match person_name::reading_at(names, buf, p) {
                    Some(n) => {
                        let end = n.end;
                        st.skip_to = base + end;
                        found(Item::Name(n, "フリガナ"));
                        end
                    }
                    None => t_end,
                }
            }
        }
    }

    /// The next `name` at or after `i` and before `stop` (buffer offsets), for English
    /// headers. The search result is kept, so each byte is searched once.
    fn next_english_header(
        &self,
        st: &mut PeopleState,
        buf: &[u8],
        base: usize,
        i: usize,
        stop: usize,
    ) -> Option<usize> {
        let finder = self.english_headers.as_ref()?;
        if let Some(h) = st.english_next {
            if h >= base + i {
                return (h < base + stop).then(|| h - base);
            }
            st.english_next = None;
        }
        let from = (st.english_searched_to.max(base + i) - base).min(stop);
        if from >= stop {
            return None;
        }
        let hay_end = (stop + 3).min(buf.len());
        match finder.find(&buf[from..hay_end]).map(|m| from + m.start()).filter(|&h| h < stop) {
            Some(h) => {
                st.english_next = Some(base + h);
                st.english_searched_to = base + h + 1;
                Some(h)
            }
            None => {
                st.english_searched_to = base + stop;
                None
            }
        }
    }

    /// Handles `name` at `h`: a name column if it is an English header cell. Returns where
    /// to continue.
    fn english_header(&self, st: &mut PeopleState, buf: &[u8], base: usize, h: usize) -> usize {
        let end = h + 4;
        st.english_next = None;
        // The cell must end near the word on both sides: cheap, before the line is read.
        let delim = |b: &u8| matches!(b, b'\t' | b',' | b'|' | b'\n' | b'\r' | b'"');
        let lo = h.saturating_sub(ENGLISH_HEADER_SLACK);
        let starts = h == 0 || buf[lo..h].iter().any(delim) || lo == 0;
        let hi = (end + ENGLISH_HEADER_SLACK).min(buf.len());
        let ends = buf[end..hi].iter().any(delim) || hi == buf.len();
        if !starts || !ends {
            return end;
        }
        let Some(cell) = cell_around(buf, h, end) else { return end };
        let text = std::str::from_utf8(&buf[cell.start..cell.end]).unwrap_or("");
        if ENGLISH_NAME_HEADERS.iter().any(|w| w.eq_ignore_ascii_case(text)) {
            record_column(st, base, &cell, false);
        }
        end
    }

    /// If the label at `t..t_end` is a whole cell of a separated line (a table header),
    /// records its column and returns true.
    fn header_cell(
        &self,
        st: &mut PeopleState,
        buf: &[u8],
        base: usize,
        t: usize,
        t_end: usize,
        reading: bool,
    ) -> bool {
        if !may_be_cell(buf, t, t_end) {
            return false; // most labels sit in running text: skip the line scan
        }
        let Some(cell) = cell_around(buf, t, t_end) else { return false };
        let text = std::str::from_utf8(&buf[cell.start..cell.end]).unwrap_or("");
        let is_header =
            if reading { READING_HEADERS.contains(&text) } else { NAME_HEADERS.contains(&text) };
        if !is_header {
            return false;
        }
        record_column(st, base, &cell, reading)
    }

    /// Reads one table row at `i`; ends the table on a blank, short or overlong line.
    /// Returns where to continue.
    fn row(
        &self,
        st: &mut PeopleState,
        buf: &[u8],
        base: usize,
        i: usize,
        is_final: bool,
        found: &mut dyn FnMut(Item),
    ) -> usize {
        let Some(table) = st.table else { return i };
        let window = &buf[i..buf.len().min(i + MAX_ROW)];
        let line_end = match memchr::memchr(b'\n', window) {
            Some(n) => i + n,
            None if is_final && window.len() < MAX_ROW => buf.len(),
            None => {
                st.table = None; // a line this long is not a table row
                return i;
            }
        };
        let line = &buf[i..line_end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let widest = 64 - (table.name_cols | table.reading_cols).leading_zeros() as usize;
        let cells = line.split(|&b| b == table.delim).count();
        if line.iter().all(|b| b.is_ascii_whitespace()) || cells < widest {
            st.table = None;
            return i;
        }
        let mut at = i;
        for (col, cell) in line.split(|&b| b == table.delim).enumerate().take(MAX_COLUMNS) {
            let (s, e) = trim_cell(buf, at, at + cell.len());
            at += cell.len() + 1;
            let bit = 1u64 << col;
            let names = self.names;
            let n = match names {
                Some(d) if table.name_cols & bit != 0 => person_name::written_name_at(d, buf, s)
                    .filter(|n| n.end <= e)
                    .map(|n| (n, "氏名")),
                Some(d) if table.reading_cols & bit != 0 => person_name::reading_at(d, buf, s)
                    .filter(|n| n.end <= e)
                    .map(|n| (n, "フリガナ")),
                _ => None,
            };
            if let Some((mut n, word)) = n {
                n.score = (n.score + 0.05).min(0.95);
                found(Item::Name(n, word));
            }
        }
        // Addresses and honorifics inside the row.
        let mut j = i;
        while j < line_end {
            let hay_end = (line_end + self.automaton.max_len()).min(buf.len());
            let Some((s, e, pattern)) = self.automaton.find(&buf[..hay_end], j, line_end) else {
                break;
            };
            if self.triggers[pattern] != Trigger::Municipality {
                j = e; // names in rows come from their column
                continue;
            }
            j = self.trigger(st, buf, base, s, e, pattern, found);
        }
        line_end + 1
    }
}

/// Records the header cell's column as one of names or readings (false past the columns a
/// table may mark).
fn record_column(st: &mut PeopleState, base: usize, cell: &Cell, reading: bool) -> bool {
    if cell.column >= MAX_COLUMNS {
        return false;
    }
    let header_start = base + cell.line_start;
    let table = match &mut st.table {
        Some(tb) if tb.header_start == header_start && tb.delim == cell.delim => tb,
        _ => st.table.insert(Table {
            delim: cell.delim,
            header_start,
            rows_from: base + cell.line_end + 1,
            ..Table::default()
        }),
    };
    let bit = 1u64 << cell.column;
    if reading {
        table.reading_cols |= bit;
    } else {
        table.name_cols |= bit;
    }
    true
}

/// A cheap test before [`cell_around`]: a delimiter, quote or line start right before the
/// label, and one within a few bytes after it (room for `（漢字）`).
fn may_be_cell(buf: &[u8], t: usize, t_end: usize) -> bool {
    let mut i = t;
    while i > 0 && t - i < 2 && matches!(buf[i - 1], b'"' | b' ') {
        i -= 1;
    }
    let before = i == 0 || matches!(buf[i - 1], b'\t' | b',' | b'|' | b'\n');
    let after = buf[t_end..buf.len().min(t_end + 20)]
        .iter()
        .position(|b| matches!(b, b'\t' | b',' | b'|' | b'\n' | b'\r' | b'"'))
        .is_some()
        || buf.len() - t_end < 20;
    before && after
}

/// Trims blanks and double quotes around a cell.
fn trim_cell(buf: &[u8], mut s: usize, mut e: usize) -> (usize, usize) {
    while s < e && matches!(buf[s], b' ' | b'"') {
        s += 1;
    }
    while e > s && matches!(buf[e - 1], b' ' | b'"' | b'\r') {
        e -= 1;
    }
    (s, e)
}

struct Cell {
    start: usize,
    end: usize,
    column: usize,
    delim: u8,
    line_start: usize,
    line_end: usize,
}

/// The cell of a tab-, bar- or comma-separated line that `t..t_end` lies in, if the line is one.
fn cell_around(buf: &[u8], t: usize, t_end: usize) -> Option<Cell> {
    let lo = t.saturating_sub(MAX_ROW);
    let line_start = memchr::memrchr(b'\n', &buf[lo..t]).map_or(lo, |n| lo + n + 1);
    if line_start == lo && lo > 0 {
        return None;
    }
    let hi = (t_end + MAX_ROW).min(buf.len());
    let line_end = memchr::memchr(b'\n', &buf[t_end..hi]).map_or(hi, |n| t_end + n);
    let line = &buf[line_start..line_end];
    let delim = if memchr::memchr(b'\t', line).is_some() {
        b'\t'
    } else if memchr::memchr(b'|', line).is_some() {
        b'|' // Markdown and plain-text tables
    } else if memchr::memchr(b',', line).is_some() {
        b','
    } else {
        return None;
    };
    let start =
        memchr::memrchr(delim, &buf[line_start..t]).map_or(line_start, |n| line_start + n + 1);
    let end = memchr::memchr(delim, &buf[t_end..line_end]).map_or(line_end, |n| t_end + n);
    let (s, e) = trim_cell(buf, start, end);
    let column = buf[line_start..start].iter().filter(|&&b| b == delim).count();
    Some(Cell { start: s, end: e, column, delim, line_start, line_end })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names the pass finds in `text`, with their context word.
    fn names(text: &str) -> Vec<(String, &'static str)> {
        let pm = PeopleMatcher::new(false, true).expect("dictionaries built in");
        let mut st = PeopleState::default();
        let mut out = Vec::new();
        pm.run(&mut st, text.as_bytes(), 0, true, &mut |it| {
            if let Item::Name(n, word) = it {
                out.push((text[n.start..n.end].to_string(), word));
            }
        });
        out
    }

    #[test]
    fn english_name_columns_with_romaji_and_kanji() {
        let csv = "id,Name,email\n1,YAMADA Taro,t@example.jp\n2,Hanako Suzuki,h@example.jp\n\
                   3,佐藤 一郎,s@example.jp\n4,Sales Team,x@example.jp\n";
        let got: Vec<String> = names(csv).into_iter().map(|(n, _)| n).collect();
        assert_eq!(got, ["YAMADA Taro", "Hanako Suzuki", "佐藤 一郎"]);
        let tsv = "customer_name\tphone\nKenta Watanabe\t090\n";
        assert_eq!(names(tsv).len(), 1);
        // `name` in prose or in other headers marks no column.
        for text in [
            "The name of the project, Yamada Taro said.\nYAMADA Taro\n",
            "file_name,size\nYAMADA Taro,10\n",
        ] {
            assert!(names(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn labels_with_kana_and_romaji_names() {
        for (text, want) in [
            ("氏名: YAMADA Taro\n", "YAMADA Taro"),
            ("氏名：ヤマダ タロウ\n", "ヤマダ タロウ"),
            ("氏名：山田 さくら\n", "山田 さくら"),
            ("お名前：Taro Yamada\n", "Taro Yamada"),
        ] {
            let got = names(text);
            assert_eq!(got.first().map(|n| n.0.as_str()), Some(want), "{text}");
        }
        for text in ["担当：システム 開発部\n", "担当：サポート センター\n", "氏名: Test User\n"]
        {
            assert!(names(text).is_empty(), "{text}: {:?}", names(text));
        }
    }

    #[test]
    fn new_honorifics_in_text() {
        let got: Vec<String> = names("山田君と佐藤さま、鈴木ちゃん。赤ちゃんと諸君。")
            .into_iter()
            .map(|n| n.0)
            .collect();
        assert_eq!(got, ["山田", "佐藤", "鈴木"]);
    }
}
