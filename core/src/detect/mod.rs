//! Detectors: one module per kind, each owning its validator, hotwords and masking.
//!
//! Numeric detectors see a [`NumberCandidate`]: a run of digit groups from a digit chain
//! (see [`crate::text::chain`]) with the characters around it. They answer with a
//! [`Detection`]; the engine then adds context (hotwords) and picks, among overlapping
//! detections of one chain, the longest and most confident.

pub mod address;
pub mod bank_account;
pub mod basic_pension;
pub mod corporate_number;
pub mod credit_card;
pub mod custom_regex;
pub mod drivers_license;
pub mod email;
mod escape;
pub mod keywords;
pub mod my_number;
pub mod passport;
pub mod person_name;
pub mod phone;
pub mod phone_international;

mod phone_plan_table;
pub mod postal_code;
pub mod residence_card;

use crate::kind::Kind;
use crate::text::chain::Sep;
use crate::text::chars::{decode_at, decode_before, fold_ascii, is_alnum, sep_class, SepClass};

/// A run of digit groups that a numeric detector may accept.
#[derive(Debug)]
pub struct NumberCandidate<'a> {
    /// The buffer the candidate lies in (indices below are into it).
    pub buf: &'a [u8],
    /// The digits, folded to ASCII.
    pub digits: &'a [u8],
    /// Length of each digit group.
    pub lens: &'a [u8],
    /// Separators between the groups (`lens.len() - 1` of them).
    pub seps: &'a [Sep],
    /// Byte span from the first to the last digit.
    pub start: usize,
    pub end: usize,
    /// The two characters before `start` and after `end`, nearest first.
    pub prev: [Option<char>; 2],
    pub next: [Option<char>; 2],
}

/// What a detector found, before context is weighed.
#[derive(Debug, Clone)]
pub struct Detection {
    pub kind: Kind,
    /// Byte span in the buffer (may include a prefix such as `+` or letters).
    pub start: usize,
    pub end: usize,
    /// Score without any hotword nearby; `None` means "report only with context".
    pub score_alone: Option<f32>,
    /// Score with a hotword nearby.
    pub score_context: f32,
    /// Normalised value (digits, lower-case address...), hashed for distinct counts.
    pub value: Vec<u8>,
    pub masked: String,
    /// Digits covered, to prefer the longest reading of a chain.
    pub weight: usize,
    /// A finer name for what was found (a card's scheme, `known_sample`), reported as the
    /// finding's `rule`.
    pub rule: Option<&'static str>,
}

impl<'a> NumberCandidate<'a> {
    /// True when the groups are written contiguously (one group).
    pub fn contiguous(&self) -> bool {
        self.lens.len() == 1
    }

    /// True when the groups have exactly these lengths.
    pub fn shape(&self, lens: &[u8]) -> bool {
        self.lens == lens
    }

    /// True when every separator is a dash, or every one is blank (spaces or a line break),
    /// optionally with a line break after a dash (PDF text); brackets are excluded.
    pub fn uniform_seps(&self) -> bool {
        if self.seps.iter().any(|s| s.open || s.close) {
            return false;
        }
        let dashes = self.seps.iter().filter(|s| s.dash).count();
        dashes == 0 || dashes == self.seps.len()
    }

    /// No letter, digit or symbol glued to the left that would make this part of a code,
    /// an amount or a decimal.
    pub fn plain_left(&self) -> bool {
        let Some(p) = self.prev[0] else { return true };
        let p2 = self.prev[1];
        if is_alnum(p) {
            return false;
        }
        if matches!(
            p,
            '_' | '@'
                | '#'
                | '$'
                | '¥'
                | '￥'
                | '\\'
                | '&'
                | '='
                | '+'
                | '＋'
                | '*'
                | '＊'
                | '%'
                | '＠'
                | '＃'
                | '＄'
                | '＆'
                | '＝'
        ) {
            return false;
        }
        // A slash ends dates and paths (2024/01/15, /item/123...) but also labels (TEL/03...).
        if matches!(p, '/' | '／') {
            let (word, _) = letters_before(self.buf, self.start - p.len_utf8(), 5);
            return matches!(word.as_str(), "TEL" | "FAX" | "PHONE" | "MOBILE");
        }
        let p2_alnum = p2.is_some_and(is_alnum);
        // Decimals and times; commas are not here because CSV puts them between numbers.
        if matches!(p, '.' | '．' | ':' | '：') && p2.is_some_and(is_digit_char) {
            return false;
        }
        if sep_class(p) == Some(SepClass::Dash) && p2_alnum {
            return false;
        }
        true
    }

    /// No letter, digit, unit or symbol glued to the right.
    pub fn plain_right(&self) -> bool {
        let Some(n) = self.next[0] else { return true };
        let n2 = self.next[1];
        if is_alnum(n) {
            return false;
        }
        if matches!(
            n,
            '@' | '＠'
                | '_'
                | '%'
                | '％'
                | '円'
                | '万'
                | '億'
                | '兆'
                | '年'
                | '月'
                | '日'
                | '時'
                | '分'
                | '秒'
                | '歳'
                | '個'
                | '件'
                | '枚'
                | '台'
                | '回'
                | '倍'
                | '位'
                | '点'
                | '℃'
                | '㎡'
                | '㎏'
                | '㎞'
                | '㎝'
                | '㎜'
        ) {
            return false;
        }
        if matches!(n, '.' | '．' | ':' | '：' | '/' | '／') && n2.is_some_and(is_digit_char) {
            return false;
        }
        if sep_class(n) == Some(SepClass::Dash) && n2.is_some_and(is_alnum) {
            return false;
        }
        true
    }

    /// The ASCII letters written right before the candidate (up to `max`), upper-cased, and
    /// where they start.
    pub fn letters_before(&self, max: usize) -> (String, usize) {
        letters_before(self.buf, self.start, max)
    }

    /// Cumulative digit offsets of the group boundaries (excluding 0 and the total).
    pub fn boundaries(&self) -> impl Iterator<Item = usize> + '_ {
        let n = self.lens.len();
        self.lens[..n.saturating_sub(1)].iter().scan(0usize, |acc, &l| {
            *acc += l as usize;
            Some(*acc)
        })
    }

    /// The group lengths as `usize`, for masking.
    pub fn lens_usize(&self) -> Vec<usize> {
        self.lens.iter().map(|&l| l as usize).collect()
    }
}

/// The ASCII or full-width letters right before `i` (up to `max`, upper-cased, ASCII) and
/// the offset where they start.
pub fn letters_before(buf: &[u8], end: usize, max: usize) -> (String, usize) {
    let mut letters = Vec::new();
    let mut i = end;
    while letters.len() < max {
        match decode_before(buf, i) {
            Some((c, len)) => match fold_ascii(c) {
                Some(a) if a.is_ascii_alphabetic() => {
                    letters.push(a.to_ascii_uppercase());
                    i -= len;
                }
                _ => break,
            },
            None => break,
        }
    }
    letters.reverse();
    (String::from_utf8(letters).unwrap_or_default(), i)
}

/// ASCII or full-width digit.
pub fn is_digit_char(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The two characters after `i`. A terminal escape sequence (`\x1b[0m`) counts as one
/// character, ESC: a boundary, whatever letters it ends with.
pub fn chars_after(buf: &[u8], i: usize) -> [Option<char>; 2] {
    let char_at = |i: usize| match escape::sequence_at(buf, i) {
        Some(seq) => Some(('\u{1b}', i + seq.len)),
        None => decode_at(buf, i).map(|(c, l)| (c, i + l)),
    };
    let first = char_at(i);
    let second = first.and_then(|(_, end)| char_at(end));
    [first.map(|x| x.0), second.map(|x| x.0)]
}

/// The two characters before `i`, nearest first. A terminal escape sequence (`\x1b[32m`)
/// counts as one character, ESC: a boundary, not the letter `m`.
pub fn chars_before(buf: &[u8], i: usize) -> [Option<char>; 2] {
    let char_before = |i: usize| match escape::sequence_before(buf, i) {
        Some(start) => Some(('\u{1b}', start)),
        None => decode_before(buf, i).map(|(c, l)| (c, i - l)),
    };
    let first = char_before(i);
    let second = first.and_then(|(_, start)| char_before(start));
    [first.map(|x| x.0), second.map(|x| x.0)]
}

/// The digit-chain detectors, most specific first (ties in weight and score go to the
/// earlier one).
/// A numeric detector: accepts a candidate or not.
pub(crate) type NumericDetector = fn(&NumberCandidate) -> Option<Detection>;

pub(crate) const NUMERIC: [(Kind, NumericDetector); 10] = [
    (Kind::CreditCard, credit_card::detect),
    (Kind::CorporateNumber, corporate_number::detect),
    (Kind::MyNumber, my_number::detect),
    (Kind::DriversLicense, drivers_license::detect),
    (Kind::Phone, phone::detect),
    (Kind::ResidenceCard, residence_card::detect),
    (Kind::Passport, passport::detect),
    (Kind::BasicPensionNumber, basic_pension::detect),
    (Kind::PostalCode, postal_code::detect),
    (Kind::BankAccount, bank_account::detect),
];

/// Labels of other numbers (order, slip, product, serial...). When one of these labels an
/// item more closely than any of its kind's hotwords, the item is that other number:
/// `受付番号 2024-1016-0007` in a mail about My Numbers is not a My Number.
pub const OTHER_NUMBER_LABELS: &[&str] = &[
    "受付番号",
    "注文番号",
    "伝票番号",
    "送り状番号",
    "追跡番号",
    "問合せ番号",
    "お問い合わせ番号",
    "照会番号",
    "管理番号",
    "整理番号",
    "会員番号",
    "顧客番号",
    "顧客id",
    "社員番号",
    "請求番号",
    "請求書番号",
    "発注番号",
    "受注番号",
    "見積番号",
    "契約番号",
    "証券番号",
    "品番",
    "型番",
    "モデル番号",
    "製品番号",
    "製造番号",
    "シリアル",
    "serial",
    "ロット",
    "jan",
    "isbn",
    "チケット",
    "予約番号",
    "レシート番号",
    "取引番号",
    "ポイント番号",
    "ポイントカード番号",
    "order no",
    "order number",
    "invoice no",
    "tracking",
];

/// Context words per kind and the window (in characters) they count in; `None` means the
/// scanner's configured window.
pub(crate) fn hotwords(kind: Kind) -> (&'static [&'static str], Option<usize>) {
    match kind {
        Kind::MyNumber => (my_number::HOTWORDS, None),
        Kind::CorporateNumber => (corporate_number::HOTWORDS, None),
        Kind::Phone => (phone::HOTWORDS, Some(phone::WINDOW)),
        Kind::PostalCode => (postal_code::HOTWORDS, Some(postal_code::WINDOW)),
        Kind::CreditCard => (credit_card::HOTWORDS, None),
        Kind::Email => (email::HOTWORDS, Some(email::WINDOW)),
        Kind::BankAccount => (bank_account::HOTWORDS, Some(bank_account::WINDOW)),
        Kind::Passport => (passport::HOTWORDS, None),
        Kind::ResidenceCard => (residence_card::HOTWORDS, None),
        Kind::BasicPensionNumber => (basic_pension::HOTWORDS, None),
        Kind::DriversLicense => (drivers_license::HOTWORDS, None),
        Kind::Address | Kind::PersonName | Kind::Keyword | Kind::Custom => (&[], None),
    }
}

#[cfg(test)]
pub(crate) mod testutil {
    //! Runs the numeric detectors on a whole string, for unit tests.
    use super::*;
    use crate::text::chain::read_chain;

    /// The shared verified test vectors (a copy of ../shared/test-vectors/ in tests/data).
    pub fn vectors() -> serde_json::Value {
        serde_json::from_str(include_str!("../../tests/data/jp-test-vectors.json"))
            .expect("test vectors parse")
    }

    /// Applies `detect` to the whole first digit chain of `text` (all groups).
    pub fn detect_whole(
        text: &str,
        detect: fn(&NumberCandidate) -> Option<Detection>,
    ) -> Option<Detection> {
        let buf = text.as_bytes();
        let first = buf
            .iter()
            .position(|b| b.is_ascii_digit())
            .or_else(|| text.find(|c: char| ('０'..='９').contains(&c)))?;
        let ch = read_chain(buf, first, true);
        let lens: Vec<u8> = ch.groups().iter().map(|g| g.len).collect();
        let start = ch.groups[0].start;
        let end = ch.groups[ch.ngroups - 1].end;
        let cand = NumberCandidate {
            buf,
            digits: &ch.digits[..ch.ndigits],
            lens: &lens,
            seps: &ch.seps[..ch.ngroups - 1],
            start,
            end,
            prev: chars_before(buf, start),
            next: chars_after(buf, end),
        };
        detect(&cand)
    }
}
