//! Context words ("hotwords") near an item, which raise its confidence.
//!
//! All detectors' hotwords are compiled into one Aho-Corasick automaton (ASCII
//! case-insensitive, with full-width variants of Latin words added). Text is searched lazily:
//! only around candidates that passed validation, and each byte at most once per scan, so
//! context costs nothing on text without candidates.

use crate::detect::hotwords;
use crate::kind::Kind;
use crate::text::chars::{decode_at, decode_before, is_alnum};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::collections::{HashMap, VecDeque};

struct Pattern {
    kinds: u16,
    word: &'static str,
    /// Latin words must not be glued to other letters ("tel" in "hotel").
    whole_word: bool,
}

/// The compiled hotword automaton.
pub(crate) struct Hotwords {
    ac: AhoCorasick,
    patterns: Vec<Pattern>,
    max_len: usize,
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c),
            ' ' => '\u{3000}',
            _ => c,
        })
        .collect()
}

impl Hotwords {
    pub fn new() -> Hotwords {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut strings: Vec<String> = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        for kind in Kind::ALL {
            for &word in hotwords(kind).0 {
                let latin = word.chars().any(|c| c.is_ascii_alphabetic());
                let mut forms = vec![word.to_string()];
                if latin {
                    forms.push(full_width(&word.to_ascii_lowercase()));
                    forms.push(full_width(&word.to_ascii_uppercase()));
                    let mut cap = word.to_ascii_lowercase();
                    if let Some(first) = cap.get_mut(0..1) {
                        first.make_ascii_uppercase();
                    }
                    forms.push(full_width(&cap));
                }
                for form in forms {
                    let key = form.to_ascii_lowercase();
                    let id = *index.entry(key).or_insert_with(|| {
                        strings.push(form.clone());
                        patterns.push(Pattern {
                            kinds: 0,
                            word,
                            whole_word: latin,
                        });
                        patterns.len() - 1
                    });
                    patterns[id].kinds |= kind.bit();
                }
            }
        }
        let max_len = strings.iter().map(String::len).max().unwrap_or(1);
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::Standard)
            .build(&strings)
            .expect("built-in hotwords compile");
        Hotwords {
            ac,
            patterns,
            max_len,
        }
    }
}

impl Hotwords {
    /// Hotwords of `kind` in `buf[lo..hi]`, searched directly (for small windows).
    pub fn find_in(
        &self,
        buf: &[u8],
        lo: usize,
        hi: usize,
        item: (usize, usize),
        kind: Kind,
    ) -> Option<Context> {
        let mut words: Vec<String> = Vec::new();
        let mut nearest = usize::MAX;
        for m in self.ac.find_overlapping_iter(&buf[lo..hi]) {
            let p = &self.patterns[m.pattern().as_usize()];
            let (s, e) = (lo + m.start(), lo + m.end());
            if p.kinds & kind.bit() == 0
                || (s < item.1 && e > item.0)
                || (p.whole_word && glued(buf, s, e))
            {
                continue;
            }
            let dist = if e <= item.0 { item.0 - e } else { s - item.1 };
            nearest = nearest.min(dist);
            if !words.iter().any(|w| w == p.word) {
                words.push(p.word.to_string());
            }
        }
        (!words.is_empty()).then_some(Context { words, nearest })
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
}

/// What the context search found for one item.
pub(crate) struct Context {
    pub words: Vec<String>,
    /// Bytes between the item and the nearest hotword.
    pub nearest: usize,
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

impl HotCache {
    /// Hotwords of `kind` in `buf[lo..hi]` (buffer offsets; `base` is the buffer's absolute
    /// offset), excluding the item span `item`.
    #[allow(clippy::too_many_arguments)]
    pub fn find(
        &mut self,
        hw: &Hotwords,
        buf: &[u8],
        base: usize,
        lo: usize,
        hi: usize,
        item: (usize, usize),
        kind: Kind,
    ) -> Option<Context> {
        let (lo_abs, hi_abs) = (base + lo, base + hi);
        // Search the part of the window not searched yet, overlapping the previous search
        // by one pattern length so a word across the seam is not lost.
        if hi_abs > self.scanned_to {
            let from_abs = if lo_abs > self.scanned_to {
                lo_abs
            } else {
                self.scanned_to.saturating_sub(hw.max_len).max(base)
            };
            let from = from_abs - base;
            for m in hw.ac.find_overlapping_iter(&buf[from..hi]) {
                let (s, e) = (base + from + m.start(), base + from + m.end());
                if e > self.scanned_to || from_abs == lo_abs {
                    let p = &hw.patterns[m.pattern().as_usize()];
                    if p.whole_word && glued(buf, from + m.start(), from + m.end()) {
                        continue;
                    }
                    self.hits.push_back(Hit {
                        start: s,
                        end: e,
                        pattern: m.pattern().as_u32(),
                    });
                }
            }
            self.scanned_to = hi_abs;
        }
        while self
            .hits
            .front()
            .is_some_and(|h| h.end + 16 * 1024 < lo_abs)
        {
            self.hits.pop_front();
        }
        let (item_start, item_end) = (base + item.0, base + item.1);
        let mut words: Vec<String> = Vec::new();
        let mut nearest = usize::MAX;
        for h in &self.hits {
            let p = &hw.patterns[h.pattern as usize];
            if p.kinds & kind.bit() == 0 || h.start < lo_abs || h.end > hi_abs {
                continue;
            }
            if h.start < item_end && h.end > item_start {
                continue; // inside the item itself
            }
            let dist = if h.end <= item_start {
                item_start - h.end
            } else {
                h.start - item_end
            };
            nearest = nearest.min(dist);
            if !words.iter().any(|w| w == p.word) {
                words.push(p.word.to_string());
            }
        }
        (!words.is_empty()).then_some(Context { words, nearest })
    }
}
