//! The keyword fold: one written form for every way a keyword can appear in text.
//!
//! Keywords and text go through the same fold, so `Ｐroject　Orion`, `PROJECT\r\nORION` and
//! `project orion` all read `project orion`:
//!
//! - ASCII letters in lower case; full-width ASCII (`Ａ`, `１`, `－`) as ASCII.
//! - Half-width katakana in full width, voicing marks composed (`ｶﾞ`, `カ゛` and `カ` with a
//!   combining mark all read `ガ`).
//! - A run of blanks (spaces, ideographic spaces, tabs, a line break, CRLF included) reads one
//!   space between two ASCII characters and nothing otherwise: Japanese has no spaces between
//!   words, so `社外　秘` and a line wrapped inside `社外秘` read `社外秘`. A run holding two
//!   line breaks (a paragraph) or more than [`MAX_GAP`] bytes reads a line break, which no
//!   folded keyword holds.
//!
//! The fold changes lengths, so a folded block keeps a sparse map back to the original
//! offsets: one pair per place where the difference between the two changes. ASCII prose
//! and Japanese text without folded characters need none, and are copied in bulk.

/// Longest blank run (bytes) that may stand inside a keyword.
pub const MAX_GAP: usize = 16;
/// Most original bytes one folded byte stands for, with the blank run before it: a
/// full-width character folds three bytes into one.
pub const MAX_EXPANSION: usize = 3 + MAX_GAP;

/// A folded block of text and its map back to the original offsets.
#[derive(Default, Debug)]
pub struct Folded {
    /// The folded text.
    pub text: Vec<u8>,
    /// `(folded offset, original offset)` pairs, sorted; between two pairs the offsets move
    /// together. A blank run that vanishes has two pairs at the same folded offset: where
    /// it starts and where it ends.
    edits: Vec<(u32, u32)>,
}

/// Blank characters, with their byte length, at `i`.
fn blank_at(b: &[u8], i: usize) -> Option<(usize, bool)> {
    match b[i] {
        b' ' | b'\t' | b'\x0b' | b'\x0c' => Some((1, false)),
        b'\n' => Some((1, true)),
        b'\r' => Some(if b.get(i + 1) == Some(&b'\n') { (2, true) } else { (1, true) }),
        0xC2 if b.get(i + 1) == Some(&0xA0) => Some((2, false)), // no-break space
        0xE3 if b.get(i + 1..i + 3) == Some(&[0x80, 0x80]) => Some((3, false)), // ideographic
        0xE2 if matches!(b.get(i + 1..i + 3), Some([0x80, 0x82 | 0x83 | 0x89 | 0xAF])) => {
            Some((3, false)) // en, em, thin and narrow no-break spaces
        }
        _ => None,
    }
}

/// Bytes checked at once for anything to fold: plain stretches are copied in bulk.
const CHUNK: usize = 32;

#[inline(always)]
fn graphic(b: u8) -> bool {
    b.wrapping_sub(0x21) < 0x5E
}

/// Must the byte `c` (between `p` and `n`, `n2`) go through the fold one character at a
/// time? Controls and blanks (a space only next to something other than printable ASCII),
/// full-width forms and half-width katakana, the no-break and other wide spaces, the
/// ideographic space and the voicing marks. Branch-free, so a chunk's test vectorises.
#[inline(always)]
fn special(p: u8, c: u8, n: u8, n2: u8) -> bool {
    (c < 0x20)
        | ((c == b' ') & (!graphic(p) | !graphic(n)))
        | ((c == 0xC2) & (n == 0xA0))
        | ((c == 0xE2) & (n == 0x80) & ((n2 == 0x82) | (n2 == 0x83) | (n2 == 0x89) | (n2 == 0xAF)))
        | ((c == 0xE3)
            & (((n == 0x80) & (n2 == 0x80)) | ((n == 0x82) & (n2.wrapping_sub(0x99) < 4))))
        | ((c == 0xEF) & (n.wrapping_sub(0xBC) < 3))
}

/// Which bytes of the chunk `w[1..=CHUNK]` need the fold (bit `k` for `w[1 + k]`; `w` holds
/// one byte before the chunk and two after)? The same test as [`special`], written on whole
/// lanes (0 or 1 per byte) so that it compiles to vector compares.
#[inline]
fn chunk_mask(w: &[u8; CHUNK + 3]) -> u32 {
    let mut acc = [0u8; CHUNK];
    for (k, a) in acc.iter_mut().enumerate() {
        let (p, c, n, n2) = (w[k], w[k + 1], w[k + 2], w[k + 3]);
        let not_graphic = |b: u8| (b.wrapping_sub(0x21) >= 0x5E) as u8;
        let eq = |x: u8, y: u8| (x == y) as u8;
        *a = (c < 0x20) as u8
            | eq(c, b' ') & (not_graphic(p) | not_graphic(n))
            | eq(c, 0xC2) & eq(n, 0xA0)
            | eq(c, 0xE2)
                & eq(n, 0x80)
                & (eq(n2, 0x82) | eq(n2, 0x83) | eq(n2, 0x89) | eq(n2, 0xAF))
            | eq(c, 0xE3)
                & (eq(n, 0x80) & eq(n2, 0x80) | eq(n, 0x82) & (n2.wrapping_sub(0x99) < 4) as u8)
            | eq(c, 0xEF) & (n.wrapping_sub(0xBC) < 3) as u8;
    }
    // Most chunks need nothing: a cheap vector OR says so before the mask is assembled.
    if acc.iter().fold(0, |x, &y| x | y) == 0 {
        return 0;
    }
    acc.iter().enumerate().fold(0, |m, (k, &a)| m | (a as u32) << k)
}

/// Half-width katakana and punctuation (U+FF61..U+FF9F) in full width; the voicing marks
/// become the spacing marks ゛ and ゜ (the table is the hotword fold's).
fn halfwidth_kana(c: char) -> Option<char> {
    crate::text::fold::halfwidth_kana(c as u32).and_then(char::from_u32)
}

/// The voiced (゛) or semi-voiced (゜) form of a kana, if it has one: in Unicode the voiced
/// kana follow their base (カ U+30AB, ガ U+30AC), the semi-voiced ones two after it.
fn voiced(base: char, semi: bool) -> Option<char> {
    let cp = base as u32;
    let voiceable = |first: u32, last: u32, step: u32| {
        (first..=last).contains(&cp) && (cp - first).is_multiple_of(step)
    };
    let out = if semi {
        // ハ ヒ フ ヘ ホ and は ひ ふ へ ほ (three apart).
        (voiceable(0x30CF, 0x30DB, 3) || voiceable(0x306F, 0x307B, 3)).then_some(cp + 2)?
    } else if cp == 0x30A6 {
        0x30F4 // ウ → ヴ
    } else {
        // カ..ト / か..と (two apart, with っ/ッ shifting the run from チ), ハ..ホ / は..ほ.
        let kt = |first: u32| {
            voiceable(first, first + 0x16, 2)
                || voiceable(first + 0x19, first + 0x1D, 2)
                || voiceable(first + 0x24, first + 0x30, 3)
        };
        (kt(0x30AB) || kt(0x304B)).then_some(cp + 1)?
    };
    char::from_u32(out)
}

/// Is `c` a voicing mark (spacing or combining), and which?
fn voicing_mark(c: char) -> Option<bool> {
    match c {
        '゛' | '\u{3099}' | 'ﾞ' => Some(false),
        '゜' | '\u{309A}' | 'ﾟ' => Some(true),
        _ => None,
    }
}

fn decode(b: &[u8], i: usize) -> Option<(char, usize)> {
    crate::text::chars::decode_at(b, i)
}

impl Folded {
    /// Folds `buf[lo..hi]`. Blank runs at the edges look at `buf` outside the range for
    /// their neighbours; `max_gap` bounds the runs that read as one space (`None`: a
    /// keyword, whose runs all do).
    pub fn fold(&mut self, buf: &[u8], lo: usize, hi: usize, max_gap: Option<usize>) {
        self.fold_with(buf, lo, hi, max_gap, true);
    }

    /// [`Folded::fold`], with the chunked test turned off for `chunked: false` (the tests
    /// compare the two).
    fn fold_with(
        &mut self,
        buf: &[u8],
        lo: usize,
        hi: usize,
        max_gap: Option<usize>,
        chunked: bool,
    ) {
        self.text.clear();
        self.edits.clear();
        self.text.reserve(hi - lo + 1);
        let at = |k: usize| buf.get(k).copied().unwrap_or(0);
        // `buf[run..i]` is known to need no fold and is not copied yet.
        let (mut i, mut run) = (lo, lo);
        while i < hi {
            let window = if i >= 1 { buf.get(i - 1..i + CHUNK + 2) } else { None };
            if let Some(w) = window.filter(|_| chunked && i + CHUNK <= hi) {
                // A whole chunk at once: only the bytes its mask marks are folded.
                let Ok(w) = <&[u8; CHUNK + 3]>::try_from(w) else { break };
                let chunk = i;
                let mut mask = chunk_mask(w);
                while mask != 0 {
                    let at = chunk + mask.trailing_zeros() as usize;
                    mask &= mask - 1;
                    if at >= i {
                        self.text.extend_from_slice(&buf[run..at]);
                        i = self.fold_one(buf, lo, at, hi, max_gap);
                        run = i;
                    }
                }
                i = i.max(chunk + CHUNK);
                continue;
            }
            // Near the edges, byte by byte.
            let p = if i == 0 { 0 } else { buf[i - 1] };
            if special(p, buf[i], at(i + 1), at(i + 2)) {
                self.text.extend_from_slice(&buf[run..i]);
                i = self.fold_one(buf, lo, i, hi, max_gap);
                run = i;
            } else {
                i += 1;
            }
        }
        self.text.extend_from_slice(&buf[run..hi.max(run)]);
        // ASCII letters in lower case, in one pass the compiler vectorises.
        for b in &mut self.text {
            *b |= ((b.wrapping_sub(b'A') < 26) as u8) << 5;
        }
    }

    /// Folds the blank run or the character at `i`; returns where it ends.
    fn fold_one(
        &mut self,
        buf: &[u8],
        lo: usize,
        mut i: usize,
        hi: usize,
        max_gap: Option<usize>,
    ) -> usize {
        let src = &buf[..hi];
        if blank_at(src, i).is_some() {
            let start = i;
            let mut breaks = 0;
            while i < hi {
                match blank_at(src, i) {
                    Some((len, brk)) => {
                        i += len;
                        breaks += brk as usize;
                    }
                    None => break,
                }
            }
            let prev_ascii = match self.text.last() {
                Some(&b) => graphic(b),
                None => lo > 0 && graphic(buf[lo - 1]),
            };
            let next_ascii = decode(buf, i)
                .and_then(|(c, _)| crate::text::chars::fold_ascii(c))
                .is_some_and(graphic);
            let gap = max_gap.is_some_and(|max| breaks > 1 || i - start > max);
            let out: &[u8] = if gap {
                b"\n"
            } else if prev_ascii && next_ascii {
                b" "
            } else {
                b""
            };
            if out.len() == i - start {
                self.text.extend_from_slice(out); // a line break read as a space: no edit
            } else {
                self.edit(start - lo);
                self.text.extend_from_slice(out);
                self.edit(i - lo);
            }
            return i;
        }
        let Some((c, len)) = decode(src, i) else {
            // A stray byte (invalid UTF-8, or a character cut by the block end): copied, it
            // matches no keyword.
            self.text.push(src[i]);
            return i + 1;
        };
        let cp = c as u32;
        let mut start = i;
        let mut end = i + len;
        let folded = if (0xFF01..=0xFF5E).contains(&cp) {
            char::from((cp - 0xFF01 + 0x21) as u8).to_ascii_lowercase()
        } else {
            halfwidth_kana(c).unwrap_or(c)
        };
        let mut out = folded;
        if let Some(semi) = voicing_mark(c) {
            // A mark after a kana copied unchanged joins it (`カ゛` reads `ガ`).
            let t = self.text.len();
            let copied = t >= 3
                && i >= lo + 3
                && self.text[t - 3..] == buf[i - 3..i]
                && self.edits.last().is_none_or(|&(f, _)| f as usize <= t - 3)
                && self.orig_start(t - 3) == i - 3 - lo;
            let base = std::str::from_utf8(&buf[i.saturating_sub(3)..i]).ok();
            if let Some(v) =
                base.filter(|_| copied).and_then(|b| b.chars().next()).and_then(|b| voiced(b, semi))
            {
                self.text.truncate(t - 3);
                start = i - 3;
                out = v;
            }
        } else if let Some((m, mlen)) = decode(src, end) {
            // A mark after this kana joins it (`ｶﾞ` reads `ガ`).
            if let Some(v) = voicing_mark(m).and_then(|semi| voiced(folded, semi)) {
                out = v;
                end += mlen;
            }
        }
        let out = match voicing_mark(out) {
            Some(false) => '゛',
            Some(true) => '゜',
            None => out,
        };
        let mut tmp = [0u8; 4];
        let enc = out.encode_utf8(&mut tmp).as_bytes();
        if enc.len() == end - start {
            self.text.extend_from_slice(enc);
        } else {
            self.edit(start - lo);
            self.text.extend_from_slice(enc);
            self.edit(end - lo);
        }
        end
    }

    fn edit(&mut self, orig: usize) {
        self.edits.push((self.text.len() as u32, orig as u32));
    }

    /// Original offset (from the block start) of the character at folded offset `p`.
    pub fn orig_start(&self, p: usize) -> usize {
        let k = self.edits.partition_point(|&(f, _)| f as usize <= p);
        match k.checked_sub(1).map(|k| self.edits[k]) {
            Some((f, o)) => o as usize + (p - f as usize),
            None => p,
        }
    }

    /// Original offset (from the block start) just past the character ending at folded
    /// offset `p`: before any blank run that vanished there.
    pub fn orig_end(&self, p: usize) -> usize {
        let k = self.edits.partition_point(|&(f, _)| (f as usize) < p);
        match self.edits.get(k) {
            Some(&(f, o)) if f as usize == p => o as usize,
            _ => match k.checked_sub(1).map(|k| self.edits[k]) {
                Some((f, o)) => o as usize + (p - f as usize),
                None => p,
            },
        }
    }
}

/// The folded form of a keyword (blank runs of any length inside it read as one space or
/// nothing, like short runs in text).
pub fn fold_keyword(keyword: &str) -> String {
    let mut f = Folded::default();
    let k = keyword.trim();
    f.fold(k.as_bytes(), 0, k.len(), None);
    String::from_utf8_lossy(&f.text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> (String, Folded) {
        let mut f = Folded::default();
        f.fold(s.as_bytes(), 0, s.len(), Some(MAX_GAP));
        (String::from_utf8(f.text.clone()).unwrap(), f)
    }

    #[test]
    fn one_form_for_every_width_case_and_blank() {
        for text in [
            "Project Orion",
            "ＰＲＯＪＥＣＴ　ＯＲＩＯＮ",
            "Ｐroject Orion",
            "project\r\norion",
            "PROJECT\n  Orion",
            "Project\u{a0}\tOrion",
            "ｐｒｏｊｅｃｔ orion",
        ] {
            assert_eq!(fold(text).0, "project orion", "{text:?}");
        }
        for text in ["社外秘", "社外　秘", "社外\r\n秘", "社 外 秘", "社外\n秘"] {
            assert_eq!(fold(text).0, "社外秘", "{text:?}");
        }
        for text in ["ガイド", "ｶﾞｲﾄﾞ", "カ゛イト゛", "カ\u{3099}イト\u{3099}", "ｶ゛ｲﾄﾞ"]
        {
            assert_eq!(fold(text).0, "ガイド", "{text:?}");
        }
        assert_eq!(fold("ﾊﾟﾝﾌﾟｳﾞ").0, "パンプヴ");
        assert_eq!(fold("Orion 計画").0, "orion計画");
        assert_eq!(fold("Project\n\nOrion").0, "project\norion", "a paragraph is a break");
        assert_eq!(fold("a                  b").0, "a\nb", "a long gap is a break");
        assert_eq!(fold("ﾞ単独").0, "゛単独");
        assert_eq!(fold_keyword("  Ｐroject　 Orion \n"), "project orion");
        assert_eq!(fold_keyword("Project\n\nOrion"), "project orion", "no break in keywords");
    }

    proptest::proptest! {
        /// Any bytes, any block: no panic, and every folded match start and end maps inside
        /// the block, in order.
        #[test]
        fn any_input_folds(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200), cut in 0usize..200) {
            let lo = cut.min(bytes.len());
            let mut f = Folded::default();
            f.fold(&bytes, lo, bytes.len(), Some(MAX_GAP));
            let mut last = 0;
            for p in 0..=f.text.len() {
                let (s, e) = (f.orig_start(p), f.orig_end(p));
                proptest::prop_assert!(e <= bytes.len() - lo && s <= bytes.len() - lo + 1);
                proptest::prop_assert!(e >= last);
                last = e;
            }
        }
    }

    proptest::proptest! {
        /// The chunked test finds exactly what the byte-by-byte one does.
        #[test]
        fn chunks_agree_with_bytes(pieces in proptest::collection::vec(0usize..PIECES.len(), 0..120), lo in 0usize..4) {
            let text: String = pieces.iter().map(|&k| PIECES[k]).collect();
            let lo = (0..=lo.min(text.len())).rev().find(|&l| text.is_char_boundary(l)).unwrap_or(0);
            let (mut a, mut b) = (Folded::default(), Folded::default());
            a.fold_with(text.as_bytes(), lo, text.len(), Some(MAX_GAP), true);
            b.fold_with(text.as_bytes(), lo, text.len(), Some(MAX_GAP), false);
            proptest::prop_assert_eq!(&a.text, &b.text);
            for p in 0..=a.text.len() {
                proptest::prop_assert_eq!(a.orig_start(p), b.orig_start(p));
                proptest::prop_assert_eq!(a.orig_end(p), b.orig_end(p));
            }
        }
    }

    const PIECES: [&str; 22] = [
        "Project",
        "ORION",
        " ",
        "  ",
        "\r\n",
        "\n",
        "\t",
        "\u{3000}",
        "\u{a0}",
        "社外秘",
        "。",
        "ｶ",
        "ﾞ",
        "カ",
        "゛",
        "\u{3099}",
        "ＡＢ",
        "－",
        "é",
        "\u{2003}",
        "—",
        "x",
    ];

    #[test]
    fn voicing_table() {
        for (base, voiced_form) in [
            ('カ', 'ガ'),
            ('チ', 'ヂ'),
            ('ツ', 'ヅ'),
            ('ト', 'ド'),
            ('ホ', 'ボ'),
            ('か', 'が'),
            ('つ', 'づ'),
            ('ウ', 'ヴ'),
        ] {
            assert_eq!(voiced(base, false), Some(voiced_form), "{base}");
        }
        assert_eq!(voiced('ハ', true), Some('パ'));
        assert_eq!(voiced('ほ', true), Some('ぽ'));
        for c in ['ッ', 'ア', 'ナ', 'ン', 'a'] {
            assert_eq!(voiced(c, false), None, "{c}");
        }
        assert_eq!(voiced('カ', true), None);
    }

    #[test]
    fn offsets_map_back() {
        let text = "xx ＰＲＯＪＥＣＴ\r\n  ｵﾘｵﾝ計画、社外\n秘";
        let (folded, f) = fold(text);
        for (word, orig) in [
            ("project", "ＰＲＯＪＥＣＴ"),
            ("オリオン計画", "ｵﾘｵﾝ計画"),
            ("社外秘", "社外\n秘"),
            ("xx", "xx"),
        ] {
            let p = folded.find(word).unwrap();
            let (s, e) = (f.orig_start(p), f.orig_end(p + word.len()));
            assert_eq!(&text[s..e], orig, "{word}");
        }
        assert_eq!(folded, "xx projectオリオン計画、社外秘");
    }
}
