//! Python arguments to the core's configuration types.
//!
//! Wrong Python types raise `TypeError`; values of the right type that the core rejects
//! (an unknown kind name, a regex that does not compile, an unknown policy field) raise
//! `mamori.ConfigError`, which is also a `ValueError`.

use crate::errors::{config_error, type_error};
use mamori::{CustomRegex, KeywordEntry, Kind, Level, Limits, ScannerConfig};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple};
use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};

/// The keyword arguments of `mamori.Scanner(...)`.
pub(crate) struct ScannerArgs<'a, 'py> {
    pub kinds: Option<&'a Bound<'py, PyAny>>,
    pub keywords: Option<&'a Bound<'py, PyAny>>,
    pub regexes: Option<&'a Bound<'py, PyAny>>,
    pub policy: Option<&'a Bound<'py, PyAny>>,
    pub min_confidence: &'a str,
    pub context_window: i64,
    pub require_context: Option<&'a Bound<'py, PyAny>>,
    pub reveal_values: bool,
    pub max_findings: i64,
    pub limits: Option<&'a Bound<'py, PyAny>>,
}

impl ScannerArgs<'_, '_> {
    pub fn into_config(self) -> PyResult<ScannerConfig> {
        let mut config = ScannerConfig::default();
        if let Some(kinds) = none_to_option(self.kinds) {
            config.kinds = Some(kind_list(kinds, "kinds")?);
        }
        if let Some(kinds) = none_to_option(self.require_context) {
            config.require_context = kind_list(kinds, "require_context")?;
        }
        if let Some(words) = none_to_option(self.keywords) {
            config.keywords = keyword_list(words)?;
        }
        if let Some(rules) = none_to_option(self.regexes) {
            config.regexes = regex_list(rules)?;
        }
        if let Some(policy) = none_to_option(self.policy) {
            if !policy.is_instance_of::<PyDict>() && policy.cast::<PyMapping>().is_err() {
                return Err(type_error("policy", "a dict or None", policy));
            }
            config.policy = from_py(policy, "policy")?;
        }
        config.min_confidence = parse_level(self.min_confidence, "min_confidence")?;
        if self.context_window < 1 {
            return Err(config_error(format!(
                "context_window must be at least 1 character, got {}",
                self.context_window
            )));
        }
        config.context_window = usize::try_from(self.context_window).unwrap_or(usize::MAX);
        if self.max_findings < 0 {
            return Err(config_error(format!(
                "max_findings must not be negative, got {}",
                self.max_findings
            )));
        }
        config.max_findings = usize::try_from(self.max_findings).unwrap_or(usize::MAX);
        config.reveal_values = self.reveal_values;
        if let Some(limits) = none_to_option(self.limits) {
            config.limits = limits_dict(limits)?;
        }
        Ok(config)
    }
}

/// The extraction limits: a dict with the field names of the core's `Limits`
/// (`max_depth`, `max_total_bytes`, ...); missing fields keep the default, unknown names
/// and values that are not non-negative integers raise `ConfigError`.
fn limits_dict(obj: &Bound<'_, PyAny>) -> PyResult<Limits> {
    if !obj.is_instance_of::<PyDict>() && obj.cast::<PyMapping>().is_err() {
        return Err(type_error("limits", "a dict or None", obj));
    }
    from_py(obj, "limits")
}

fn none_to_option<'a, 'py>(obj: Option<&'a Bound<'py, PyAny>>) -> Option<&'a Bound<'py, PyAny>> {
    obj.filter(|o| !o.is_none())
}

/// `low`, `medium` or `high` (any case).
pub(crate) fn parse_level(s: &str, what: &str) -> PyResult<Level> {
    s.trim().to_ascii_lowercase().parse::<Level>().map_err(|e| config_error(format!("{what}: {e}")))
}

/// An iterable of names that is not itself a string (a bare `"phone"` is almost always a
/// mistake for `["phone"]`, and iterating it would yield single letters).
fn iterate<'py>(
    obj: &Bound<'py, PyAny>,
    what: &str,
    expected: &str,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() {
        return Err(type_error(what, expected, obj));
    }
    let iter = obj.try_iter().map_err(|_| type_error(what, expected, obj))?;
    iter.collect()
}

fn kind_list(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<Kind>> {
    let mut kinds = Vec::new();
    for (i, item) in iterate(obj, what, "a list of kind names")?.iter().enumerate() {
        let name = item
            .cast::<PyString>()
            .map_err(|_| type_error(&format!("{what}[{i}]"), "a str", item))?;
        let kind = name
            .to_str()?
            .parse::<Kind>()
            .map_err(|e| config_error(format!("{what}[{i}]: {e}")))?;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    Ok(kinds)
}

fn keyword_list(obj: &Bound<'_, PyAny>) -> PyResult<Vec<KeywordEntry>> {
    let items = iterate(obj, "keywords", "a list of str or dict")?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if let Ok(s) = item.cast::<PyString>() {
            out.push(KeywordEntry::new(s.to_str()?));
        } else if item.is_instance_of::<PyDict>() || item.cast::<PyMapping>().is_ok() {
            out.push(from_py(item, &format!("keywords[{i}]"))?);
        } else {
            return Err(type_error(
                &format!("keywords[{i}]"),
                "a str or a dict {text, label, severity}",
                item,
            ));
        }
    }
    Ok(out)
}

fn regex_list(obj: &Bound<'_, PyAny>) -> PyResult<Vec<CustomRegex>> {
    let items = iterate(obj, "regexes", "a list of dict")?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let what = format!("regexes[{i}]");
        if item.is_instance_of::<PyDict>() || item.cast::<PyMapping>().is_ok() {
            out.push(from_py(item, &what)?);
        } else if let Ok((name, pattern)) = item.extract::<(String, String)>() {
            let value = serde_json::json!({ "name": name, "pattern": pattern });
            out.push(
                serde_json::from_value(value).map_err(|e| config_error(format!("{what}: {e}")))?,
            );
        } else {
            return Err(type_error(
                &what,
                "a dict {name, pattern, severity, score} or a (name, pattern) tuple",
                item,
            ));
        }
    }
    Ok(out)
}

/// Converts a Python value to `T` through its serde (JSON) shape, so unknown fields and
/// wrong value types get serde's precise messages.
pub(crate) fn from_py<T: DeserializeOwned>(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<T> {
    let value = to_json(obj, what)?;
    serde_json::from_value(value).map_err(|e| config_error(format!("{what}: {e}")))
}

/// A Python value made of dicts, lists, tuples, str, int, float, bool and None as JSON.
pub(crate) fn to_json(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<Value> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(v) = obj.extract::<i64>() {
            return Ok(Value::Number(v.into()));
        }
        if let Ok(v) = obj.extract::<u64>() {
            return Ok(Value::Number(v.into()));
        }
        return Err(config_error(format!("{path}: integer out of range")));
    }
    if obj.is_instance_of::<PyFloat>() {
        let v: f64 = obj.extract()?;
        return Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| config_error(format!("{path}: {v} is not a finite number")));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_str()?.to_string()));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut out = Vec::new();
        for (i, item) in obj.try_iter()?.enumerate() {
            out.push(to_json(&item?, &format!("{path}[{i}]"))?);
        }
        return Ok(Value::Array(out));
    }
    if let Ok(map) = obj.cast::<PyMapping>() {
        let mut out = Map::new();
        for item in map.items()?.iter() {
            let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
            let key = key
                .cast::<PyString>()
                .map_err(|_| type_error(&format!("the keys of {path}"), "str", &key))?
                .to_str()?
                .to_string();
            let child = to_json(&value, &format!("{path}[{key:?}]"))?;
            out.insert(key, child);
        }
        return Ok(Value::Object(out));
    }
    Err(type_error(path, "made of dict, list, str, int, float, bool and None", obj))
}

/// Compiles a configuration (with the key of `Finding.value_id` when given), mapping the
/// core's `ConfigError` to `mamori.ConfigError`.
pub(crate) fn compile(
    config: ScannerConfig,
    value_key: Option<&[u8]>,
) -> PyResult<mamori::Scanner> {
    let mut builder = mamori::ScannerBuilder::from_config(config);
    if let Some(key) = value_key {
        builder = builder.value_key(key);
    }
    builder.build().map_err(|e| config_error(e.to_string()))
}

/// The optional `value_key` argument: bytes, or a str taken as its UTF-8 bytes.
pub(crate) fn value_key_arg(key: Option<&Bound<'_, PyAny>>) -> PyResult<Option<Vec<u8>>> {
    let Some(key) = none_to_option(key) else { return Ok(None) };
    let bytes = if let Ok(b) = key.cast::<PyBytes>() {
        b.as_bytes().to_vec()
    } else if let Ok(s) = key.cast::<PyString>() {
        s.to_str()?.as_bytes().to_vec()
    } else {
        return Err(type_error("value_key", "bytes, str or None", key));
    };
    if bytes.is_empty() {
        return Err(config_error("value_key must not be empty"));
    }
    Ok(Some(bytes))
}
