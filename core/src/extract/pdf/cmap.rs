//! ToUnicode CMaps and the compiled-in CID tables of Adobe's CJK character collections.

use super::super::limits::Budget;
use super::fonts::FontDec;
use super::lexer::{Lexer, Tok};
use encoding_rs::UTF_16BE;
use std::collections::HashMap;

/// An Adobe character collection whose CIDs have a compiled-in table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Collection {
    Japan1,
    Gb1,
    Cns1,
    Korea1,
}

/// CID -> Unicode tables, built by `core/data/cmap/build.py` (format described there and in
/// its README): a 4-byte magic, u16 count, u16 astral count, `count` u16 values indexed by
/// CID (0: none, 0xD800 + i: `astral[i]`, else the BMP code point), then the astral u32s.
static ADOBE_JAPAN1: &[u8] = include_bytes!("../../../data/cmap/adobe_japan1_ucs.bin");
static ADOBE_GB1: &[u8] = include_bytes!("../../../data/cmap/adobe_gb1_ucs.bin");
static ADOBE_CNS1: &[u8] = include_bytes!("../../../data/cmap/adobe_cns1_ucs.bin");
static ADOBE_KOREA1: &[u8] = include_bytes!("../../../data/cmap/adobe_korea1_ucs.bin");

impl Collection {
    /// The collection of a CIDSystemInfo `Registry`/`Ordering`, if it has a table.
    pub(super) fn of(registry: &str, ordering: &str) -> Option<Collection> {
        match (registry, ordering) {
            ("Adobe", "Japan1") => Some(Collection::Japan1),
            ("Adobe", "GB1") => Some(Collection::Gb1),
            ("Adobe", "CNS1") => Some(Collection::Cns1),
            ("Adobe", "Korea1") => Some(Collection::Korea1),
            _ => None,
        }
    }

    fn table(self) -> (&'static [u8], &'static [u8; 4]) {
        match self {
            Collection::Japan1 => (ADOBE_JAPAN1, b"AJ1U"),
            Collection::Gb1 => (ADOBE_GB1, b"AG1U"),
            Collection::Cns1 => (ADOBE_CNS1, b"AC1U"),
            Collection::Korea1 => (ADOBE_KOREA1, b"AK1U"),
        }
    }

    /// The character of a CID; `None` for CID 0 (.notdef), a CID the table has no
    /// character for, or one beyond it. Reads the embedded bytes directly: no allocation,
    /// and every access is checked, so no CID can panic.
    pub(super) fn char(self, cid: u32) -> Option<char> {
        let (t, magic) = self.table();
        let u16_at = |at: usize| Some(u16::from_le_bytes([*t.get(at)?, *t.get(at + 1)?]));
        if t.get(..4)? != magic {
            return None;
        }
        let (count, astral) = (u16_at(4)? as usize, u16_at(6)? as usize);
        let cid = cid as usize;
        if cid >= count {
            return None;
        }
        match u16_at(8 + 2 * cid)? {
            0 => None,
            v @ 0xD800..=0xDFFF => {
                let i = (v - 0xD800) as usize;
                if i >= astral {
                    return None;
                }
                let at = 8 + 2 * count + 4 * i;
                let b = t.get(at..at + 4)?;
                char::from_u32(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            }
            v => char::from_u32(v as u32),
        }
    }
}

fn hex_code(s: &[u8]) -> u32 {
    s.iter().take(4).fold(0u32, |a, &b| a << 8 | b as u32)
}

fn utf16_text(s: &[u8]) -> String {
    UTF_16BE.decode_without_bom_handling(s).0.into_owned()
}

/// Parses a ToUnicode CMap (codespace, bfchar, bfrange). Every code it maps is one of the
/// budget's objects; the parse stops (with what it has) when they run out.
pub(super) fn parse_cmap(data: &[u8], budget: &Budget) -> FontDec {
    let mut lx = Lexer::new(data, 0, 0).with_budget(budget, false);
    let mut map = HashMap::new();
    let mut code_len = 0usize;
    let mut stack: Vec<Tok> = Vec::new();
    let mut mode = 0u8; // 1 codespace, 2 bfchar, 3 bfrange
    let mut guard = 0usize;
    while let Some(t) = lx.tok() {
        guard += 1;
        if guard > 5_000_000 || map.len() > 200_000 || budget.exhausted().is_some() {
            break;
        }
        match t {
            Tok::Word(w) => {
                match w.as_slice() {
                    b"begincodespacerange" => mode = 1,
                    b"beginbfchar" => mode = 2,
                    b"beginbfrange" => mode = 3,
                    w if w.starts_with(b"end") => mode = 0,
                    _ => {}
                }
                stack.clear();
            }
            Tok::ArrOpen if mode == 3 => {
                // <lo> <hi> [<t1> <t2> ...]
                let mut items = Vec::new();
                while let Some(t) = lx.tok() {
                    match t {
                        Tok::Str(s) => items.push(s),
                        Tok::ArrClose => break,
                        _ => {}
                    }
                    if items.len() > 65_536 {
                        break;
                    }
                }
                if let (Some(Tok::Str(hi)), Some(Tok::Str(lo))) = (stack.pop(), stack.pop()) {
                    if budget.objects(items.len() as u64).is_err() {
                        break;
                    }
                    let lo = hex_code(&lo);
                    for (i, t) in items.iter().enumerate() {
                        if lo as u64 + i as u64 > hex_code(&hi) as u64 {
                            break;
                        }
                        map.insert(lo + i as u32, utf16_text(t));
                    }
                }
                stack.clear();
            }
            Tok::Str(s) => {
                stack.push(Tok::Str(s));
                match mode {
                    1 if stack.len() == 2 => {
                        if let Some(Tok::Str(lo)) = stack.first() {
                            code_len = code_len.max(lo.len());
                        }
                        stack.clear();
                    }
                    2 if stack.len() == 2 => {
                        if let (Some(Tok::Str(dst)), Some(Tok::Str(src))) =
                            (stack.pop(), stack.pop())
                        {
                            code_len = code_len.max(src.len().min(4));
                            if budget.objects(1).is_err() {
                                break;
                            }
                            map.insert(hex_code(&src), utf16_text(&dst));
                        }
                    }
                    3 if stack.len() == 3 => {
                        if let (Some(Tok::Str(dst)), Some(Tok::Str(hi)), Some(Tok::Str(lo))) =
                            (stack.pop(), stack.pop(), stack.pop())
                        {
                            code_len = code_len.max(lo.len().min(4));
                            let (lo_c, hi_c) = (hex_code(&lo), hex_code(&hi));
                            if hi_c >= lo_c
                                && hi_c - lo_c <= 65_535
                                && dst.len() >= 2
                                && budget.objects(u64::from(hi_c - lo_c) + 1).is_ok()
                            {
                                let mut base: Vec<u16> = dst
                                    .chunks(2)
                                    .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                                    .collect();
                                for code in lo_c..=hi_c {
                                    map.insert(code, String::from_utf16_lossy(&base));
                                    if let Some(last) = base.last_mut() {
                                        *last = last.wrapping_add(1);
                                    }
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            _ => stack.clear(),
        }
    }
    FontDec::Map(code_len.clamp(1, 4), map, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmap() {
        let cm = b"begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0003> <0020> <0010> <96FB> endbfchar
1 beginbfrange <0013> <001C> <0030> endbfrange
1 beginbfrange <0020> <0021> [<8A71> <FF1A>] endbfrange";
        let budget = Budget::new(Default::default());
        let FontDec::Map(n, m, _) = parse_cmap(cm, &budget) else { panic!() };
        assert_eq!(n, 2);
        assert_eq!(m[&0x10], "電");
        assert_eq!(m[&0x13], "0");
        assert_eq!(m[&0x1c], "9");
        assert_eq!(m[&0x21], "：");
    }

    #[test]
    fn cmap_entries_are_budget_objects() {
        let cm = b"begincodespacerange <0000> <FFFF> endcodespacerange
1 beginbfrange <0000> <FFFF> <4E00> endbfrange
1 beginbfrange <0000> <FFFF> <4E00> endbfrange";
        let limits =
            super::super::super::limits::Limits { max_objects: 100_000, ..Default::default() };
        let budget = Budget::new(limits);
        let FontDec::Map(_, m, _) = parse_cmap(cm, &budget) else { panic!() };
        assert_eq!(m.len(), 65_536); // the second range would pass the limit: not added
        assert!(budget.exhausted().is_some());
    }

    #[test]
    fn adobe_japan1_table() {
        let adobe_japan1 = |cid| Collection::Japan1.char(cid);
        // Values checked against Adobe's UniJIS-UTF32-H and Adobe-Japan1-UCS2 CMaps.
        assert_eq!(adobe_japan1(1), Some(' '));
        assert_eq!(adobe_japan1(17), Some('0'));
        assert_eq!(adobe_japan1(26), Some('9'));
        assert_eq!(adobe_japan1(34), Some('A'));
        assert_eq!(adobe_japan1(633), Some('\u{3000}'));
        assert_eq!(adobe_japan1(780), Some('０'));
        assert_eq!(adobe_japan1(843), Some('あ'));
        assert_eq!(adobe_japan1(7891), Some('ー')); // vertical form -> the character
        assert_eq!(adobe_japan1(13523), Some('\u{2090E}')); // beyond the BMP
        assert_eq!(adobe_japan1(23057), Some('\u{9FA3}')); // the last CID
        assert_eq!(adobe_japan1(0), None); // .notdef
        assert_eq!(adobe_japan1(400), None); // a glyph variant the table has no character for
        for cid in [23058, 23060, 0xFFFF, 0x1_0000, u32::MAX] {
            assert_eq!(adobe_japan1(cid), None);
        }
        let mapped = (0..=0xFFFF).filter(|&c| adobe_japan1(c).is_some()).count();
        assert_eq!(mapped, 15_660);
        let mut out = String::new();
        FontDec::Cids(Collection::Japan1)
            .decode(&[0x03, 0x4B, 0x00, 0x00, 0x00, 0x11, 0x5A], &mut out);
        assert_eq!(out, "あ\u{FFFD}0\u{FFFD}"); // CID 0, then an odd trailing byte
    }

    #[test]
    fn other_cjk_collections() {
        // Values looked up in Adobe's Adobe-GB1-UCS2, Adobe-CNS1-UCS2 and Adobe-Korea1-UCS2
        // CMaps (Debian poppler-data), which the tables are not built from.
        for c in [Collection::Gb1, Collection::Cns1, Collection::Korea1] {
            assert_eq!(c.char(1), Some(' '), "{c:?}");
            assert_eq!(c.char(17), Some('0'), "{c:?}");
            assert_eq!(c.char(34), Some('A'), "{c:?}");
            assert_eq!(c.char(0), None, "{c:?}");
            assert_eq!(c.char(u32::MAX), None, "{c:?}");
        }
        assert_eq!(Collection::Gb1.char(940), Some('啊'));
        assert_eq!(Collection::Gb1.char(1875), Some('国'));
        assert_eq!(Collection::Gb1.char(4559), Some('中'));
        assert_eq!(Collection::Cns1.char(595), Some('一'));
        assert_eq!(Collection::Cns1.char(661), Some('中'));
        assert_eq!(Collection::Cns1.char(2615), Some('國'));
        assert_eq!(Collection::Korea1.char(1086), Some('가'));
        assert_eq!(Collection::Korea1.char(1204), Some('국'));
        assert_eq!(Collection::Korea1.char(3296), Some('한'));
        let mut out = String::new();
        FontDec::Cids(Collection::Korea1).decode(&[0x0C, 0xE0, 0x04, 0xB4, 0x04, 0x3E], &mut out);
        assert_eq!(out, "한국가");
        // No private-use code points: they would mean nothing outside one vendor's font.
        for c in [Collection::Japan1, Collection::Gb1, Collection::Cns1, Collection::Korea1] {
            let private = (0..=0xFFFF)
                .filter_map(|cid| c.char(cid))
                .filter(|&ch| ('\u{E000}'..='\u{F8FF}').contains(&ch))
                .count();
            assert_eq!(private, 0, "{c:?}");
        }
    }
}
