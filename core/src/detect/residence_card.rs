//! 在留カード番号 (residence card number): 2 letters + 8 digits + 2 letters.

use super::{chars_after, Detection, NumberCandidate};
use crate::kind::Kind;
use crate::text::chars::{decode_at, fold_ascii, is_alnum};

pub const HOTWORDS: &[&str] =
    &["在留カード", "在留番号", "residence card", "特別永住者証明書", "在留資格"];

pub fn detect(c: &NumberCandidate) -> Option<Detection> {
    if !c.contiguous() || c.digits.len() != 8 {
        return None;
    }
    let (head, start) = c.letters_before(3);
    if head.len() != 2 {
        return None;
    }
    // Two letters after the digits, then no further letter or digit.
    let mut tail = String::new();
    let mut end = c.end;
    while tail.len() < 3 {
        match decode_at(c.buf, end) {
            Some((ch, len)) if fold_ascii(ch).is_some_and(|a| a.is_ascii_alphabetic()) => {
                tail.push(fold_ascii(ch).unwrap_or(b'?').to_ascii_uppercase() as char);
                end += len;
            }
            _ => break,
        }
    }
    if tail.len() != 2 || chars_after(c.buf, end)[0].is_some_and(is_alnum) {
        return None;
    }
    let mut value = head.clone().into_bytes();
    value.extend_from_slice(c.digits);
    value.extend_from_slice(tail.as_bytes());
    Some(Detection {
        kind: Kind::ResidenceCard,
        start,
        end,
        score_alone: Some(0.6),
        score_context: 0.95,
        masked: format!("{head}********{tail}"),
        value,
        weight: 12,
        rule: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::testutil::detect_whole;

    #[test]
    fn shape() {
        let text = "在留カード番号：AB12345678CD。";
        let d = detect_whole(text, detect).unwrap();
        assert_eq!(&text[d.start..d.end], "AB12345678CD");
        assert!(detect_whole("AB12345678CDE", detect).is_none());
        assert!(detect_whole("AB12345678", detect).is_none());
    }
}
