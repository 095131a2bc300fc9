//! PowerPoint 97–2003 presentations (.ppt): the text of each slide and its notes.
//!
//! The `Current User` stream points at the newest edit (`UserEditAtom`) in the
//! `PowerPoint Document` stream; the chain of edits gives the persist directory, which maps
//! object ids to record offsets. The document's slide list (`SlideListWithText`, instance
//! 0) lists the slides in presentation order, each opened by a `SlidePersistAtom` and
//! followed by the text of its placeholders; the slide's own record tree holds the text of
//! its other shapes (text boxes, tables). Text is read from `TextCharsAtom` (UTF-16LE) and
//! `TextBytesAtom` (one byte per character, Latin-1), paragraphs separated by `\r`. Notes
//! pages (slide list instance 2) name their slide in their `NotesAtom`.
//!
//! Locations: `#slide=N` (N counting slides from 1 in presentation order) and
//! `#slide=N/notes`; the presentation's properties (author, title...) at `#props` (see
//! `props.rs`). The same text appearing twice in one slide (a placeholder's text kept
//! both in the slide list and in the shape) is scanned once.
//!
//! Every record's length is checked against what is left of its parent; nesting is bounded
//! by [`MAX_DEPTH`], and the records walked for all slides together by a small multiple of
//! the stream (slides pointing into each other's records are refused). The text is drawn
//! from the byte budget. An encrypted presentation (`Current User` marked encrypted, or an
//! `EncryptedSummary` stream) is reported `encrypted`.

use super::{push_text_char, u16_at, u32_at, Container};
use crate::extract::limits::{Budget, Limit};
use crate::extract::unit::Unit;
use crate::extract::{Cx, Stop};
use std::collections::{HashMap, HashSet};

const RT_DOCUMENT: u16 = 0x03E8;
const RT_SLIDE: u16 = 0x03EE;
const RT_NOTES: u16 = 0x03F0;
const RT_NOTES_ATOM: u16 = 0x03F1;
const RT_SLIDE_PERSIST_ATOM: u16 = 0x03F3;
const RT_TEXT_CHARS_ATOM: u16 = 0x0FA0;
const RT_TEXT_BYTES_ATOM: u16 = 0x0FA8;
const RT_SLIDE_LIST_WITH_TEXT: u16 = 0x0FF0;
const RT_USER_EDIT_ATOM: u16 = 0x0FF5;
const RT_PERSIST_DIRECTORY_ATOM: u16 = 0x1772;
/// `Current User` header token of an encrypted presentation.
const ENCRYPTED_TOKEN: u32 = 0xF3D1_C4DF;
/// Deepest record nesting read (slides nest a few levels of drawing containers).
pub(crate) const MAX_DEPTH: u32 = 32;

fn corrupt(what: &str) -> Stop {
    Stop::Corrupt(format!("ppt: {what}"))
}

/// A record: its instance, type, and data range in the stream.
#[derive(Clone, Copy)]
struct Rec {
    container: bool,
    instance: u16,
    typ: u16,
    start: usize,
    end: usize,
}

/// The record at `at`, whose data must end by `limit`.
fn record(s: &[u8], at: usize, limit: usize) -> Option<Rec> {
    let vi = u16_at(s, at)?;
    let typ = u16_at(s, at + 2)?;
    let len = u32_at(s, at + 4)? as usize;
    let start = at + 8;
    let end = start.checked_add(len).filter(|&e| e <= limit.min(s.len()))?;
    Some(Rec { container: vi & 0xF == 0xF, instance: vi >> 4, typ, start, end })
}

/// The child records of `parent`, stopping at the first that does not fit.
fn children(s: &[u8], parent: Rec) -> impl Iterator<Item = Rec> + '_ {
    let mut at = parent.start;
    std::iter::from_fn(move || {
        let r = record(s, at, parent.end)?;
        at = r.end;
        Some(r)
    })
}

/// Walks the persist directory of every edit, newest first: object id -> record offset.
fn persist_directory(s: &[u8], newest_edit: usize) -> Result<(HashMap<u32, usize>, u32), Stop> {
    let mut map = HashMap::new();
    let mut seen = HashSet::new();
    let mut seen_dirs = HashSet::new();
    let mut at = newest_edit;
    let mut doc_ref = None;
    loop {
        if !seen.insert(at) {
            return Err(corrupt("edits loop"));
        }
        let edit = record(s, at, s.len())
            .filter(|r| r.typ == RT_USER_EDIT_ATOM && r.end - r.start >= 28)
            .ok_or_else(|| corrupt("no UserEditAtom where the edit chain points"))?;
        let d = &s[edit.start..edit.end];
        let last_edit = u32_at(d, 8).unwrap_or(0) as usize;
        let dir_at = u32_at(d, 12).unwrap_or(0) as usize;
        doc_ref.get_or_insert(u32_at(d, 16).unwrap_or(0));
        let dir = record(s, dir_at, s.len())
            .filter(|r| r.typ == RT_PERSIST_DIRECTORY_ATOM)
            .ok_or_else(|| corrupt("no persist directory where an edit points"))?;
        // A directory shared by several edits adds nothing the first did not (and reading
        // it again for each would be quadratic).
        let d = if seen_dirs.insert(dir_at) { &s[dir.start..dir.end] } else { &[][..] };
        let mut i = 0;
        while let Some(h) = u32_at(d, i) {
            let (id, count) = (h & 0x000F_FFFF, (h >> 20) as usize);
            i += 4;
            for k in 0..count {
                let Some(off) = u32_at(d, i + 4 * k) else { break };
                // Newer edits come first and win.
                map.entry(id.wrapping_add(k as u32)).or_insert(off as usize);
            }
            i += 4 * count;
        }
        if last_edit == 0 {
            break;
        }
        at = last_edit;
    }
    Ok((map, doc_ref.unwrap_or(0)))
}

/// Slides of the presentation: the persist id and slide id opening each entry of a slide
/// list, with the text that follows it there.
struct Entry {
    persist: u32,
    slide_id: u32,
    texts: Vec<String>,
}

/// Collects text atoms under a record, within the walk's budget.
struct Walk<'a> {
    s: &'a [u8],
    budget: &'a Budget,
    /// Bytes of records walked so far, and the most allowed.
    walked: usize,
    max_walk: usize,
    /// Decoded text so far, and the most allowed.
    text_bytes: u64,
    max_text: u64,
}

impl Walk<'_> {
    fn text(&mut self, r: Rec) -> Result<Option<String>, Stop> {
        let d = &self.s[r.start..r.end];
        let raw: String = match r.typ {
            RT_TEXT_CHARS_ATOM => super::utf16le(d),
            RT_TEXT_BYTES_ATOM => d.iter().map(|&b| b as char).collect(),
            _ => return Ok(None),
        };
        self.text_bytes += raw.len() as u64;
        if self.text_bytes > self.max_text {
            return Err(Stop::Limit(Limit::MemberBytes));
        }
        // Drawn atom by atom: the text kept for the slides never passes the shared budget.
        self.budget.draw(raw.len() as u64)?;
        let mut out = String::with_capacity(raw.len());
        for c in raw.chars() {
            if c == '\r' {
                out.push('\n');
            } else {
                push_text_char(&mut out, c);
            }
        }
        Ok(Some(out))
    }

    /// Every text atom under `r` (a slide or notes page), in order.
    fn collect(&mut self, r: Rec, out: &mut Vec<String>) -> Result<(), Stop> {
        self.walked += r.end - r.start;
        if self.walked > self.max_walk {
            return Err(Stop::Refused("ppt: slides share records (overlapping records)".into()));
        }
        self.collect_in(r, 1, out)
    }

    fn collect_in(&mut self, r: Rec, depth: u32, out: &mut Vec<String>) -> Result<(), Stop> {
        self.budget.check()?;
        for c in children(self.s, r) {
            if c.container {
                if depth + 1 >= MAX_DEPTH {
                    return Err(Stop::Refused(format!(
                        "ppt: records nested deeper than {MAX_DEPTH}"
                    )));
                }
                self.collect_in(c, depth + 1, out)?;
            } else if let Some(t) = self.text(c)? {
                out.push(t);
            }
        }
        Ok(())
    }
}

/// The entries of the slide list with the given instance (0: slides, 2: notes).
fn slide_list(w: &mut Walk<'_>, doc: Rec, instance: u16) -> Result<Vec<Entry>, Stop> {
    let mut out: Vec<Entry> = Vec::new();
    let Some(list) =
        children(w.s, doc).find(|r| r.typ == RT_SLIDE_LIST_WITH_TEXT && r.instance == instance)
    else {
        return Ok(out);
    };
    for r in children(w.s, list) {
        if r.typ == RT_SLIDE_PERSIST_ATOM {
            let d = &w.s[r.start..r.end];
            out.push(Entry {
                persist: u32_at(d, 0).unwrap_or(0),
                slide_id: u32_at(d, 12).unwrap_or(0),
                texts: Vec::new(),
            });
        } else if let Some(t) = w.text(r)? {
            if let Some(e) = out.last_mut() {
                e.texts.push(t);
            }
        }
    }
    Ok(out)
}

/// Extracts and scans a .ppt from its opened compound file.
pub(crate) fn scan(
    cx: &mut Cx<'_>,
    mut c: Container<'_>,
    location: Option<String>,
) -> Result<(), Stop> {
    c.name("ppt");
    let encrypted = || Stop::Encrypted("password-protected PowerPoint presentation".into());
    if c.has("/EncryptedSummary") {
        return Err(encrypted());
    }
    let user = c.stream("/Current User")?.ok_or_else(|| corrupt("no Current User stream"))?;
    if u32_at(&user, 12) == Some(ENCRYPTED_TOKEN) {
        return Err(encrypted());
    }
    let newest = u32_at(&user, 16).ok_or_else(|| corrupt("Current User too short"))? as usize;
    drop(user);
    let s = c.stream("/PowerPoint Document")?.ok_or_else(|| corrupt("no document stream"))?;
    let (persist, doc_ref) = persist_directory(&s, newest)?;
    let at = |id: u32| persist.get(&id).copied();
    let doc = at(doc_ref)
        .and_then(|o| record(&s, o, s.len()))
        .filter(|r| r.typ == RT_DOCUMENT && r.container)
        .ok_or_else(|| corrupt("no document record"))?;
    let budget = cx.budget;
    let mut w = Walk {
        s: &s,
        budget,
        walked: 0,
        max_walk: 4 * s.len() + (1 << 20),
        text_bytes: 0,
        max_text: budget.limits.max_member_bytes,
    };
    let slides = slide_list(&mut w, doc, 0)?;
    let notes = slide_list(&mut w, doc, 2)?;
    let number: HashMap<u32, usize> =
        slides.iter().enumerate().map(|(i, e)| (e.slide_id, i + 1)).collect();
    let mut pages: Vec<(String, Vec<String>)> = Vec::new();
    for (i, e) in slides.into_iter().enumerate() {
        let mut texts = e.texts;
        if let Some(r) = at(e.persist).and_then(|o| record(&s, o, s.len())) {
            if r.typ == RT_SLIDE && r.container {
                w.collect(r, &mut texts)?;
            }
        }
        pages.push((format!("#slide={}", i + 1), texts));
    }
    for e in notes {
        let Some(r) = at(e.persist).and_then(|o| record(&s, o, s.len())) else { continue };
        if r.typ != RT_NOTES || !r.container {
            continue;
        }
        // Collected first: the walk is charged before the page's atoms are searched.
        let mut texts = e.texts;
        w.collect(r, &mut texts)?;
        let slide_ref = children(&s, r)
            .find(|c| c.typ == RT_NOTES_ATOM)
            .and_then(|a| u32_at(&s[a.start..a.end], 0));
        let Some(&n) = slide_ref.and_then(|id| number.get(&id)) else { continue };
        pages.push((format!("#slide={n}/notes"), texts));
    }
    pages.sort_by_key(|(label, _)| page_order(label));
    let mut unit = Unit::new(cx, location.clone());
    let r = write_pages(&mut unit, &pages);
    unit.finish();
    r?;
    drop((pages, s));
    super::props::scan(cx, &mut c, &location)
}

/// Slides in order, each followed by its notes.
fn page_order(label: &str) -> (usize, bool) {
    let rest = label.trim_start_matches("#slide=");
    let (n, notes) = match rest.split_once('/') {
        Some((n, _)) => (n, true),
        None => (rest, false),
    };
    (n.parse().unwrap_or(usize::MAX), notes)
}

fn write_pages(unit: &mut Unit<'_, '_>, pages: &[(String, Vec<String>)]) -> Result<(), Stop> {
    for (label, texts) in pages {
        unit.place(label.as_str());
        let mut seen = HashSet::new();
        for t in texts {
            if t.trim().is_empty() || !seen.insert(t.as_str()) {
                continue;
            }
            unit.push(t)?;
            unit.push("\n")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = 0u16.to_le_bytes().to_vec();
        out.extend(typ.to_le_bytes());
        out.extend((data.len() as u32).to_le_bytes());
        out.extend(data);
        out
    }

    fn edit(last: u32, dir: u32) -> Vec<u8> {
        let mut d = Vec::new();
        for v in [0u32, 0, last, dir, 1, 0, 0] {
            d.extend(v.to_le_bytes());
        }
        rec(RT_USER_EDIT_ATOM, &d)
    }

    #[test]
    fn edits_sharing_one_directory_read_it_once() {
        // A directory of 4,000 ids at offset 0, then 50,000 edits that all name it.
        let mut dir = (1u32 | (4000 << 20)).to_le_bytes().to_vec();
        for i in 0..4000u32 {
            dir.extend(i.to_le_bytes());
        }
        let mut s = rec(RT_PERSIST_DIRECTORY_ATOM, &dir);
        let mut last = 0u32;
        for _ in 0..50_000 {
            let at = s.len() as u32;
            s.extend(edit(last, 0));
            last = at;
        }
        let t = std::time::Instant::now();
        let (map, doc) = persist_directory(&s, last as usize).unwrap();
        assert_eq!((map.len(), doc), (4000, 1));
        assert_eq!(map[&4000], 3999);
        assert!(t.elapsed() < std::time::Duration::from_secs(5), "{:?}", t.elapsed());
    }

    #[test]
    fn edit_chain_loop_is_corrupt() {
        // Two edits naming each other as the previous one (offset 0 means none, so the
        // directory sits there).
        let mut s = rec(RT_PERSIST_DIRECTORY_ATOM, &[]);
        let a = s.len() as u32;
        let b = a + 36;
        s.extend(edit(b, 0));
        s.extend(edit(a, 0));
        match persist_directory(&s, a as usize) {
            Err(Stop::Corrupt(d)) => assert!(d.contains("loop"), "{d}"),
            _ => panic!("a looping edit chain is corrupt"),
        }
    }
}
