//! One detected item and how it is shown without leaking it.

use crate::kind::{Confidence, Kind};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

/// How much harm a leak of the item does; policies and the CLI's colours use it.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    #[default]
    Medium,
    High,
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "low" => Ok(Severity::Low),
            "medium" => Ok(Severity::Medium),
            "high" => Ok(Severity::High),
            _ => Err(format!("unknown severity {s:?} (low, medium, high)")),
        }
    }
}

impl Severity {
    /// The snake_case name used in JSON and configs.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }

    /// The severity of a built-in kind.
    pub fn of_kind(kind: Kind) -> Severity {
        match kind {
            Kind::MyNumber
            | Kind::CreditCard
            | Kind::Passport
            | Kind::ResidenceCard
            | Kind::DriversLicense
            | Kind::BasicPensionNumber
            | Kind::BankAccount => Severity::High,
            Kind::Phone | Kind::Email | Kind::PostalCode | Kind::Address | Kind::PersonName => {
                Severity::Medium
            }
            Kind::CorporateNumber => Severity::Low,
            Kind::Keyword | Kind::Custom => Severity::Medium,
        }
    }
}

/// One detected item.
///
/// `start..end` are byte offsets into the caller's original input, whatever widths, dashes
/// or line breaks the item was written with. The raw text is only present when the scanner
/// was built with `reveal_values(true)`; `masked` is always safe to log, and the `Debug`
/// output never shows the raw text. Two findings are equal when every public field is: the
/// internal value hash is never serialised (a hash of a 12-digit number is as good as the
/// number), so a finding equals itself after a JSON round trip. A scanner built with
/// [`ScannerBuilder::value_key`](crate::ScannerBuilder::value_key) sets `value_id`, a keyed
/// hash that identifies the value across files and runs without revealing it.
#[derive(Clone, Serialize, Deserialize)]
pub struct Finding {
    pub kind: Kind,
    /// A finer name for what was found: for `phone` the region whose numbering plan holds
    /// the number (ISO 3166 code: `JP`, `US`, `GB`…); for `credit_card` the card scheme
    /// (`visa`, `mastercard`, `jcb`, `mir`…, or `unknown` for a Luhn-valid number of no
    /// known scheme next to a card label); for `my_number` `known_sample` on published
    /// sample numbers; for `person_name` the form (`full_name`, `surname`, `reading`); for a
    /// keyword its label (`None` without one); for a custom rule its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<Arc<str>>,
    pub severity: Severity,
    pub confidence: Confidence,
    /// Byte offset of the first byte of the item.
    pub start: usize,
    /// Byte offset just past the item.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: u64,
    /// 1-based column of `start`, in characters.
    pub column: u64,
    /// The item with its identifying part hidden, e.g. `****-****-0257`, `090-****-5678`.
    pub masked: String,
    /// The item as written; `None` unless raw values were requested.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Context words near the item that raised its confidence.
    pub hotwords: Vec<String>,
    /// Where the item sits inside a document or archive (`a.zip!b/名簿.xlsx#顧客!C12`);
    /// `None` for plain text scanned directly. `start`/`end` are then offsets into the
    /// extracted text of that place.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub location: Option<String>,
    /// For an address: the byte spans of its parts, in the same coordinates as `start`/`end`
    /// (mask everything after `town` to keep only the area).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub parts: Option<Box<AddressParts>>,
    /// The value's identity under the scanner's value key: the first 16 hex digits of
    /// HMAC-SHA256(key, kind name ‖ 0 ‖ the value hash as 8 big-endian bytes). The same
    /// value, however it is written (widths, dashes, line breaks), has the same id under
    /// one key; without the key the id cannot be brute-forced back to the value. `None`
    /// unless the scanner was built with a value key.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub value_id: Option<String>,
    /// Hash of the normalised value, for distinct counts (never the value itself).
    #[serde(skip)]
    pub(crate) value_hash: u64,
}

impl PartialEq for Finding {
    fn eq(&self, o: &Finding) -> bool {
        // Every field but `value_hash`, destructured so a new field cannot be forgotten.
        let Finding {
            kind,
            rule,
            severity,
            confidence,
            start,
            end,
            line,
            column,
            masked,
            text,
            hotwords,
            location,
            parts,
            value_id,
            value_hash: _,
        } = self;
        (kind, rule, severity, confidence, start, end, line, column)
            == (&o.kind, &o.rule, &o.severity, &o.confidence, &o.start, &o.end, &o.line, &o.column)
            && (masked, text, hotwords, location, parts, value_id)
                == (&o.masked, &o.text, &o.hotwords, &o.location, &o.parts, &o.value_id)
    }
}

/// Byte spans `[start, end)` of the parts of an address finding.
///
/// ```
/// use mamori::{Kind, Scanner};
///
/// let scanner = Scanner::builder().build().unwrap();
/// let text = "送付先：〒150-0043 東京都渋谷区道玄坂1-2-3 渋谷ビル5F 山田 太郎 様";
/// let report = scanner.scan(text.as_bytes());
/// let address = report.of_kind(Kind::Address).next().unwrap();
/// let parts = address.parts.as_deref().unwrap();
/// let part = |[s, e]: [usize; 2]| &text[s..e];
/// assert_eq!(part(parts.prefecture.unwrap()), "東京都");
/// assert_eq!(part(parts.municipality), "渋谷区");
/// assert_eq!(part(parts.town.unwrap()), "道玄坂");
/// assert_eq!(part(parts.rest), "1-2-3 渋谷ビル5F");
/// assert_eq!(address.masked, "東京都渋谷区****"); // the area only
///
/// let name = report.of_kind(Kind::PersonName).next().unwrap();
/// assert_eq!(&text[name.start..name.end], "山田 太郎");
/// assert_eq!(name.rule.as_deref(), Some("full_name"));
/// assert_eq!(report.persons, 1); // one record: code, address and name together
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressParts {
    /// `東京都` (often left out in writing).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub prefecture: Option<[usize; 2]>,
    /// `渋谷区`, `横浜市中区`, `石狩郡当別町`.
    pub municipality: [usize; 2],
    /// `道玄坂` (Japan Post's 町域, or an unlisted name before the block number).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub town: Option<[usize; 2]>,
    /// Block number, building and room: `1-2-3 渋谷ビル5F`.
    pub rest: [usize; 2],
}

impl AddressParts {
    /// The same parts with every offset passed through `f` (moved into another buffer's
    /// coordinates).
    pub(crate) fn map_offsets(&self, f: impl Fn(usize) -> usize) -> AddressParts {
        let m = |[s, e]: [usize; 2]| [f(s), f(e)];
        AddressParts {
            prefecture: self.prefecture.map(m),
            municipality: m(self.municipality),
            town: self.town.map(m),
            rest: m(self.rest),
        }
    }
}

impl Finding {
    /// The name this finding is counted under: the kind's name, or a custom rule's name.
    pub fn count_key(&self) -> &str {
        match (&self.kind, &self.rule) {
            (Kind::Custom, Some(name)) => name,
            (k, _) => k.as_str(),
        }
    }
}

impl fmt::Debug for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Finding")
            .field("kind", &self.kind)
            .field("rule", &self.rule)
            .field("confidence", &self.confidence)
            .field("span", &(self.start..self.end))
            .field("line", &self.line)
            .field("column", &self.column)
            .field("masked", &self.masked)
            .field("text", &self.text.as_ref().map(|_| "<redacted>"))
            .field("hotwords", &self.hotwords)
            .field("location", &self.location)
            .finish()
    }
}

/// The secret of keyed value ids ([`Finding::value_id`]). Its `Debug` output hides the key.
#[derive(Clone)]
pub(crate) struct ValueKey(Arc<[u8]>);

impl ValueKey {
    pub(crate) fn new(key: &[u8]) -> Self {
        ValueKey(Arc::from(key))
    }

    /// First 16 hex digits of HMAC-SHA256(key, kind ‖ 0 ‖ value hash, big-endian).
    pub(crate) fn value_id(&self, kind: &str, value_hash: u64) -> String {
        use hmac::{KeyInit, Mac};
        // HMAC takes keys of any length, so this never fails.
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&self.0)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"));
        mac.update(kind.as_bytes());
        mac.update(&[0]);
        mac.update(&value_hash.to_be_bytes());
        let tag = mac.finalize().into_bytes();
        tag.iter().take(8).map(|b| format!("{b:02x}")).collect()
    }
}

impl std::fmt::Debug for ValueKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ValueKey(<redacted>)")
    }
}

/// Stable 64-bit hash of a normalised value (FNV-1a), so distinct counts need not keep values.
pub(crate) fn value_hash(kind_key: &str, value: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in kind_key.as_bytes().iter().chain([0u8].iter()).chain(value) {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// [`value_hash`] of the UTF-8 bytes of `chars`, without collecting them first.
pub(crate) fn value_hash_chars(kind_key: &str, chars: impl Iterator<Item = char>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    kind_key.bytes().chain([0u8]).for_each(&mut eat);
    for c in chars {
        let mut tmp = [0u8; 4];
        c.encode_utf8(&mut tmp).bytes().for_each(&mut eat);
    }
    h
}

/// Masking helpers shared by detectors.
pub(crate) mod mask {
    /// Joins digit groups with `-`, replacing every digit except the last `keep` with `*`.
    pub fn digits_keep_last(digits: &[u8], lens: &[usize], keep: usize) -> String {
        let hide_until = digits.len().saturating_sub(keep);
        let mut out = String::with_capacity(digits.len() + lens.len());
        let mut i = 0;
        for (g, &len) in lens.iter().enumerate() {
            if g > 0 {
                out.push('-');
            }
            for _ in 0..len {
                if i >= digits.len() {
                    break;
                }
                out.push(if i < hide_until { '*' } else { digits[i] as char });
                i += 1;
            }
        }
        out
    }

    /// Masks a word-like secret: its first character, then one `*` per further character.
    pub fn first_char(text: &str) -> String {
        let mut chars = text.chars();
        let mut out = String::new();
        if let Some(c) = chars.next() {
            out.push(c);
        }
        out.extend(chars.map(|_| '*'));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashing_chars_equals_hashing_their_bytes() {
        let s = "東京都渋谷区道玄坂1-2-3";
        assert_eq!(value_hash_chars("address", s.chars()), value_hash("address", s.as_bytes()));
    }

    #[test]
    fn masks() {
        assert_eq!(mask::digits_keep_last(b"621498320257", &[4, 4, 4], 4), "****-****-0257");
        assert_eq!(mask::first_char("極秘計画"), "極***");
    }

    #[test]
    fn debug_never_shows_the_value() {
        let f = Finding {
            kind: Kind::MyNumber,
            rule: None,
            severity: Severity::High,
            confidence: Confidence::new(0.9),
            start: 0,
            end: 12,
            line: 1,
            column: 1,
            masked: "****-****-0257".into(),
            text: Some("621498320257".into()),
            hotwords: vec![],
            location: None,
            parts: None,
            value_id: None,
            value_hash: 0,
        };
        let dbg = format!("{f:?}");
        assert!(!dbg.contains("621498320257"), "{dbg}");
        assert!(dbg.contains("****-****-0257"));
    }
}

/// Why part of an input could not be inspected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnscannableReason {
    /// Password-protected archive member, encrypted Office file or PDF.
    Encrypted,
    /// Damaged or truncated content.
    Corrupt,
    /// A safety limit (size, depth, ratio, members, time) was reached.
    LimitExceeded,
    /// A format the engine cannot read.
    UnsupportedFormat,
    /// Binary data of no known format: only its printable text runs were scanned (the way
    /// `strings` reads a file), so structure-bound values may have been missed.
    RawTextOnly,
}

/// A part of the input that was not inspected, and why. Never silently skipped: a gateway
/// can block what it could not read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unscannable {
    /// Where (`mail.eml!secret.zip`), in the same notation as finding locations.
    pub location: String,
    pub reason: UnscannableReason,
    /// Details for people (which limit, which error).
    pub detail: String,
}
