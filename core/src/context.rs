//! Context words ("hotwords") near an item, which raise its confidence.
//!
//! All detectors' hotwords are compiled into one double-array Aho-Corasick automaton
//! (daachorse) over width- and case-folded text (see [`crate::text::fold`]), so `TEL`, `Tel`
//! and `ＴＥＬ` are one word. Text is searched lazily: first a few characters around an item
//! (labels sit there), then the whole window only if that found nothing, with each byte of
//! the wider search examined at most once per scan.
//!
//! A form-level word (`源泉徴収票`, `扶養控除`) names a whole form, which holds many numbers;
//! it counts only for an item that stands in a form field: right after a field label
//! (`番号`, `ナンバー`, `No.`) or alone in a table cell (tab, `|`, comma, full-width or
//! double space, or a line edge on both sides).

use crate::detect::{hotwords, my_number, OTHER_NUMBER_LABELS};
use crate::kind::{Kind, KindBits, RESERVED_BIT};
use crate::text::chars::{decode_at, decode_before, fold_ascii, is_alnum};
use crate::text::fold::{fold_text, keyword_variants};
use daachorse::{DoubleArrayAhoCorasick, DoubleArrayAhoCorasickBuilder, MatchKind};
use std::collections::{HashMap, VecDeque};

/// Pattern bit for the labels of other numbers (above every kind's bit).
pub(crate) const OTHER_LABEL: KindBits = RESERVED_BIT;

struct Pattern {
    kinds: KindBits,
    /// Kinds for which the word names a whole form: it counts only in a form field.
    form_kinds: KindBits,
    word: &'static str,
    /// Latin words must not be glued to other letters ("tel" in "hotel").
    whole_word: bool,
}

/// The compiled hotword automaton.
pub(crate) struct Hotwords {
    automaton: DoubleArrayAhoCorasick<u32>,
    patterns: Vec<Pattern>,
    max_len: usize,
    /// Kinds that have form-level words.
    form_kinds: KindBits,
}

/// The hotwords of `kind` that name a whole form rather than a field.
fn form_words(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::MyNumber => my_number::FORM_WORDS,
        _ => &[],
    }
}

impl Hotwords {
    pub fn new() -> Hotwords {
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut max_len = 1;
        let mut form_kinds = 0;
        let lists = Kind::ALL
            .iter()
            .map(|&k| (hotwords(k).0, k.bit()))
            .chain([(OTHER_NUMBER_LABELS, OTHER_LABEL)]);
        for (words, bit) in lists {
            for &word in words {
                let whole_word = word.chars().any(|c| c.is_ascii_alphabetic());
                for form in keyword_variants(word) {
                    max_len = max_len.max(form.len());
                    let id = *index.entry(form).or_insert_with(|| {
                        patterns.push(Pattern { kinds: 0, form_kinds: 0, word, whole_word });
                        patterns.len() as u32 - 1
                    });
                    patterns[id as usize].kinds |= bit;
                }
            }
        }
        for kind in Kind::ALL {
            for &word in form_words(kind) {
                for form in keyword_variants(word) {
                    let id = index.get(&form).expect("form-level words are hotwords of their kind");
                    patterns[*id as usize].form_kinds |= kind.bit();
                    form_kinds |= kind.bit();
                }
            }
        }
        let automaton = DoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build_with_values(index)
            .expect("built-in hotwords compile");
        Hotwords { automaton, patterns, max_len, form_kinds }
    }

    /// Calls `hit(start, end, pattern)` for every hotword in `buf[lo..hi]` (buffer offsets).
    fn search(
        &self,
        buf: &[u8],
        lo: usize,
        hi: usize,
        scratch: &mut Vec<u8>,
        mut hit: impl FnMut(usize, usize, u32),
    ) {
        fold_text(&buf[lo..hi], scratch);
        for m in self.automaton.find_overlapping_iter(&scratch[..]) {
            let (s, e) = (lo + m.start(), lo + m.end());
            let p = &self.patterns[m.value() as usize];
            if p.whole_word && glued(buf, s, e) {
                continue;
            }
            hit(s, e, m.value());
        }
    }
}

impl Hotwords {
    /// The kinds whose hotwords occur in `cell` (with [`OTHER_LABEL`] for another number's
    /// label) and the longest such word: what a table header cell says its column holds.
    pub fn cell_kinds(&self, cell: &[u8], scratch: &mut Vec<u8>) -> (KindBits, &'static str) {
        let mut kinds = 0;
        let mut word = "";
        self.search(cell, 0, cell.len(), scratch, |_, _, id| {
            let p = &self.patterns[id as usize];
            kinds |= p.kinds;
            if p.kinds & !OTHER_LABEL != 0 && p.word.len() > word.len() {
                word = p.word; // the longest: `旅券番号`, not `旅券`
            }
        });
        (kinds, word)
    }
}

/// A Latin word glued to other letters or digits ("tel" inside "hotel").
fn glued(buf: &[u8], s: usize, e: usize) -> bool {
    decode_before(buf, s).is_some_and(|(c, _)| is_alnum(c))
        || decode_at(buf, e).is_some_and(|(c, _)| is_alnum(c))
}

#[derive(Clone, Copy, Debug)]
struct Hit {
    start: usize,
    end: usize,
    pattern: u32,
}

/// Hotword hits found so far in one scan (absolute offsets), searched lazily.
#[derive(Debug, Default)]
pub(crate) struct HotCache {
    scanned_to: usize,
    hits: VecDeque<Hit>,
    scratch: Vec<u8>,
    near_hits: Vec<Hit>,
}

/// What the context search found for one item.
#[derive(Default)]
pub(crate) struct Context {
    /// The item's hotwords found (empty if none).
    pub words: Vec<String>,
    /// Bytes between the item and the nearest hotword.
    pub nearest: usize,
    /// Bytes between the item and the nearest label of another number written before it.
    pub other_label: Option<usize>,
}

impl Context {
    /// No hotword found.
    pub fn none() -> Context {
        Context { nearest: usize::MAX, ..Context::default() }
    }

    pub fn found(&self) -> bool {
        !self.words.is_empty()
    }

    /// A label of another number stands closer before the item than any hotword of its kind,
    /// or as close: `ポイントカード番号` ends where its hotword `カード番号` does, and names the
    /// other number.
    pub fn labelled_as_other(&self) -> bool {
        self.other_label.is_some_and(|d| !self.found() || d <= self.nearest)
    }
}

/// Moves back `n` characters from `i` (never before 0). A character is counted at each
/// byte that is not a UTF-8 continuation byte, so invalid input still moves.
pub(crate) fn back_chars(buf: &[u8], i: usize, n: usize) -> usize {
    let mut left = n;
    let mut j = i;
    while j > 0 && left > 0 {
        j -= 1;
        left -= (buf[j] & 0xC0 != 0x80) as usize;
    }
    j
}

/// Moves forward `n` characters from `i` (never past the end).
pub(crate) fn fwd_chars(buf: &[u8], i: usize, n: usize) -> usize {
    let mut left = n;
    let mut j = i;
    while j < buf.len() {
        if buf[j] & 0xC0 != 0x80 {
            if left == 0 {
                break;
            }
            left -= 1;
        }
        j += 1;
    }
    j
}

/// Collects the words of `kind` among `hits` that lie in `lo..hi` and outside the item;
/// form-level words only when `in_field`.
fn collect(
    hw: &Hotwords,
    hits: impl Iterator<Item = Hit>,
    (lo, hi): (usize, usize),
    (item_start, item_end): (usize, usize),
    kind: Kind,
    in_field: bool,
) -> Context {
    let mut ctx = Context { nearest: usize::MAX, ..Context::default() };
    for h in hits {
        let p = &hw.patterns[h.pattern as usize];
        if h.start < lo || h.end > hi || (h.start < item_end && h.end > item_start) {
            continue; // outside the window, or inside the item itself
        }
        let dist = if h.end <= item_start { item_start - h.end } else { h.start - item_end };
        if p.kinds & OTHER_LABEL != 0 && h.end <= item_start {
            ctx.other_label = Some(ctx.other_label.map_or(dist, |d: usize| d.min(dist)));
        }
        if p.kinds & kind.bit() == 0 || (p.form_kinds & kind.bit() != 0 && !in_field) {
            continue;
        }
        ctx.nearest = ctx.nearest.min(dist);
        if !ctx.words.iter().any(|w| w == p.word) {
            ctx.words.push(p.word.to_string());
        }
    }
    ctx
}

impl HotCache {
    /// Hotwords of `kind` in the small window `buf[lo..hi]`, searched directly.
    pub fn find_near(
        &mut self,
        hw: &Hotwords,
        buf: &[u8],
        (lo, hi): (usize, usize),
        item: (usize, usize),
        kind: Kind,
    ) -> Context {
        let mut hits = std::mem::take(&mut self.near_hits);
        hits.clear();
        hw.search(buf, lo, hi, &mut self.scratch, |start, end, pattern| {
            hits.push(Hit { start, end, pattern })
        });
        let in_field = hw.form_kinds & kind.bit() != 0 && in_form_field(buf, item);
        let ctx = collect(hw, hits.iter().copied(), (lo, hi), item, kind, in_field);
        self.near_hits = hits;
        ctx
    }

    /// Hotwords of `kind` in `buf[lo..hi]` (buffer offsets; `base` is the buffer's absolute
    /// offset), excluding the item span `item`, searching each byte at most once per scan.
    pub fn find(
        &mut self,
        hw: &Hotwords,
        buf: &[u8],
        base: usize,
        (lo, hi): (usize, usize),
        item: (usize, usize),
        kind: Kind,
    ) -> Context {
        let (lo_abs, hi_abs) = (base + lo, base + hi);
        // Search the part of the window not searched yet, overlapping the previous search
        // by one pattern length so a word across the seam is not lost.
        if hi_abs > self.scanned_to {
            let gap = lo_abs > self.scanned_to;
            let from_abs =
                if gap { lo_abs } else { self.scanned_to.saturating_sub(hw.max_len).max(base) };
            let scanned_to = self.scanned_to;
            let hits = &mut self.hits;
            hw.search(buf, from_abs - base, hi, &mut self.scratch, |s, e, pattern| {
                let (start, end) = (base + s, base + e);
                if gap || end > scanned_to {
                    hits.push_back(Hit { start, end, pattern });
                }
            });
            self.scanned_to = hi_abs;
        }
        while self.hits.front().is_some_and(|h| h.end + 16 * 1024 < lo_abs) {
            self.hits.pop_front();
        }
        let in_field = hw.form_kinds & kind.bit() != 0 && in_form_field(buf, item);
        collect(
            hw,
            self.hits.iter().copied(),
            (lo_abs, hi_abs),
            (base + item.0, base + item.1),
            kind,
            in_field,
        )
    }
}

/// Field labels that may stand right before a value (folded: ASCII lower case).
const FIELD_LABELS: &[&str] = &["番号", "ナンバー", "no.", "no", "№"];

/// The item `buf[start..end]` stands in a form field: right after a field label (an
/// optional colon and spaces between), or alone in a table cell.
fn in_form_field(buf: &[u8], (start, end): (usize, usize)) -> bool {
    let (left, at) = cell_edge(buf, start, Side::Left);
    let (right, _) = cell_edge(buf, end, Side::Right);
    (left && right) || ends_with_label(buf, at)
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    Left,
    Right,
}

/// Whether a cell edge bounds the item at `i` on `side`, and where the text beyond the
/// blanks (and, on the left, one colon) begins or ends. A cell edge is a line or buffer
/// edge, a tab, `|`, a comma, a colon (left only), a full-width space or two spaces;
/// CSV quotes are stepped over.
fn cell_edge(buf: &[u8], mut i: usize, side: Side) -> (bool, usize) {
    const MAX_BLANKS: usize = 64;
    let step = |i: usize| match side {
        Side::Left => decode_before(buf, i).map(|(c, n)| (c, i - n)),
        Side::Right => decode_at(buf, i).map(|(c, n)| (c, i + n)),
    };
    let (mut spaces, mut wide, mut colon) = (0, false, false);
    for _ in 0..MAX_BLANKS {
        let Some((c, next)) = step(i) else {
            return (true, i);
        };
        match c {
            ' ' | '\u{00A0}' => spaces += 1,
            '\t' | '\u{3000}' => wide = true,
            '"' => {}
            ':' | '：' if side == Side::Left && !colon => colon = true,
            '\n' | '\r' | '|' | '｜' | ',' => return (true, i),
            _ => return (wide || spaces >= 2 || colon, i),
        }
        i = next;
    }
    (true, i) // a long run of blanks: a layout gap, not prose
}

/// Text before byte `at` ends with a field label (a Latin one not glued to a letter).
fn ends_with_label(buf: &[u8], at: usize) -> bool {
    FIELD_LABELS.iter().any(|label| {
        let mut i = at;
        let spelled = label.chars().rev().all(|want| match decode_before(buf, i) {
            Some((c, n)) => {
                i -= n;
                fold_ascii(c).map_or(c, |a| a.to_ascii_lowercase() as char) == want
            }
            None => false,
        });
        let latin = label.starts_with(|c: char| c.is_ascii_alphabetic());
        spelled && !(latin && decode_before(buf, i).is_some_and(|(c, _)| is_alnum(c)))
    })
}

#[cfg(test)]
mod tests {
    use super::in_form_field;

    /// `in_form_field` on the span of `item` inside `text`.
    fn field(text: &str, item: &str) -> bool {
        let start = text.find(item).expect("item in text");
        in_form_field(text.as_bytes(), (start, start + item.len()))
    }

    #[test]
    fn labelled_values_are_fields() {
        for text in [
            "番号 628193745012\n",
            "番号：628193745012 です",
            "マイナンバー　628193745012",
            "No. 628193745012",
            "ＮＯ．628193745012",
        ] {
            assert!(field(text, "628193745012"), "{text}");
        }
    }

    #[test]
    fn table_cells_are_fields() {
        for text in [
            "628193745012",
            "西村 陽向　628193745012　三男",
            "1,西村,628193745012,東京都",
            "1,\"628193745012\",x",
            "| 西村 | 628193745012 |",
            "氏名\t628193745012\t続柄",
            "西村  628193745012  三男",
            "区分：628193745012\n",
        ] {
            assert!(field(text, "628193745012"), "{text}");
        }
    }

    #[test]
    fn prose_is_no_field() {
        for text in [
            "源泉徴収票の照合値628193745012を控えてください。",
            "照合値 628193745012 を控えてください。",
            "参照：628193745012を控える",
            "casino 628193745012 の件",
            "「628193745012」と記載",
        ] {
            assert!(!field(text, "628193745012"), "{text}");
        }
    }
}
