//! Width and case folding for hotword matching (`crate::context`), without changing byte
//! offsets. (Custom keywords use their own fold, which also joins blanks and voicing marks:
//! `crate::detect::keywords`.)
//!
//! Hotwords must match whatever width or case the text uses (`ＡＢＣ` = `abc`, `ｶﾀｶﾅ` =
//! `カタカナ`). Rather than normalising text (which changes lengths and needs an offset map),
//! [`fold_text`] rewrites every character into a form of the *same byte length*: ASCII
//! letters to lower case, full-width letters to full-width lower case, half-width katakana to
//! full-width katakana with a separate voicing mark (`ｶﾞ` → `カ゛`, six bytes either way).
//! [`keyword_variants`] then registers each keyword in every form folded text can take.

/// Folds `src` into `dst` (cleared first); `dst.len() == src.len()` and offsets are unchanged.
pub fn fold_text(src: &[u8], dst: &mut Vec<u8>) {
    dst.clear();
    dst.extend_from_slice(src);
    // Branch-free over a plain slice, so the compiler vectorises it.
    for b in dst.iter_mut() {
        *b |= ((b.wrapping_sub(b'A') < 26) as u8) << 5;
    }
    for i in memchr::memchr_iter(0xEF, src) {
        if i + 3 > src.len() {
            break;
        }
        let cp = match std::str::from_utf8(&src[i..i + 3]) {
            Ok(s) => s.chars().next().map_or(0, |c| c as u32),
            Err(_) => continue,
        };
        if let Some(folded) = fold_fullwidth_char(cp) {
            let mut tmp = [0u8; 4];
            let enc = folded.encode_utf8(&mut tmp);
            debug_assert_eq!(enc.len(), 3);
            dst[i..i + 3].copy_from_slice(enc.as_bytes());
        }
    }
}

/// The same-length fold of a character in the U+FFxx block, if it changes.
fn fold_fullwidth_char(cp: u32) -> Option<char> {
    let out = match cp {
        0xFF21..=0xFF3A => cp + 0x20, // Ａ-Ｚ → ａ-ｚ
        0xFF61..=0xFF9F => halfwidth_kana(cp)?,
        _ => return None,
    };
    char::from_u32(out)
}

/// Half-width katakana and punctuation (U+FF61..U+FF9F) to their full-width forms; the
/// voicing marks become the spacing marks ゛ and ゜.
pub(crate) fn halfwidth_kana(cp: u32) -> Option<u32> {
    const TABLE: [u16; 63] = [
        0x3002, 0x300C, 0x300D, 0x3001, 0x30FB, // ｡｢｣､･
        0x30F2, // ｦ
        0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30E3, 0x30E5, 0x30E7, 0x30C3, // ｧ-ｯ
        0x30FC, // ｰ
        0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, // ｱ-ｵ
        0x30AB, 0x30AD, 0x30AF, 0x30B1, 0x30B3, // ｶ-ｺ
        0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, // ｻ-ｿ
        0x30BF, 0x30C1, 0x30C4, 0x30C6, 0x30C8, // ﾀ-ﾄ
        0x30CA, 0x30CB, 0x30CC, 0x30CD, 0x30CE, // ﾅ-ﾉ
        0x30CF, 0x30D2, 0x30D5, 0x30D8, 0x30DB, // ﾊ-ﾎ
        0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2, // ﾏ-ﾓ
        0x30E4, 0x30E6, 0x30E8, // ﾔﾕﾖ
        0x30E9, 0x30EA, 0x30EB, 0x30EC, 0x30ED, // ﾗ-ﾛ
        0x30EF, 0x30F3, // ﾜﾝ
        0x309B, 0x309C, // ﾞﾟ
    ];
    TABLE.get(cp.checked_sub(0xFF61)? as usize).map(|&v| v as u32)
}

/// Voiced katakana and their unvoiced base plus mark (゛ U+309B or ゜ U+309C).
const VOICED: [(char, char, char); 26] = [
    ('ガ', 'カ', '゛'),
    ('ギ', 'キ', '゛'),
    ('グ', 'ク', '゛'),
    ('ゲ', 'ケ', '゛'),
    ('ゴ', 'コ', '゛'),
    ('ザ', 'サ', '゛'),
    ('ジ', 'シ', '゛'),
    ('ズ', 'ス', '゛'),
    ('ゼ', 'セ', '゛'),
    ('ゾ', 'ソ', '゛'),
    ('ダ', 'タ', '゛'),
    ('ヂ', 'チ', '゛'),
    ('ヅ', 'ツ', '゛'),
    ('デ', 'テ', '゛'),
    ('ド', 'ト', '゛'),
    ('バ', 'ハ', '゛'),
    ('ビ', 'ヒ', '゛'),
    ('ブ', 'フ', '゛'),
    ('ベ', 'ヘ', '゛'),
    ('ボ', 'ホ', '゛'),
    ('パ', 'ハ', '゜'),
    ('ピ', 'ヒ', '゜'),
    ('プ', 'フ', '゜'),
    ('ペ', 'ヘ', '゜'),
    ('ポ', 'ホ', '゜'),
    ('ヴ', 'ウ', '゛'),
];

/// The canonical form of a keyword: ASCII lower case for Latin letters, digits and symbols
/// (full-width ones included), full-width katakana with composed voicing.
pub fn canonical_keyword(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let cp = c as u32;
        let c = if (0xFF01..=0xFF5E).contains(&cp) {
            char::from_u32(cp - 0xFF01 + 0x21).unwrap_or(c)
        } else if let Some(k) = halfwidth_kana(cp).and_then(char::from_u32) {
            k
        } else {
            c
        };
        let c = c.to_ascii_lowercase();
        // Compose a base kana followed by a voicing mark.
        if c == '゛' || c == '゜' || c == '\u{3099}' || c == '\u{309A}' {
            let mark = if c == '゛' || c == '\u{3099}' { '゛' } else { '゜' };
            if let Some(last) = out.chars().last() {
                if let Some(&(v, _, _)) = VOICED.iter().find(|&&(_, b, m)| b == last && m == mark) {
                    out.pop();
                    out.push(v);
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

/// Every form that [`fold_text`] output can take for the keyword `s`: Latin characters in
/// ASCII or in full width, katakana voicing composed or separate. Duplicates are removed.
pub fn keyword_variants(s: &str) -> Vec<String> {
    let canon = canonical_keyword(s);
    let wide: String = canon
        .chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c),
            _ => c,
        })
        .collect();
    let mut out = Vec::with_capacity(4);
    for v in [canon.clone(), wide] {
        let decomposed: String = v
            .chars()
            .flat_map(|c| match VOICED.iter().find(|&&(vc, _, _)| vc == c) {
                Some(&(_, base, mark)) => [Some(base), Some(mark)],
                None => [Some(c), None],
            })
            .flatten()
            .collect();
        for form in [v, decomposed] {
            if !out.contains(&form) {
                out.push(form);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> String {
        let mut out = Vec::new();
        fold_text(s.as_bytes(), &mut out);
        assert_eq!(out.len(), s.len());
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn text_fold_keeps_lengths() {
        assert_eq!(fold("ABC ＡＢＣ abc"), "abc ａｂｃ abc");
        assert_eq!(fold("ｶﾞｲﾄﾞ"), "カ゛イト゛");
        assert_eq!(fold("社外秘 ＰＲＯＪＥＣＴ"), "社外秘 ｐｒｏｊｅｃｔ");
    }

    #[test]
    fn every_text_form_matches_a_variant() {
        let variants = keyword_variants("Project-ガイド");
        for text in
            ["project-ガイド", "PROJECT-ｶﾞｲﾄﾞ", "ＰＲＯＪＥＣＴ－ガイド", "ＰＲＯＪＥＣＴ－ｶﾞｲﾄﾞ"]
        {
            let folded = fold(text);
            assert!(variants.contains(&folded), "{text} -> {folded} not in {variants:?}");
        }
    }

    #[test]
    fn canonical_form() {
        assert_eq!(canonical_keyword("ＡＢＣ社外秘"), "abc社外秘");
        assert_eq!(canonical_keyword("ｶﾞｲﾄﾞ"), "ガイド");
        assert_eq!(keyword_variants("極秘"), vec!["極秘".to_string()]);
    }
}
