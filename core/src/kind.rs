//! What a finding is: its kind and how sure the engine is.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The kind of item a finding reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 個人番号: 12 digits, check digit verified.
    MyNumber,
    /// 法人番号: 13 digits, leading check digit (also in the invoice form `T` + 13 digits).
    CorporateNumber,
    /// Telephone numbers of the Japanese numbering plan, national or `+81`.
    Phone,
    /// 郵便番号 `NNN-NNNN`.
    PostalCode,
    /// Payment card numbers: issuer range, length and Luhn checked.
    CreditCard,
    /// E-mail addresses, including full-width and obfuscated forms.
    Email,
    /// Bank account numbers (7 digits) next to account context.
    BankAccount,
    /// 旅券番号: 2 letters + 7 digits next to passport context.
    Passport,
    /// 在留カード番号: 2 letters + 8 digits + 2 letters.
    ResidenceCard,
    /// 基礎年金番号: 4 + 6 digits next to pension context.
    BasicPensionNumber,
    /// 運転免許証番号: 12 digits next to licence context.
    DriversLicense,
    /// A postal address: prefecture (optional), municipality, town and block number,
    /// validated against Japan Post's place names. The finding's `parts` split it.
    Address,
    /// A personal name marked by context (honorific, label, title or table column), or
    /// its kana reading.
    PersonName,
    /// A custom keyword from the configuration.
    Keyword,
    /// A match of a custom regular expression; the finding's `rule` names it.
    Custom,
}

impl Kind {
    /// Every built-in kind, in a stable order.
    pub const ALL: [Kind; 15] = [
        Kind::MyNumber,
        Kind::CorporateNumber,
        Kind::Phone,
        Kind::PostalCode,
        Kind::CreditCard,
        Kind::Email,
        Kind::BankAccount,
        Kind::Passport,
        Kind::ResidenceCard,
        Kind::BasicPensionNumber,
        Kind::DriversLicense,
        Kind::Address,
        Kind::PersonName,
        Kind::Keyword,
        Kind::Custom,
    ];

    /// The stable snake_case name used in JSON, configs and bindings.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::MyNumber => "my_number",
            Kind::CorporateNumber => "corporate_number",
            Kind::Phone => "phone",
            Kind::PostalCode => "postal_code",
            Kind::CreditCard => "credit_card",
            Kind::Email => "email",
            Kind::BankAccount => "bank_account",
            Kind::Passport => "passport",
            Kind::ResidenceCard => "residence_card",
            Kind::BasicPensionNumber => "basic_pension_number",
            Kind::DriversLicense => "drivers_license",
            Kind::Address => "address",
            Kind::PersonName => "person_name",
            Kind::Keyword => "keyword",
            Kind::Custom => "custom",
        }
    }

    /// True for kinds that identify or reach a person (what gateway policies count).
    /// Corporate numbers are public data; keywords and custom rules are not personal by
    /// themselves.
    pub fn is_personal(self) -> bool {
        !matches!(self, Kind::CorporateNumber | Kind::Keyword | Kind::Custom)
    }

    pub(crate) fn bit(self) -> KindBits {
        1 << (self as u32)
    }
}

/// A set of kinds, one bit per kind. The top bit is kept for "a label of another number"
/// (context search), so a kind may never take it.
pub(crate) type KindBits = u32;

/// The bit no kind uses (see [`KindBits`]).
pub(crate) const RESERVED_BIT: KindBits = 1 << (KindBits::BITS - 1);

// Adding kinds past the reserved bit fails to compile instead of colliding with it.
const _: () = assert!(Kind::ALL.len() < KindBits::BITS as usize - 1);

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL.iter().copied().find(|k| k.as_str() == s).ok_or_else(|| {
            let names: Vec<_> = Kind::ALL.iter().map(|k| k.as_str()).collect();
            format!("unknown kind {s:?} (known: {})", names.join(", "))
        })
    }
}

/// A coarse confidence band.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Low,
    Medium,
    High,
}

impl Level {
    /// The band a score falls in: below 0.5 low, below 0.8 medium, else high.
    pub fn from_score(score: f32) -> Level {
        if score >= 0.8 {
            Level::High
        } else if score >= 0.5 {
            Level::Medium
        } else {
            Level::Low
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }
}

impl FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "low" => Ok(Level::Low),
            "medium" => Ok(Level::Medium),
            "high" => Ok(Level::High),
            _ => Err(format!("unknown confidence level {s:?} (low, medium, high)")),
        }
    }
}

/// How sure the engine is: a score in `0.0..=1.0` and its band.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Confidence {
    pub score: f32,
    pub level: Level,
}

impl Confidence {
    pub fn new(score: f32) -> Confidence {
        let score = score.clamp(0.0, 1.0);
        Confidence { score, level: Level::from_score(score) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>().unwrap(), k);
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
        }
        assert!("phone_number".parse::<Kind>().is_err());
    }

    #[test]
    fn levels() {
        assert_eq!(Confidence::new(0.95).level, Level::High);
        assert_eq!(Confidence::new(0.6).level, Level::Medium);
        assert_eq!(Confidence::new(0.2).level, Level::Low);
        assert_eq!(Confidence::new(7.0).score, 1.0);
    }
}
