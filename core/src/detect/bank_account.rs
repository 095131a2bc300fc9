//! Bank account numbers: 7 digits (口座番号) right after account context (口座, 普通, 当座).

use super::{Detection, NumberCandidate};
use crate::kind::Kind;

pub const HOTWORDS: &[&str] = &[
    "口座番号",
    "口座",
    "普通",
    "当座",
    "貯蓄",
    "預金",
    "振込先",
    "振替口座",
    "支店",
    "店番",
    "account no",
    "account number",
];

/// Account context must be close: it labels the number.
pub const WINDOW: usize = 40;

pub fn detect(c: &NumberCandidate) -> Option<Detection> {
    if !c.contiguous() || c.digits.len() != 7 || !c.plain_left() || !c.plain_right() {
        return None;
    }
    Some(Detection {
        kind: Kind::BankAccount,
        start: c.start,
        end: c.end,
        score_alone: None,
        score_context: 0.85,
        value: c.digits.to_vec(),
        masked: format!("****{}", String::from_utf8_lossy(&c.digits[4..])),
        weight: 7,
        rule: None,
    })
}
