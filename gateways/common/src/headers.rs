//! The headers a gateway adds to the messages it lets through: the verdict and the number
//! of items per kind, never a value.

use std::collections::BTreeMap;

/// `allow`, `review` or `block`.
pub const VERDICT_HEADER: &str = "X-Mamori-Verdict";
/// Items found per kind, `phone=2, email=1` (`none` when nothing was found).
pub const COUNTS_HEADER: &str = "X-Mamori-Counts";

/// The value of [`COUNTS_HEADER`] for these counts per kind.
///
/// ```
/// let counts = [("email".to_string(), 1), ("phone".to_string(), 2)].into();
/// assert_eq!(mamori_gateway::counts_header_value(&counts), "email=1, phone=2");
/// assert_eq!(mamori_gateway::counts_header_value(&Default::default()), "none");
/// ```
pub fn counts_header_value(counts: &BTreeMap<String, u64>) -> String {
    if counts.is_empty() {
        return "none".to_string();
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(kind, n)| format!("{}={n}", kind.replace(|c: char| !c.is_ascii_graphic(), "_")))
        .collect();
    parts.join(", ")
}
