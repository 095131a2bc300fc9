//! The `[milter]` and `[icap]` tables: how a gateway listens, what it may hold and what it
//! does when it cannot decide. Both tables take the same keys; each gateway reads its own.

use mamori::Policy;
use serde::Deserialize;

/// The text of the SMTP or HTTP rejection when `reject_reason` is not set.
pub const DEFAULT_REJECT_REASON: &str =
    "個人情報または機密情報を含むため、このメールは送信できません (mamori)";

/// What a gateway does with a message it could not judge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailMode {
    /// Let it through (fail open).
    Accept,
    /// Answer with a temporary failure: the sender keeps the message and tries again later
    /// (fail closed, nothing lost).
    Tempfail,
    /// Accept it into the quarantine (the Postfix hold queue) for an administrator.
    Quarantine,
}

/// Settings of one gateway (`[milter]` or `[icap]`).
///
/// ```
/// use mamori_config::{FailMode, GatewaySection};
/// let s: GatewaySection = toml::from_str("on_error = \"accept\"\nmax_connections = 8").unwrap();
/// assert_eq!(s.on_error, FailMode::Accept);
/// assert_eq!(s.max_connections, 8);
/// assert_eq!(s.max_message_bytes, GatewaySection::default().max_message_bytes);
/// ```
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GatewaySection {
    /// Where to listen when the command line does not say: `127.0.0.1:PORT` or `unix:/path`.
    pub listen: Option<String>,
    /// Largest message (headers and body) the gateway spools and scans; a larger one gets
    /// `on_oversize` unscanned.
    pub max_message_bytes: u64,
    /// Messages spooled in memory up to this size, in a temporary file beyond it.
    pub spool_memory_bytes: usize,
    /// Connections served at once; more wait until one ends.
    pub max_connections: usize,
    /// Seconds a connection may stay silent before the gateway closes it.
    pub idle_timeout_secs: u64,
    /// What to do when scanning fails (an I/O error of the spool, an internal error).
    pub on_error: FailMode,
    /// What to do with a message larger than `max_message_bytes`.
    pub on_oversize: FailMode,
    /// Text of the rejection of a blocked message (one line; the SMTP code is 550 5.7.1).
    pub reject_reason: String,
    /// Add the `X-Mamori-Verdict` and `X-Mamori-Counts` headers to messages let through.
    pub add_headers: bool,
    /// Scan the addresses of From, To, Cc, Bcc, Reply-To and Sender. Off by default: every mail
    /// carries its sender's and recipients' addresses, so counting them would flag every
    /// mail; addresses in subjects, bodies and attachments are always scanned.
    pub scan_address_headers: bool,
    /// The policy of this gateway; when absent, the file's `[policy]`, and without either
    /// the gateway's own default (see the gateway documentation).
    pub policy: Option<Policy>,
}

impl Default for GatewaySection {
    fn default() -> Self {
        GatewaySection {
            listen: None,
            max_message_bytes: 64 << 20,
            spool_memory_bytes: 1 << 20,
            max_connections: 32,
            idle_timeout_secs: 300,
            on_error: FailMode::Tempfail,
            on_oversize: FailMode::Quarantine,
            reject_reason: DEFAULT_REJECT_REASON.to_string(),
            add_headers: true,
            scan_address_headers: false,
            policy: None,
        }
    }
}
