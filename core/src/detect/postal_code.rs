//! 郵便番号 (postal code) `NNN-NNNN` or seven digits: always after 〒, otherwise only with
//! postal context close by (a label or a column header) or an address right after it.
//! Codes in Japan Post's list (compiled in with the place dictionary, `crate::dict`) score
//! above codes it never assigned.

use super::{Detection, NumberCandidate};
use crate::kind::Kind;
use crate::text::chars::{decode_at, decode_before};

pub const HOTWORDS: &[&str] =
    &["郵便番号", "〒", "住所", "所在地", "送付先", "届け先", "postal", "zip"];

/// Postal context must be close: a label a few characters before the code.
pub const WINDOW: usize = 20;

/// The 47 prefectures; an address right after a bare code confirms it.
pub const PREFECTURES: [&str; 47] = [
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
];

/// True when a postal mark (〒, 〶, 〠) stands right before `start`, spaces allowed.
fn mark_before(buf: &[u8], mut start: usize) -> bool {
    for _ in 0..3 {
        match decode_before(buf, start) {
            Some(('〒' | '〶' | '〠', _)) => return true,
            Some((' ' | '\u{3000}' | ':' | '：', len)) => start -= len,
            _ => return false,
        }
    }
    false
}

/// True when a prefecture name follows `end`, spaces or one table separator allowed
/// (`162-0842,東京都…` in a CSV row).
fn prefecture_after(buf: &[u8], mut end: usize) -> bool {
    for _ in 0..3 {
        match decode_at(buf, end) {
            Some((' ' | '\u{3000}' | '\t' | ',' | '|' | '，' | '、', len)) => end += len,
            _ => break,
        }
    }
    let rest = &buf[end..buf.len().min(end + 12)];
    PREFECTURES.iter().any(|p| rest.starts_with(p.as_bytes()))
}

pub fn detect(c: &NumberCandidate) -> Option<Detection> {
    let dashed = c.shape(&[3, 4]) && c.seps[0].dash && !c.seps[0].brk;
    let seven = c.contiguous() && c.digits.len() == 7;
    if !(dashed || seven) || !c.plain_right() {
        return None;
    }
    let marked = mark_before(c.buf, c.start);
    if !(marked || c.plain_left()) {
        return None;
    }
    let address_after = prefecture_after(c.buf, c.end);
    // A code Japan Post never assigned is a weaker claim: marked or labelled, it is still
    // reported, below the codes that exist.
    let unassigned =
        crate::dict::places().is_some_and(|p| p.postal_municipalities(c.digits).is_none());
    let (marked_score, after_score, labelled_score): (f32, f32, f32) =
        if unassigned { (0.7, 0.6, 0.6) } else { (0.95, 0.8, 0.85) };
    // Seven digits in a row stand alone only when marked or followed by an address; else
    // they need a postal label close by or a postal column header (`郵便番号：9218046`).
    let score_alone = if marked {
        Some(marked_score)
    } else if address_after {
        Some(after_score)
    } else {
        None
    };
    Some(Detection {
        kind: Kind::PostalCode,
        start: c.start,
        end: c.end,
        score_alone,
        // Below a bank account's 0.85: seven digits after `口座番号` near `住所` are an account.
        score_context: if marked {
            marked_score
        } else if seven || unassigned {
            labelled_score.min(0.8)
        } else {
            labelled_score
        },
        value: c.digits.to_vec(),
        masked: format!("{}-****", String::from_utf8_lossy(&c.digits[..3])),
        weight: 7,
        rule: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::testutil::detect_whole;

    #[test]
    #[cfg(feature = "dictionaries")]
    fn assigned_codes_score_above_unassigned_ones() {
        // 921-8046 (金沢市) and 206-0033 (多摩市) are in Japan Post's list; 100-0099 is not.
        for (text, alone, context) in [
            ("〒921-8046", Some(0.95), 0.95),
            ("〒100-0099", Some(0.7), 0.7),
            ("2060033", None, 0.8),
            ("1000099", None, 0.6),
            ("100-0099 東京都千代田区", Some(0.6), 0.6),
        ] {
            let d = detect_whole(text, detect).unwrap();
            assert_eq!((d.score_alone, d.score_context), (alone, context), "{text}");
        }
    }

    #[test]
    fn forms() {
        assert_eq!(detect_whole("〒100-0001", detect).unwrap().score_alone, Some(0.95));
        assert_eq!(detect_whole("〒 １００－０００１", detect).unwrap().masked, "100-****");
        assert!(detect_whole("〒1000001", detect).is_some());
        assert_eq!(detect_whole("100-0001 東京都千代田区", detect).unwrap().score_alone, Some(0.8));
        assert_eq!(detect_whole("品番 100-0001", detect).unwrap().score_alone, None);
        assert_eq!(detect_whole("1000001", detect).unwrap().score_alone, None);
    }
}
