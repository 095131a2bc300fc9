//! Payment card numbers: issuer (IIN) range and length per brand, plus the Luhn check.

use super::{Detection, NumberCandidate};
use crate::finding::mask;
use crate::kind::Kind;

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

/// Card brands this detector knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Brand {
    Visa,
    Mastercard,
    Amex,
    Jcb,
    Diners,
    Discover,
    UnionPay,
}

impl Brand {
    /// The scheme's name, reported as the finding's rule.
    pub fn name(self) -> &'static str {
        match self {
            Brand::Visa => "visa",
            Brand::Mastercard => "mastercard",
            Brand::Amex => "amex",
            Brand::Jcb => "jcb",
            Brand::Diners => "diners",
            Brand::Discover => "discover",
            Brand::UnionPay => "unionpay",
        }
    }
}

/// The brand whose issuer range and length fit the digits, if any.
pub fn brand(digits: &[u8]) -> Option<Brand> {
    let n = digits.len();
    let prefix = |k: usize| -> u32 {
        digits[..k.min(n)].iter().fold(0, |acc, &d| acc * 10 + (d - b'0') as u32)
    };
    let (p1, p2, p3, p4) = (prefix(1), prefix(2), prefix(3), prefix(4));
    let b = if p1 == 4 && matches!(n, 13 | 16 | 18 | 19) {
        Brand::Visa
    } else if ((51..=55).contains(&p2) || (2221..=2720).contains(&p4)) && n == 16 {
        Brand::Mastercard
    } else if matches!(p2, 34 | 37) && n == 15 {
        Brand::Amex
    } else if (3528..=3589).contains(&p4) && (16..=19).contains(&n) {
        Brand::Jcb
    } else if ((300..=305).contains(&p3) || matches!(p2, 36 | 38 | 39)) && matches!(n, 14 | 16 | 19)
    {
        Brand::Diners
    } else if (p4 == 6011 || (644..=649).contains(&p3) || p2 == 65) && matches!(n, 16 | 19) {
        Brand::Discover
    } else if (p2 == 62 || (8100..=8171).contains(&p4)) && (14..=19).contains(&n) {
        Brand::UnionPay
    } else {
        return None;
    };
    Some(b)
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
    let brand = brand(c.digits)?;
    // 13-digit Visa numbers are no longer issued, and 13 digits starting 45/49 are Japanese
    // JAN product codes: only with card context.
    let legacy = brand == Brand::Visa && n == 13;
    let (score_alone, score_context) = if legacy { (None, 0.95) } else { (Some(0.65), 0.95) };
    Some(Detection {
        kind: Kind::CreditCard,
        start: c.start,
        end: c.end,
        score_alone,
        score_context,
        value: c.digits.to_vec(),
        masked: mask::digits_keep_last(c.digits, &c.lens_usize(), 4),
        weight: n,
        rule: Some(brand.name()),
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
            assert!(detect_whole(value, detect).is_none(), "{value}: {}", item["reason"]);
        }
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
