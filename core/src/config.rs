//! Scanner configuration: what to look for and how, as a serde-friendly struct and a builder.

use crate::finding::{Severity, ValueKey};
use crate::kind::{Kind, Level};
use crate::policy::Policy;
use crate::scanner::Scanner;
use crate::ConfigError;
use serde::{Deserialize, Serialize};

/// Default distance, in characters, within which a context word raises confidence.
pub const DEFAULT_CONTEXT_WINDOW: usize = 300;
/// Largest context window accepted (it sizes the streaming buffer).
pub const MAX_CONTEXT_WINDOW: usize = 2_000;
/// Longest keyword accepted, in bytes.
pub const MAX_KEYWORD_BYTES: usize = 256;
/// Most keywords accepted.
pub const MAX_KEYWORDS: usize = 1_000_000;

/// A custom keyword: matched width- and case-insensitively, Latin entries as whole words.
/// In a configuration it is either a plain string or `{text, label, severity}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "KeywordSpec")]
pub struct KeywordEntry {
    pub text: String,
    /// Shown instead of the keyword (findings never print a keyword in full).
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub severity: Severity,
}

/// The two ways a keyword is written in a configuration. Deserialised by hand (not
/// `untagged`) so an error inside a full entry keeps its field name and position.
enum KeywordSpec {
    Text(String),
    Full(KeywordFields),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeywordFields {
    text: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    severity: Severity,
}

impl<'de> Deserialize<'de> for KeywordSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = KeywordSpec;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a keyword string or a table with text, label and severity")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<KeywordSpec, E> {
                Ok(KeywordSpec::Text(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<KeywordSpec, A::Error> {
                KeywordFields::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(KeywordSpec::Full)
            }
        }
        d.deserialize_any(Visit)
    }
}

impl From<KeywordSpec> for KeywordEntry {
    fn from(spec: KeywordSpec) -> Self {
        match spec {
            KeywordSpec::Text(text) => KeywordEntry::new(text),
            KeywordSpec::Full(KeywordFields { text, label, severity }) => {
                KeywordEntry { text, label, severity }
            }
        }
    }
}

impl KeywordEntry {
    pub fn new(text: impl Into<String>) -> Self {
        KeywordEntry { text: text.into(), label: None, severity: Severity::Medium }
    }
}

/// A custom regular expression whose matches are reported under `name`.
///
/// Matches are searched line by line (a line longer than 4 KiB is searched in 4 KiB pieces),
/// which keeps streaming and one-shot scans identical and memory bounded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomRegex {
    pub name: String,
    pub pattern: String,
    #[serde(default)]
    pub severity: Severity,
    /// Confidence score given to matches (default 0.8).
    #[serde(default = "default_regex_score")]
    pub score: f32,
}

fn default_regex_score() -> f32 {
    0.8
}

/// Everything a [`Scanner`] is built from. All fields have defaults, so a config file may
/// set only what it changes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScannerConfig {
    /// Built-in kinds to detect; `None` means all.
    pub kinds: Option<Vec<Kind>>,
    /// Context window in characters on each side of an item.
    pub context_window: usize,
    /// Kinds reported only with a context word nearby (some kinds always need one).
    pub require_context: Vec<Kind>,
    /// Findings below this confidence are dropped.
    pub min_confidence: Level,
    pub keywords: Vec<KeywordEntry>,
    pub regexes: Vec<CustomRegex>,
    pub policy: Policy,
    /// Put the raw matched text in findings. Off by default so logs never carry secrets.
    pub reveal_values: bool,
    /// Findings kept in a report (counts include all; `findings_truncated` says when some
    /// were not kept). The default, 20,000, keeps a report near 7 MiB: with 100,000, the kept
    /// findings of a 200 MB archive of customer files took the process past 64 MiB.
    pub max_findings: usize,
    /// Safety limits for document, mail and archive extraction (`scan_bytes`, `scan_path`).
    pub limits: crate::extract::Limits,
}

impl Default for ScannerConfig {
    fn default() -> Self {
        ScannerConfig {
            kinds: None,
            context_window: DEFAULT_CONTEXT_WINDOW,
            require_context: Vec::new(),
            min_confidence: Level::Low,
            keywords: Vec::new(),
            regexes: Vec::new(),
            policy: Policy::default(),
            reveal_values: false,
            max_findings: 20_000,
            limits: crate::extract::Limits::default(),
        }
    }
}

/// Builds a [`Scanner`] step by step.
///
/// ```
/// use mamori::{Kind, Level, Scanner};
/// let scanner = Scanner::builder()
///     .kinds([Kind::MyNumber, Kind::Phone])
///     .keyword("社外秘")
///     .min_confidence(Level::Medium)
///     .build()
///     .unwrap();
/// let report = scanner.scan("【社外秘】連絡先 03-1234-5678".as_bytes());
/// assert_eq!(report.counts["phone"], 1);
/// assert_eq!(report.counts["keyword"], 1);
/// ```
#[derive(Clone, Debug, Default)]
pub struct ScannerBuilder {
    config: ScannerConfig,
    /// Kept out of `ScannerConfig` so a configuration can be shown or saved without it.
    value_key: Option<ValueKey>,
}

impl ScannerBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts from an existing configuration.
    pub fn from_config(config: ScannerConfig) -> Self {
        ScannerBuilder { config, value_key: None }
    }

    /// Detects only these built-in kinds (keywords and custom rules are always on when given).
    pub fn kinds(mut self, kinds: impl IntoIterator<Item = Kind>) -> Self {
        self.config.kinds = Some(kinds.into_iter().collect());
        self
    }

    pub fn context_window(mut self, chars: usize) -> Self {
        self.config.context_window = chars;
        self
    }

    /// Reports `kind` only when a context word is near (e.g. My Numbers in a strict gateway).
    pub fn require_context(mut self, kind: Kind) -> Self {
        if !self.config.require_context.contains(&kind) {
            self.config.require_context.push(kind);
        }
        self
    }

    pub fn min_confidence(mut self, level: Level) -> Self {
        self.config.min_confidence = level;
        self
    }

    pub fn keyword(mut self, text: impl Into<String>) -> Self {
        self.config.keywords.push(KeywordEntry::new(text));
        self
    }

    pub fn keyword_entry(mut self, entry: KeywordEntry) -> Self {
        self.config.keywords.push(entry);
        self
    }

    pub fn keywords<S: Into<String>>(mut self, texts: impl IntoIterator<Item = S>) -> Self {
        self.config.keywords.extend(texts.into_iter().map(KeywordEntry::new));
        self
    }

    pub fn regex(mut self, name: impl Into<String>, pattern: impl Into<String>) -> Self {
        self.config.regexes.push(CustomRegex {
            name: name.into(),
            pattern: pattern.into(),
            severity: Severity::Medium,
            score: default_regex_score(),
        });
        self
    }

    pub fn policy(mut self, policy: Policy) -> Self {
        self.config.policy = policy;
        self
    }

    /// Includes raw matched text in findings (for redaction tools; never for logs).
    pub fn reveal_values(mut self, yes: bool) -> Self {
        self.config.reveal_values = yes;
        self
    }

    pub fn max_findings(mut self, n: usize) -> Self {
        self.config.max_findings = n;
        self
    }

    /// Sets the safety limits of document, mail and archive extraction.
    pub fn limits(mut self, limits: crate::extract::Limits) -> Self {
        self.config.limits = limits;
        self
    }

    /// Gives every finding a keyed [`Finding::value_id`](crate::Finding::value_id): the
    /// first 16 hex digits of HMAC-SHA256(`key`, kind ‖ 0 ‖ value hash). Findings of the
    /// same value (a My Number written with full-width digits or dashes) share an id under
    /// one key, so results of separate runs and tools can be joined on it; without the key
    /// the id cannot be brute-forced back to the value, which an unkeyed hash of a 12-digit
    /// number can. Keep the key secret; it is never serialised with the configuration.
    ///
    /// ```
    /// use mamori::Scanner;
    /// let scanner = Scanner::builder().value_key(b"a secret of the organisation").build().unwrap();
    /// let a = scanner.scan("マイナンバー：6214-9832-0257".as_bytes());
    /// let b = scanner.scan("個人番号 ６２１４９８３２０２５７".as_bytes());
    /// let id = a.findings[0].value_id.as_deref().unwrap();
    /// assert_eq!(id.len(), 16);
    /// assert_eq!(b.findings[0].value_id.as_deref(), Some(id));
    /// ```
    pub fn value_key(mut self, key: &[u8]) -> Self {
        self.value_key = Some(ValueKey::new(key));
        self
    }

    /// Compiles the configuration. This is the only expensive step; the scanner is then
    /// immutable and can be shared between threads.
    pub fn build(self) -> Result<Scanner, ConfigError> {
        Scanner::compile(self.config, self.value_key)
    }
}
