//! `mamori._native.parse_keyword_file`: the core's keyword-file format (the CLI's
//! `--keywords FILE`), for `python -m mamori.spark --keywords FILE`.

use crate::errors::config_error;
use pyo3::prelude::*;

/// Reads a keyword list (one keyword per line, optional `label` and `severity` columns,
/// `#` comments; UTF-8, UTF-16 with a BOM or Shift_JIS) into dicts
/// ``{"text", "label", "severity"}`` that ``Scanner(keywords=...)`` accepts. Raises
/// ``ConfigError`` naming the line of a malformed entry.
#[pyfunction]
pub(crate) fn parse_keyword_file<'py>(py: Python<'py>, data: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    let lines = mamori::parse_keyword_file(data).map_err(|e| config_error(e.to_string()))?;
    let entries: Vec<&mamori::KeywordEntry> = lines.iter().map(|l| &l.entry).collect();
    let json = serde_json::to_string(&entries).map_err(|e| config_error(e.to_string()))?;
    py.import("json")?.call_method1("loads", (json,))
}
