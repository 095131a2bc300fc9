//! The scanning machine shared by one-shot and streaming scans.
//!
//! A scan is a left-to-right pass of three independent matchers over a buffer window:
//! the digit/e-mail machine (jumps from trigger byte to trigger byte), the keyword automaton
//! and the custom regexes. Every decision at offset `p` reads only bytes in
//! `p - lookbehind .. p + lookahead`, and all state lives in [`ScanState`]. So feeding the
//! input in chunks, with the window kept `lookahead` bytes ahead of each matcher, gives
//! exactly the findings and offsets of one pass over the whole input.

use crate::address_name_pass::{self, Item, PeopleMatcher, PeopleState};
use crate::columns::{self, ColumnState};
use crate::context::{back_chars, fwd_chars, Context, HotCache, Hotwords, OTHER_LABEL};
use crate::detect::custom_regex::{RegexRules, MAX_LINE};
use crate::detect::keywords::{Folded, KeywordMatch, KeywordMatcher};
use crate::detect::person_name;
use crate::detect::{self, chars_after, chars_before, email, hotwords, Detection, NumberCandidate};
use crate::finding::{mask, value_hash, Finding, Severity, ValueKey};
use crate::kind::{Confidence, Kind, KindBits, Level};
use crate::person_grouping::PersonGrouper;
use crate::text::chain::{read_chain_into, Chain, ChainEnd, Sep, MAX_CHAIN_BYTES};
use crate::text::chars::{decode_at, digit_at};
use crate::text::cursor::LineCursor;
use crate::text::trigger::find_trigger;

/// Bytes folded and searched for keywords at once.
const KEYWORD_BLOCK: usize = 64 * 1024;
/// Furthest an e-mail (or `+81`) can start before the byte that triggered it.
const ITEM_LOOKBACK: usize = 512;
/// Characters around an item searched for context before the whole window is.
const NEAR_WINDOW: usize = 40;
/// Most digits one reading of a chain can cover (+81 and a 19-digit card leave room).
const MAX_CANDIDATE_DIGITS: usize = 21;

/// The compiled, immutable part of a scanner.
pub(crate) struct Engine {
    pub kinds: KindBits,
    pub require_context: KindBits,
    pub window: usize,
    pub min_confidence: Level,
    /// The policy's confidence floor: findings below it do not make a person.
    pub persons_min_confidence: Level,
    pub reveal: bool,
    pub hotwords: Hotwords,
    pub keywords: Option<KeywordMatcher>,
    pub regexes: Option<RegexRules>,
    /// Addresses and personal names (`None` when both are off or no dictionaries).
    pub people: Option<PeopleMatcher>,
    /// Bytes past a matcher's position that must be buffered before it decides.
    pub lookahead: usize,
    /// Bytes before a matcher's position that decisions may read.
    pub lookbehind: usize,
    /// Sets each finding's keyed `value_id` when present.
    pub value_key: Option<ValueKey>,
}

/// Everything that changes during one scan.
pub(crate) struct ScanState {
    /// Digit machine: absolute offset of the next byte to examine.
    pos: usize,
    /// Inside a digit run too long to be a number: skip digits until it ends.
    skip_digits: bool,
    /// A chain was capped at `MAX_GROUPS`: the next chain starts here, after this separator.
    continued: Option<(usize, Sep)>,
    kw_pos: usize,
    rx_pos: usize,
    hot: HotCache,
    /// The table (header and verified rows) the digit machine is in.
    columns: ColumnState,
    cursor: LineCursor,
    pending: Vec<Finding>,
    kw_folded: Folded,
    kw_matches: Vec<KeywordMatch>,
    detections: Vec<(Detection, Finding)>,
    /// Reused for every digit run (boxed so taking it out is a pointer move).
    chain: Option<Box<Chain>>,
    /// Every finding starting before this offset has been emitted.
    settled: usize,
    people: PeopleState,
    people_items: Vec<Item>,
    /// End of the last name emitted (a name found twice, by label and honorific, once).
    last_name_end: usize,
    persons: PersonGrouper,
}

impl ScanState {
    pub fn settled(&self) -> usize {
        self.settled
    }

    pub fn new() -> Self {
        ScanState {
            pos: 0,
            skip_digits: false,
            continued: None,
            kw_pos: 0,
            rx_pos: 0,
            hot: HotCache::default(),
            columns: ColumnState::default(),
            cursor: LineCursor::default(),
            pending: Vec::new(),
            kw_folded: Folded::default(),
            kw_matches: Vec::new(),
            detections: Vec::new(),
            chain: Some(Box::default()),
            settled: 0,
            people: PeopleState::default(),
            people_items: Vec::new(),
            last_name_end: 0,
            persons: PersonGrouper::default(),
        }
    }

    /// The number of distinct people the findings emitted so far expose (call once, after
    /// the final `process`).
    pub fn finish_persons(&mut self) -> u64 {
        self.persons.finish()
    }
}

/// May a candidate start after (`Side::Left`) or end before (`Side::Right`) this separator,
/// given its own inner separators? Only blank separators split numbers (an opening bracket
/// may follow the blank on the left, a closing one precede it on the right), and a space only
/// if the candidate does not itself use spaces between its groups (`4242 4242 4242 4242` is
/// one number).
fn cut_ok(sep: &Sep, inner: &[Sep], side: Side) -> bool {
    let bracket_ok = match side {
        Side::Left => !sep.close,
        Side::Right => !sep.open,
    };
    let blank = (sep.space || sep.brk) && !sep.dash && bracket_ok;
    if !blank {
        return false;
    }
    if sep.brk {
        true // a line break joins only a wrapped grouped number: any value may end there
    } else {
        !inner.iter().any(|s| s.is_blank())
    }
}

/// Seven or more single digits joined by one kind of separator (spaces or bars): a comb
/// field of a form, one digit per box (`6 2 1 4 9 8 3 2 0 2 5 7`, `6|2|1|4|…`).
fn is_comb(lens: &[u8], seps: &[Sep]) -> bool {
    lens.len() >= 7
        && lens.iter().all(|&l| l == 1)
        && seps.iter().all(|s| !s.brk && !s.open && !s.close && s.same_kind(&seps[0]))
}

#[derive(Clone, Copy)]
enum Side {
    Left,
    Right,
}

impl Engine {
    pub fn sizes(window: usize) -> (usize, usize) {
        let ctx_bytes = 4 * window.max(detect::bank_account::WINDOW);
        let lookahead = (MAX_CHAIN_BYTES + ctx_bytes.max(columns::MAX_LINE))
            .max(address_name_pass::LOOKAHEAD)
            + 1024;
        let lookbehind = ctx_bytes.max(address_name_pass::LOOKBEHIND).max(columns::LOOKBEHIND)
            + ITEM_LOOKBACK
            + 1024;
        (lookahead, lookbehind)
    }

    fn enabled(&self, kind: Kind) -> bool {
        self.kinds & kind.bit() != 0
    }

    /// Scans `buf` (absolute offset `base`) as far as it can decide, calling `emit` for
    /// each finding in order. Returns the absolute offset before which the caller may drop
    /// buffered bytes.
    pub fn process(
        &self,
        st: &mut ScanState,
        buf: &[u8],
        base: usize,
        is_final: bool,
        emit: &mut dyn FnMut(Finding),
    ) -> usize {
        let end = base + buf.len();
        self.digit_pass(st, buf, base, is_final);
        let mut watermark = if is_final { end } else { st.pos.saturating_sub(ITEM_LOOKBACK) };
        if self.keywords.is_some() {
            self.keyword_pass(st, buf, base, is_final);
            watermark = watermark.min(st.kw_pos);
        }
        if self.regexes.is_some() {
            self.regex_pass(st, buf, base, is_final);
            watermark = watermark.min(st.rx_pos);
        }
        if let Some(pm) = &self.people {
            let mut items = std::mem::take(&mut st.people_items);
            pm.run(&mut st.people, buf, base, is_final, &mut |it| items.push(it));
            for it in items.drain(..) {
                if let Some(f) = self.people_finding(buf, base, it) {
                    st.pending.push(f);
                }
            }
            st.people_items = items;
            watermark =
                watermark.min(st.people.pos.saturating_sub(address_name_pass::FINDING_LOOKBACK));
        }
        if is_final {
            watermark = end;
        }
        // Emit, in offset order, what no matcher can still precede.
        st.pending.sort_by_key(|f| (f.start, f.end, f.kind));
        let ready = st.pending.partition_point(|f| f.start < watermark);
        st.settled = st.settled.max(watermark);
        for mut f in st.pending.drain(..ready) {
            if f.kind == Kind::PersonName {
                if f.start < st.last_name_end {
                    continue; // the same name, found by two triggers
                }
                st.last_name_end = f.end;
            }
            let (line, column) = st.cursor.advance(buf, base, f.start.max(st.cursor.pos()));
            f.line = line;
            f.column = column;
            st.persons.observe(&f, self.persons_min_confidence);
            if let Some(key) = &self.value_key {
                f.value_id = Some(key.value_id(f.kind.as_str(), f.value_hash));
            }
            emit(f);
        }
        // Bytes every enabled matcher is done with (and no pending finding starts in) may be
        // dropped, once the line cursor has counted past them.
        let mut keep_from = st.pos.saturating_sub(self.lookbehind).min(watermark);
        if self.keywords.is_some() {
            keep_from = keep_from.min(st.kw_pos.saturating_sub(8));
        }
        if self.regexes.is_some() {
            keep_from = keep_from.min(st.rx_pos);
        }
        if self.people.is_some() {
            keep_from = keep_from.min(st.people.pos.saturating_sub(self.lookbehind));
        }
        let keep_from = keep_from.clamp(base, end).max(st.cursor.pos());
        st.cursor.advance(buf, base, keep_from);
        keep_from
    }

    // ----------------------------------------------------------------- digits and e-mail

    fn digit_pass(&self, st: &mut ScanState, buf: &[u8], base: usize, is_final: bool) {
        let limit = if is_final { buf.len() } else { buf.len().saturating_sub(self.lookahead) };
        let mut i = st.pos.max(base) - base;
        while i < limit {
            if st.skip_digits {
                while i < limit {
                    match digit_at(buf, i) {
                        Some((_, len)) => i += len,
                        None => break,
                    }
                }
                if i >= limit {
                    break;
                }
                st.skip_digits = false;
            }
            if let Some((at, sep)) = st.continued.take() {
                i = self.on_chain(st, buf, base, at - base, Some(sep), is_final);
                continue;
            }
            let Some(t) = find_trigger(&buf[..limit], i) else {
                i = limit;
                break;
            };
            i = match buf[t] {
                b'0'..=b'9' => self.on_chain(st, buf, base, t, None, is_final),
                b'@' => self.on_email(st, buf, base, email::detect_at(buf, t, 1), t + 1),
                b')' | b']' => {
                    self.on_email(st, buf, base, email::detect_obfuscated(buf, t, 1), t + 1)
                }
                _ => match decode_at(buf, t) {
                    Some(('０'..='９', _)) => self.on_chain(st, buf, base, t, None, is_final),
                    Some(('＠', _)) => {
                        self.on_email(st, buf, base, email::detect_at(buf, t, 3), t + 3)
                    }
                    Some(('）' | '］', _)) => {
                        self.on_email(st, buf, base, email::detect_obfuscated(buf, t, 3), t + 3)
                    }
                    _ => t + 1,
                },
            };
        }
        st.pos = base + i.min(buf.len()).max(st.pos.max(base) - base);
    }

    fn on_email(
        &self,
        st: &mut ScanState,
        buf: &[u8],
        base: usize,
        found: Option<Detection>,
        next: usize,
    ) -> usize {
        let Some(d) = found.filter(|_| self.enabled(Kind::Email)) else {
            return next;
        };
        let end = d.end;
        if let Some(f) = self.score(st, buf, base, &d) {
            st.pending.push(f);
        }
        end.max(next)
    }

    /// Reads the chain at `t`, runs the numeric detectors on every admissible run of its
    /// groups and keeps the best non-overlapping readings. Returns where to continue.
    fn on_chain(
        &self,
        st: &mut ScanState,
        buf: &[u8],
        base: usize,
        t: usize,
        lead: Option<Sep>,
        is_final: bool,
    ) -> usize {
        let mut ch = st.chain.take().unwrap_or_default();
        read_chain_into(&mut ch, buf, t, is_final);
        let next = self.on_read_chain(st, buf, base, &ch, lead);
        st.chain = Some(ch);
        next
    }

    fn on_read_chain(
        &self,
        st: &mut ScanState,
        buf: &[u8],
        base: usize,
        ch: &Chain,
        lead: Option<Sep>,
    ) -> usize {
        match ch.how {
            ChainEnd::NeedMore => return buf.len(), // only at the very end of final input
            ChainEnd::Overlong => {
                st.skip_digits = true;
                return ch.end;
            }
            ChainEnd::Capped => {
                // Continue with the next group, remembering what joined it to this chain.
                let mut j = ch.end;
                while j < buf.len() && digit_at(buf, j).is_none() {
                    j += decode_at(buf, j).map_or(1, |(_, l)| l);
                }
                st.continued = ch.trail.map(|s| (base + j, s));
            }
            ChainEnd::Complete => {}
        }
        if ch.ndigits < 7 {
            return ch.end; // every numeric kind has at least seven digits
        }
        let groups = ch.groups();
        let mut lens = [0u8; crate::text::chain::MAX_GROUPS];
        for (l, g) in lens.iter_mut().zip(groups) {
            *l = g.len;
        }
        let n = groups.len();
        st.detections.clear();
        for a in 0..n {
            let left_ok = match (a, lead) {
                (0, None) => true,
                (0, Some(sep)) => cut_ok(&sep, &[], Side::Left),
                _ => true,
            };
            if !left_ok {
                continue;
            }
            let mut count = 0usize;
            for b in a + 1..=n {
                count += lens[b - 1] as usize;
                if count > MAX_CANDIDATE_DIGITS {
                    break;
                }
                if count < 7 {
                    continue;
                }
                let inner = &ch.seps[a..b - 1];
                if a > 0 && !cut_ok(&ch.seps[a - 1], inner, Side::Left) {
                    continue;
                }
                let right_ok = if b < n {
                    cut_ok(&ch.seps[b - 1], inner, Side::Right)
                } else {
                    ch.trail.is_none_or(|s| cut_ok(&s, inner, Side::Right))
                };
                if !right_ok || (a == 0 && lead.is_some_and(|s| !cut_ok(&s, inner, Side::Left))) {
                    continue;
                }
                let first = groups[a].first_digit as usize;
                let (start, end) = (groups[a].start, groups[b - 1].end);
                let cand = NumberCandidate {
                    buf,
                    digits: &ch.digits[first..first + count],
                    lens: &lens[a..b],
                    seps: inner,
                    start,
                    end,
                    prev: chars_before(buf, start),
                    next: chars_after(buf, end),
                };
                // Groups joined by full stops are read as a telephone number only.
                let dotted = inner.iter().any(|s| s.dot);
                for (kind, detect) in detect::NUMERIC {
                    if self.enabled(kind) && (!dotted || kind == Kind::Phone) {
                        if let Some(d) = detect(&cand) {
                            if let Some(f) = self.score(st, buf, base, &d) {
                                st.detections.push((d, f));
                            }
                        }
                    }
                }
                if !dotted && is_comb(&lens[a..b], inner) {
                    // One digit per box: read as one contiguous number, reported only with
                    // its label (a row of single digits is otherwise no value at all).
                    let joined = [count as u8];
                    let comb = NumberCandidate { lens: &joined, seps: &[], ..cand };
                    for (kind, detect) in detect::NUMERIC {
                        if self.enabled(kind) {
                            if let Some(mut d) = detect(&comb) {
                                d.score_alone = None;
                                if let Some(f) = self.score(st, buf, base, &d) {
                                    st.detections.push((d, f));
                                }
                            }
                        }
                    }
                }
            }
        }
        // Longest reading first, then the most confident; no two may overlap.
        let mut found = std::mem::take(&mut st.detections);
        found.sort_by(|x, y| {
            y.0.weight.cmp(&x.0.weight).then(y.1.confidence.score.total_cmp(&x.1.confidence.score))
        });
        let mut taken: Vec<(usize, usize)> = Vec::new();
        for (d, f) in found.drain(..) {
            if taken.iter().all(|&(s, e)| d.end <= s || d.start >= e) {
                taken.push((d.start, d.end));
                st.pending.push(f);
            }
        }
        st.detections = found;
        ch.end
    }

    /// Weighs context and turns a detection into a finding, or drops it.
    fn score(&self, st: &mut ScanState, buf: &[u8], base: usize, d: &Detection) -> Option<Finding> {
        let needs_context = self.require_context & d.kind.bit() != 0;
        if !needs_context && d.score_alone.is_some_and(|s| s >= d.score_context) {
            // Context cannot change this score (an e-mail address, a 〒-marked code).
            let f = self.finding(buf, base, d, d.score_context, Vec::new());
            return (f.confidence.level >= self.min_confidence).then_some(f);
        }
        let (_, own_window) = hotwords(d.kind);
        let window = own_window.unwrap_or(self.window);
        // Labels usually sit right before or after the item: look there first, and search
        // the whole window (each byte at most once per scan, through the cache) only if not.
        let near = window.min(NEAR_WINDOW);
        let (near_lo, near_hi) = (back_chars(buf, d.start, near), fwd_chars(buf, d.end, near));
        let item = (d.start, d.end);
        // In a table, the column's header is the label (`旅券番号` sixty rows above), and a
        // header naming other kinds, or nothing (`累計購入額`), outweighs words in the cells
        // around (`住所変更済` in the next cell).
        let ctx = match st.columns.column_of(&self.hotwords, buf, base, item) {
            Some(cell) if cell.column.kinds & d.kind.bit() != 0 => {
                Context { words: vec![cell.column.word.to_string()], ..Context::none() }
            }
            Some(cell) if cell.column.kinds & OTHER_LABEL != 0 && d.kind != Kind::Email => {
                return None;
            }
            Some(cell) => {
                // Only a label inside the item's own cell (`TEL 03-…` in a note column).
                let (lo, hi) = (near_lo.max(cell.start), near_hi.min(cell.end));
                let in_cell = st.hot.find_near(&self.hotwords, buf, (lo, hi), item, d.kind);
                if in_cell.labelled_as_other() && d.kind != Kind::Email {
                    return None;
                }
                in_cell
            }
            None => {
                let near_ctx =
                    st.hot.find_near(&self.hotwords, buf, (near_lo, near_hi), item, d.kind);
                if near_ctx.labelled_as_other() && d.kind != Kind::Email {
                    return None; // `受付番号 2024-1016-0007`: the label names another number
                }
                if !near_ctx.found() && window > near {
                    let lo = back_chars(buf, near_lo, window - near);
                    let hi = fwd_chars(buf, near_hi, window - near);
                    st.hot.find(&self.hotwords, buf, base, (lo, hi), item, d.kind)
                } else {
                    near_ctx
                }
            }
        };
        let score = match d.score_alone {
            _ if ctx.found() => d.score_context + if ctx.nearest <= 60 { 0.04 } else { 0.0 },
            Some(s) if !needs_context => s,
            _ => return None,
        };
        let f = self.finding(buf, base, d, score, ctx.words);
        (f.confidence.level >= self.min_confidence).then_some(f)
    }

    fn finding(
        &self,
        buf: &[u8],
        base: usize,
        d: &Detection,
        score: f32,
        hotwords: Vec<String>,
    ) -> Finding {
        let confidence = Confidence::new(score);
        Finding {
            kind: d.kind,
            rule: d.rule.map(std::sync::Arc::from),
            severity: Severity::of_kind(d.kind),
            confidence,
            start: base + d.start,
            end: base + d.end,
            line: 0,
            column: 0,
            masked: d.masked.clone(),
            text: self.reveal.then(|| String::from_utf8_lossy(&buf[d.start..d.end]).into_owned()),
            hotwords,
            location: None,
            parts: None,
            value_id: None,
            value_hash: value_hash(d.kind.as_str(), &d.value),
        }
    }

    // ----------------------------------------------------------------- people

    /// Turns an address or name of the people pass into a finding (or drops it below the
    /// minimum confidence).
    fn people_finding(&self, buf: &[u8], base: usize, item: Item) -> Option<Finding> {
        let (kind, start, end, score, masked, hash, rule, hotwords, parts) = match item {
            Item::Address(a) => {
                let parts = a.parts.map_offsets(|o| base + o);
                let hot = if a.postal_match { vec!["〒".to_string()] } else { Vec::new() };
                let hash = a.value_hash;
                (Kind::Address, a.start, a.end, a.score, a.masked, hash, None, hot, Some(parts))
            }
            Item::Name(n, word) => {
                let hot = if word.is_empty() { Vec::new() } else { vec![word.to_string()] };
                let masked = person_name::masked(buf, &n);
                let hash = person_name::value_hash(buf, &n);
                let rule = Some(n.form.rule_name());
                (Kind::PersonName, n.start, n.end, n.score, masked, hash, rule, hot, None)
            }
        };
        if !self.enabled(kind) {
            return None;
        }
        let confidence = Confidence::new(score);
        if confidence.level < self.min_confidence {
            return None;
        }
        Some(Finding {
            kind,
            rule,
            severity: Severity::of_kind(kind),
            confidence,
            start: base + start,
            end: base + end,
            line: 0,
            column: 0,
            masked,
            text: self.reveal.then(|| String::from_utf8_lossy(&buf[start..end]).into_owned()),
            hotwords,
            location: None,
            parts: parts.map(Box::new),
            value_id: None,
            value_hash: hash,
        })
    }

    // ----------------------------------------------------------------- keywords

    fn keyword_pass(&self, st: &mut ScanState, buf: &[u8], base: usize, is_final: bool) {
        let Some(kw) = &self.keywords else { return };
        let end = base + buf.len();
        loop {
            let from = st.kw_pos.max(base);
            if from >= end {
                break;
            }
            let block_end = (from + KEYWORD_BLOCK).min(end);
            let complete = is_final && block_end == end;
            if !complete && block_end - from <= kw.max_len() {
                break; // wait for more input
            }
            let (lo, hi) = (from - base, block_end - base);
            st.kw_matches.clear();
            let resume =
                kw.scan_block(buf, lo, hi, complete, &mut st.kw_folded, &mut st.kw_matches);
            for m in &st.kw_matches {
                let entry = &kw.entries[m.entry as usize];
                let text = String::from_utf8_lossy(&buf[m.start..m.end]);
                let confidence = Confidence::new(0.9);
                if confidence.level < self.min_confidence {
                    continue;
                }
                st.pending.push(Finding {
                    kind: Kind::Keyword,
                    rule: entry.label.clone(),
                    severity: entry.severity,
                    confidence,
                    start: base + m.start,
                    end: base + m.end,
                    line: 0,
                    column: 0,
                    masked: mask::first_char(&text),
                    text: self.reveal.then(|| text.into_owned()),
                    hotwords: Vec::new(),
                    location: None,
                    parts: None,
                    value_id: None,
                    value_hash: value_hash("keyword", &m.entry.to_le_bytes()),
                });
            }
            let next = from + resume;
            if next <= st.kw_pos {
                break;
            }
            st.kw_pos = next;
        }
    }

    // ----------------------------------------------------------------- custom regexes

    fn regex_pass(&self, st: &mut ScanState, buf: &[u8], base: usize, is_final: bool) {
        let Some(rules) = &self.regexes else { return };
        let end = buf.len();
        loop {
            let lo = st.rx_pos.max(base) - base;
            if lo >= end {
                break;
            }
            let window_end = (lo + MAX_LINE).min(end);
            let (hi, next) = match memchr::memchr(b'\n', &buf[lo..window_end]) {
                Some(nl) => (lo + nl, lo + nl + 1),
                None if lo + MAX_LINE <= end => (lo + MAX_LINE, lo + MAX_LINE),
                None if is_final => (end, end),
                None => break,
            };
            rules.find_in(buf, lo, hi, |s, e, k| {
                let rule = &rules.rules[k];
                let confidence = Confidence::new(rule.score);
                if confidence.level < self.min_confidence {
                    return;
                }
                let text = String::from_utf8_lossy(&buf[s..e]);
                st.pending.push(Finding {
                    kind: Kind::Custom,
                    rule: Some(rule.name.clone()),
                    severity: rule.severity,
                    confidence,
                    start: base + s,
                    end: base + e,
                    line: 0,
                    column: 0,
                    masked: mask::first_char(&text),
                    text: self.reveal.then(|| text.clone().into_owned()),
                    hotwords: Vec::new(),
                    location: None,
                    parts: None,
                    value_id: None,
                    value_hash: value_hash(&rule.name, text.as_bytes()),
                });
            });
            st.rx_pos = base + next;
        }
    }
}
