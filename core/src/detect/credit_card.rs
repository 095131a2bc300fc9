//! Payment card numbers: the Luhn check, and the scheme from its issuer (IIN) prefix and
//! length (`core/data/cards/schemes.tsv`). A Luhn-valid number of no known scheme is a card
//! only with a card label nearby, reported with rule `unknown`.

use super::{Detection, NumberCandidate};
use crate::finding::mask;
use crate::kind::Kind;
use std::sync::OnceLock;

pub const HOTWORDS: &[&str] = &[
    "クレジットカード",
    "クレジット",
    "クレカ",
    "カード番号",
    "カードナンバー",
    "カード＃",
    "card no",
    "card number",
    "credit card",
    "有効期限",
    "セキュリティコード",
    "セキュリティ番号",
    "cvv",
    "cvc",
    "カード名義",
    "デビットカード",
    "visa",
    "mastercard",
    "マスターカード",
    "amex",
    "アメックス",
    "アメリカンエクスプレス",
    "jcb",
    "ダイナース",
    "diners",
    "支払回数",
];

static SCHEMES_TSV: &str = include_str!("../../data/cards/schemes.tsv");

/// A card scheme from `core/data/cards/schemes.tsv`.
#[derive(Debug)]
pub struct Scheme {
    /// The scheme's name (`visa`, `mastercard`, `mir`…), reported as the finding's rule.
    pub name: &'static str,
    /// Issuer prefixes: `(lo, hi, digits)`, every prefix of `digits` digits in `lo..=hi`.
    prefixes: Vec<(u32, u32, usize)>,
    /// Bit `n` set when a number of this scheme may have `n` digits.
    lengths: u32,
    /// Reported without a card label nearby.
    pub alone: bool,
}

/// Parses `lo` or `lo-hi` into a prefix range.
fn prefix_range(s: &str) -> Option<(u32, u32, usize)> {
    let (lo, hi) = s.split_once('-').unwrap_or((s, s));
    if lo.len() != hi.len() || lo.is_empty() || lo.len() > 8 {
        return None;
    }
    Some((lo.parse().ok()?, hi.parse().ok()?, lo.len()))
}

/// Parses `n` or `a-b` into a bit set of lengths.
fn length_bits(s: &str) -> Option<u32> {
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    (a <= b && b < 32).then(|| (a..=b).fold(0, |acc, n| acc | (1 << n)))
}

fn parse_scheme(line: &'static str) -> Option<Scheme> {
    let mut cols = line.split('\t');
    let name = cols.next()?;
    let prefixes = cols.next()?.split(',').map(prefix_range).collect::<Option<Vec<_>>>()?;
    let lengths =
        cols.next()?.split(',').map(length_bits).try_fold(0, |acc, b| b.map(|b| acc | b))?;
    let alone = match cols.next()? {
        "yes" => true,
        "no" => false,
        _ => return None,
    };
    Some(Scheme { name, prefixes, lengths, alone })
}

fn rows() -> impl Iterator<Item = &'static str> {
    SCHEMES_TSV.lines().filter(|l| !l.starts_with('#') && !l.is_empty())
}

/// The scheme table, parsed once (rows that do not parse are left out; a test checks none).
pub fn schemes() -> &'static [Scheme] {
    static SCHEMES: OnceLock<Vec<Scheme>> = OnceLock::new();
    SCHEMES.get_or_init(|| rows().filter_map(parse_scheme).collect())
}

/// The scheme whose issuer prefix and length fit the digits: the longest prefix wins, and
/// the earlier row among prefixes of one length.
pub fn scheme(digits: &[u8]) -> Option<&'static Scheme> {
    let n = digits.len();
    if n >= 32 {
        return None;
    }
    let prefix =
        |k: usize| -> u32 { digits[..k].iter().fold(0, |a, &d| a * 10 + u32::from(d - b'0')) };
    let mut best: Option<(&Scheme, usize)> = None;
    for s in schemes().iter().filter(|s| s.lengths & (1 << n) != 0) {
        for &(lo, hi, k) in &s.prefixes {
            if k <= n && (lo..=hi).contains(&prefix(k)) && best.is_none_or(|(_, bk)| k > bk) {
                best = Some((s, k));
            }
        }
    }
    best.map(|(s, _)| s)
}

/// The Luhn (mod 10) check.
pub fn luhn(digits: &[u8]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = (d - b'0') as u32;
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Groupings seen on cards and forms: contiguous, fours (with a short last group), 4-6-5
/// (Amex) and 4-6-4 (Diners).
fn plausible_grouping(c: &NumberCandidate) -> bool {
    if c.contiguous() {
        return true;
    }
    if !c.uniform_seps() {
        return false;
    }
    let l = c.lens;
    let fours = l[..l.len() - 1].iter().all(|&x| x == 4) && (1..=4).contains(&l[l.len() - 1]);
    fours || l == [4, 6, 5] || l == [4, 6, 4]
}

pub fn detect(c: &NumberCandidate) -> Option<Detection> {
    let n = c.digits.len();
    if !(13..=19).contains(&n) || !plausible_grouping(c) || !c.plain_left() || !c.plain_right() {
        return None;
    }
    if !luhn(c.digits) {
        return None;
    }
    let scheme = scheme(c.digits);
    // 13-digit Visa numbers are no longer issued, and 13 digits starting 45/49 are Japanese
    // JAN product codes: only with card context. So are schemes with weak prefixes, and a
    // number of no known scheme, which is a card only when a card label says so.
    let (score_alone, score_context, rule) = match scheme {
        Some(s) if s.alone && !(s.name == "visa" && n == 13) => (Some(0.65), 0.95, s.name),
        Some(s) => (None, 0.95, s.name),
        None => (None, 0.6, "unknown"),
    };
    Some(Detection {
        kind: Kind::CreditCard,
        start: c.start,
        end: c.end,
        score_alone,
        score_context,
        value: c.digits.to_vec(),
        masked: mask::digits_keep_last(c.digits, &c.lens_usize(), 4),
        weight: n,
        rule: Some(rule),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::testutil::{detect_whole, vectors};

    #[test]
    fn shared_vectors() {
        let v = vectors();
        for item in v["payment_cards"]["valid"].as_array().unwrap() {
            let value = item["value"].as_str().unwrap();
            assert!(detect_whole(value, detect).is_some(), "{value}");
        }
        for item in v["payment_cards"]["invalid"].as_array().unwrap() {
            let value = item["value"].as_str().unwrap();
            let reason = item["reason"].as_str().unwrap();
            match detect_whole(value, detect) {
                // Outside every scheme: a card only with a label, of no known scheme.
                Some(d)
                    if reason.starts_with("Luhn-valid")
                        || reason.contains("; Luhn-valid")
                        || reason.contains("14 digits") =>
                {
                    assert_eq!((d.rule, d.score_alone), (Some("unknown"), None), "{value}")
                }
                got => assert!(got.is_none(), "{value}: {reason}"),
            }
        }
    }

    #[test]
    fn every_scheme_row_parses() {
        assert_eq!(schemes().len(), rows().count());
        for row in rows() {
            assert!(parse_scheme(row).is_some(), "{row}");
        }
    }

    #[test]
    fn longest_prefix_wins() {
        let name = |d: &str| scheme(d.as_bytes()).map(|s| s.name);
        assert_eq!(name("4111111111111111"), Some("visa"));
        assert_eq!(name("4011780000000000"), Some("elo"));
        assert_eq!(name("6062820000000000"), Some("hipercard"));
        assert_eq!(name("6000000000000000"), Some("rupay"));
        assert_eq!(name("6500000000000000"), Some("discover"));
        assert_eq!(name("2200000000000000"), Some("mir"));
        assert_eq!(name("2720990000000000"), Some("mastercard"));
        assert_eq!(name("2721000000000000"), None);
        assert_eq!(name("979200000000000"), None, "Troy numbers have 16 digits");
    }

    #[test]
    fn unknown_issuers_need_a_label() {
        // Luhn-valid, no scheme starts with 7.
        let d = detect_whole("7000 0000 0000 0005", detect).unwrap();
        assert_eq!((d.rule, d.score_alone), (Some("unknown"), None));
        let d = detect_whole("1000 0000 0000 009", detect).unwrap();
        assert_eq!((d.rule, d.score_alone), (Some("uatp"), None));
        let d = detect_whole("2200 0000 0000 0004", detect).unwrap();
        assert_eq!((d.rule, d.score_alone), (Some("mir"), Some(0.65)));
    }

    #[test]
    fn written_forms() {
        for text in [
            "3530 1113 3330 0000",
            "3530-1113-3330-0000",
            "３５３０－１１１３－３３３０－００００",
            "3782 822463 10005",
            "3622 720627 1667",
        ] {
            let d = detect_whole(text, detect).unwrap_or_else(|| panic!("{text}"));
            assert!(
                d.masked.ends_with("0000")
                    || d.masked.ends_with("0005")
                    || d.masked.ends_with("1667")
            );
            assert!(d.masked.starts_with("****"));
        }
        assert!(detect_whole("3530-1113 3330-0000", detect).is_none(), "mixed separators");
    }
}
