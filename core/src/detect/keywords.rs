//! Custom secret keywords (社外秘, 極秘, project codenames; tens of thousands of entries).
//!
//! Keywords are matched leftmost-longest on a folded copy of the text, one 64 KiB block at a
//! time, with a double-array Aho-Corasick automaton (daachorse). The fold ([`fold`]) makes
//! matching width-, case- and blank-insensitive in any mix (`Ｐroject　Orion`, a line break
//! inside `社外秘`), and maps each match back to its span in the original text. Latin entries
//! match as whole words; Japanese entries as substrings.

mod fold;

use crate::config::{KeywordEntry, MAX_KEYWORDS, MAX_KEYWORD_BYTES};
use crate::finding::Severity;
use crate::text::chars::{decode_at, decode_before, is_alnum};
use crate::ConfigError;
use daachorse::{DoubleArrayAhoCorasick, DoubleArrayAhoCorasickBuilder, MatchKind};
pub(crate) use fold::Folded;
use fold::{fold_keyword, MAX_EXPANSION, MAX_GAP};
use std::collections::HashMap;
use std::sync::Arc;

/// One compiled keyword.
#[derive(Debug)]
pub struct CompiledKeyword {
    pub label: Option<Arc<str>>,
    pub severity: Severity,
    /// Whole-word checks on each side (the keyword starts / ends with a Latin letter or digit).
    pub word_start: bool,
    pub word_end: bool,
}

/// The compiled keyword set.
pub struct KeywordMatcher {
    automaton: DoubleArrayAhoCorasick<u32>,
    pub entries: Vec<CompiledKeyword>,
    /// Most original bytes a match can span.
    max_len: usize,
}

impl std::fmt::Debug for KeywordMatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeywordMatcher")
            .field("entries", &self.entries.len())
            .field("heap_bytes", &self.automaton.heap_bytes())
            .finish()
    }
}

/// A keyword match: span in the buffer and the entry it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeywordMatch {
    pub start: usize,
    pub end: usize,
    pub entry: u32,
}

impl KeywordMatcher {
    /// Compiles the entries; `Ok(None)` when there are none.
    pub fn new(list: &[KeywordEntry]) -> Result<Option<Self>, ConfigError> {
        if list.is_empty() {
            return Ok(None);
        }
        if list.len() > MAX_KEYWORDS {
            return Err(ConfigError::TooManyKeywords { count: list.len(), max: MAX_KEYWORDS });
        }
        let mut entries = Vec::with_capacity(list.len());
        let mut patterns: HashMap<String, u32> = HashMap::new();
        let mut max_len = 0;
        for (index, kw) in list.iter().enumerate() {
            let text = kw.text.trim();
            if text.is_empty() {
                return Err(ConfigError::EmptyKeyword { index });
            }
            if text.len() > MAX_KEYWORD_BYTES {
                return Err(ConfigError::KeywordTooLong { index, max: MAX_KEYWORD_BYTES });
            }
            let folded = fold_keyword(text);
            if folded.is_empty() {
                return Err(ConfigError::EmptyKeyword { index });
            }
            max_len = max_len.max(folded.len() * MAX_EXPANSION);
            let id = entries.len() as u32;
            let word_start = folded.chars().next().is_some_and(is_alnum);
            let word_end = folded.chars().last().is_some_and(is_alnum);
            // A duplicate (same folded form) keeps the first entry's label.
            if let std::collections::hash_map::Entry::Vacant(e) = patterns.entry(folded) {
                e.insert(id);
                entries.push(CompiledKeyword {
                    label: kw.label.as_deref().map(Arc::from),
                    severity: kw.severity,
                    word_start,
                    word_end,
                });
            }
        }
        let automaton = DoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build_with_values(patterns)
            .map_err(|e| ConfigError::Automaton(e.to_string()))?;
        Ok(Some(KeywordMatcher { automaton, entries, max_len }))
    }

    /// Most original bytes a match can span (a folded keyword's length times the most a
    /// folded byte can stand for).
    pub fn max_len(&self) -> usize {
        self.max_len
    }

    /// Matches in `buf[lo..hi]`, leftmost-longest, with spans in `buf`; `folded` is scratch.
    ///
    /// Matches are final only if the longest keyword starting there fits in the block, so
    /// unless `complete` (the block reaches the end of input) matches starting within
    /// `max_len` of the block end are left for the next block. Returns the offset from `lo`
    /// (a character boundary) from which the next search must start.
    pub(crate) fn scan_block(
        &self,
        buf: &[u8],
        lo: usize,
        hi: usize,
        complete: bool,
        folded: &mut Folded,
        out: &mut Vec<KeywordMatch>,
    ) -> usize {
        folded.fold(buf, lo, hi, Some(MAX_GAP));
        let block = hi - lo;
        let tail = block.saturating_sub(self.max_len);
        let mut resume = if complete { block } else { tail };
        for m in self.automaton.leftmost_find_iter(&folded.text) {
            let start = folded.orig_start(m.start());
            if !complete && start >= tail {
                resume = start;
                break;
            }
            let end = folded.orig_end(m.end());
            let (start, end) = (lo + start, lo + end);
            let entry = &self.entries[m.value() as usize];
            let glued_before =
                entry.word_start && decode_before(buf, start).is_some_and(|(c, _)| is_alnum(c));
            let glued_after =
                entry.word_end && decode_at(buf, end).is_some_and(|(c, _)| is_alnum(c));
            if !glued_before && !glued_after {
                out.push(KeywordMatch { start, end, entry: m.value() });
            }
            resume = resume.max(end - lo);
        }
        // Resume on a character boundary.
        while resume < block && buf[lo + resume] & 0xC0 == 0x80 {
            resume += 1;
        }
        resume
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(kws: &[&str], text: &str) -> Vec<(String, u32)> {
        let list: Vec<KeywordEntry> = kws.iter().map(|k| KeywordEntry::new(*k)).collect();
        let m = KeywordMatcher::new(&list).unwrap().unwrap();
        let mut folded = Folded::default();
        let mut out = Vec::new();
        m.scan_block(text.as_bytes(), 0, text.len(), true, &mut folded, &mut out);
        out.iter().map(|k| (text[k.start..k.end].to_string(), k.entry)).collect()
    }

    #[test]
    fn width_and_case_insensitive() {
        let got = find(
            &["社外秘", "Project Alpha", "ガイド"],
            "【社外秘】ＰＲＯＪＥＣＴ ＡＬＰＨＡ と project alpha、ｶﾞｲﾄﾞ",
        );
        let names: Vec<_> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(names, ["社外秘", "ＰＲＯＪＥＣＴ ＡＬＰＨＡ", "project alpha", "ｶﾞｲﾄﾞ"]);
    }

    #[test]
    fn latin_whole_words_japanese_substrings() {
        assert!(find(&["ACME"], "ACMEX社").is_empty());
        assert_eq!(find(&["ACME"], "ACME社").len(), 1);
        assert_eq!(find(&["極秘"], "これは極秘事項").len(), 1);
    }

    #[test]
    fn longest_wins() {
        let got = find(&["機密", "機密情報"], "機密情報の扱い");
        assert_eq!(got, vec![("機密情報".to_string(), 1)]);
    }

    #[test]
    fn mixed_forms_report_the_original_span() {
        let got = find(
            &["Project Orion", "社外秘"],
            "件名：Ｐroject Orion／PROJECT\r\nORION／project　orion、社外\n秘・ProjectOrion",
        );
        let spans: Vec<_> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(
            spans,
            ["Ｐroject Orion", "PROJECT\r\nORION", "project　orion", "社外\n秘"],
            "no blank is no match for a Latin keyword with one"
        );
        assert!(find(&["Project Orion"], "Project\n\nOrion").is_empty(), "a paragraph");
        assert!(find(&["Project Orion"], "XProject Orion").is_empty(), "whole words");
    }

    #[test]
    fn blocks_defer_matches_near_their_end() {
        let list = [KeywordEntry::new("Project Orion")];
        let m = KeywordMatcher::new(&list).unwrap().unwrap();
        let text = format!("{}Ｐｒｏｊｅｃｔ\r\n　Orion", "x ".repeat(200));
        let mut folded = Folded::default();
        let mut out = Vec::new();
        let resume = m.scan_block(text.as_bytes(), 0, text.len(), false, &mut folded, &mut out);
        assert!(out.is_empty() && resume <= 400, "the match is left for the next block");
        let next = m.scan_block(text.as_bytes(), resume, text.len(), true, &mut folded, &mut out);
        assert_eq!(next, text.len() - resume);
        assert_eq!(&text[out[0].start..out[0].end], "Ｐｒｏｊｅｃｔ\r\n　Orion");
    }

    #[test]
    fn rejects_bad_entries() {
        assert!(matches!(
            KeywordMatcher::new(&[KeywordEntry::new("  ")]),
            Err(ConfigError::EmptyKeyword { index: 0 })
        ));
    }
}
