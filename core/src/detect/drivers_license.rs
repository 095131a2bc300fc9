//! 運転免許証番号 (driver's licence number): 12 digits `PP YY NNNNNN C R`, reported only with
//! licence context. The check digit C is reverse-engineered (not published), so it is used
//! together with the public-safety-commission code PP as a filter.

use super::{Detection, NumberCandidate};
use crate::finding::mask;
use crate::kind::Kind;

pub const HOTWORDS: &[&str] = &[
    "運転免許",
    "免許証",
    "免許番号",
    "免許",
    "運転経歴証明書",
    "driver's license",
    "drivers license",
    "driving licence",
];

/// Public-safety-commission codes in use (北海道 10-14 ... 沖縄 97).
fn valid_commission(pp: u32) -> bool {
    matches!(pp, 10..=14 | 20..=25 | 30 | 40..=55 | 60..=65 | 70..=74 | 80..=83 | 90..=97)
}

/// C = (11 − (5a+4b+3c+2d+7e+6f+5g+4h+3i+2j) mod 11) mod 10 over the first ten digits.
pub fn check_digit_ok(d: &[u8]) -> bool {
    const W: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = d[..10].iter().zip(W).map(|(&x, w)| (x - b'0') as u32 * w).sum();
    (11 - sum % 11) % 10 == (d[10] - b'0') as u32
}

pub fn detect(c: &NumberCandidate) -> Option<Detection> {
    if c.digits.len() != 12 || !(c.contiguous() || c.shape(&[4, 4, 4]) && c.uniform_seps()) {
        return None;
    }
    let pp = ((c.digits[0] - b'0') * 10 + (c.digits[1] - b'0')) as u32;
    if !valid_commission(pp) || !check_digit_ok(c.digits) || !c.plain_left() || !c.plain_right() {
        return None;
    }
    Some(Detection {
        kind: Kind::DriversLicense,
        start: c.start,
        end: c.end,
        score_alone: None,
        score_context: 0.9,
        value: c.digits.to_vec(),
        masked: mask::digits_keep_last(c.digits, &[12], 4),
        weight: 12,
        rule: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::testutil::{detect_whole, vectors};

    #[test]
    fn shared_vectors() {
        let v = vectors();
        for item in v["drivers_license_unofficial_checkdigit"].as_array().unwrap() {
            let value = item["value"].as_str().unwrap();
            let ok = item["unofficial_check_valid"].as_bool().unwrap();
            assert_eq!(detect_whole(value, detect).is_some(), ok, "{value}");
        }
    }
}
