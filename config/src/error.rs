//! What can go wrong while loading the configuration. Each message names the file it comes
//! from, and the line, column and dotted key when they are known.

use mamori::{KeywordFileError, LineProblem};
use std::path::PathBuf;

/// Why the configuration file, a keyword file or the scanner built from them was refused.
///
/// The [`Display`](std::fmt::Display) text is the whole message for the user; a variant
/// that wraps another error (an I/O error, an error of a listed keyword file) gives it as
/// its [`source`](std::error::Error::source), so `{:#}` of an `anyhow::Error` prints the
/// chain on one line.
///
/// ```
/// use mamori_config::{ConfigError, LoadedConfig};
///
/// let path = std::env::temp_dir().join(format!("mamori-error-doc-{}.toml", std::process::id()));
/// std::fs::write(&path, "context_window = 10\ncontxt = 3\n")?;
/// let err = LoadedConfig::load(&path).err().expect("an unknown key is refused");
/// std::fs::remove_file(&path)?;
/// match &err {
///     ConfigError::Toml { line, column, key, .. } => {
///         assert_eq!((*line, *column), (Some(2), Some(1)));
///         assert_eq!(key.as_deref(), Some("contxt"));
///     }
///     other => panic!("expected a TOML error, got {other}"),
/// }
/// assert!(err.to_string().contains(":2:1: key `contxt`: unknown field `contxt`"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The configuration file could not be read.
    #[error("cannot read config {}", path.display())]
    ReadConfig {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The configuration file is not UTF-8 text.
    #[error("config {}: not UTF-8 (TOML files must be)", path.display())]
    NotUtf8 { path: PathBuf },
    /// The file is not valid TOML, has a value of the wrong type or an unknown key.
    /// `message` is `FILE:LINE:COL: key `a.b`: what` and the line itself, quoted.
    #[error("{message}")]
    Toml {
        path: PathBuf,
        /// 1-based line of the error, when the parser gave a position.
        line: Option<usize>,
        /// 1-based column (in characters), when the parser gave a position.
        column: Option<usize>,
        /// The dotted key at the error (`policy.per_kind.phone.review`), when one is found.
        key: Option<String>,
        message: String,
    },
    /// A value the file's syntax allows but its meaning does not (a policy naming an
    /// unknown kind). `message` points at the key as in [`ConfigError::Toml`].
    #[error("{message}")]
    InvalidValue {
        path: PathBuf,
        /// The dotted key of the value.
        key: String,
        message: String,
    },
    /// A keyword file could not be read.
    #[error("cannot read keyword file {}", path.display())]
    ReadKeywordFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A keyword file is neither UTF-8, UTF-16 with a BOM nor Shift_JIS.
    #[error("keyword file {}: {}", path.display(), KeywordFileError::Encoding)]
    KeywordFileEncoding { path: PathBuf },
    /// A line of a keyword file is wrong.
    #[error("{}:{line}: {problem}", path.display())]
    KeywordFileLine {
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        problem: LineProblem,
    },
    /// A file named by the `keyword_files` key of `config` failed; `source` says how.
    #[error("{}: key `keyword_files`", config.display())]
    ListedKeywordFile {
        config: PathBuf,
        #[source]
        source: Box<ConfigError>,
    },
    /// The engine refused the merged settings (a keyword, a custom regex, the context
    /// window). `message` is `error`'s text, prefixed with where the setting came from: a
    /// config key, a keyword file's line or a command-line option.
    #[error("{message}")]
    Scanner { message: String, error: mamori::ConfigError },
}
