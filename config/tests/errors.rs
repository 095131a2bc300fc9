//! The message of each `ConfigError` variant, as `mamori` prints it (`{:#}` of the error:
//! the message, then each source after ": "). The expected texts are written out here by
//! hand; the I/O part comes from the standard library reading the same missing file.

use mamori::LineProblem;
use mamori_config::{build_scanner, load_keyword_file, ConfigError, LoadedConfig, ScannerOpts};
use std::error::Error;
use std::path::{Path, PathBuf};

/// The error and its sources joined by ": ", as `anyhow`'s `{:#}` prints them.
fn chain(e: &dyn Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn not_found_text(path: &Path) -> String {
    std::fs::read(path).unwrap_err().to_string()
}

fn load_err(path: &Path) -> ConfigError {
    LoadedConfig::load(path).err().expect("the config is refused")
}

fn build_err(opts: &ScannerOpts, loaded: Option<&LoadedConfig>) -> ConfigError {
    build_scanner(opts, loaded, false, None).expect_err("the scanner is refused")
}

#[test]
fn unreadable_config_names_the_file_and_gives_the_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("missing.toml");
    let e = load_err(&path);
    assert!(matches!(&e, ConfigError::ReadConfig { path: p, .. } if *p == path), "{e:?}");
    assert_eq!(e.to_string(), format!("cannot read config {}", path.display()));
    assert_eq!(
        chain(&e),
        format!("cannot read config {}: {}", path.display(), not_found_text(&path))
    );
}

#[test]
fn config_not_in_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "m.toml", b"context_window = 10\n\xff\xfe = 1\n");
    let e = load_err(&path);
    assert!(matches!(e, ConfigError::NotUtf8 { .. }), "{e:?}");
    assert_eq!(chain(&e), format!("config {}: not UTF-8 (TOML files must be)", path.display()));
}

#[test]
fn toml_syntax_error_gives_file_line_column_key_and_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "m.toml", b"context_window = 10\na = [1,\n");
    let e = load_err(&path);
    let ConfigError::Toml { line, column, key, .. } = &e else { panic!("{e:?}") };
    assert_eq!((*line, *column, key.as_deref()), (Some(2), Some(8), Some("a")));
    assert_eq!(
        chain(&e),
        format!("{}:2:8: key `a`: unclosed array, expected `]`\n    2 | a = [1,", path.display())
    );
}

#[test]
fn toml_type_error_names_the_nested_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "m.toml", "[policy.per_kind.phone]\nreview = \"五\"\n".as_bytes());
    let e = load_err(&path);
    let ConfigError::Toml { line, column, key, .. } = &e else { panic!("{e:?}") };
    assert_eq!((*line, *column), (Some(2), Some(10)));
    assert_eq!(key.as_deref(), Some("policy.per_kind.phone.review"));
    assert_eq!(
        chain(&e),
        format!(
            "{}:2:10: key `policy.per_kind.phone.review`: invalid type: string \"五\", expected u64\n    2 | review = \"五\"",
            path.display()
        )
    );
}

#[test]
fn policy_key_naming_no_kind_is_an_invalid_value() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "m.toml", b"[policy.per_kind.phnoe]\nblock = 3\n");
    let e = load_err(&path);
    let ConfigError::InvalidValue { key, .. } = &e else { panic!("{e:?}") };
    assert_eq!(key, "policy.per_kind.phnoe");
    assert_eq!(
        chain(&e),
        format!(
            "{}:1:1: key `policy.per_kind.phnoe`: unknown kind or custom rule name (kinds: my_number, phone, ...; rules: the `name` of a [[regexes]] entry)\n    1 | [policy.per_kind.phnoe]",
            path.display()
        )
    );
}

#[test]
fn unreadable_keyword_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nope.txt");
    let e = load_keyword_file(&path).err().expect("missing");
    assert!(matches!(e, ConfigError::ReadKeywordFile { .. }), "{e:?}");
    assert_eq!(
        chain(&e),
        format!("cannot read keyword file {}: {}", path.display(), not_found_text(&path))
    );
}

#[test]
fn keyword_file_in_no_known_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "k.txt", b"\x82\xa0\xff\xff\x80\n");
    let e = load_keyword_file(&path).err().expect("undecodable");
    assert!(matches!(e, ConfigError::KeywordFileEncoding { .. }), "{e:?}");
    assert_eq!(
        chain(&e),
        format!(
            "keyword file {}: neither UTF-8, UTF-16 with a BOM nor Shift_JIS text",
            path.display()
        )
    );
}

#[test]
fn bad_keyword_line_gives_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "k.txt", b"ok\nbad,label,urgent\n");
    let e = load_keyword_file(&path).err().expect("bad severity");
    let ConfigError::KeywordFileLine { line, problem, .. } = &e else { panic!("{e:?}") };
    assert_eq!(*line, 2);
    assert!(matches!(problem, LineProblem::Severity(_)), "{problem:?}");
    assert_eq!(
        chain(&e),
        format!(
            "{}:2: column 3 (severity): unknown severity \"urgent\" (low, medium, high)",
            path.display()
        )
    );
}

#[test]
fn listed_keyword_file_error_names_the_config_key_then_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(dir.path(), "m.toml", b"keyword_files = [\"missing.txt\"]\n");
    let loaded = LoadedConfig::load(&config).unwrap();
    let e = build_err(&ScannerOpts::default(), Some(&loaded));
    let ConfigError::ListedKeywordFile { source, .. } = &e else { panic!("{e:?}") };
    assert!(matches!(**source, ConfigError::ReadKeywordFile { .. }), "{source:?}");
    let missing = dir.path().join("missing.txt");
    assert_eq!(e.to_string(), format!("{}: key `keyword_files`", config.display()));
    assert_eq!(
        chain(&e),
        format!(
            "{}: key `keyword_files`: cannot read keyword file {}: {}",
            config.display(),
            missing.display(),
            not_found_text(&missing)
        )
    );
}

#[test]
fn scanner_error_points_at_the_config_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = write(dir.path(), "m.toml", b"keywords = [\"a\", \"  \"]\n");
    let loaded = LoadedConfig::load(&config).unwrap();
    let e = build_err(&ScannerOpts::default(), Some(&loaded));
    let ConfigError::Scanner { error, .. } = &e else { panic!("{e:?}") };
    assert!(matches!(error, mamori::ConfigError::EmptyKeyword { index: 1 }), "{error:?}");
    assert_eq!(
        chain(&e),
        format!(
            "{}:1:18: key `keywords[1]`: keyword #1 is empty after trimming\n    1 | keywords = [\"a\", \"  \"]",
            config.display()
        )
    );
}

#[test]
fn scanner_error_points_at_the_keyword_file_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = b"short\n".to_vec();
    text.extend([b'b'; 300]);
    text.push(b'\n');
    let path = write(dir.path(), "k.txt", &text);
    let opts = ScannerOpts { keywords: vec![path.clone()], ..ScannerOpts::default() };
    let e = build_err(&opts, None);
    assert!(
        matches!(
            &e,
            ConfigError::Scanner {
                error: mamori::ConfigError::KeywordTooLong { index: 1, .. },
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(chain(&e), format!("{}:2: keyword #1 is longer than 256 bytes", path.display()));
}

#[test]
fn context_window_error_names_the_option_or_the_key() {
    let opts = ScannerOpts { context_window: Some(0), ..ScannerOpts::default() };
    let e = build_err(&opts, None);
    assert_eq!(
        chain(&e),
        "--context-window: context window of 0 characters is out of range (1..=2000)"
    );

    let dir = tempfile::tempdir().unwrap();
    let config = write(dir.path(), "m.toml", b"context_window = 0\n");
    let loaded = LoadedConfig::load(&config).unwrap();
    let e = build_err(&ScannerOpts::default(), Some(&loaded));
    assert!(
        matches!(
            &e,
            ConfigError::Scanner { error: mamori::ConfigError::BadWindow { chars: 0, .. }, .. }
        ),
        "{e:?}"
    );
    assert_eq!(
        chain(&e),
        format!(
            "{}:1:18: key `context_window`: context window of 0 characters is out of range (1..=2000)\n    1 | context_window = 0",
            config.display()
        )
    );
}
