//! Telephone numbers of Japan's numbering plan (電気通信番号計画), national and `+81` forms.
//!
//! A number is accepted only if the plan can produce it: fixed lines by their real area
//! codes (a table generated from libphonenumber's metadata, see `phone_plan_table.rs`),
//! mobiles 060/070/080/090 and IP 050 with a non-zero fourth digit, 0120/0800/0570/0990/
//! 0180/0170 services, M2M 020 and 0200, FMC 0600. The written grouping must also fall on
//! the plan's boundaries: `03-1234-5678` and `0312-34-5678` are not the same claim.
//! Groups may be joined by dashes, spaces, brackets or full stops (`03.1234.5678`).
//! Other countries' `+` numbers are read by [`super::phone_international`].

use super::phone_plan_table::fixed_line_area_len;
use super::{Detection, NumberCandidate};
use crate::kind::Kind;

/// Phone labels sit right next to the number (`TEL：`, `携帯 `, `電話番号は…`), so context is
/// looked for within this many characters rather than the scanner-wide window.
pub const WINDOW: usize = 40;

pub const HOTWORDS: &[&str] = &[
    "電話",
    "tel",
    "℡",
    "☎",
    "📞",
    "携帯",
    "ケータイ",
    "連絡先",
    "自宅",
    "勤務先",
    "代表",
    "直通",
    "内線",
    "fax",
    "ファックス",
    "ファクス",
    "フリーダイヤル",
    "フリーコール",
    "ナビダイヤル",
    "お問い合わせ",
    "お問合せ",
    "問合せ",
    "phone",
    "mobile",
];

/// What part of the plan a number belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneType {
    FixedLine,
    Mobile,
    Ip,
    TollFree,
    Shared,
    M2m,
    Fmc,
}

/// Classifies a national number (ASCII digits with the leading 0) and returns the digit
/// offsets where a written separator may stand.
pub fn classify(d: &[u8]) -> Option<(PhoneType, [usize; 3])> {
    if d.len() < 10 || d[0] != b'0' || d[1] == b'0' {
        return None;
    }
    let at = |i: usize| d[i] - b'0';
    let starts = |p: &[u8]| d.starts_with(p);
    match d.len() {
        10 => {
            if starts(b"0120")
                || starts(b"0570")
                || starts(b"0990")
                || starts(b"0180")
                || starts(b"0170")
            {
                let t = if starts(b"0120") { PhoneType::TollFree } else { PhoneType::Shared };
                return Some((t, [4, 6, 7])); // 0120-123-456 and 0120-12-3456 both occur
            }
            let abcde = d[1..6].iter().fold(0u32, |a, &x| a * 10 + (x - b'0') as u32);
            // The area code and exchange always make six digits with the 0; writers often
            // misplace the first boundary (022-332-… for 0223-32-…), so any split of those six
            // is accepted once the table says the number exists.
            match fixed_line_area_len(abcde) {
                0 => None,
                area => Some((PhoneType::FixedLine, [area as usize, 6, 6])),
            }
        }
        11 => {
            let (a, b, c) = (at(1), at(2), at(3));
            if b == 0 && matches!(a, 6..=9) && c != 0 {
                Some((PhoneType::Mobile, [3, 7, 7]))
            } else if starts(b"050") && c != 0 {
                Some((PhoneType::Ip, [3, 7, 7]))
            } else if starts(b"0800") {
                Some((PhoneType::TollFree, [4, 7, 7]))
            } else if starts(b"0600") {
                Some((PhoneType::Fmc, [4, 7, 7]))
            } else if starts(b"020") && c != 0 {
                Some((PhoneType::M2m, [3, 7, 7]))
            } else {
                None
            }
        }
        14 if starts(b"0200") => Some((PhoneType::M2m, [4, 8, 8])),
        _ => None,
    }
}

/// Letters allowed glued before a number: `TEL0120…`, `FAX03…`, `No.` is not one.
fn label_before(c: &NumberCandidate) -> bool {
    let (letters, _) = c.letters_before(4);
    matches!(letters.as_str(), "TEL" | "FAX" | "PHONE" | "MOBILE")
}

/// A log's `key=value` or `key:value` (`user=09012345678`): a letter, then `=` or `:`.
fn key_value_before(c: &NumberCandidate) -> bool {
    matches!(c.prev[0], Some('=' | ':')) && c.prev[1].is_some_and(|p| p.is_ascii_alphabetic())
}

/// Reads a telephone number: Japan's plan for national numbers and `+81`, libphonenumber's
/// metadata for other `+` numbers ([`super::phone_international`]). The finding's rule is
/// the region (`JP`, `US`, `GB`…).
pub fn detect(c: &NumberCandidate) -> Option<Detection> {
    if !c.plain_right() {
        return None;
    }
    if c.seps.iter().any(|s| s.brk && !s.dash) {
        return None; // a bare line break between groups joins two lines, not one number
    }
    // `03.1234.5678`: full stops between every group, or none.
    if c.seps.iter().any(|s| s.dot) && !c.seps.iter().all(|s| s.dot && !s.space && !s.dash) {
        return None;
    }
    let plus = matches!(c.prev[0], Some('+' | '＋'));
    if plus && !c.digits.starts_with(b"81") {
        return super::phone_international::detect(c);
    }
    if c.digits.len() < 10 || c.digits.len() > 16 {
        return None;
    }
    if plus {
        detect_international(c)
    } else {
        detect_national(c)
    }
}

fn detect_national(c: &NumberCandidate) -> Option<Detection> {
    // `(03)1234-5678`: an opening bracket right before, closed after the first group.
    let bracket_area =
        matches!(c.prev[0], Some('(' | '（')) && c.seps.first().is_some_and(|s| s.close && !s.open);
    if !(bracket_area || c.plain_left() || label_before(c) || key_value_before(c)) {
        return None;
    }
    let (kind, cuts) = classify(c.digits)?;
    // Every written boundary must be one of the plan's.
    if !grouping_ok(c.boundaries(), kind, cuts, 0) {
        return None;
    }
    // Brackets: `(03)1234-5678` closes after the area code, `03(1234)5678` wraps the exchange.
    let seps = c.seps;
    let brackets_ok = if bracket_area {
        !seps.is_empty()
            && seps[0].close
            && !seps[0].open
            && seps[1..].iter().all(|s| !s.open && !s.close)
    } else if seps.iter().any(|s| s.open || s.close) {
        seps.len() == 2 && seps[0].open && !seps[0].close && seps[1].close && !seps[1].open
    } else {
        true
    };
    if !brackets_ok {
        return None;
    }
    let start = if bracket_area { c.start - c.prev[0].map_or(0, char::len_utf8) } else { c.start };
    Some(build(c, start, c.digits.to_vec(), kind, cuts, ""))
}

fn detect_international(c: &NumberCandidate) -> Option<Detection> {
    // Digits after "81", skipping a trunk "(0)" written in brackets.
    let mut rest: Vec<u8> = Vec::with_capacity(16);
    let mut lens: Vec<u8> = c.lens.to_vec();
    let mut seps = c.seps.to_vec();
    if lens[0] == 2 && !seps.is_empty() {
        lens.remove(0);
        let first_sep = seps.remove(0);
        if lens.first() == Some(&1)
            && c.digits.get(2) == Some(&b'0')
            && !seps.is_empty()
            && (first_sep.open || seps[0].close)
        {
            lens.remove(0);
            seps.remove(0);
            rest.extend_from_slice(&c.digits[3..]);
        } else {
            if first_sep.open || first_sep.close {
                return None;
            }
            rest.extend_from_slice(&c.digits[2..]);
        }
    } else if lens[0] > 2 {
        lens[0] -= 2;
        rest.extend_from_slice(&c.digits[2..]);
    } else {
        return None; // "8" and "1" in different groups: not a country code
    }
    if lens.is_empty() {
        return None;
    }
    if seps.iter().any(|s| s.open || s.close) {
        return None;
    }
    // `+81-090-1234-5678`: the trunk zero kept after the country code, a common mistake.
    let trunk_kept = rest.first() == Some(&b'0');
    let mut national = Vec::with_capacity(rest.len() + 1);
    if !trunk_kept {
        national.push(b'0');
    }
    national.extend_from_slice(&rest);
    let (kind, cuts) = classify(&national)?;
    let boundaries = lens[..lens.len() - 1].iter().scan(0usize, |acc, &l| {
        *acc += l as usize;
        Some(*acc)
    });
    // +1 for the implied leading 0.
    if !grouping_ok(boundaries, kind, cuts, usize::from(!trunk_kept)) {
        return None;
    }
    let plus = c.prev[0].map_or(1, char::len_utf8);
    Some(build(c, c.start - plus, national, kind, cuts, "+81-"))
}

/// True when every written group boundary (digit offsets, shifted by `shift`) is one the
/// plan allows; for fixed lines the first may fall anywhere inside the six-digit prefix.
fn grouping_ok(
    boundaries: impl Iterator<Item = usize>,
    kind: PhoneType,
    cuts: [usize; 3],
    shift: usize,
) -> bool {
    boundaries
        .map(|b| b + shift)
        .all(|b| cuts.contains(&b) || (kind == PhoneType::FixedLine && (2..6).contains(&b)))
}

fn build(
    c: &NumberCandidate,
    start: usize,
    national: Vec<u8>,
    kind: PhoneType,
    cuts: [usize; 3],
    prefix: &str,
) -> Detection {
    // Show the area or service code and the last four digits: 090-****-5678.
    let shown_head = if prefix.is_empty() {
        String::from_utf8_lossy(&national[..cuts[0]]).into_owned()
    } else {
        format!("{prefix}{}", String::from_utf8_lossy(&national[1..cuts[0]]))
    };
    let tail = String::from_utf8_lossy(&national[national.len() - 4..]).into_owned();
    let hidden = "*".repeat(national.len() - cuts[0] - 4);
    let masked = format!("{shown_head}-{hidden}-{tail}");
    let grouped = c.lens.len() > 1 || !prefix.is_empty();
    // Free-dial and navigation numbers are business lines: still reported, less weight.
    let business = matches!(kind, PhoneType::TollFree | PhoneType::Shared);
    // Eleven digits starting 070, 080 or 090 are a mobile number whatever the grouping;
    // other contiguous runs may be an order or account number.
    let mobile = kind == PhoneType::Mobile && national[1] != b'6';
    let alone = match (grouped, business) {
        (true, false) => 0.6,
        (true, true) => 0.5,
        (false, _) if mobile => 0.55,
        (false, _) => 0.4,
    };
    Detection {
        kind: Kind::Phone,
        start,
        end: c.end,
        score_alone: Some(alone),
        score_context: 0.9,
        weight: national.len(),
        value: national,
        masked,
        rule: Some("JP"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::testutil::{detect_whole, vectors};

    #[test]
    fn shared_vectors_agree_with_libphonenumber() {
        let v = vectors();
        for item in v["phone_numbers_libphonenumber"].as_array().unwrap() {
            let input = item["input"].as_str().unwrap();
            let valid = item["is_valid"].as_bool().unwrap();
            // The plan has ranges libphonenumber does not list; they are accepted on purpose.
            let plan_only = ["0200-1234-567890", "0600-123-4567", "0180-99-3456"].contains(&input);
            let got = detect_whole(input, detect);
            if plan_only {
                assert!(got.is_some(), "{input} is in the numbering plan");
            } else {
                assert_eq!(got.is_some(), valid, "{input}: {}", item["note"]);
            }
            if let Some(d) = got {
                let e164 = item["e164"].as_str().unwrap();
                assert_eq!(
                    format!("+81{}", String::from_utf8_lossy(&d.value[1..])),
                    e164,
                    "{input}"
                );
            }
        }
    }

    #[test]
    fn masks_and_spans() {
        let d = detect_whole("携帯 090-1234-5678", detect).unwrap();
        assert_eq!(d.masked, "090-****-5678");
        let text = "TEL (03)1234-5678";
        let d = detect_whole(text, detect).unwrap();
        assert_eq!(&text[d.start..d.end], "(03)1234-5678");
        let text = "+81-(0)3-1234-5678";
        let d = detect_whole(text, detect).unwrap();
        assert_eq!(d.start, 0);
        assert_eq!(d.masked, "+81-3-****-5678");
    }

    #[test]
    fn full_stops_and_contiguous_mobiles() {
        let d = detect_whole("03.1234.5678", detect).unwrap();
        assert_eq!((d.masked.as_str(), d.rule), ("03-****-5678", Some("JP")));
        assert!(detect_whole("０９０．１２３４．５６７８", detect).is_some());
        assert!(detect_whole("03.1234-5678", detect).is_none(), "mixed separators");
        assert!(detect_whole("03.12345.678", detect).is_none(), "off the plan's boundaries");
        // Eleven digits starting 070/080/090 are a mobile; other contiguous runs stay low.
        assert_eq!(detect_whole("08012345678", detect).unwrap().score_alone, Some(0.55));
        assert_eq!(detect_whole("06012345678", detect).unwrap().score_alone, Some(0.4));
        assert_eq!(detect_whole("0312345678", detect).unwrap().score_alone, Some(0.4));
    }

    #[test]
    fn country_code_split_across_groups_is_not_read() {
        // Found by fuzzing: "+8" and "1…" in separate groups once underflowed.
        assert!(detect_whole("+8()-1120-234-5678", detect).is_none());
        assert!(detect_whole("+8 1 3 1234 5678", detect).is_none());
    }

    #[test]
    fn rejects_what_the_plan_cannot_produce() {
        for text in
            ["2024-1234-5678", "03-1234-567", "03-12345-678", "ABC0312345678", "81312345678"]
        {
            assert!(detect_whole(text, detect).is_none(), "{text}");
        }
        assert!(detect_whole("TEL0120-444-444", detect).is_some());
        // A log's key=value: after a key, not after a bare symbol or a digit.
        assert!(detect_whole("user=07014735131", detect).is_some());
        assert!(detect_whole("tel:0312345678", detect).is_some());
        assert!(detect_whole("1=07014735131", detect).is_none());
        // A real number with its first boundary misplaced is still that number.
        assert!(detect_whole("022-332-8427", detect).is_some());
    }
}
