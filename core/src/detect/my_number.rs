//! 個人番号 (My Number): 12 digits, the last a check digit (平成26年総務省令第85号 第5条).

use super::{Detection, NumberCandidate};
use crate::finding::mask;
use crate::kind::Kind;

/// Context words (Microsoft Purview's list plus labels common on Japanese forms).
pub const HOTWORDS: &[&str] = &[
    "my number",
    "mynumber",
    "マイナンバー",
    "個人番号",
    "共通番号",
    "マイナンバーカード",
    "個人番号カード",
    "個人識別番号",
    "個人識別ナンバー",
    "通知カード",
    "個人番号通知書",
    "番号確認書類",
    "扶養控除",
    "源泉徴収票",
    "確定申告書",
];

/// The hotwords above that name a whole form rather than a field of it. A form holds many
/// numbers (amounts, codes, dates), and about 1 in 11 random 12-digit numbers passes the
/// check digit, so these words count only for a number that stands in a form field.
pub const FORM_WORDS: &[&str] = &["扶養控除", "源泉徴収票", "確定申告書", "番号確認書類"];

/// True when the 12 ASCII digits carry a valid check digit: 11 − (Σ Pn×Qn mod 11), with
/// remainders 0 and 1 giving 0; weights 6 5 4 3 2 7 6 5 4 3 2 left to right.
pub fn is_valid(digits: &[u8]) -> bool {
    if digits.len() != 12 || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    const WEIGHTS: [u32; 11] = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = digits[..11].iter().zip(WEIGHTS).map(|(&d, w)| (d - b'0') as u32 * w).sum();
    let rem = sum % 11;
    let check = if rem <= 1 { 0 } else { 11 - rem };
    (digits[11] - b'0') as u32 == check
}

/// Checksum-valid strings that are not plausible numbers: one repeated digit, or a plain
/// ascending or descending sequence in the first 11 digits (`123456789018`).
pub fn is_implausible(digits: &[u8]) -> bool {
    let body = &digits[..digits.len().saturating_sub(1)];
    let same = body.windows(2).all(|w| w[0] == w[1]);
    let up = body.windows(2).all(|w| (w[1] + 10 - w[0]) % 10 == 1);
    let down = body.windows(2).all(|w| (w[0] + 10 - w[1]) % 10 == 1);
    same || up || down
}

pub fn detect(c: &NumberCandidate) -> Option<Detection> {
    if c.digits.len() != 12 || !(c.contiguous() || c.uniform_seps() && c.lens.len() <= 5) {
        return None;
    }
    if !c.plain_left() || !c.plain_right() || !is_valid(c.digits) {
        return None;
    }
    let standard = c.contiguous() || c.shape(&[4, 4, 4]);
    // Published sample numbers (`123456789018`) are reported, marked, at low confidence
    // that no label raises: a policy decides what they are worth.
    let sample = is_implausible(c.digits);
    let (score_alone, score_context) = match (sample, standard, c.contiguous()) {
        (true, _, _) => (Some(0.3), 0.3),
        // `6141-0652-600-0`: another grouping counts only next to its label.
        (false, false, _) => (None, 0.85),
        (false, true, false) => (Some(0.45), 0.95),
        (false, true, true) => (Some(0.4), 0.9),
    };
    Some(Detection {
        kind: Kind::MyNumber,
        start: c.start,
        end: c.end,
        score_alone,
        score_context,
        value: c.digits.to_vec(),
        masked: mask::digits_keep_last(c.digits, &[4, 4, 4], 4),
        weight: 12,
        rule: sample.then_some("known_sample"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::testutil::{detect_whole, vectors};

    #[test]
    fn worked_example() {
        assert!(is_valid(b"621498320257"));
        assert!(!is_valid(b"621498320250"));
    }

    #[test]
    fn shared_vectors() {
        let v = vectors();
        for item in v["my_number"]["valid"].as_array().unwrap() {
            let value = item["value"].as_str().unwrap();
            assert!(is_valid(value.as_bytes()), "{value}");
            let formatted = item["formatted"].as_str().unwrap();
            assert!(detect_whole(formatted, detect).is_some(), "{formatted}");
            assert!(detect_whole(value, detect).is_some(), "{value}");
        }
        for item in v["my_number"]["invalid"].as_array().unwrap() {
            let value = item["value"].as_str().unwrap();
            assert!(detect_whole(value, detect).is_none(), "{value} ({})", item["reason"]);
        }
        for item in v["my_number"]["checksum_valid_but_implausible"].as_array().unwrap() {
            let value = item["value"].as_str().unwrap();
            assert!(is_valid(value.as_bytes()));
            let d = detect_whole(value, detect).unwrap_or_else(|| panic!("{value}"));
            assert_eq!(d.rule, Some("known_sample"), "{value}");
            assert_eq!((d.score_alone, d.score_context), (Some(0.3), 0.3), "no label raises it");
        }
    }

    #[test]
    fn other_groupings_need_their_label() {
        let d = detect_whole("6214-9832-025-7", detect).unwrap();
        assert_eq!((d.score_alone, d.value.as_slice()), (None, &b"621498320257"[..]));
        assert!(detect_whole("6214-9832 0257", detect).is_none(), "mixed separators");
    }

    #[test]
    fn written_forms() {
        for form in [
            "６２１４９８３２０２５７",
            "６２１４－９８３２－０２５７",
            "6214　9832　0257",
            "6214‐9832‐0257",
            "6214−9832−0257",
            "6214ー9832ー0257",
            "6214-9832-\n0257",
        ] {
            let d = detect_whole(form, detect).unwrap_or_else(|| panic!("{form}"));
            assert_eq!(d.value, b"621498320257");
            assert_eq!(d.masked, "****-****-0257");
        }
    }

    #[test]
    fn rejects_codes_and_amounts() {
        for text in [
            "ABC621498320257",
            "No.621498320257X",
            "621498320257円",
            "6214-9832 0257",
            "1.621498320257",
        ] {
            assert!(detect_whole(text, detect).is_none(), "{text}");
        }
    }
}
