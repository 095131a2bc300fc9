//! Personal names (氏名), reported only where context marks them as names.
//!
//! Japanese text is full of words that are also surnames (中, 上, 森, 田中 as a place), so a
//! name is only looked for next to something that says "a person": an honorific or title
//! after it (`山田様`, `佐藤さん`, `田中部長`), a label before it (`氏名：`, `担当：`,
//! `出席者：山田、佐藤`), or a table column headed `氏名`/`フリガナ` (the engine tracks the
//! header). The candidate is then checked against the surname and given-name dictionaries:
//! `surname + given` (with or without a space) is a full name, a surname alone is weaker, and
//! a surname that is also an ordinary word is weaker still. Kana readings (`ヤマダ タロウ`
//! in a フリガナ column) are checked against the dictionaries' readings.
//!
//! After a label or in a name column, a name may also be written with its given name in
//! hiragana (`山田 さくら`, as before an honorific: `山田 さくら様`), in katakana
//! (`ヤマダ タロウ`) or in romaji (`YAMADA Taro`, see [`romaji`]); kana and romaji need both
//! parts to be dictionary readings (a surname's and a given name's), and a hiragana given
//! name a surname in kanji before it, so particles and ordinary kana words are not names.

mod romaji;

use crate::dict::places::is_name_char;
use crate::dict::{NameFlags, Names};
use crate::text::chars::{decode_at, decode_before};

/// Honorifics and titles written after a name.
pub const AFTER_NAME: [&str; 21] = [
    "様",
    "さま",
    "さん",
    "ちゃん",
    "君",
    "殿",
    "氏",
    "くん",
    "先生",
    "部長",
    "課長",
    "係長",
    "次長",
    "社長",
    "副社長",
    "室長",
    "所長",
    "店長",
    "支店長",
    "会長",
    "理事長",
];

/// Labels written before a name; the bool marks lists (`出席者：山田、佐藤`).
pub const BEFORE_NAME: [(&str, bool); 20] = [
    ("氏名", false),
    ("お名前", false),
    ("名前", false),
    ("担当者名", false),
    ("担当者", false),
    ("担当", false),
    ("宛名", false),
    ("差出人", false),
    ("申請者", false),
    ("申込者", false),
    ("契約者", false),
    ("代表者", false),
    ("作成者", false),
    ("記入者", false),
    ("保護者", false),
    ("出席者", true),
    ("参加者", true),
    ("欠席者", true),
    ("同席者", true),
    ("面談者", false),
];

/// Labels written before a kana reading of a name.
pub const READING_LABELS: [&str; 3] = ["フリガナ", "ふりがな", "氏名カナ"];

/// Words that stand before an honorific or title but are not names (`皆様`, `お客様`,
/// `営業部長`, `赤ちゃん`, `諸君`).
const NOT_NAMES: [&str; 67] = [
    "皆",
    "奥",
    "神",
    "王",
    "殿",
    "客",
    "同",
    "仕",
    "模",
    "多",
    "異",
    "有",
    "左",
    "貴",
    "各",
    "外",
    "旦那",
    "人",
    "方",
    "上",
    "様",
    "先",
    "当",
    "御",
    "彼",
    "私",
    "僕",
    "我",
    "誰",
    "相手",
    "先方",
    "会員",
    "利用者",
    "担当",
    "係",
    "父",
    "母",
    "兄",
    "姉",
    "弟",
    "妹",
    "娘",
    "孫",
    "嫁",
    "息子",
    "祖父",
    "祖母",
    "叔父",
    "叔母",
    "伯父",
    "伯母",
    "婆",
    "爺",
    "赤",
    "仏",
    "姫",
    "嬢",
    "坊",
    "諸",
    "主",
    "暴",
    "名",
    "細",
    "若",
    "幼",
    "亡",
    "逆",
];

/// How a name was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// Surname and given name (`山田 太郎`, `山田太郎`).
    Full,
    /// Surname alone (`山田様`).
    Surname,
    /// A kana reading (`ヤマダ タロウ`).
    Reading,
    /// A name in romaji (`YAMADA Taro`).
    Romaji,
}

impl Form {
    /// The form as a finding's `rule`, shared by every finding (no allocation each).
    pub fn rule_name(self) -> std::sync::Arc<str> {
        static NAMES: std::sync::OnceLock<[std::sync::Arc<str>; 4]> = std::sync::OnceLock::new();
        let names = NAMES.get_or_init(|| {
            [Form::Full, Form::Surname, Form::Reading, Form::Romaji]
                .map(|f| std::sync::Arc::from(f.as_str()))
        });
        names[self as usize].clone()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Form::Full => "full_name",
            Form::Surname => "surname",
            Form::Reading => "reading",
            Form::Romaji => "romaji",
        }
    }
}

/// A name found next to its context.
#[derive(Clone, Debug)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub form: Form,
    pub score: f32,
}

fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}')
}

fn is_hiragana(c: char) -> bool {
    ('\u{3041}'..='\u{3096}').contains(&c)
}

fn is_kana(c: char) -> bool {
    is_hiragana(c) || ('\u{30A1}'..='\u{30FA}').contains(&c) || c == 'ー'
}

/// Name characters: kanji with 々, ヶ, ノ, 〆 (`一ノ瀬`, `佐々木`).
fn is_name_kanji(c: char) -> bool {
    is_name_char(c) && !is_kana(c) || matches!(c, 'ヶ' | 'ノ' | 'ヵ')
}

/// Score of a surname alone, from its flags.
fn surname_score(form: &str, flags: NameFlags) -> Option<f32> {
    if NOT_NAMES.contains(&form) {
        return None;
    }
    let one_char = form.chars().count() == 1;
    Some(match (flags.word(), flags.common()) {
        (true, _) if one_char => 0.3,
        (true, _) => 0.55,
        (false, true) => 0.8,
        (false, false) if one_char => 0.5,
        (false, false) => 0.7,
    })
}

/// Checks one run of name kanji (no blank): a full name split anywhere, else a surname.
fn single(names: &Names, run: &str) -> Option<(Form, f32)> {
    if NOT_NAMES.contains(&run) {
        return None;
    }
    // Every surname the run starts with, in one walk of the dictionary.
    let mut ends = [(0usize, NameFlags::default()); 8];
    let n = names.surname_prefixes(run, &mut ends);
    let ends = &ends[..n];
    let whole = ends.last().filter(|(len, _)| *len == run.len()).map(|&(_, f)| f);
    // A short run that is a surname as a whole (`田中`) is that surname, not `田` + `中`.
    if run.chars().count() <= 3 {
        if let Some(f) = whole {
            return surname_score(run, f).map(|s| (Form::Surname, s));
        }
    }
    let mut best: Option<(Form, f32)> = None;
    for &(len, sf) in ends.iter().filter(|(len, _)| *len < run.len()) {
        let (s, g) = run.split_at(len);
        if let Some(gf) = names.given(g) {
            let score = if sf.common() && gf.common() { 0.88 } else { 0.8 };
            let score = if sf.word() && s.chars().count() == 1 { score - 0.2 } else { score };
            if best.is_none_or(|b| score > b.1) {
                best = Some((Form::Full, score));
            }
        }
    }
    if best.is_some() {
        return best;
    }
    whole.and_then(|f| surname_score(run, f)).map(|s| (Form::Surname, s))
}

/// Checks `surname given` written with a blank between.
fn two_part(names: &Names, s: &str, g: &str) -> Option<(Form, f32)> {
    let sf = names.surname(s)?;
    if NOT_NAMES.contains(&s) {
        return None;
    }
    match names.given(g) {
        Some(gf) if sf.common() || gf.common() => Some((Form::Full, 0.92)),
        Some(_) => Some((Form::Full, 0.85)),
        None if g.chars().count() <= 3 && !sf.word() => Some((Form::Full, 0.7)),
        None => None,
    }
}

/// The run of name kanji ending at `end` (at most `max` characters): its start.
fn run_before(buf: &[u8], end: usize, max: usize) -> usize {
    let mut i = end;
    for _ in 0..max {
        match decode_before(buf, i) {
            Some((c, len)) if is_name_kanji(c) => i -= len,
            _ => break,
        }
    }
    i
}

/// The run of characters satisfying `ok` starting at `start` (at most `max`): its end.
fn run_after(buf: &[u8], start: usize, max: usize, ok: impl Fn(char) -> bool) -> usize {
    let mut i = start;
    for _ in 0..max {
        match decode_at(buf, i) {
            Some((c, len)) if ok(c) => i += len,
            _ => break,
        }
    }
    i
}

fn text(buf: &[u8], s: usize, e: usize) -> &str {
    std::str::from_utf8(&buf[s..e]).unwrap_or("")
}

/// A name right before an honorific or title starting at `h` (`山田 太郎 様`, `佐藤さん`).
/// `after` is the byte just past the honorific, to reject words such as `様式`.
pub fn before_honorific(names: &Names, buf: &[u8], h: usize, after: usize) -> Option<Found> {
    if let Some((c, _)) = decode_at(buf, after) {
        let honorific = text(buf, h, after);
        let glued = match honorific {
            "様" => matches!(c, '式' | '子' | '々' | '相' | '態' | '変' | '似'),
            "殿" => matches!(c, '下' | '堂' | '様' | '方'),
            "氏" => matches!(c, '族' | '神' | '子'),
            "君" => matches!(c, '主' | '臨' | '子'),
            // さまざま, さまよう; ちゃんと, ちゃんこ, ちゃんぽん, ちゃんねる, ちゃんばら.
            "さま" => matches!(c, 'ざ' | 'よ'),
            "ちゃん" => matches!(c, 'と' | 'こ' | 'ぽ' | 'ね' | 'ば'),
            _ => false,
        };
        if glued {
            return None;
        }
    }
    let mut e = h;
    if let Some((c, len)) = decode_before(buf, e) {
        if is_blank(c) {
            e -= len;
        }
    }
    let blanks_before = |mut i: usize| {
        for _ in 0..3 {
            match decode_before(buf, i) {
                Some((c, len)) if is_blank(c) => i -= len,
                _ => break,
            }
        }
        i
    };
    if let Some(found) = hiragana_given_before(names, buf, e) {
        return Some(found);
    }
    let s2 = run_before(buf, e, 6);
    if s2 == e {
        return None;
    }
    let g2 = text(buf, s2, e);
    // `山田 太郎 様`: a surname before a blank.
    let gap = blanks_before(s2);
    if gap < s2 {
        let s1 = run_before(buf, gap, 4);
        if s1 < gap {
            if let Some((form, score)) = two_part(names, text(buf, s1, gap), g2) {
                return Some(Found { start: s1, end: e, form, score });
            }
        }
    }
    if let Some((form, score)) = single(names, g2) {
        return Some(Found { start: s2, end: e, form, score });
    }
    // A word glued before the name (`営業部山田`): the longest surname at the end.
    let mut i = s2;
    while let Some((_, len)) = decode_at(buf, i) {
        i += len;
        if e - i < 6 {
            break; // at most one character left
        }
        if let Some((form, score)) = single(names, text(buf, i, e)) {
            if form == Form::Surname && score >= 0.7 {
                return Some(Found { start: i, end: e, form, score: score - 0.1 });
            }
        }
    }
    None
}

/// Names after a label ending at `l_end` (`氏名：山田 太郎`, `出席者：山田、佐藤`).
pub fn after_label(names: &Names, buf: &[u8], l_end: usize, list: bool, out: &mut Vec<Found>) {
    let mut p = skip_label_tail(buf, l_end);
    for _ in 0..if list { 30 } else { 1 } {
        let Some(found) = written_name_at(names, buf, p) else { return };
        let end = found.end;
        out.push(found);
        // The next name of a list: after 、 or ・ (blanks allowed), before any line break.
        let mut q = end;
        if let Some((c, len)) = decode_at(buf, q) {
            if is_blank(c) {
                q += len;
            }
        }
        match decode_at(buf, q) {
            Some(('、' | '，' | ',' | '・' | '／' | '/', len)) => p = skip_blanks(buf, q + len),
            _ => return,
        }
    }
}

fn skip_blanks(buf: &[u8], mut i: usize) -> usize {
    while let Some((c, len)) = decode_at(buf, i) {
        if !is_blank(c) {
            break;
        }
        i += len;
    }
    i
}

/// Skips what follows a label before the value: `名`, a bracketed qualifier (`（漢字）`),
/// colons and blanks.
pub fn skip_label_tail(buf: &[u8], l_end: usize) -> usize {
    let mut p = l_end;
    if let Some(('名', len)) = decode_at(buf, p) {
        p += len;
    }
    if let Some(('（' | '(', len)) = decode_at(buf, p) {
        let close = run_after(buf, p + len, 6, |c| !matches!(c, '）' | ')' | '\n'));
        if let Some(('）' | ')', l2)) = decode_at(buf, close) {
            p = close + l2;
        }
    }
    run_after(buf, p, 4, |c| matches!(c, '：' | ':' | ' ' | '\u{3000}' | '\t' | '＝' | '='))
}

/// A name written at `p`: `山田 太郎`, `山田太郎` or `山田`, a word glued after it cut off.
pub fn name_at(names: &Names, buf: &[u8], p: usize) -> Option<Found> {
    let e1 = run_after(buf, p, 6, is_name_kanji);
    if e1 == p || !decode_at(buf, p).is_some_and(|(c, _)| names.surname_starts_with(c)) {
        return None;
    }
    // `山田 さくら`, `山田さくら`: a surname and a given name in hiragana.
    if let Some(score) = full_name_score(names, text(buf, p, e1)) {
        let mut g = e1;
        if let Some((c, len)) = decode_at(buf, g) {
            if is_blank(c) {
                g += len;
            }
        }
        if let Some(end) = hiragana_given_at(names, buf, g) {
            return Some(Found { start: p, end, form: Form::Full, score });
        }
    }
    if let Some((c, len)) = decode_at(buf, e1) {
        if is_blank(c) {
            let e2 = run_after(buf, e1 + len, 4, is_name_kanji);
            if e2 > e1 + len {
                if let Some((form, score)) =
                    two_part(names, text(buf, p, e1), text(buf, e1 + len, e2))
                {
                    return Some(Found { start: p, end: e2, form, score });
                }
            }
        }
    }
    // The longest prefix of the run that is a name (`山田部長` → `山田` is handled by the
    // title trigger; here `山田太郎宛` → `山田太郎`).
    let mut end = e1;
    loop {
        if let Some((form, score)) = single(names, text(buf, p, end)) {
            return Some(Found { start: p, end, form, score });
        }
        let (_, len) = decode_before(buf, end)?;
        end -= len;
        if end <= p {
            return None;
        }
    }
}

/// A surname written before a given name in hiragana: the score of the full name.
fn full_name_score(names: &Names, surname: &str) -> Option<f32> {
    if NOT_NAMES.contains(&surname) {
        return None;
    }
    names.surname(surname).map(|f| if f.common() { 0.85 } else { 0.75 })
}

/// A given name in hiragana at `g` (`さくら`): two to six characters with no more hiragana
/// after them, the reading of a given name. Returns its end.
fn hiragana_given_at(names: &Names, buf: &[u8], g: usize) -> Option<usize> {
    let end = run_after(buf, g, 7, is_hiragana);
    given_in_hiragana(names, text(buf, g, end)).then_some(end)
}

fn given_in_hiragana(names: &Names, given: &str) -> bool {
    (2..=6).contains(&given.chars().count()) && names.reading(given) & 2 != 0
}

/// A surname in kanji and a given name in hiragana ending at `end`, before an honorific
/// (`山田 さくら様`, `営業部山田さくらさん`): the longest surname ending the kanji run.
fn hiragana_given_before(names: &Names, buf: &[u8], end: usize) -> Option<Found> {
    let mut g = end;
    for _ in 0..7 {
        match decode_before(buf, g) {
            Some((c, len)) if is_hiragana(c) => g -= len,
            _ => break,
        }
    }
    if !given_in_hiragana(names, text(buf, g, end)) {
        return None;
    }
    let mut gap = g;
    if let Some((c, len)) = decode_before(buf, gap) {
        if is_blank(c) {
            gap -= len;
        }
    }
    let mut s = run_before(buf, gap, 6);
    while s < gap {
        if let Some(score) = full_name_score(names, text(buf, s, gap)) {
            return Some(Found { start: s, end, form: Form::Full, score });
        }
        s += decode_at(buf, s).map_or(1, |(_, l)| l);
    }
    None
}

/// A name after a label or in a name column, in any written form: kanji (with a given name
/// in kanji or hiragana), katakana or hiragana with both parts readings, or romaji.
pub fn written_name_at(names: &Names, buf: &[u8], p: usize) -> Option<Found> {
    name_at(names, buf, p)
        .or_else(|| reading_at(names, buf, p).filter(|f| f.score >= 0.75))
        .or_else(|| romaji_at(names, buf, p))
}

/// A romaji word (ASCII letters) at `p`: its end.
fn romaji_word(buf: &[u8], p: usize) -> usize {
    run_after(buf, p, romaji::MAX_WORD + 1, |c| c.is_ascii_alphabetic())
}

/// A name in romaji at `p` (`YAMADA Taro`, `Taro Yamada`, `TARO YAMADA`): two capitalised
/// or upper-case words, one a surname's reading and the other a given name's.
pub fn romaji_at(names: &Names, buf: &[u8], p: usize) -> Option<Found> {
    let e1 = romaji_word(buf, p);
    let (c, len) = decode_at(buf, e1)?;
    if !is_blank(c) {
        return None;
    }
    let p2 = e1 + len;
    let e2 = romaji_word(buf, p2);
    if decode_at(buf, e2).is_some_and(|(c, _)| c.is_alphanumeric()) {
        return None; // a longer word or a code
    }
    let (w1, w2) = (&buf[p..e1], &buf[p2..e2]);
    let written_as_name = |w: &[u8]| {
        (2..=romaji::MAX_WORD).contains(&w.len())
            && w[0].is_ascii_uppercase()
            && (w[1..].iter().all(u8::is_ascii_lowercase)
                || w[1..].iter().all(u8::is_ascii_uppercase))
    };
    if !written_as_name(w1) || !written_as_name(w2) {
        return None;
    }
    let bits = |w: &[u8]| {
        romaji::readings(&w.to_ascii_lowercase()).iter().fold(0, |acc, r| acc | names.reading(r))
    };
    let (b1, b2) = (bits(w1), bits(w2));
    let full = (b1 & 1 != 0 && b2 & 2 != 0) || (b1 & 2 != 0 && b2 & 1 != 0);
    full.then_some(Found { start: p, end: e2, form: Form::Romaji, score: 0.8 })
}

/// A kana reading at `p` (`ヤマダ タロウ`, `やまだたろう`), after a reading label or in a
/// reading column.
pub fn reading_at(names: &Names, buf: &[u8], p: usize) -> Option<Found> {
    let p = skip_blanks(buf, p);
    let e1 = run_after(buf, p, 12, is_kana);
    if e1 == p {
        return None;
    }
    let part1 = text(buf, p, e1);
    if let Some((c, len)) = decode_at(buf, e1) {
        if is_blank(c) {
            let e2 = run_after(buf, e1 + len, 12, is_kana);
            if e2 > e1 + len {
                let part2 = text(buf, e1 + len, e2);
                let (r1, r2) = (names.reading(part1), names.reading(part2));
                let score = match (r1 & 1 != 0, r2 & 2 != 0) {
                    (true, true) => 0.85,
                    (true, false) | (false, true) => 0.6,
                    _ => return None,
                };
                return Some(Found { start: p, end: e2, form: Form::Reading, score });
            }
        }
    }
    let chars: Vec<usize> = part1.char_indices().map(|(i, _)| i).collect();
    for &split in chars.iter().skip(2) {
        let (s, g) = part1.split_at(split);
        if g.chars().count() >= 2 && names.reading(s) & 1 != 0 && names.reading(g) & 2 != 0 {
            return Some(Found { start: p, end: e1, form: Form::Reading, score: 0.75 });
        }
    }
    (names.reading(part1) & 1 != 0).then_some(Found {
        start: p,
        end: e1,
        form: Form::Reading,
        score: 0.55,
    })
}

/// A kana reading in brackets right after a name: `丸山 翔太（まるやま しょうた）`.
pub fn reading_in_brackets(names: &Names, buf: &[u8], end: usize) -> Option<Found> {
    let p = skip_blanks(buf, end);
    let (c, len) = decode_at(buf, p)?;
    if !matches!(c, '（' | '(') {
        return None;
    }
    let r = reading_at(names, buf, p + len)?;
    matches!(decode_at(buf, r.end), Some(('）' | ')', _))).then_some(r)
}

/// Hash of the folded name without blanks, for distinct counts.
pub fn value_hash(buf: &[u8], f: &Found) -> u64 {
    crate::finding::value_hash_chars(
        "person_name",
        text(buf, f.start, f.end).chars().filter_map(crate::text::place_fold::fold_name_char),
    )
}

/// The masked form: the first character, the rest hidden (`山* **`).
pub fn masked(buf: &[u8], f: &Found) -> String {
    let mut out = String::new();
    for (i, c) in text(buf, f.start, f.end).chars().enumerate() {
        out.push(if i == 0 || is_blank(c) { c } else { '*' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> &'static Names {
        crate::dict::names().expect("dictionaries built in")
    }

    fn before(text: &str, honorific: &str) -> Option<(String, Form)> {
        let h = text.find(honorific)?;
        let f = before_honorific(names(), text.as_bytes(), h, h + honorific.len())?;
        Some((text[f.start..f.end].to_string(), f.form))
    }

    #[test]
    fn honorifics() {
        assert_eq!(before("営業部 山田 太郎 様", "様"), Some(("山田 太郎".into(), Form::Full)));
        assert_eq!(before("佐藤様、いつも", "様"), Some(("佐藤".into(), Form::Surname)));
        assert_eq!(before("田中部長より説明", "部長"), Some(("田中".into(), Form::Surname)));
        assert_eq!(before("鈴木花子さん", "さん"), Some(("鈴木花子".into(), Form::Full)));
        assert_eq!(before("皆様", "様"), None);
        assert_eq!(before("お客様", "様"), None);
        assert_eq!(before("様式第一号", "様"), None);
        assert_eq!(before("営業部長より", "部長"), None);
    }

    #[test]
    fn labels() {
        let mut out = Vec::new();
        let text = "出席者：山田、佐藤、鈴木（敬称略）";
        let l = text.find("出席者").unwrap() + "出席者".len();
        after_label(names(), text.as_bytes(), l, true, &mut out);
        let got: Vec<&str> = out.iter().map(|f| &text[f.start..f.end]).collect();
        assert_eq!(got, ["山田", "佐藤", "鈴木"]);
        let text = "氏名（漢字）：高橋 一郎\n";
        let l = "氏名".len();
        out.clear();
        after_label(names(), text.as_bytes(), l, false, &mut out);
        assert_eq!(&text[out[0].start..out[0].end], "高橋 一郎");
    }

    #[test]
    fn new_honorifics() {
        assert_eq!(before("山田君の発表", "君"), Some(("山田".into(), Form::Surname)));
        assert_eq!(before("佐藤さまへ", "さま"), Some(("佐藤".into(), Form::Surname)));
        assert_eq!(before("鈴木ちゃんが来た", "ちゃん"), Some(("鈴木".into(), Form::Surname)));
        for (text, h) in [
            ("諸君", "君"),
            ("君主制", "君"),
            ("赤ちゃん", "ちゃん"),
            ("お婆ちゃん", "ちゃん"),
            ("ちゃんと", "ちゃん"),
            ("鈴木ちゃんと", "ちゃん"),
            ("お疲れさまです", "さま"),
            ("人さまざま", "さま"),
            ("奥さま", "さま"),
            ("お客さま", "さま"),
        ] {
            assert_eq!(before(text, h), None, "{text}");
        }
    }

    #[test]
    fn hiragana_given_names() {
        assert_eq!(before("山田 さくら様", "様"), Some(("山田 さくら".into(), Form::Full)));
        assert_eq!(before("営業部山田さくらさん", "さん"), Some(("山田さくら".into(), Form::Full)));
        assert_eq!(before("社員のみなさま", "さま"), None);
        assert_eq!(before("田中 よろしく様", "様"), None);
        let found = |t: &str| {
            written_name_at(names(), t.as_bytes(), 0).map(|f| t[f.start..f.end].to_string())
        };
        assert_eq!(found("山田 さくら").as_deref(), Some("山田 さくら"));
        assert_eq!(found("山田 までご連絡").as_deref(), Some("山田"));
    }

    #[test]
    fn katakana_and_romaji_after_labels() {
        let found = |t: &str| {
            written_name_at(names(), t.as_bytes(), 0)
                .map(|f| (t[f.start..f.end].to_string(), f.form))
        };
        assert_eq!(found("YAMADA Taro\n"), Some(("YAMADA Taro".into(), Form::Romaji)));
        assert_eq!(found("Taro Yamada,"), Some(("Taro Yamada".into(), Form::Romaji)));
        assert_eq!(found("ヤマダ タロウ"), Some(("ヤマダ タロウ".into(), Form::Reading)));
        for text in [
            "Sales Team",
            "Test User",
            "ＡＢＣ",
            "システム 開発",
            "サポート センター",
            "taro yamada",
        ] {
            assert_eq!(found(text), None, "{text}");
        }
    }

    proptest::proptest! {
        /// Any text after a label or before an honorific: no panic, spans inside the text.
        #[test]
        fn any_text(text in "[\\PC山田さくらヤマダタロウ ]{0,24}", ascii in "[A-Za-z ]{0,24}") {
            for t in [text.clone(), ascii.clone(), format!("{ascii}{text}様")] {
                let b = t.as_bytes();
                if let Some(f) = written_name_at(names(), b, 0) {
                    proptest::prop_assert!(f.start <= f.end && f.end <= b.len());
                }
                if let Some(h) = t.rfind('様') {
                    if let Some(f) = before_honorific(names(), b, h, h + '様'.len_utf8()) {
                        proptest::prop_assert!(f.start <= f.end && f.end <= h);
                    }
                }
            }
        }
    }

    #[test]
    fn readings() {
        let f = reading_at(names(), "ヤマダ タロウ".as_bytes(), 0).unwrap();
        assert_eq!((f.end, f.form), ("ヤマダ タロウ".len(), Form::Reading));
        assert!(reading_at(names(), "やまだ たろう".as_bytes(), 0).is_some());
        assert!(reading_at(names(), "ソフトウェア".as_bytes(), 0).is_none());
    }
}
