//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards, one document at the end:
//! a result per finding and a result per part that could not be inspected.

use super::unscannable::reason_name;
use super::{action_name, kind_label, End, ErrorRecord, File, NotInspected, Writer};
use crate::walk::path_order;
use mamori::{Kind, Scanner, Severity, UnscannableReason};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

const KIND_DESCRIPTIONS: [(Kind, &str); 14] = [
    (Kind::MyNumber, "My Number (個人番号), check digit verified"),
    (Kind::CorporateNumber, "Corporate number (法人番号) or invoice registration number"),
    (Kind::Phone, "Telephone number of the Japanese numbering plan"),
    (Kind::PostalCode, "Japanese postal code (郵便番号)"),
    (Kind::CreditCard, "Payment card number (issuer range and Luhn checked)"),
    (Kind::Email, "E-mail address"),
    (Kind::BankAccount, "Bank account number"),
    (Kind::Passport, "Passport number (旅券番号)"),
    (Kind::ResidenceCard, "Residence card number (在留カード番号)"),
    (Kind::BasicPensionNumber, "Basic pension number (基礎年金番号)"),
    (Kind::DriversLicense, "Driver's licence number (運転免許証番号)"),
    (Kind::Address, "Postal address (住所), validated against Japan Post place names"),
    (Kind::PersonName, "Personal name (氏名) marked by an honorific, label or name column"),
    (Kind::Keyword, "Confidential keyword from the configuration"),
];

/// Rules for parts that could not be inspected, one per reason.
const UNSCANNABLE_DESCRIPTIONS: [(UnscannableReason, &str); 5] = [
    (
        UnscannableReason::Encrypted,
        "Not inspected: password-protected archive member, Office file or PDF",
    ),
    (UnscannableReason::Corrupt, "Not inspected: damaged or truncated content"),
    (
        UnscannableReason::LimitExceeded,
        "Not inspected: a safety limit (size, depth, ratio, members, time) was reached",
    ),
    (UnscannableReason::UnsupportedFormat, "Not inspected: a format mamori cannot read"),
    (
        UnscannableReason::RawTextOnly,
        "Partly inspected: binary data of no known format, only its printable text was scanned",
    ),
];

/// The rule id of parts not inspected for `reason`.
fn unscannable_rule_id(reason: UnscannableReason) -> String {
    format!("mamori/unscannable/{}", reason_name(reason))
}

/// The top of a SARIF log (typed so `$schema` and `version` come first).
#[derive(Serialize)]
struct SarifLog {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Value>,
}

/// Keeps the listed files and writes the log at the end.
pub struct Sarif {
    /// The driver's rules: one per kind, then one per custom rule.
    rules: Vec<Value>,
    /// Rule id to its index in `rules`.
    rule_index: BTreeMap<String, usize>,
    roots: Vec<String>,
    files: Vec<File>,
}

impl Sarif {
    pub fn new(scanner: &Scanner, roots: &[String]) -> Sarif {
        let mut rules = Vec::new();
        let mut rule_index = BTreeMap::new();
        for (kind, text) in KIND_DESCRIPTIONS {
            rule_index.insert(kind.as_str().to_string(), rules.len());
            rules.push(json!({
                "id": kind.as_str(),
                "name": kind.as_str(),
                "shortDescription": { "text": text },
                "defaultConfiguration": { "level": level(Severity::of_kind(kind)) },
            }));
        }
        for r in &scanner.config().regexes {
            rule_index.insert(r.name.clone(), rules.len());
            rules.push(json!({
                "id": r.name,
                "name": r.name,
                "shortDescription": { "text": format!("Custom rule {}", r.name) },
                "defaultConfiguration": { "level": level(r.severity) },
            }));
        }
        for (reason, text) in UNSCANNABLE_DESCRIPTIONS {
            let id = unscannable_rule_id(reason);
            rule_index.insert(id.clone(), rules.len());
            rules.push(json!({
                "id": id,
                "name": format!("unscannable/{}", reason_name(reason)),
                "shortDescription": { "text": text },
                "defaultConfiguration": { "level": "warning" },
            }));
        }
        Sarif { rules, rule_index, roots: roots.to_vec(), files: Vec::new() }
    }
}

impl Writer for Sarif {
    fn end_file(&mut self, file: File, _out: &mut String) {
        if file.is_listed() {
            self.files.push(file);
        }
    }

    fn finish(&mut self, end: &End<'_>, out: &mut String) {
        self.files.sort_by(|a, b| path_order(&a.result.path, &b.result.path));
        let doc = self.log(end.errors);
        out.push_str(&serde_json::to_string_pretty(&doc).unwrap_or_default());
        out.push('\n');
    }
}

impl Sarif {
    fn log(&self, errors: &[ErrorRecord]) -> SarifLog {
        let roots = &self.roots;
        let mut bases = serde_json::Map::new();
        for (i, r) in roots.iter().enumerate() {
            if let Some(uri) = root_uri(r) {
                bases.insert(format!("ROOT{i}"), json!({ "uri": uri }));
            }
        }
        let mut results = Vec::new();
        for listed in &self.files {
            let file = &listed.result;
            let base = root_index(roots, &file.path)
                .map(|i| format!("ROOT{i}"))
                .filter(|b| bases.contains_key(b));
            let artifact = |place: &str| {
                let mut artifact = json!({ "uri": location_uri(place) });
                if let Some(b) = &base {
                    artifact["uriBaseId"] = json!(b);
                }
                artifact
            };
            for f in &file.report.findings {
                let key = f.count_key();
                let place = f.location.as_deref().unwrap_or(&file.location);
                let mut props = json!({
                    "kind": f.kind.as_str(),
                    "confidence": f.confidence.level.as_str(),
                    "score": round3(f.confidence.score),
                    "masked": f.masked,
                    "hotwords": f.hotwords,
                    "path": file.path,
                    "location": place,
                    "fileVerdict": action_name(file.report.verdict.action),
                });
                if let Some(r) = &f.rule {
                    props["rule"] = json!(r);
                }
                if let Some(t) = &f.text {
                    props["value"] = json!(t);
                }
                let mut result = json!({
                    "ruleId": key,
                    "level": level(f.severity),
                    "message": { "text": format!(
                        "{} ({} confidence): {}",
                        kind_label(f),
                        f.confidence.level.as_str(),
                        f.masked
                    ) },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": artifact(place),
                            "region": {
                                "startLine": f.line,
                                "startColumn": f.column,
                                "byteOffset": f.start,
                                "byteLength": f.end - f.start,
                            }
                        }
                    }],
                    "properties": props,
                });
                if let Some(&i) = self.rule_index.get(key) {
                    result["ruleIndex"] = json!(i);
                }
                results.push(result);
            }
            for part in &listed.unscannable {
                results.push(self.unscannable_result(listed, part, artifact(&part.location)));
            }
        }
        let notifications: Vec<_> = errors
            .iter()
            .map(|e| {
                json!({
                    "level": "error",
                    "message": { "text": format!("{}: {}", e.path, e.error) },
                })
            })
            .collect();
        let mut run = json!({
            "tool": { "driver": {
                "name": "mamori",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": self.rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "invocations": [{
                "executionSuccessful": errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
        });
        if !bases.is_empty() {
            run["originalUriBaseIds"] = Value::Object(bases);
        }
        SarifLog {
            schema: "https://json.schemastore.org/sarif-2.1.0.json",
            version: "2.1.0",
            runs: vec![run],
        }
    }
}

impl Sarif {
    /// A part that could not be inspected, as a result of its reason's rule rather than a
    /// `toolExecutionNotification`: code-scanning dashboards (GitHub, the VS Code SARIF
    /// viewer) list results with their file and let people triage them, while notifications
    /// are mostly not shown at all. Level `warning`: the part's verdict is review.
    fn unscannable_result(&self, file: &File, part: &NotInspected, artifact: Value) -> Value {
        let id = unscannable_rule_id(part.reason);
        let text = if part.more {
            format!("not inspected: {}", part.detail)
        } else {
            format!("not inspected ({}): {}", reason_name(part.reason), part.detail)
        };
        let mut result = json!({
            "ruleId": id,
            "level": "warning",
            "message": { "text": text },
            "locations": [{ "physicalLocation": { "artifactLocation": artifact } }],
            "properties": {
                "reason": reason_name(part.reason),
                "detail": part.detail,
                "count": part.count,
                "path": file.result.path,
                "location": part.location,
                "fileVerdict": action_name(file.result.report.verdict.action),
            },
        });
        if let Some(&i) = self.rule_index.get(&id) {
            result["ruleIndex"] = json!(i);
        }
        result
    }
}

/// An `f32` score as the short decimal it was written as (not 0.8999999761581421).
fn round3(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// A location as a relative URI reference: bytes outside the unreserved set (and the
/// convention's `/`, `!`, `#`, `%`) percent-encoded.
pub fn location_uri(location: &str) -> String {
    let mut out = String::with_capacity(location.len());
    for &b in location.as_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!#%".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `file:///abs/root/` for a root folder (the base the locations are relative to).
fn root_uri(root: &str) -> Option<String> {
    let abs = std::fs::canonicalize(root).ok()?;
    let base = if abs.is_dir() { abs } else { abs.parent()?.to_path_buf() };
    let mut s = location_uri(&base.to_string_lossy());
    if !s.ends_with('/') {
        s.push('/');
    }
    Some(format!("file://{s}"))
}

/// Which root a path was reached from (the longest root that prefixes it).
fn root_index(roots: &[String], path: &str) -> Option<usize> {
    roots
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            let r = r.strip_prefix("./").unwrap_or(r).trim_end_matches('/');
            r == "." || path == r || path.starts_with(&format!("{r}/"))
        })
        .max_by_key(|(_, r)| r.len())
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris() {
        assert_eq!(location_uri("a b/c.txt"), "a%20b/c.txt");
        assert_eq!(location_uri("営"), "%E5%96%B6");
        assert_eq!(location_uri("x.zip!y.xlsx#S!C1"), "x.zip!y.xlsx#S!C1");
    }

    #[test]
    fn roots() {
        let roots = vec![".".to_string(), "corpora/text".to_string()];
        assert_eq!(root_index(&roots, "corpora/text/a.txt"), Some(1));
        assert_eq!(root_index(&roots, "b.txt"), Some(0));
    }
}
