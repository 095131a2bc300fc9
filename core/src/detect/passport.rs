//! 旅券番号 (passport number): 2 letters + 7 digits, reported only with passport context.

use super::{Detection, NumberCandidate};
use crate::kind::Kind;

pub const HOTWORDS: &[&str] = &["passport", "パスポート", "旅券", "旅券番号"];

pub fn detect(c: &NumberCandidate) -> Option<Detection> {
    if !c.contiguous() || c.digits.len() != 7 || !c.plain_right() {
        return None;
    }
    let (letters, start) = c.letters_before(3);
    if letters.len() != 2 {
        return None;
    }
    let mut value = letters.clone().into_bytes();
    value.extend_from_slice(c.digits);
    Some(Detection {
        kind: Kind::Passport,
        start,
        end: c.end,
        score_alone: None,
        score_context: 0.9,
        masked: format!("{letters}*****{}", String::from_utf8_lossy(&c.digits[5..])),
        value,
        weight: 9,
        rule: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::testutil::detect_whole;

    #[test]
    fn shape() {
        let text = "旅券番号 TK1234567";
        let d = detect_whole(text, detect).unwrap();
        assert_eq!(&text[d.start..d.end], "TK1234567");
        assert_eq!(d.masked, "TK*****67");
        assert!(detect_whole("ABC1234567", detect).is_none());
        assert!(detect_whole("TK12345678", detect).is_none());
    }
}
