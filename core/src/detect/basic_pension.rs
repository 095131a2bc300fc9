//! 基礎年金番号 (basic pension number): 4 + 6 digits, reported only with pension context.

use super::{Detection, NumberCandidate};
use crate::finding::mask;
use crate::kind::Kind;

pub const HOTWORDS: &[&str] =
    &["基礎年金番号", "年金番号", "年金手帳", "基礎年金", "年金証書", "国民年金", "厚生年金"];

pub fn detect(c: &NumberCandidate) -> Option<Detection> {
    let shape = c.contiguous() && c.digits.len() == 10 || c.shape(&[4, 6]) && c.uniform_seps();
    if !shape || !c.plain_left() || !c.plain_right() {
        return None;
    }
    Some(Detection {
        kind: Kind::BasicPensionNumber,
        start: c.start,
        end: c.end,
        score_alone: None,
        score_context: 0.85,
        value: c.digits.to_vec(),
        masked: mask::digits_keep_last(c.digits, &[4, 6], 4),
        weight: 10,
        rule: None,
    })
}
