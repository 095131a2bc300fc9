//! PDF fonts: how each font's string bytes become text (ToUnicode map, CMap name,
//! CIDs of Adobe's CJK collections, WinAnsi), decided once per font and shared.

use super::cmap::{parse_cmap, Collection};
use super::filters::decode_small_stream;
use super::objects::{Doc, Obj};
use encoding_rs::{EUC_JP, SHIFT_JIS, UTF_16BE, WINDOWS_1252};
use std::collections::HashMap;
use std::rc::Rc;

/// Fonts without a usable map named in the report, at most.
pub(super) const MAX_UNMAPPED_LABELS: usize = 8;

/// A font's way from string bytes to text.
pub(super) enum FontDec {
    /// ToUnicode map: code length in bytes and code -> text; with a collection when a code
    /// the map lacks is a CID of it (`Identity-H`/`-V`, a descendant font of that collection).
    Map(usize, HashMap<u32, String>, Option<Collection>),
    /// Two-byte CIDs of an Adobe collection (`Identity-H`/`-V`), decoded with its table.
    Cids(Collection),
    Utf16,
    Sjis,
    EucJp,
    WinAnsi,
    /// A CID font whose codes cannot be mapped to text here.
    Unmapped,
}

impl FontDec {
    pub(super) fn decode(&self, s: &[u8], out: &mut String) {
        match self {
            FontDec::Map(n, m, cids) => {
                for chunk in s.chunks(*n) {
                    let code = chunk.iter().fold(0u32, |a, &b| a << 8 | b as u32);
                    if let Some(t) = m.get(&code) {
                        out.push_str(t);
                    } else if let Some(c) = cids {
                        out.push(c.char(code).unwrap_or(char::REPLACEMENT_CHARACTER));
                    }
                }
            }
            FontDec::Cids(c) => {
                for chunk in s.chunks(2) {
                    let cid = match chunk {
                        [a, b] => u32::from(*a) << 8 | u32::from(*b),
                        _ => 0, // an odd byte at the end is no CID
                    };
                    out.push(c.char(cid).unwrap_or(char::REPLACEMENT_CHARACTER));
                }
            }
            FontDec::Utf16 => out.push_str(&UTF_16BE.decode_without_bom_handling(s).0),
            FontDec::Sjis => out.push_str(&SHIFT_JIS.decode_without_bom_handling(s).0),
            FontDec::EucJp => out.push_str(&EUC_JP.decode_without_bom_handling(s).0),
            FontDec::WinAnsi => out.push_str(&WINDOWS_1252.decode_without_bom_handling(s).0),
            FontDec::Unmapped => {}
        }
    }
}

/// The fonts of one document, decided once each, and those whose text cannot be decoded.
/// Each decided font is kept (its map entries are budget objects, so they are bounded) and
/// shared: a `Tf` costs a lookup, not a copy of the font's map.
#[derive(Default)]
pub(super) struct Fonts {
    by_key: HashMap<Vec<u8>, Rc<FontDec>>,
    /// Labels of CID fonts without a usable map, for the report.
    pub(super) unmapped: Vec<String>,
}

impl Fonts {
    /// How to decode text in the font `name` of the resources `res`.
    pub(super) fn font(&mut self, doc: &mut Doc<'_>, res: &Obj, name: &[u8]) -> Rc<FontDec> {
        let font_dict = doc.get(res, b"Font");
        let key = match font_dict.get(name) {
            Some(Obj::Ref(n)) => format!("ref{n}").into_bytes(),
            // A name the resources lack: not kept, so that a stream of made-up names costs
            // no memory.
            None => return Rc::new(FontDec::WinAnsi),
            Some(_) => {
                let mut k = b"name:".to_vec();
                k.extend_from_slice(name);
                k
            }
        };
        if let Some(f) = self.by_key.get(&key) {
            return f.clone();
        }
        let font = doc.get(&font_dict, name);
        let subtype = font.get(b"Subtype").and_then(Obj::name).unwrap_or(b"").to_vec();
        let enc = doc.get(&font, b"Encoding");
        let enc = enc.name().unwrap_or(b"").to_vec();
        let enc_s = String::from_utf8_lossy(&enc).into_owned();
        let identity = subtype == b"Type0" && matches!(&enc[..], b"Identity-H" | b"Identity-V");
        let (ordering, cids) =
            if identity { Self::cid_collection(doc, &font) } else { (None, None) };
        let tu = doc.get(&font, b"ToUnicode");
        let map = match decode_small_stream(doc.budget, doc, &tu) {
            Ok(Some(data)) => match parse_cmap(&data, doc.budget) {
                FontDec::Map(n, m, _) if !m.is_empty() => {
                    Some(FontDec::Map(n, m, cids.filter(|_| n == 2)))
                }
                _ => None,
            },
            _ => None,
        };
        let dec = if let Some(map) = map {
            map
        } else if subtype == b"Type0" {
            if let Some(c) = cids {
                FontDec::Cids(c)
            } else if enc_s.contains("UCS2") || enc_s.contains("UTF16") {
                FontDec::Utf16
            } else if enc_s.contains("RKSJ") {
                FontDec::Sjis
            } else if enc_s.starts_with("EUC") {
                FontDec::EucJp
            } else {
                let base = font.get(b"BaseFont").and_then(Obj::name).unwrap_or(b"?");
                let ordering = ordering.map(|o| format!(", {o}")).unwrap_or_default();
                let label = format!("{} ({enc_s}{ordering})", String::from_utf8_lossy(base));
                if self.unmapped.len() < MAX_UNMAPPED_LABELS && !self.unmapped.contains(&label) {
                    self.unmapped.push(label);
                }
                FontDec::Unmapped
            }
        } else {
            FontDec::WinAnsi
        };
        let dec = Rc::new(dec);
        self.by_key.insert(key, dec.clone());
        dec
    }

    /// For a Type0 font with an Identity encoding: its descendant's `Registry-Ordering`
    /// (for the report) and the collection its CIDs belong to, if there is a table for it.
    /// They do when the CIDSystemInfo says Adobe/Japan1, GB1, CNS1 or Korea1, except for an
    /// embedded TrueType font mapped with `CIDToGIDMap /Identity` (or none): there the codes
    /// are the font's own glyph indices, whatever the CIDSystemInfo claims, so nothing is
    /// guessed.
    fn cid_collection(doc: &mut Doc<'_>, font: &Obj) -> (Option<String>, Option<Collection>) {
        let desc = doc.get(font, b"DescendantFonts");
        let cid_font = match desc {
            Obj::Arr(a) => a.first().map(|o| doc.resolve(o)).unwrap_or(Obj::Null),
            o => o,
        };
        let info = doc.get(&cid_font, b"CIDSystemInfo");
        let text = |o: Option<&Obj>| match o {
            Some(Obj::Str(s) | Obj::Name(s)) => String::from_utf8_lossy(s).into_owned(),
            _ => String::new(),
        };
        let registry = text(info.get(b"Registry"));
        let ordering = text(info.get(b"Ordering"));
        if registry.is_empty() && ordering.is_empty() {
            return (None, None);
        }
        let label = Some(format!("{registry}-{ordering}"));
        let Some(collection) = Collection::of(&registry, &ordering) else {
            return (label, None);
        };
        if cid_font.get(b"Subtype").and_then(Obj::name) == Some(b"CIDFontType2") {
            let fd = doc.get(&cid_font, b"FontDescriptor");
            let embedded = !matches!(doc.get(&fd, b"FontFile2"), Obj::Null);
            let map = doc.get(&cid_font, b"CIDToGIDMap");
            if embedded && matches!(map, Obj::Null | Obj::Name(_)) {
                return (Some(format!("{registry}-{ordering}, embedded TrueType")), None);
            }
        }
        (label, Some(collection))
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::limits::Budget;
    use super::*;

    fn font_of(objects: &[&str]) -> (Rc<FontDec>, Vec<String>) {
        let mut pdf = b"%PDF-1.4\n".to_vec();
        for (i, o) in objects.iter().enumerate() {
            pdf.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let budget = Budget::new(Default::default());
        let mut doc = Doc::new(&pdf, &budget);
        let mut fonts = Fonts::default();
        let res = Obj::Dict(Rc::new(vec![(b"Font".to_vec(), Obj::Ref(1))]));
        let f = fonts.font(&mut doc, &res, b"F1");
        (f, fonts.unmapped)
    }

    #[test]
    fn identity_fonts_by_ordering() {
        let type0 = "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [3 0 R] >>";
        let japan1 = "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /X /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> >>";
        let (f, u) = font_of(&["<< /F1 2 0 R >>", type0, japan1]);
        assert!(matches!(*f, FontDec::Cids(Collection::Japan1)) && u.is_empty(), "{u:?}");
        // The other CJK collections with a table.
        for (ordering, c) in
            [("GB1", Collection::Gb1), ("CNS1", Collection::Cns1), ("Korea1", Collection::Korea1)]
        {
            let other = japan1.replace("Japan1", ordering);
            let (f, u) = font_of(&["<< /F1 2 0 R >>", type0, &other]);
            assert!(matches!(*f, FontDec::Cids(k) if k == c) && u.is_empty(), "{u:?}");
        }
        // Ordering Identity: the codes are not Adobe-Japan1 CIDs.
        let ident = japan1.replace("(Japan1)", "(Identity)");
        let (f, u) = font_of(&["<< /F1 2 0 R >>", type0, &ident]);
        assert!(matches!(*f, FontDec::Unmapped));
        assert_eq!(u, ["X (Identity-H, Adobe-Identity)"]);
        // An embedded TrueType with CIDToGIDMap /Identity: glyph indices, whatever it claims.
        let tt = "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /CIDToGIDMap /Identity /FontDescriptor << /FontFile2 4 0 R >> /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) >> >>";
        let (f, _) = font_of(&["<< /F1 2 0 R >>", type0, tt, "<< /Length 0 >>"]);
        assert!(matches!(*f, FontDec::Unmapped));
        // Not embedded: the viewer's font is addressed by Adobe-Japan1 CIDs.
        let tt = tt.replace("/FontDescriptor << /FontFile2 4 0 R >> ", "");
        let (f, _) = font_of(&["<< /F1 2 0 R >>", type0, &tt]);
        assert!(matches!(*f, FontDec::Cids(Collection::Japan1)));
        // No descendant font information at all: unchanged, reported.
        let bare = "<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H >>";
        let (f, u) = font_of(&["<< /F1 2 0 R >>", bare]);
        assert!(matches!(*f, FontDec::Unmapped));
        assert_eq!(u, ["X (Identity-H)"]);
    }

    #[test]
    fn to_unicode_gaps_fall_back_to_japan1() {
        let cmap = b"begincodespacerange <0000> <FFFF> endcodespacerange\n1 beginbfchar <0011> <0031> endbfchar";
        let budget = Budget::new(Default::default());
        let FontDec::Map(n, m, _) = parse_cmap(cmap, &budget) else { panic!() };
        let mut out = String::new();
        FontDec::Map(n, m.clone(), Some(Collection::Japan1))
            .decode(&[0x00, 0x11, 0x03, 0x4B], &mut out);
        assert_eq!(out, "1あ"); // the map wins where it has the code
        out.clear();
        FontDec::Map(n, m, None).decode(&[0x00, 0x11, 0x03, 0x4B], &mut out);
        assert_eq!(out, "1");
    }
}
