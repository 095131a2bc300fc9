//! 法人番号 (corporate number): 13 digits, the first a check digit (平成26年財務省令第70号).
//! Also found in the invoice registration form `T` + 13 digits.

use super::{Detection, NumberCandidate};
use crate::finding::mask;
use crate::kind::Kind;

pub const HOTWORDS: &[&str] = &[
    "corporate number",
    "法人番号",
    "会社法人等番号",
    "指定通知書",
    "登録番号",
    "適格請求書",
    "インボイス",
    "事業者番号",
];

/// Check digit = 9 − (Σ Pn×Qn mod 9) over the 12-digit body, Pn counted from the right,
/// Qn = 1 for odd n and 2 for even n. A leading 0 is impossible.
pub fn is_valid(digits: &[u8]) -> bool {
    if digits.len() != 13 || !digits.iter().all(u8::is_ascii_digit) || digits[0] == b'0' {
        return false;
    }
    let sum: u32 = digits[1..]
        .iter()
        .rev()
        .enumerate()
        .map(|(n, &d)| (d - b'0') as u32 * if n % 2 == 0 { 1 } else { 2 })
        .sum();
    (digits[0] - b'0') as u32 == 9 - sum % 9
}

pub fn detect(c: &NumberCandidate) -> Option<Detection> {
    if c.digits.len() != 13 || !(c.contiguous() || c.shape(&[1, 4, 4, 4]) && c.uniform_seps()) {
        return None;
    }
    // The invoice form glues a T to the digits; anything else glued on is a code.
    let invoice = matches!(c.prev[0], Some('T' | 'Ｔ'))
        && !c.prev[1].is_some_and(crate::text::chars::is_alnum);
    if !(invoice || c.plain_left()) || !c.plain_right() || !is_valid(c.digits) {
        return None;
    }
    Some(Detection {
        kind: Kind::CorporateNumber,
        start: c.start,
        end: c.end,
        // Bare 13-digit strings are often JAN codes; one in ten passes the check.
        score_alone: Some(if invoice { 0.9 } else { 0.35 }),
        score_context: 0.9,
        value: c.digits.to_vec(),
        masked: mask::digits_keep_last(c.digits, &[1, 4, 4, 4], 4),
        weight: 13,
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
        assert!(is_valid(b"5835678256246"));
        for item in v["corporate_number"]["valid"].as_array().unwrap() {
            let value = item["value"].as_str().unwrap();
            assert!(is_valid(value.as_bytes()), "{value}");
            for form in ["formatted", "invoice_registration_number_form"] {
                let text = item[form].as_str().unwrap();
                let d = detect_whole(text, detect).unwrap_or_else(|| panic!("{text}"));
                assert_eq!(d.value, value.as_bytes());
            }
        }
        for item in v["corporate_number"]["invalid"].as_array().unwrap() {
            let value = item["value"].as_str().unwrap();
            // stdnum rejects the invoice form `T` + number; reading it is deliberate here.
            let invoice_form = value.starts_with('T');
            assert_eq!(detect_whole(value, detect).is_some(), invoice_form, "{value}");
        }
    }

    #[test]
    fn invoice_form_is_confident() {
        let d = detect_whole("登録番号：T5835678256246", detect).unwrap();
        assert_eq!(d.score_alone, Some(0.9));
        assert!(detect_whole("XT5835678256246", detect).is_none());
    }
}
