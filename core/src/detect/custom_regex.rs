//! Custom regular expressions (regex-automata's meta engine), each reported under its name.
//!
//! Patterns are searched line by line; `^` and `$` match at line boundaries. A line longer
//! than [`MAX_LINE`] bytes is searched in pieces of that size, so memory stays bounded.

use crate::config::CustomRegex;
use crate::finding::Severity;
use crate::ConfigError;
use regex_automata::meta::Regex;
use regex_automata::util::syntax;
use regex_automata::Input;
use std::sync::Arc;

/// Longest piece of a line searched at once.
pub const MAX_LINE: usize = 4096;

/// A compiled custom rule.
#[derive(Debug)]
pub struct CompiledRule {
    pub name: Arc<str>,
    pub severity: Severity,
    pub score: f32,
}

/// All custom regexes, compiled into one multi-pattern engine.
#[derive(Debug)]
pub struct RegexRules {
    regex: Regex,
    pub rules: Vec<CompiledRule>,
}

/// The error and its sources, so the syntax error itself is shown, not only "error parsing
/// pattern 0".
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

impl RegexRules {
    pub fn new(list: &[CustomRegex]) -> Result<Option<Self>, ConfigError> {
        if list.is_empty() {
            return Ok(None);
        }
        let builder = || {
            let mut b = Regex::builder();
            b.syntax(syntax::Config::new().multi_line(true).crlf(true));
            b
        };
        for r in list {
            if !valid_name(&r.name) {
                return Err(ConfigError::BadRuleName { name: r.name.clone() });
            }
            let one = builder().build(&r.pattern).map_err(|e| ConfigError::BadRegex {
                name: r.name.clone(),
                message: error_chain(&e),
            })?;
            if one.is_match("") {
                return Err(ConfigError::EmptyMatchRegex { name: r.name.clone() });
            }
        }
        let patterns: Vec<&str> = list.iter().map(|r| r.pattern.as_str()).collect();
        let regex = builder().build_many(&patterns).map_err(|e| ConfigError::BadRegex {
            name: "(combined)".into(),
            message: e.to_string(),
        })?;
        let rules = list
            .iter()
            .map(|r| CompiledRule {
                name: Arc::from(r.name.as_str()),
                severity: r.severity,
                score: r.score.clamp(0.0, 1.0),
            })
            .collect();
        Ok(Some(RegexRules { regex, rules }))
    }

    /// Calls `found(start, end, rule)` for each non-empty match inside `buf[lo..hi]`.
    pub fn find_in(
        &self,
        buf: &[u8],
        lo: usize,
        hi: usize,
        mut found: impl FnMut(usize, usize, usize),
    ) {
        let input = Input::new(buf).range(lo..hi);
        for m in self.regex.find_iter(input) {
            if m.end() > m.start() {
                found(m.start(), m.end(), m.pattern().as_usize());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(name: &str, pattern: &str) -> CustomRegex {
        CustomRegex {
            name: name.into(),
            pattern: pattern.into(),
            severity: Severity::Medium,
            score: 0.8,
        }
    }

    #[test]
    fn finds_and_names() {
        let r =
            RegexRules::new(&[rule("project_code", r"PRJ-[0-9]{4}"), rule("ticket", r"^#[0-9]+")])
                .unwrap()
                .unwrap();
        let text = "see PRJ-1234\n#42 done";
        let mut got = Vec::new();
        r.find_in(text.as_bytes(), 0, text.len(), |s, e, k| got.push((&text[s..e], k)));
        assert_eq!(got, vec![("PRJ-1234", 0), ("#42", 1)]);
    }

    #[test]
    fn config_errors_name_the_rule() {
        let err = RegexRules::new(&[rule("bad", "(")]).unwrap_err();
        assert!(err.to_string().contains("bad"), "{err}");
        assert!(err.to_string().contains("unclosed group"), "{err}");
        assert!(RegexRules::new(&[rule("Bad Name", "x")]).is_err());
        assert!(RegexRules::new(&[rule("empty", "x*")]).is_err());
    }
}
