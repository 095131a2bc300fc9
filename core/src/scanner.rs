//! The compiled scanner: built once from a configuration, shared by threads, never
//! recompiled while scanning.

use crate::address_name_pass::PeopleMatcher;
use crate::config::{ScannerBuilder, ScannerConfig, MAX_CONTEXT_WINDOW};
use crate::context::Hotwords;
use crate::detect::custom_regex::RegexRules;
use crate::detect::keywords::KeywordMatcher;
use crate::engine::{Engine, ScanState};
use crate::finding::{Finding, ValueKey};
use crate::kind::Kind;
use crate::report::{Report, ReportBuilder};
use crate::stream::StreamScanner;
use crate::ConfigError;
use std::sync::Arc;

/// A compiled, immutable detector set. Cheap to clone (the compiled parts are shared) and
/// `Send + Sync`, so one scanner serves every thread.
///
/// ```
/// use mamori::{Action, Kind, Scanner};
/// let scanner = Scanner::builder().build().unwrap();
/// let report = scanner.scan("マイナンバー：6214-9832-0257".as_bytes());
/// let f = &report.findings[0];
/// assert_eq!(f.kind, Kind::MyNumber);
/// assert_eq!(f.masked, "****-****-0257");
/// assert_eq!(report.verdict.action, Action::Block);
/// ```
#[derive(Clone)]
pub struct Scanner {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub config: ScannerConfig,
    pub engine: Engine,
}

impl std::fmt::Debug for Scanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scanner")
            .field("kinds", &self.inner.config.kinds)
            .field("keywords", &self.inner.config.keywords.len())
            .field("regexes", &self.inner.config.regexes.len())
            .finish()
    }
}

impl Scanner {
    /// A builder starting from the default configuration (all kinds, 300-character context).
    pub fn builder() -> ScannerBuilder {
        ScannerBuilder::new()
    }

    /// Compiles `config`.
    pub fn new(config: ScannerConfig) -> Result<Scanner, ConfigError> {
        Scanner::compile(config, None)
    }

    /// Compiles `config`, with the key of [`Finding::value_id`] when given.
    pub(crate) fn compile(
        config: ScannerConfig,
        value_key: Option<ValueKey>,
    ) -> Result<Scanner, ConfigError> {
        if config.context_window == 0 || config.context_window > MAX_CONTEXT_WINDOW {
            return Err(ConfigError::BadWindow {
                chars: config.context_window,
                max: MAX_CONTEXT_WINDOW,
            });
        }
        let kinds = match &config.kinds {
            None => Kind::ALL.iter().fold(0, |m, k| m | k.bit()),
            Some(list) => list.iter().fold(0, |m, k| m | k.bit()),
        };
        let require_context = config.require_context.iter().fold(0, |m, k| m | k.bit());
        let keywords = KeywordMatcher::new(&config.keywords)?;
        let regexes = RegexRules::new(&config.regexes)?;
        let (mut lookahead, lookbehind) = Engine::sizes(config.context_window);
        if let Some(k) = &keywords {
            lookahead = lookahead.max(k.max_len() + 16);
        }
        let engine = Engine {
            kinds,
            require_context,
            window: config.context_window,
            min_confidence: config.min_confidence,
            persons_min_confidence: config.policy.min_confidence,
            reveal: config.reveal_values,
            hotwords: Hotwords::new(),
            keywords,
            regexes,
            people: PeopleMatcher::new(
                kinds & Kind::Address.bit() != 0,
                kinds & Kind::PersonName.bit() != 0,
            ),
            lookahead,
            lookbehind,
            value_key,
        };
        Ok(Scanner { inner: Arc::new(Inner { config, engine }) })
    }

    /// The configuration this scanner was built from.
    pub fn config(&self) -> &ScannerConfig {
        &self.inner.config
    }

    /// Scans a complete input held in memory.
    pub fn scan(&self, input: &[u8]) -> Report {
        self.scan_with(input, |_| {})
    }

    /// Scans a complete input and also hands each finding to `sink` as it is reported.
    pub fn scan_with(&self, input: &[u8], mut sink: impl FnMut(&Finding)) -> Report {
        let cfg = &self.inner.config;
        let mut report = ReportBuilder::new(cfg.max_findings);
        let mut state = ScanState::new();
        self.inner.engine.process(&mut state, input, 0, true, &mut |f| {
            sink(&f);
            report.add(f, &cfg.policy);
        });
        report.add_persons(state.finish_persons());
        report.finish(&cfg.policy, input.len() as u64)
    }

    /// Starts a streaming scan: feed chunks of any size, split anywhere, and get the same
    /// findings and offsets as [`Scanner::scan`] on the whole input, in bounded memory.
    ///
    /// ```
    /// let scanner = mamori::Scanner::builder().build().unwrap();
    /// let text = "電話：03-1234-5678、携帯：090-1234-5678".as_bytes();
    /// let mut stream = scanner.stream();
    /// for piece in text.chunks(5) {
    ///     stream.feed(piece);
    /// }
    /// let report = stream.finish();
    /// assert_eq!(report.findings, scanner.scan(text).findings);
    /// ```
    pub fn stream(&self) -> StreamScanner {
        StreamScanner::new(self.clone())
    }
}
