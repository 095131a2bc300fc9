//! # mamori (守り)
//!
//! A detection engine for Japanese personal information and confidential keywords, built
//! for data-loss prevention: My Number (check digit verified), corporate numbers, phone
//! numbers of the Japanese numbering plan, postal codes, payment cards (IIN + Luhn), e-mail
//! addresses, bank accounts, passport, residence-card, pension and driver's-licence numbers,
//! plus custom keywords and regular expressions.
//!
//! Written forms are messy: full-width digits, a dozen dash variants, spaces and line
//! breaks between digit groups. Findings carry the exact byte span in the original input,
//! line and column, a confidence, the context words that raised it and a masked form of
//! the value; raw values only on request.
//!
//! ```
//! use mamori::{Kind, Scanner};
//!
//! let scanner = Scanner::builder().keyword("社外秘").build()?;
//! let text = "【社外秘】担当：山田 TEL ０３－１２３４－５６７８ / yamada@example.co.jp";
//! let report = scanner.scan(text.as_bytes());
//! let phone = report.of_kind(Kind::Phone).next().unwrap();
//! assert_eq!(&text[phone.start..phone.end], "０３－１２３４－５６７８");
//! assert_eq!(phone.masked, "03-****-5678");
//! assert_eq!(report.counts["email"], 1);
//! # Ok::<(), mamori::ConfigError>(())
//! ```
//!
//! Scanning is a jump from trigger byte to trigger byte (digits, `@`, full-width forms):
//! Japanese text is mostly three-byte characters, so most of it is never looked at twice.
//! See `engine.rs` for how streaming stays identical to one-shot scanning.

mod columns;
mod config;
mod context;
pub mod detect;
pub mod dict;
mod engine;
mod error;
pub mod extract;
mod finding;
mod kind;
mod people;
mod persons;
mod policy;
mod report;
mod scanner;
mod sink;
mod stream;
pub mod text;

pub use config::{
    CustomRegex, KeywordEntry, ScannerBuilder, ScannerConfig, DEFAULT_CONTEXT_WINDOW,
    MAX_CONTEXT_WINDOW, MAX_KEYWORDS, MAX_KEYWORD_BYTES,
};
pub use error::ConfigError;
pub use extract::{ExtractError, Limits};
pub use finding::{AddressParts, Finding, Severity, Unscannable, UnscannableReason};
pub use kind::{Confidence, Kind, Level};
pub use policy::{Action, Policy, Thresholds, Verdict};
pub use report::{Report, MAX_DISTINCT_PER_KEY};
pub use scanner::Scanner;
pub use sink::{FindingFn, Flow, NoSink, Sink, StopAtBlock};
pub use stream::StreamScanner;

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn scanner_is_shareable() {
        assert_send_sync::<Scanner>();
        assert_send_sync::<Report>();
    }
}
