//! Names written in romaji (`YAMADA Taro`, `Taro Yamada`), checked against the name
//! dictionaries' readings.
//!
//! A word is read as Hepburn (with the Kunrei spellings `si`, `ti`, `tu`, `hu`, `zi`) into
//! katakana. Romaji usually drops long vowels (`Sato` for サトウ, `Ono` for オオノ, `Yuko`
//! for ユウコ) and the apostrophe of `n'` (`Shinichi` for シンイチ), so every reading with or
//! without them is tried, up to [`MAX_READINGS`]. A word that is no romaji at all (`Test`,
//! `Sales`: consonants with no vowel) has no reading and is no name.

/// Most katakana readings tried for one word.
const MAX_READINGS: usize = 64;
/// Longest word read (letters).
pub const MAX_WORD: usize = 16;

/// Katakana for a consonant (`""` for none) and a vowel index (a i u e o).
fn kana(consonant: &str, vowel: usize) -> Option<&'static str> {
    const ROWS: [(&str, [&str; 5]); 29] = [
        ("", ["ア", "イ", "ウ", "エ", "オ"]),
        ("k", ["カ", "キ", "ク", "ケ", "コ"]),
        ("g", ["ガ", "ギ", "グ", "ゲ", "ゴ"]),
        ("s", ["サ", "シ", "ス", "セ", "ソ"]),
        ("z", ["ザ", "ジ", "ズ", "ゼ", "ゾ"]),
        ("t", ["タ", "チ", "ツ", "テ", "ト"]),
        ("d", ["ダ", "ヂ", "ヅ", "デ", "ド"]),
        ("n", ["ナ", "ニ", "ヌ", "ネ", "ノ"]),
        ("h", ["ハ", "ヒ", "フ", "ヘ", "ホ"]),
        ("b", ["バ", "ビ", "ブ", "ベ", "ボ"]),
        ("p", ["パ", "ピ", "プ", "ペ", "ポ"]),
        ("m", ["マ", "ミ", "ム", "メ", "モ"]),
        ("y", ["ヤ", "", "ユ", "", "ヨ"]),
        ("r", ["ラ", "リ", "ル", "レ", "ロ"]),
        ("w", ["ワ", "", "", "", "ヲ"]),
        ("f", ["", "", "フ", "", ""]),
        ("sh", ["シャ", "シ", "シュ", "シェ", "ショ"]),
        ("ch", ["チャ", "チ", "チュ", "チェ", "チョ"]),
        ("ts", ["", "", "ツ", "", ""]),
        ("j", ["ジャ", "ジ", "ジュ", "ジェ", "ジョ"]),
        ("ky", ["キャ", "", "キュ", "", "キョ"]),
        ("gy", ["ギャ", "", "ギュ", "", "ギョ"]),
        ("ny", ["ニャ", "", "ニュ", "", "ニョ"]),
        ("hy", ["ヒャ", "", "ヒュ", "", "ヒョ"]),
        ("by", ["ビャ", "", "ビュ", "", "ビョ"]),
        ("py", ["ピャ", "", "ピュ", "", "ピョ"]),
        ("my", ["ミャ", "", "ミュ", "", "ミョ"]),
        ("ry", ["リャ", "", "リュ", "", "リョ"]),
        ("sy", ["シャ", "", "シュ", "", "ショ"]),
    ];
    let (_, row) = ROWS.iter().find(|(c, _)| *c == consonant)?;
    Some(row[vowel]).filter(|k| !k.is_empty())
}

fn vowel_index(b: u8) -> Option<usize> {
    b"aiueo".iter().position(|&v| v == b)
}

/// The katakana readings of a lower-case ASCII word (empty when it is no romaji).
pub fn readings(word: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    if (2..=MAX_WORD).contains(&word.len()) && word.iter().all(u8::is_ascii_lowercase) {
        walk(word, String::new(), &mut out);
    }
    out
}

/// Reads `rest` after the katakana `done`, pushing every complete reading.
fn walk(rest: &[u8], done: String, out: &mut Vec<String>) {
    if out.len() >= MAX_READINGS {
        return;
    }
    let Some(&first) = rest.first() else {
        out.push(done);
        return;
    };
    let mut next = |text: &str, used: usize, vowel: Option<usize>| {
        let mut d = done.clone();
        d.push_str(text);
        let rest = &rest[used..];
        walk(rest, d.clone(), out);
        // A long vowel romaji leaves out: `o` as オウ or オオ, `u` as ウウ.
        match vowel {
            Some(4) if !matches!(rest.first(), Some(b'u' | b'o')) => {
                walk(rest, d.clone() + "ウ", out);
                walk(rest, d + "オ", out);
            }
            Some(2) if rest.first() != Some(&b'u') => walk(rest, d + "ウ", out),
            _ => {}
        }
    };
    // `oh` before a consonant or at the end: a long o (`Ohno`, `Saitoh`).
    if first == b'h'
        && done.ends_with([
            'オ', 'コ', 'ソ', 'ト', 'ノ', 'ホ', 'モ', 'ヨ', 'ロ', 'ゴ', 'ゾ', 'ド', 'ボ', 'ポ',
        ])
        && rest.get(1).is_none_or(|&b| vowel_index(b).is_none() && b != b'y')
    {
        next("ウ", 1, None);
        next("オ", 1, None);
        return;
    }
    if let Some(v) = vowel_index(first) {
        next(kana("", v).unwrap_or(""), 1, Some(v));
        return;
    }
    // A doubled consonant (`tt`, `kk`, `tch`) is ッ.
    if rest.get(1) == Some(&first) && first != b'n' || rest.starts_with(b"tch") {
        next("ッ", 1, None);
        return;
    }
    if first == b'n' {
        match rest.get(1) {
            // `n` before a consonant or at the end is ン; before a vowel or `y` it may be
            // ン too (`Shinichi`, `Junya`).
            None => next("ン", 1, None),
            Some(&b) if vowel_index(b).is_none() && b != b'y' => next("ン", 1, None),
            Some(_) => {
                read_syllable(rest, &mut next);
                next("ン", 1, None);
            }
        }
        return;
    }
    read_syllable(rest, &mut next);
}

/// A consonant (one to three letters) and its vowel at the start of `rest`.
fn read_syllable(rest: &[u8], next: &mut impl FnMut(&str, usize, Option<usize>)) {
    for clen in (1..=3).rev() {
        let Some(cons) = rest.get(..clen) else { continue };
        let Some(v) = rest.get(clen).and_then(|&b| vowel_index(b)) else { continue };
        let cons = std::str::from_utf8(cons).unwrap_or("");
        // Kunrei spellings of the Hepburn syllables.
        let k = match (cons, v) {
            ("t", 1) => Some("チ"),
            ("t", 2) => Some("ツ"),
            ("h", 2) => Some("フ"),
            ("s", 1) => Some("シ"),
            ("z", 1) => Some("ジ"),
            ("tch", _) => None,
            _ => kana(cons, v),
        };
        if let Some(k) = k {
            next(k, clen + 1, Some(v));
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(word: &str, reading: &str) -> bool {
        readings(word.as_bytes()).iter().any(|r| r == reading)
    }

    #[test]
    fn hepburn_and_long_vowels() {
        assert!(has("yamada", "ヤマダ"));
        assert!(has("taro", "タロウ"));
        assert!(has("sato", "サトウ"));
        assert!(has("satou", "サトウ"));
        assert!(has("saitoh", "サイトウ"));
        assert!(has("ohno", "オオノ"));
        assert!(has("ono", "オオノ"));
        assert!(has("yuko", "ユウコ"));
        assert!(has("shinichi", "シンイチ"));
        assert!(has("junichiro", "ジュンイチロウ"));
        assert!(has("kenta", "ケンタ"));
        assert!(has("hattori", "ハットリ"));
        assert!(has("kyoko", "キョウコ"));
        assert!(has("fujita", "フジタ"));
        assert!(has("tsutsumi", "ツツミ"));
        assert!(has("shohei", "ショウヘイ"));
    }

    #[test]
    fn words_that_are_no_romaji() {
        for w in ["test", "sales", "manager", "xyz", "a", "smith"] {
            assert!(readings(w.as_bytes()).is_empty(), "{w}");
        }
    }
}
