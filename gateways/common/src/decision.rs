//! The action a gateway takes on one message, independent of its protocol.

/// What to do with a message. Headers are `(name, value)` pairs to add.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Deliver it, with these headers added.
    Accept { headers: Vec<(String, String)> },
    /// Accept it into the quarantine (Postfix: the hold queue), with these headers added.
    Quarantine { reason: String, headers: Vec<(String, String)> },
    /// Refuse it for good: SMTP `code` (550), enhanced status (`5.7.1`) and text.
    Reject { code: u16, status: String, text: String },
    /// Refuse it for now; the sender keeps it and tries again.
    Tempfail { code: u16, status: String, text: String },
}

impl Decision {
    /// The one-word name used in log lines: `accept`, `quarantine`, `reject`, `tempfail`.
    pub fn name(&self) -> &'static str {
        match self {
            Decision::Accept { .. } => "accept",
            Decision::Quarantine { .. } => "quarantine",
            Decision::Reject { .. } => "reject",
            Decision::Tempfail { .. } => "tempfail",
        }
    }
}
