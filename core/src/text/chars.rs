//! Character-level helpers on raw bytes: decoding one UTF-8 character at a position
//! (forwards or backwards), and classifying the characters that appear inside written numbers.
//!
//! Everything here works on `&[u8]` because input may be invalid UTF-8: an invalid byte
//! simply decodes as `None` and is treated as an ordinary non-matching character.

/// Decodes the UTF-8 character starting at `i`. Returns the character and its byte length.
#[inline]
pub fn decode_at(b: &[u8], i: usize) -> Option<(char, usize)> {
    let b0 = *b.get(i)?;
    if b0 < 0x80 {
        return Some((b0 as char, 1));
    }
    let (len, init) = match b0 {
        0xC2..=0xDF => (2, (b0 & 0x1F) as u32),
        0xE0..=0xEF => (3, (b0 & 0x0F) as u32),
        0xF0..=0xF4 => (4, (b0 & 0x07) as u32),
        _ => return None,
    };
    let tail = b.get(i + 1..i + len)?;
    let mut cp = init;
    for &c in tail {
        if c & 0xC0 != 0x80 {
            return None;
        }
        cp = (cp << 6) | (c & 0x3F) as u32;
    }
    // Reject overlong forms and surrogates, as str::from_utf8 would.
    let min = [0, 0, 0x80, 0x800, 0x10000][len];
    if cp < min {
        return None;
    }
    char::from_u32(cp).map(|c| (c, len))
}

/// Decodes the UTF-8 character that ends just before `i`.
#[inline]
pub fn decode_before(b: &[u8], i: usize) -> Option<(char, usize)> {
    if i == 0 || i > b.len() {
        return None;
    }
    let last = b[i - 1];
    if last < 0x80 {
        return Some((last as char, 1));
    }
    // Walk back over at most three continuation bytes to the lead byte.
    let mut start = i - 1;
    while start > 0 && i - start < 4 && b[start] & 0xC0 == 0x80 {
        start -= 1;
    }
    match decode_at(b, start) {
        Some((c, len)) if start + len == i => Some((c, len)),
        _ => None,
    }
}

/// The value of a digit (ASCII `0`-`9` or full-width `０`-`９`) at `i`, and its byte length.
#[inline]
pub fn digit_at(b: &[u8], i: usize) -> Option<(u8, usize)> {
    match *b.get(i)? {
        d @ b'0'..=b'9' => Some((d - b'0', 1)),
        0xEF => match (b.get(i + 1), b.get(i + 2)) {
            (Some(0xBC), Some(&c)) if (0x90..=0x99).contains(&c) => Some((c - 0x90, 3)),
            _ => None,
        },
        _ => None,
    }
}

/// The digit that ends just before `i`, if any.
#[cfg(test)]
pub fn digit_before(b: &[u8], i: usize) -> Option<(u8, usize)> {
    if i >= 1 && b[i - 1].is_ascii_digit() {
        return Some((b[i - 1] - b'0', 1));
    }
    if i >= 3 {
        return digit_at(b, i - 3).filter(|&(_, l)| l == 3);
    }
    None
}

/// What a character between two digit groups is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SepClass {
    /// Any hyphen, dash, minus or long-vowel mark typed as a dash.
    Dash,
    /// Ordinary, ideographic, no-break and thin spaces, tabs.
    Space,
    /// A line break (text extracted from PDFs breaks numbers across lines).
    Break,
    /// `(` or `（`.
    Open,
    /// `)` or `）`.
    Close,
    /// Zero-width characters and soft hyphens, pasted in from web pages.
    Invisible,
}

/// Classifies `c` as a separator that may stand between digit groups of one number.
///
/// The dash list is the union of what stdnum, libphonenumber and geolonia accept between
/// digits (see the formats spec, §7), plus U+2011 and U+FF70.
#[inline]
pub fn sep_class(c: char) -> Option<SepClass> {
    Some(match c {
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{30FC}' | '\u{FF0D}' | '\u{FF70}' | '\u{FE63}' | '\u{FE58}'
        | '\u{2043}' | '\u{23AF}' | '\u{23E4}' | '\u{02D7}' | '\u{2500}' | '\u{2501}' => {
            SepClass::Dash
        }
        ' ' | '\u{3000}' | '\u{00A0}' | '\u{2002}' | '\u{2003}' | '\u{2009}' | '\u{202F}' => {
            SepClass::Space
        }
        '\n' | '\r' => SepClass::Break,
        '(' | '\u{FF08}' => SepClass::Open,
        ')' | '\u{FF09}' => SepClass::Close,
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => SepClass::Invisible,
        _ => return None,
    })
}

/// Maps ASCII and full-width ASCII letters, digits and symbols to their ASCII form.
#[inline]
pub fn fold_ascii(c: char) -> Option<u8> {
    let cp = c as u32;
    if cp < 0x80 {
        Some(cp as u8)
    } else if (0xFF01..=0xFF5E).contains(&cp) {
        Some((cp - 0xFF01 + 0x21) as u8)
    } else {
        None
    }
}

/// True for ASCII letters and digits, in either width.
#[inline]
pub fn is_alnum(c: char) -> bool {
    fold_ascii(c).is_some_and(|a| a.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_forwards_and_backwards() {
        let s = "a０ー𝟑".as_bytes();
        assert_eq!(decode_at(s, 0), Some(('a', 1)));
        assert_eq!(decode_at(s, 1), Some(('０', 3)));
        assert_eq!(decode_at(s, 4), Some(('ー', 3)));
        assert_eq!(decode_at(s, 7), Some(('𝟑', 4)));
        assert_eq!(decode_before(s, 11), Some(('𝟑', 4)));
        assert_eq!(decode_before(s, 7), Some(('ー', 3)));
        assert_eq!(decode_before(s, 1), Some(('a', 1)));
        assert_eq!(decode_at(s, 2), None, "continuation byte is not a character");
        assert_eq!(decode_at(&[0xE3, 0x81], 0), None, "truncated sequence");
        assert_eq!(decode_at(&[0xC0, 0x80], 0), None, "overlong form");
    }

    #[test]
    fn digits_in_both_widths() {
        assert_eq!(digit_at(b"7", 0), Some((7, 1)));
        assert_eq!(digit_at("９".as_bytes(), 0), Some((9, 3)));
        assert_eq!(digit_at("Ａ".as_bytes(), 0), None);
        assert_eq!(digit_before("x９".as_bytes(), 4), Some((9, 3)));
        assert_eq!(digit_before("９x".as_bytes(), 4), None);
    }

    #[test]
    fn separators() {
        for c in ['-', '‐', '−', 'ー', '－', 'ｰ', '―', '–', '—'] {
            assert_eq!(sep_class(c), Some(SepClass::Dash), "{c:?}");
        }
        assert_eq!(sep_class('\u{3000}'), Some(SepClass::Space));
        assert_eq!(sep_class('\n'), Some(SepClass::Break));
        assert_eq!(sep_class('（'), Some(SepClass::Open));
        assert_eq!(sep_class('一'), None, "kanji one is not a dash");
        assert_eq!(sep_class('〜'), None, "wave dash marks a range, not a separator");
    }
}
