//! Errors of the library.

use thiserror::Error;

/// A configuration that cannot be compiled into a scanner.
#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("keyword #{index} is empty after trimming")]
    EmptyKeyword { index: usize },
    #[error("keyword #{index} is longer than {max} bytes")]
    KeywordTooLong { index: usize, max: usize },
    #[error("too many keywords: {count} (the limit is {max})")]
    TooManyKeywords { count: usize, max: usize },
    #[error("custom regex {name:?} does not compile: {message}")]
    BadRegex { name: String, message: String },
    #[error("custom regex {name:?} can match the empty string")]
    EmptyMatchRegex { name: String },
    #[error("custom rule name {name:?} is invalid: use 1-64 characters of a-z, 0-9, _ or -")]
    BadRuleName { name: String },
    #[error("context window of {chars} characters is out of range (1..={max})")]
    BadWindow { chars: usize, max: usize },
    #[error("keyword automaton could not be built: {0}")]
    Automaton(String),
}
