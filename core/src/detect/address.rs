//! Postal addresses (住所): prefecture, municipality, town, block number, building.
//!
//! The engine calls [`detect`] at every 市, 区, 町 or 村 (every municipality name ends in one).
//! From there the detector:
//! 1. looks back for the longest municipality form ending there (`渋谷区`, `札幌市中央区`,
//!    `当別町`), then for its 郡 and prefecture (both optional, `東京都` is often left out);
//! 2. reads forward: a ward after a designated city, an optional `大字`/`字`, the town
//!    (matched against Japan Post's towns of that municipality, folded for widths, kanji
//!    digits, ケ/ヶ/が and old kanji), then the block number in any common form (`1-2-3`,
//!    `１丁目２番３号`, `三丁目十二番五号`, `2番地の3`, dashes of every kind, spaces between
//!    parts and one line break as PDF extraction leaves them), then a building or room;
//! 3. checks a postal code written just before the address against the municipality.
//!
//! A municipality alone (`大阪市内で`, `所在地：東京都`) is never an address: a block number
//! must follow, and unless the town is one of Japan Post's, it must be a block pattern
//! (a unit such as `丁目`/`番地`/`番`/`号`, two or more numbers as in `1-2-3`, or a `字`
//! before the town): `渋谷区2024`, `港区予算12` are not addresses. A number followed by a
//! counter (`2024年度`, `3名`, `500円`, `10%`) is never a block number. An ambiguous bare
//! form (`中区`, `府中市` without prefecture) needs its town to resolve it.

use crate::dict::places::is_name_char;
use crate::dict::{Places, TownMatch};
use crate::finding::{value_hash_chars, AddressParts};
use crate::text::chars::{decode_at, decode_before, fold_ascii, sep_class, SepClass};
use crate::text::place_fold::fold_name_char;

/// Bytes an address (and the checks after it) may reach past the trigger character.
pub const LOOKAHEAD: usize = 640;

/// An address found around a trigger.
#[derive(Clone, Debug)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    /// Parts, as offsets into the buffer given to [`detect`].
    pub parts: AddressParts,
    pub score: f32,
    /// The postal code before the address agrees with the municipality.
    pub postal_match: bool,
    /// Hash of the folded address (no blanks or line breaks), for distinct counts.
    pub value_hash: u64,
    pub masked: String,
}

fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}' | '\u{00A0}')
}

/// Skips up to `max` blanks at `i`.
fn skip_blanks(buf: &[u8], mut i: usize, max: usize) -> usize {
    for _ in 0..max {
        match decode_at(buf, i) {
            Some((c, len)) if is_blank(c) => i += len,
            _ => break,
        }
    }
    i
}

/// Skips blanks and at most one line break (an address wrapped in a PDF or a form).
fn skip_gap(buf: &[u8], i: usize) -> usize {
    let mut j = skip_blanks(buf, i, 4);
    if buf.get(j) == Some(&b'\r') {
        j += 1;
    }
    if buf.get(j) == Some(&b'\n') {
        j = skip_blanks(buf, j + 1, 32); // continuation lines are often indented
    }
    j
}

fn starts_with(buf: &[u8], i: usize, s: &str) -> bool {
    buf.get(i..).is_some_and(|b| b.starts_with(s.as_bytes()))
}

/// Value of one kanji numeral digit or unit.
fn kanji_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' | '壱' => 1,
        '二' | '弐' => 2,
        '三' | '参' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A number at `i`: Arabic digits in either width (1–5 of them) or kanji numerals
/// (`十二`, `百二十三`, `二〇三`). Returns the byte end.
fn number_at(buf: &[u8], i: usize) -> Option<usize> {
    let mut j = i;
    let mut digits = 0;
    while let Some((c, len)) = decode_at(buf, j) {
        if fold_ascii(c).is_some_and(|a| a.is_ascii_digit()) {
            digits += 1;
            j += len;
        } else {
            break;
        }
    }
    if digits > 0 {
        return (digits <= 5).then_some(j);
    }
    let mut n = 0;
    while let Some((c, len)) = decode_at(buf, j) {
        if kanji_digit(c).is_some() || matches!(c, '十' | '百' | '千') {
            n += 1;
            j += len;
        } else {
            break;
        }
    }
    (1..=6).contains(&n).then_some(j)
}

/// Units that end a number inside a block number.
const UNITS: [&str; 6] = ["丁目", "番地", "番", "号", "地割", "線"];

/// Counters: a number written right before one counts or dates something (`2024年度`,
/// `3名`, `500円`) and is no block number.
const COUNTERS: [&str; 26] = [
    "年", "名", "人", "円", "件", "%", "％", "月", "日", "時", "分", "秒", "個", "本", "回", "歳",
    "才", "万", "億", "枚", "台", "社", "校", "倍", "割", "点",
];

/// A block number: where it ends, and whether its form marks it as one (a unit, or two or
/// more numbers joined) rather than a bare number.
#[derive(Clone, Copy, Debug)]
struct Block {
    end: usize,
    pattern: bool,
}

/// Reads the block number at `i` (`1-2-3`, `１丁目２番３号`, `2番地の3`, `三丁目十二番五号`,
/// `123番地`, `1 - 2 - 3`, a bare `12`). `None` when no number starts here or a number of it
/// is followed by a counter.
fn block_number(buf: &[u8], i: usize) -> Option<Block> {
    let mut p = i;
    let mut end = None;
    let mut digits = 0;
    let mut numbers = 0;
    let mut units = false;
    for _ in 0..6 {
        let Some(after) = number_at(buf, p) else { break };
        if COUNTERS.iter().any(|c| starts_with(buf, after, c)) {
            return None;
        }
        numbers += 1;
        // Block numbers are short (`2213-14`, `1-2-3-101`); more digits make a card or
        // an account number.
        digits += buf[p..after].iter().filter(|b| b.is_ascii_digit() || **b >= 0xEF).count();
        if digits > 10 {
            return None;
        }
        p = after;
        end = Some(p);
        let q = skip_blanks(buf, p, 2);
        let unit = UNITS.iter().find(|u| starts_with(buf, q, u));
        let mut next = q;
        if let Some(u) = unit {
            next = q + u.len();
            end = Some(next);
            units = true;
        }
        // What joins this number to the next: a dash, の/ノ, or nothing after a unit.
        let j = skip_blanks(buf, next, 2);
        match decode_at(buf, j) {
            Some((c, len)) if sep_class(c) == Some(SepClass::Dash) || c == 'の' || c == 'ノ' => {
                let k = skip_blanks(buf, j + len, 2);
                if number_at(buf, k).is_none() {
                    break;
                }
                p = k;
            }
            _ if unit.is_some_and(|u| *u != "号") && number_at(buf, next).is_some() => {
                p = next;
            }
            _ => break,
        }
    }
    end.map(|end| Block { end, pattern: units || numbers >= 2 })
}

/// Words that end a building name.
const BUILDING_MARKS: [&str; 34] = [
    "ビル",
    "ﾋﾞﾙ",
    "マンション",
    "ハイツ",
    "コーポ",
    "レジデンス",
    "タワー",
    "荘",
    "棟",
    "館",
    "センター",
    "プラザ",
    "ヒルズ",
    "コート",
    "ハウス",
    "パレス",
    "アパート",
    "メゾン",
    "ハイム",
    "ヴィラ",
    "号室",
    "階",
    "寮",
    "団地",
    "住宅",
    "ガーデン",
    "テラス",
    "スクエア",
    "ホームズ",
    "レジデンス",
    "フォレスト",
    "ヴィレッジ",
    "キャッスル",
    "ドーム",
];

/// True when `s` (a run after a block number) names a building, floor or room.
fn is_building(s: &str) -> bool {
    if BUILDING_MARKS.iter().any(|m| s.contains(m)) {
        return true;
    }
    // A floor or room alone: 5F, ５階, 101号室, #203.
    let t = s.trim_start_matches(['#', '＃']);
    let digits = t.chars().take_while(|c| fold_ascii(*c).is_some_and(|a| a.is_ascii_digit()));
    let n = digits.count();
    n > 0 && {
        let rest: String = t.chars().skip(n).collect();
        matches!(rest.as_str(), "F" | "Ｆ" | "f" | "階" | "号室" | "号" | "")
            && (s != t || !rest.is_empty())
    }
}

/// A building, floor or room after the block number: the run up to the next blank or
/// punctuation, kept only if it names one. Up to two runs (`渋谷ビル 5F`).
fn building(buf: &[u8], i: usize) -> Option<usize> {
    let mut end = None;
    let mut p = i;
    for _ in 0..2 {
        let start = skip_blanks(buf, p, 2);
        let mut j = start;
        let mut run = String::new();
        while let Some((c, len)) = decode_at(buf, j) {
            let ok = is_name_char(c) && !matches!(c, '\u{3041}'..='\u{3096}')
                || c == 'の'
                || fold_ascii(c)
                    .is_some_and(|a| a.is_ascii_alphanumeric() || a == b'#' || a == b'-')
                || matches!(c, '・' | '＆');
            if !ok || run.chars().count() >= 30 {
                break;
            }
            run.push(c);
            j += len;
        }
        if run.is_empty() || !is_building(&run) {
            break;
        }
        end = Some(j);
        p = j;
    }
    end
}

/// The 郡 of one of `candidates`, written right before `start` (blanks allowed).
fn gun_before<'a>(
    places: &'a Places,
    cands: &[u16],
    buf: &[u8],
    start: usize,
) -> Option<(usize, &'a str)> {
    let mut e = start;
    if let Some((c, len)) = decode_before(buf, e) {
        if is_blank(c) {
            e -= len;
        }
    }
    cands.iter().find_map(|&m| {
        let gun = places.municipalities[m as usize].gun;
        (!gun.is_empty() && buf[..e].ends_with(gun.as_bytes())).then(|| (e - gun.len(), gun))
    })
}

/// A postal code (`NNN-NNNN` or seven digits, ASCII or full width, 〒 optional) ending
/// right before `start` (blanks allowed), as seven ASCII digits.
fn postal_before(buf: &[u8], start: usize) -> Option<[u8; 7]> {
    let mut i = start;
    for _ in 0..3 {
        match decode_before(buf, i) {
            Some((c, len)) if is_blank(c) || c == '\n' || c == '\r' => i -= len,
            _ => break,
        }
    }
    let mut digits = [0u8; 7];
    let mut n = 0;
    while n < 7 {
        match decode_before(buf, i) {
            Some((c, len)) => {
                if let Some(d) = fold_ascii(c).filter(u8::is_ascii_digit) {
                    digits[6 - n] = d;
                    n += 1;
                } else if !(n == 4 && sep_class(c) == Some(SepClass::Dash)) {
                    return None;
                }
                i -= len;
            }
            None => return None,
        }
    }
    // Not the tail of a longer number.
    match decode_before(buf, i) {
        Some((c, _)) if fold_ascii(c).is_some_and(|a| a.is_ascii_alphanumeric()) => None,
        _ => Some(digits),
    }
}

/// Looks for an address whose municipality ends at byte `t_end` (just past a 市, 区, 町 or
/// 村). `buf` must hold `LOOKBEHIND` bytes before and `LOOKAHEAD` after it, or the input's
/// ends.
pub fn detect(places: &Places, buf: &[u8], t_end: usize) -> Option<Found> {
    let (mut m_start, cands) = places.municipality_ending_at(buf, t_end)?;
    let m_end = t_end;
    // `郡上市` in `中新川郡上市町`: a longer municipality ends at the next character; its
    // own trigger reads it.
    if let Some((c, len)) = decode_at(buf, m_end) {
        if matches!(c, '市' | '区' | '町' | '村')
            && places.municipality_ending_at(buf, m_end + len).is_some_and(|(s, _)| s < m_end)
        {
            return None;
        }
    }
    // 郡 and prefecture before the municipality, both optional.
    let mut pref = None;
    if let Some((gun_start, _)) = gun_before(places, cands, buf, m_start) {
        m_start = gun_start;
    }
    let mut cands: Vec<u16> = cands.to_vec();
    if let Some((code, ps, pe)) = places.prefecture_before(buf, m_start) {
        let same: Vec<u16> = cands
            .iter()
            .copied()
            .filter(|&m| places.municipalities[m as usize].pref == code)
            .collect();
        if !same.is_empty() {
            cands = same;
            pref = Some((ps, pe));
        }
    }
    // A ward after a designated city (`横浜市` + `中区`).
    let mut muni_end = m_end;
    let mut expanded: Vec<u16> = Vec::new();
    for &m in &cands {
        if places.municipalities[m as usize].designated {
            let after = skip_blanks(buf, m_end, 1);
            let ward = places.wards_of(m).iter().find_map(|&w| {
                let name = places.municipalities[w as usize].name;
                let ward = name.strip_prefix(places.municipalities[m as usize].name)?;
                starts_with(buf, after, ward).then_some((w, after + ward.len()))
            });
            match ward {
                Some((w, end)) => {
                    expanded.push(w);
                    muni_end = end;
                }
                // Wards omitted (`大阪市梅田`): the town may be in any of them.
                None => expanded.extend(places.wards_of(m).iter().copied().chain([m])),
            }
        } else {
            expanded.push(m);
        }
    }
    // Town: optional 大字/字, then the longest town of any candidate.
    let mut p = skip_gap(buf, muni_end);
    let town_start_raw = p;
    let mut aza = false;
    for prefix in ["大字", "字"] {
        if starts_with(buf, p, prefix) {
            p += prefix.len();
            aza = true;
            break;
        }
    }
    let town: Option<TownMatch> =
        expanded.iter().filter_map(|&m| places.town_at(m, buf, p)).max_by_key(|tm| tm.end);
    let distinct_munis = {
        let mut v = expanded.clone();
        v.sort_unstable();
        v.dedup();
        v.len()
    };
    let (town_span, after_town, town_known) = match town {
        Some(tm) => (Some((town_start_raw, tm.end)), tm.end, true),
        // An unknown town (new, or a 小字): a short run of name characters directly
        // followed by a block number, on the municipality's line.
        None if buf[muni_end..p].contains(&b'\n') => (None, p, false),
        None => {
            let mut j = p;
            let mut n = 0;
            while let Some((c, len)) = decode_at(buf, j) {
                if !is_name_char(c) || n >= 12 || matches!(c, '\u{3041}'..='\u{3096}') {
                    break;
                }
                // Not a run that holds another municipality (`東村` + `山市…`).
                if matches!(c, '市' | '区' | '郡' | '町' | '村')
                    && places.municipality_ending_at(buf, j + len).is_some_and(|(s, _)| s <= j)
                {
                    return None;
                }
                if number_at(buf, j).is_some() && n > 0 {
                    break;
                }
                n += 1;
                j += len;
            }
            let run = std::str::from_utf8(&buf[p..j]).unwrap_or("");
            if run.contains("番号") {
                return None; // a label (`カード番号 4242-…`), not a town
            }
            // An unlisted town stands only before a block pattern (or after a 字).
            let block = block_number(buf, skip_blanks(buf, j, 2));
            if n > 0 && block.is_some_and(|b| b.pattern || aza) {
                (Some((town_start_raw, j)), j, false)
            } else {
                (None, p, false)
            }
        }
    };
    // A bare ambiguous form (`中区`, `府中市`) is only an address with a known town.
    if distinct_munis > 1 && pref.is_none() && !town_known {
        return None;
    }
    // Optional 小字 (`字中道`) after a known town, then the block number.
    let mut q = skip_gap(buf, after_town);
    if town_known && starts_with(buf, q, "字") {
        let mut j = q + "字".len();
        let mut n = 0;
        while let Some((c, len)) = decode_at(buf, j) {
            if !is_name_char(c) || n >= 8 || number_at(buf, j).is_some() {
                break;
            }
            n += 1;
            j += len;
        }
        if n > 0 {
            q = skip_blanks(buf, j, 2);
        }
    }
    let block = block_number(buf, q)?;
    // Without a listed town only a block pattern (or a 字 town) makes an address
    // (`渋谷区2024` is none).
    let unlisted_aza_town = aza && town_span.is_some();
    if !(town_known || block.pattern || unlisted_aza_town) {
        return None;
    }
    let block_end = block.end;
    let end = building(buf, block_end).unwrap_or(block_end);
    let start = pref.map_or(m_start, |(s, _)| s);

    // Confidence: a known town and a prefecture make it certain; a code that agrees more so.
    // An unlisted town before a block pattern (a new town, a 小字) is more of an address
    // than a municipality followed by a block pattern alone.
    let mut score: f32 = if town_known {
        0.85
    } else if town_span.is_some() {
        0.7
    } else {
        0.62
    };
    if pref.is_some() {
        score += 0.07;
    }
    let muni_of = |m: u16| {
        let mu = &places.municipalities[m as usize];
        [Some(m), mu.parent]
    };
    let resolved: Vec<u16> = match town {
        Some(tm) => vec![tm.muni],
        None => expanded.clone(),
    };
    let mut postal_match = false;
    if let Some(code) = postal_before(buf, start) {
        if let Some(munis) = places.postal_municipalities(&code) {
            let hit = resolved.iter().flat_map(|&m| muni_of(m)).flatten().any(|m| {
                munis.contains(&m)
                    || munis.iter().any(|&c| places.municipalities[c as usize].parent == Some(m))
            });
            if hit {
                postal_match = true;
                score += 0.05;
            } else if !munis.is_empty() {
                score -= 0.1;
            }
        }
    }
    let text = std::str::from_utf8(&buf[start..end]).ok()?;
    let folded = text.chars().filter_map(fold_name_char).filter(|c| !matches!(c, '\n' | '\r'));
    let value_hash = value_hash_chars("address", folded);
    let visible_end = muni_end;
    let masked = {
        let head = std::str::from_utf8(&buf[start..visible_end]).unwrap_or("");
        let head: String = head.chars().filter(|c| !c.is_whitespace()).collect();
        format!("{head}****")
    };
    Some(Found {
        start,
        end,
        parts: AddressParts {
            prefecture: pref.map(|(s, e)| [s, e]),
            municipality: [m_start, muni_end],
            town: town_span.map(|(s, e)| [s, e]),
            rest: [q, end],
        },
        score: score.min(0.99),
        postal_match,
        value_hash,
        masked,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs the detector at every trigger of `text`, like the engine, and returns the
    /// addresses found (text of each).
    pub(crate) fn addresses(text: &str) -> Vec<(String, f32)> {
        let places = crate::dict::places().expect("dictionaries built in");
        let buf = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < buf.len() {
            let Some((c, len)) = decode_at(buf, i) else {
                i += 1;
                continue;
            };
            if matches!(c, '市' | '区' | '町' | '村') {
                if let Some(f) = detect(places, buf, i + len) {
                    out.push((text[f.start..f.end].to_string(), f.score));
                    i = f.end;
                    continue;
                }
            }
            i += len;
        }
        out
    }

    fn one(text: &str) -> String {
        let found = addresses(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found[0].0.clone()
    }

    #[test]
    fn written_forms() {
        assert_eq!(one("住所：東京都渋谷区道玄坂1-2-3です"), "東京都渋谷区道玄坂1-2-3");
        assert_eq!(one("渋谷区道玄坂１丁目２番３号"), "渋谷区道玄坂１丁目２番３号");
        assert_eq!(one("東京都千代田区丸の内一丁目2-3"), "東京都千代田区丸の内一丁目2-3");
        assert_eq!(
            one("大阪府大阪市北区梅田3-1-1 梅田ビル5F 受付"),
            "大阪府大阪市北区梅田3-1-1 梅田ビル5F"
        );
        assert_eq!(one("北海道石狩郡当別町弥生 2番地の3"), "北海道石狩郡当別町弥生 2番地の3");
        assert_eq!(one("東京都 千代田区 丸の内 1 - 2 - 3"), "東京都 千代田区 丸の内 1 - 2 - 3");
        assert_eq!(one("東京都千代田区\n丸の内1‐2‐3"), "東京都千代田区\n丸の内1‐2‐3");
        assert_eq!(one("横浜市中区山下町10番地 101号室"), "横浜市中区山下町10番地 101号室");
    }

    #[test]
    fn not_addresses() {
        for text in [
            "所在地：東京都",
            "大阪市内で開催します",
            "横浜市の人口は",
            "東京都知事",
            "渋谷区道玄坂にある店",
            "中区1-2-3",
            "市場調査 1-2-3",
        ] {
            assert!(addresses(text).is_empty(), "{text}: {:?}", addresses(text));
        }
    }

    #[test]
    fn numbers_that_count_are_no_block_numbers() {
        for text in [
            "渋谷区2024年度予算",
            "新宿区 3名",
            "新宿区３名が参加",
            "渋谷区2024",
            "渋谷区道玄坂2024年",
            "新宿区で3月1日",
            "港区 500円",
            "港区三名",
            "中央区1-2年",
            "世田谷区 45%",
        ] {
            assert!(addresses(text).is_empty(), "{text}: {:?}", addresses(text));
        }
    }

    #[test]
    fn unlisted_town_needs_a_block_pattern() {
        // `架空坂` is no town of 渋谷区: it stands only before a block pattern.
        assert!(addresses("渋谷区架空坂12").is_empty());
        assert!(addresses("渋谷区予算12").is_empty());
        assert_eq!(one("渋谷区架空坂12番地"), "渋谷区架空坂12番地");
        assert_eq!(one("渋谷区架空坂1-2-3"), "渋谷区架空坂1-2-3");
        // So does one after 字 (a 小字 Japan Post does not list).
        assert_eq!(one("沖縄県国頭郡恩納村字架空123"), "沖縄県国頭郡恩納村字架空123");
        // A listed town takes a bare number.
        assert_eq!(one("渋谷区道玄坂12"), "渋谷区道玄坂12");
    }

    #[test]
    fn unlisted_town_scores_above_a_bare_municipality() {
        for (with_town, bare) in [
            ("東京都渋谷区架空坂1-2-3", "東京都渋谷区1-2-3"),
            ("渋谷区架空坂１丁目２番３号", "渋谷区１丁目２番３号"),
        ] {
            let (t, b) = (addresses(with_town), addresses(bare));
            assert_eq!((t.len(), b.len()), (1, 1), "{t:?} {b:?}");
            assert!(t[0].1 > b[0].1, "{t:?} {b:?}");
        }
        let listed = addresses("東京都渋谷区道玄坂1-2-3");
        assert!(listed[0].1 > addresses("東京都渋谷区架空坂1-2-3")[0].1);
    }

    #[test]
    fn postal_code_agreement_raises_confidence() {
        let with = addresses("〒150-0043 東京都渋谷区道玄坂1-2-3");
        let wrong = addresses("〒060-0001 東京都渋谷区道玄坂1-2-3");
        let none = addresses("東京都渋谷区道玄坂1-2-3");
        assert!(with[0].1 > none[0].1 && none[0].1 > wrong[0].1, "{with:?} {none:?} {wrong:?}");
    }
}
