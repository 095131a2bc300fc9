//! Configuration: the `mamori.toml` file, `--keywords` files and command-line options,
//! merged into one [`ScannerConfig`] (command line over file over defaults).
//!
//! One loader serves every program of the project: the `mamori` CLI reads its `[scan]`
//! table, the mail gateway its `[milter]` table and the web gateway its `[icap]` table; the
//! detection settings and the `[policy]` are the same for all of them.
//!
//! ```
//! use mamori_config::{build_scanner, LoadedConfig, ScannerOpts};
//!
//! let dir = tempfile_dir();
//! let path = dir.join("mamori.toml");
//! std::fs::write(&path, "keywords = [\"社外秘\"]\n[milter]\nmax_message_bytes = 1048576\n")?;
//! let loaded = LoadedConfig::load(&path)?;
//! assert_eq!(loaded.file.milter.max_message_bytes, 1 << 20);
//! let scanner = build_scanner(&ScannerOpts::default(), Some(&loaded), false, None)?;
//! assert_eq!(scanner.scan("【社外秘】".as_bytes()).counts["keyword"], 1);
//! # fn tempfile_dir() -> std::path::PathBuf {
//! #     let d = std::env::temp_dir().join(format!("mamori-config-doc-{}", std::process::id()));
//! #     std::fs::create_dir_all(&d).unwrap();
//! #     d
//! # }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Every error is a [`ConfigError`] naming where it comes from: `FILE:LINE:COLUMN` and the
//! dotted key for the config file, `FILE:LINE` for keyword files.

use mamori::{
    CustomRegex, KeywordEntry, KeywordFileError, Kind, Level, Policy, Scanner, ScannerConfig,
};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};

mod error;
mod gateway;
pub use error::ConfigError;
pub use gateway::{FailMode, GatewaySection, DEFAULT_REJECT_REASON};

/// Output formats of `mamori scan`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Per file: path, verdict, counts, then the findings and parts not inspected (default).
    #[default]
    Human,
    /// One JSON object per line: each finding and each part not inspected.
    Jsonl,
    /// One JSON document for the whole scan.
    Json,
    /// Comma-separated values, UTF-8 with BOM (opens in Excel).
    Csv,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
}

/// When to colour the human output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorChoice {
    /// When standard output is a terminal and NO_COLOR is unset.
    #[default]
    Auto,
    Always,
    Never,
}

/// What makes `mamori scan` exit with status 1.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    /// Any finding, or any part that could not be inspected (default).
    #[default]
    Any,
    /// Any finding (parts that could not be inspected do not count).
    Finding,
    /// A file whose verdict is review or block.
    Review,
    /// A file whose verdict is block.
    Block,
    /// Never (only errors give a non-zero status).
    Never,
}

/// A keyword in the config file: a plain string or a table `{ text, label, severity }`.
#[derive(Clone, Debug)]
pub struct KeywordSpec(pub KeywordEntry);

impl<'de> Deserialize<'de> for KeywordSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = KeywordSpec;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a keyword string or a table { text, label, severity }")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<KeywordSpec, E> {
                Ok(KeywordSpec(KeywordEntry::new(s)))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<KeywordSpec, A::Error> {
                KeywordEntry::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(KeywordSpec)
            }
        }
        d.deserialize_any(V)
    }
}

/// The `[scan]` table: options of `mamori scan` (the command line wins).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScanSection {
    pub paths: Vec<PathBuf>,
    pub exclude: Vec<String>,
    pub include: Vec<String>,
    pub follow_symlinks: Option<bool>,
    pub threads: Option<usize>,
    pub format: Option<Format>,
    pub color: Option<ColorChoice>,
    pub summary: Option<bool>,
    pub show_values: Option<bool>,
    pub fail_on: Option<FailOn>,
    pub progress: Option<bool>,
}

/// The whole `mamori.toml`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FileConfig {
    pub kinds: Option<Vec<Kind>>,
    pub context_window: Option<usize>,
    pub require_context: Option<Vec<Kind>>,
    pub min_confidence: Option<Level>,
    pub max_findings: Option<usize>,
    pub keywords: Vec<KeywordSpec>,
    /// Keyword list files, relative to the config file's folder.
    pub keyword_files: Vec<PathBuf>,
    pub regexes: Vec<CustomRegex>,
    pub policy: Option<Policy>,
    pub scan: ScanSection,
    /// The mail gateway (`mamori-milter`).
    pub milter: GatewaySection,
    /// The web gateway (ICAP server).
    pub icap: GatewaySection,
}

/// A parsed config file and its text (kept to point errors at lines).
pub struct LoadedConfig {
    pub path: PathBuf,
    pub text: String,
    pub file: FileConfig,
}

impl LoadedConfig {
    /// Reads and parses `path`, and checks what the types cannot (policy keys).
    pub fn load(path: &Path) -> Result<LoadedConfig, ConfigError> {
        let bytes = std::fs::read(path)
            .map_err(|source| ConfigError::ReadConfig { path: path.to_path_buf(), source })?;
        let text = String::from_utf8(bytes)
            .map_err(|_| ConfigError::NotUtf8 { path: path.to_path_buf() })?;
        match toml::from_str::<FileConfig>(&text) {
            Ok(file) => {
                let loaded = LoadedConfig { path: path.to_path_buf(), text, file };
                loaded.validate()?;
                Ok(loaded)
            }
            Err(e) => Err(describe_toml_error(path, &text, &e)),
        }
    }

    /// Checks what serde cannot: policy keys must name a kind or a custom rule.
    fn validate(&self) -> Result<(), ConfigError> {
        let f = &self.file;
        let policies = [
            (vec![], f.policy.as_ref()),
            (vec![Seg::Key("milter".into())], f.milter.policy.as_ref()),
            (vec![Seg::Key("icap".into())], f.icap.policy.as_ref()),
        ];
        for (table, policy) in policies {
            let Some(policy) = policy else { continue };
            for key in policy.per_kind.keys() {
                let known = key.parse::<Kind>().is_ok() || f.regexes.iter().any(|r| &r.name == key);
                if !known {
                    let mut path = table.clone();
                    path.extend([
                        Seg::Key("policy".into()),
                        Seg::Key("per_kind".into()),
                        Seg::Key(key.clone()),
                    ]);
                    return Err(ConfigError::InvalidValue {
                        path: self.path.clone(),
                        key: render_path(&path),
                        message: self.error_at(
                            &path,
                            "unknown kind or custom rule name (kinds: my_number, phone, ...; rules: the `name` of a [[regexes]] entry)",
                        ),
                    });
                }
            }
        }
        Ok(())
    }

    /// An error message pointing at the key `path` of this file.
    pub fn error_at(&self, path: &[Seg], message: &str) -> String {
        let key = render_path(path);
        match span_of(&self.text, path) {
            Some(span) => {
                let (line, col) = line_col(&self.text, span.start);
                format!(
                    "{}:{line}:{col}: key `{key}`: {message}\n{}",
                    self.path.display(),
                    quote_line(&self.text, line)
                )
            }
            None => format!("{}: key `{key}`: {message}", self.path.display()),
        }
    }

    fn dir(&self) -> PathBuf {
        self.path.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}

/// One step of a key path: a table key or an array index.
#[derive(Clone, Debug)]
pub enum Seg {
    Key(String),
    Index(usize),
}

fn render_path(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// 1-based line and column (in characters) of byte `pos`.
fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let pos = pos.min(text.len());
    let before = &text[..floor_char(text, pos)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char(text: &str, mut pos: usize) -> usize {
    while pos > 0 && !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

fn quote_line(text: &str, line: usize) -> String {
    let l = text.lines().nth(line - 1).unwrap_or("");
    format!("{line:>5} | {l}")
}

/// Turns a TOML/serde error into `FILE:LINE:COL: key `a.b`: message` plus the line itself.
fn describe_toml_error(path: &Path, text: &str, e: &toml::de::Error) -> ConfigError {
    let message = e.message().trim_end();
    let Some(span) = e.span() else {
        return ConfigError::Toml {
            path: path.to_path_buf(),
            line: None,
            column: None,
            key: None,
            message: format!("{}: {message}", path.display()),
        };
    };
    let (line, col) = line_col(text, span.start);
    let key = key_at(text, span.clone()).or_else(|| key_on_line(text, line));
    let key_part = key.as_ref().map(|k| format!("key `{k}`: ")).unwrap_or_default();
    ConfigError::Toml {
        path: path.to_path_buf(),
        line: Some(line),
        column: Some(col),
        key,
        message: format!(
            "{}:{line}:{col}: {key_part}{message}\n{}",
            path.display(),
            quote_line(text, line)
        ),
    }
}

/// The dotted key whose key or value span most tightly contains `span`.
fn key_at(text: &str, span: Range<usize>) -> Option<String> {
    let root = DeTable::parse(text).ok()?;
    let mut best: Option<(usize, Vec<Seg>)> = None;
    let mut path = Vec::new();
    search_table(root.get_ref(), &span, &mut path, &mut best);
    best.map(|(_, p)| render_path(&p))
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end && outer.start < outer.end
}

fn consider(
    node: &Range<usize>,
    target: &Range<usize>,
    path: &[Seg],
    best: &mut Option<(usize, Vec<Seg>)>,
) {
    if contains(node, target) {
        let len = node.end - node.start;
        if best.as_ref().is_none_or(|(l, _)| len <= *l) {
            *best = Some((len, path.to_vec()));
        }
    }
}

fn search_table(
    table: &DeTable<'_>,
    target: &Range<usize>,
    path: &mut Vec<Seg>,
    best: &mut Option<(usize, Vec<Seg>)>,
) {
    for (k, v) in table {
        path.push(Seg::Key(k.get_ref().to_string()));
        consider(&k.span(), target, path, best);
        search_value(v.get_ref(), &v.span(), target, path, best);
        path.pop();
    }
}

fn search_value(
    v: &DeValue<'_>,
    span: &Range<usize>,
    target: &Range<usize>,
    path: &mut Vec<Seg>,
    best: &mut Option<(usize, Vec<Seg>)>,
) {
    consider(span, target, path, best);
    match v {
        DeValue::Table(t) => search_table(t, target, path, best),
        DeValue::Array(a) => {
            for (i, item) in a.iter().enumerate() {
                path.push(Seg::Index(i));
                search_value(item.get_ref(), &item.span(), target, path, best);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The span of the value at `path` (or of its key when the value has none).
fn span_of(text: &str, path: &[Seg]) -> Option<Range<usize>> {
    let root = DeTable::parse(text).ok()?;
    let (first, rest) = path.split_first()?;
    let Seg::Key(k) = first else { return None };
    let (key, mut value) = root.get_ref().iter().find(|(key, _)| key.get_ref() == k)?;
    let mut key_span = key.span();
    for seg in rest {
        match (seg, value.get_ref()) {
            (Seg::Key(k), DeValue::Table(t)) => {
                let (key, v) = t.iter().find(|(key, _)| key.get_ref() == k)?;
                key_span = key.span();
                value = v;
            }
            (Seg::Index(i), DeValue::Array(a)) => {
                value = a.get(*i)?;
                key_span = value.span();
            }
            _ => return None,
        }
    }
    let span = value.span();
    Some(if span.start < span.end { span } else { key_span })
}

/// The key written on line `line` (`key = ...` or a `[table]` header), for syntax errors.
fn key_on_line(text: &str, line: usize) -> Option<String> {
    let l = text.lines().nth(line.checked_sub(1)?)?.trim();
    if l.starts_with('[') {
        return Some(l.trim_matches(|c| c == '[' || c == ']').trim().to_string());
    }
    let (k, _) = l.split_once('=')?;
    let k = k.trim();
    (!k.is_empty()).then(|| k.to_string())
}

// ------------------------------------------------------------------- keyword files

/// A keyword and the line of the file it came from.
pub struct FileKeyword {
    pub entry: KeywordEntry,
    pub line: usize,
}

/// Reads a keyword list: one keyword per line, optional `label` and `severity` columns,
/// `#` comments and blank lines ignored.
pub fn load_keyword_file(path: &Path) -> Result<Vec<FileKeyword>, ConfigError> {
    let bytes = std::fs::read(path)
        .map_err(|source| ConfigError::ReadKeywordFile { path: path.to_path_buf(), source })?;
    let list = mamori::parse_keyword_file(&bytes).map_err(|e| match e {
        KeywordFileError::Line { line, problem } => {
            ConfigError::KeywordFileLine { path: path.to_path_buf(), line, problem }
        }
        KeywordFileError::Encoding => ConfigError::KeywordFileEncoding { path: path.to_path_buf() },
    })?;
    Ok(list.into_iter().map(|k| FileKeyword { entry: k.entry, line: k.line }).collect())
}

// ------------------------------------------------------------------- scanner options

/// Detection options shared by `scan` and `redact`.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct ScannerOpts {
    /// Configuration file (see `mamori init`).
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Keyword list: one per line, optional `label,severity` columns; UTF-8 or Shift_JIS.
    /// May be repeated.
    #[arg(long, short = 'k', value_name = "FILE")]
    pub keywords: Vec<PathBuf>,
    /// Built-in kinds to detect, comma-separated (default: all). Known: my_number,
    /// corporate_number, phone, postal_code, credit_card, email, bank_account, passport,
    /// residence_card, basic_pension_number, drivers_license.
    #[arg(long, value_delimiter = ',', value_name = "KIND,...")]
    pub kinds: Option<Vec<Kind>>,
    /// Drop findings below this confidence: low, medium or high.
    #[arg(long, value_name = "LEVEL")]
    pub min_confidence: Option<Level>,
    /// Characters on each side of an item searched for context words.
    #[arg(long, value_name = "CHARS")]
    pub context_window: Option<usize>,
    /// Findings kept per file (default for `scan`: all of them). Counts and the verdict
    /// still cover every finding, and every output says how many were left out.
    #[arg(long, value_name = "N")]
    pub max_findings: Option<usize>,
}

/// Where a keyword came from, to point a bad one at its line.
enum Origin {
    Config(usize),
    File(PathBuf, usize),
}

/// Builds the scanner from defaults, the config file and the command line.
pub fn build_scanner(
    opts: &ScannerOpts,
    loaded: Option<&LoadedConfig>,
    reveal_values: bool,
    max_findings_override: Option<usize>,
) -> Result<Scanner, ConfigError> {
    let mut config = ScannerConfig::default();
    let mut origins = Vec::new();
    if let Some(l) = loaded {
        let f = &l.file;
        if let Some(k) = &f.kinds {
            config.kinds = Some(k.clone());
        }
        if let Some(w) = f.context_window {
            config.context_window = w;
        }
        if let Some(r) = &f.require_context {
            config.require_context = r.clone();
        }
        if let Some(m) = f.min_confidence {
            config.min_confidence = m;
        }
        if let Some(m) = f.max_findings {
            config.max_findings = m;
        }
        for (i, k) in f.keywords.iter().enumerate() {
            config.keywords.push(k.0.clone());
            origins.push(Origin::Config(i));
        }
        for file in &f.keyword_files {
            let path = l.dir().join(file);
            let listed = load_keyword_file(&path).map_err(|e| ConfigError::ListedKeywordFile {
                config: l.path.clone(),
                source: Box::new(e),
            })?;
            for kw in listed {
                config.keywords.push(kw.entry);
                origins.push(Origin::File(path.clone(), kw.line));
            }
        }
        config.regexes = f.regexes.clone();
        if let Some(p) = &f.policy {
            config.policy = p.clone();
        }
    }
    for path in &opts.keywords {
        for kw in load_keyword_file(path)? {
            config.keywords.push(kw.entry);
            origins.push(Origin::File(path.clone(), kw.line));
        }
    }
    if let Some(k) = &opts.kinds {
        config.kinds = Some(k.clone());
    }
    if let Some(m) = opts.min_confidence {
        config.min_confidence = m;
    }
    if let Some(w) = opts.context_window {
        config.context_window = w;
    }
    config.reveal_values = reveal_values;
    if let Some(m) = max_findings_override {
        config.max_findings = m;
    }
    let window_from_cli = opts.context_window.is_some();
    let mut builder = mamori::ScannerBuilder::from_config(config);
    // A secret for keyed value ids (`value_id` in jsonl/json), to join results of runs and
    // tools without the values; taken from the environment so it stays out of argv and
    // configuration files.
    if let Some(key) = std::env::var_os("MAMORI_VALUE_KEY").filter(|k| !k.is_empty()) {
        builder = builder.value_key(key.as_encoded_bytes());
    }
    builder.build().map_err(|e| explain(e, loaded, &origins, window_from_cli))
}

/// Points a core configuration error at the file, line and key it came from.
fn explain(
    e: mamori::ConfigError,
    loaded: Option<&LoadedConfig>,
    origins: &[Origin],
    window_from_cli: bool,
) -> ConfigError {
    use mamori::ConfigError as Refused;
    let msg = e.to_string();
    let keyword_at = |index: usize| match origins.get(index) {
        Some(Origin::Config(i)) => {
            loaded.map(|l| l.error_at(&[Seg::Key("keywords".into()), Seg::Index(*i)], &msg))
        }
        Some(Origin::File(p, line)) => Some(format!("{}:{line}: {msg}", p.display())),
        None => None,
    };
    let regex_at = |name: &str| {
        let l = loaded?;
        let i = l.file.regexes.iter().position(|r| r.name == name)?;
        Some(l.error_at(
            &[Seg::Key("regexes".into()), Seg::Index(i), Seg::Key("pattern".into())],
            &msg,
        ))
    };
    let located = match &e {
        Refused::EmptyKeyword { index } | Refused::KeywordTooLong { index, .. } => {
            keyword_at(*index)
        }
        Refused::BadRegex { name, .. }
        | Refused::EmptyMatchRegex { name }
        | Refused::BadRuleName { name } => regex_at(name),
        Refused::BadWindow { .. } if window_from_cli => Some(format!("--context-window: {msg}")),
        Refused::BadWindow { .. } => {
            loaded.map(|l| l.error_at(&[Seg::Key("context_window".into())], &msg))
        }
        _ => None,
    };
    ConfigError::Scanner { message: located.unwrap_or(msg), error: e }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mamori::Severity;

    fn err_of(text: &str) -> String {
        match toml::from_str::<FileConfig>(text) {
            Ok(_) => panic!("should fail"),
            Err(e) => describe_toml_error(Path::new("m.toml"), text, &e).to_string(),
        }
    }

    #[test]
    fn type_error_names_nested_key_and_line() {
        let text = "min_confidence = \"low\"\n\n[policy.per_kind.phone]\nreview = \"x\"\n";
        let e = err_of(text);
        assert!(e.starts_with("m.toml:4:"), "{e}");
        assert!(e.contains("policy.per_kind.phone.review"), "{e}");
    }

    #[test]
    fn unknown_key_is_named() {
        let e = err_of("context_window = 10\ncontxt = 3\n");
        assert!(e.starts_with("m.toml:2:1"), "{e}");
        assert!(e.contains("`contxt`"), "{e}");
    }

    #[test]
    fn keyword_array_of_tables() {
        let e = err_of(
            "[[keywords]]\ntext = \"a\"\n\n[[keywords]]\ntext = \"b\"\nseverity = \"huge\"\n",
        );
        assert!(e.starts_with("m.toml:6:"), "{e}");
        assert!(e.contains("keywords[1].severity"), "{e}");
    }

    #[test]
    fn gateway_tables_are_read_and_checked() {
        let c: FileConfig = toml::from_str(
            "[milter]\nlisten = \"127.0.0.1:8891\"\non_error = \"accept\"\n[icap]\nmax_connections = 4\n",
        )
        .unwrap();
        assert_eq!(c.milter.listen.as_deref(), Some("127.0.0.1:8891"));
        assert_eq!(c.milter.on_error, FailMode::Accept);
        assert_eq!(c.icap.max_connections, 4);
        let e = err_of("[milter]\non_error = \"maybe\"\n");
        assert!(e.starts_with("m.toml:2:"), "{e}");
        assert!(e.contains("milter.on_error"), "{e}");
        let e = err_of("[milter]\nlisten_on = \"x\"\n");
        assert!(e.contains("listen_on"), "{e}");
    }

    #[test]
    fn gateway_policy_keys_are_checked() {
        let dir = std::env::temp_dir().join(format!("mamori-config-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("m.toml");
        std::fs::write(&path, "[milter.policy.per_kind.phnoe]\nblock = 3\n").unwrap();
        let e = LoadedConfig::load(&path).err().expect("unknown kind").to_string();
        assert!(e.contains("key `milter.policy.per_kind.phnoe`"), "{e}");
        assert!(e.contains(":1:"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn keyword_strings_and_tables() {
        let c: FileConfig =
            toml::from_str("keywords = [\"社外秘\", { text = \"極秘\", severity = \"high\" }]")
                .unwrap();
        assert_eq!(c.keywords[0].0.text, "社外秘");
        assert_eq!(c.keywords[1].0.severity, Severity::High);
    }
}
