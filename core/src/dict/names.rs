//! Japanese surnames and given names with their katakana readings (SudachiDict).

use crate::text::place_fold::fold_name_char;
use fst::raw::Fst;

static SURNAMES_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/surnames.fst"));
static GIVEN_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/given_names.fst"));
static READINGS_FST: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/readings.fst"));

/// What the dictionary says about a name form (see `core/data/names/README.md`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NameFlags(u64);

impl NameFlags {
    /// In UniDic's curated vocabulary: a common name.
    pub fn common(self) -> bool {
        self.0 & 1 != 0
    }
    // Bit 2 (also a given name or surname) and bit 4 (also a place name) are in the data
    // but no rule reads them.
    /// Also an ordinary word (中, 森, 東...).
    pub fn word(self) -> bool {
        self.0 & 8 != 0
    }
}

/// The name dictionary.
pub struct Names {
    surnames: Fst<&'static [u8]>,
    given: Fst<&'static [u8]>,
    readings: Fst<&'static [u8]>,
}

impl Names {
    pub(super) fn load() -> Option<Names> {
        if !cfg!(feature = "dictionaries") {
            return None;
        }
        Some(Names {
            surnames: Fst::new(SURNAMES_FST).ok()?,
            given: Fst::new(GIVEN_FST).ok()?,
            readings: Fst::new(READINGS_FST).ok()?,
        })
    }

    fn lookup(fst: &Fst<&'static [u8]>, form: &str) -> Option<NameFlags> {
        // Folded on the stack: names are short, and this runs at every candidate.
        let mut key = [0u8; 64];
        let mut n = 0;
        for c in form.chars().filter_map(fold_name_char) {
            let len = c.len_utf8();
            if n + len > key.len() {
                return None;
            }
            c.encode_utf8(&mut key[n..]);
            n += len;
        }
        fst.get(&key[..n]).map(|o| NameFlags(o.value()))
    }

    /// Whether some surname starts with the character `c` (a cheap test before lookups).
    pub fn surname_starts_with(&self, c: char) -> bool {
        let Some(f) = fold_name_char(c) else { return false };
        let mut b = [0u8; 4];
        super::descend(&self.surnames, f.encode_utf8(&mut b).as_bytes()).is_some()
    }

    /// The surnames `text` starts with: fills `out` with (byte length in `text`, flags),
    /// shortest first, and returns how many (at most `out.len()`).
    pub fn surname_prefixes(&self, text: &str, out: &mut [(usize, NameFlags)]) -> usize {
        let root = (self.surnames.root().addr(), fst::raw::Output::zero());
        // Blanks fold to nothing and are skipped, as in the dictionary keys.
        let chars = text
            .char_indices()
            .filter_map(|(i, c)| fold_name_char(c).map(|f| (Some(f), i + c.len_utf8())));
        let mut n = 0;
        super::walk_keys(&self.surnames, root, chars, |v, end| {
            if n < out.len() {
                out[n] = (end, NameFlags(v));
                n += 1;
            }
        });
        n
    }

    /// The flags of a surname written `form`, if it is one.
    pub fn surname(&self, form: &str) -> Option<NameFlags> {
        Self::lookup(&self.surnames, form)
    }

    /// The flags of a given name written `form`, if it is one.
    pub fn given(&self, form: &str) -> Option<NameFlags> {
        Self::lookup(&self.given, form)
    }

    /// Whether a kana string (hiragana or katakana) is a surname reading (bit 1) and/or a
    /// given-name reading (bit 2); 0 when neither.
    pub fn reading(&self, kana: &str) -> u64 {
        let key: String = kana.chars().map(hiragana_to_katakana).collect();
        self.readings.get(key.as_bytes()).map_or(0, |o| o.value())
    }
}

/// ぁ..ゖ → ァ..ヶ; anything else unchanged.
fn hiragana_to_katakana(c: char) -> char {
    match c {
        '\u{3041}'..='\u{3096}' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
        _ => c,
    }
}
