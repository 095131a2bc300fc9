//! Custom secret keywords (社外秘, 極秘, project codenames; tens of thousands of entries).
//!
//! Keywords are matched leftmost-longest on a width- and case-folded copy of the text (see
//! [`crate::text::fold`]), one 64 KiB block at a time, with a double-array Aho-Corasick
//! automaton (daachorse). Latin entries match as whole words; Japanese entries as substrings.

use crate::config::{KeywordEntry, MAX_KEYWORDS, MAX_KEYWORD_BYTES};
use crate::finding::Severity;
use crate::text::chars::{decode_at, decode_before, is_alnum};
use crate::text::fold::{canonical_keyword, keyword_variants};
use crate::ConfigError;
use daachorse::{DoubleArrayAhoCorasick, DoubleArrayAhoCorasickBuilder, MatchKind};
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
            let canon = canonical_keyword(text);
            let id = entries.len() as u32;
            let mut added = false;
            for v in keyword_variants(text) {
                max_len = max_len.max(v.len());
                // A duplicate (same folded form) keeps the first entry's label.
                if let std::collections::hash_map::Entry::Vacant(e) = patterns.entry(v) {
                    e.insert(id);
                    added = true;
                }
            }
            if added {
                entries.push(CompiledKeyword {
                    label: kw.label.as_deref().map(Arc::from),
                    severity: kw.severity,
                    word_start: canon.chars().next().is_some_and(is_alnum),
                    word_end: canon.chars().last().is_some_and(is_alnum),
                });
            }
        }
        let automaton = DoubleArrayAhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build_with_values(patterns)
            .map_err(|e| ConfigError::Automaton(e.to_string()))?;
        Ok(Some(KeywordMatcher { automaton, entries, max_len }))
    }

    /// Longest folded pattern in bytes.
    pub fn max_len(&self) -> usize {
        self.max_len
    }

    /// Matches in `folded` (the fold of `orig[from..from + folded.len()]`), leftmost-longest.
    ///
    /// Matches are final only if the longest keyword starting there fits in the block, so
    /// unless `complete` (the block reaches the end of input) matches starting within
    /// `max_len` of the block end are left for the next block. Returns the block offset from
    /// which the next search must start.
    pub fn scan_block(
        &self,
        orig: &[u8],
        from: usize,
        folded: &[u8],
        complete: bool,
        out: &mut Vec<KeywordMatch>,
    ) -> usize {
        let tail = folded.len().saturating_sub(self.max_len);
        let mut resume = if complete { folded.len() } else { tail };
        for m in self.automaton.leftmost_find_iter(folded) {
            if !complete && m.start() >= tail {
                resume = m.start();
                break;
            }
            let (start, end) = (from + m.start(), from + m.end());
            let entry = &self.entries[m.value() as usize];
            let glued_before =
                entry.word_start && decode_before(orig, start).is_some_and(|(c, _)| is_alnum(c));
            let glued_after =
                entry.word_end && decode_at(orig, end).is_some_and(|(c, _)| is_alnum(c));
            if !glued_before && !glued_after {
                out.push(KeywordMatch { start, end, entry: m.value() });
            }
            resume = resume.max(m.end());
        }
        resume
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold::fold_text;

    fn find(kws: &[&str], text: &str) -> Vec<(String, u32)> {
        let list: Vec<KeywordEntry> = kws.iter().map(|k| KeywordEntry::new(*k)).collect();
        let m = KeywordMatcher::new(&list).unwrap().unwrap();
        let mut folded = Vec::new();
        fold_text(text.as_bytes(), &mut folded);
        let mut out = Vec::new();
        m.scan_block(text.as_bytes(), 0, &folded, true, &mut out);
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
    fn rejects_bad_entries() {
        assert!(matches!(
            KeywordMatcher::new(&[KeywordEntry::new("  ")]),
            Err(ConfigError::EmptyKeyword { index: 0 })
        ));
    }
}
