//! A configured gateway: the scanner, its settings, and the judgement of one message.

use crate::decision::Decision;
use crate::error::GatewayError;
use crate::headers::{counts_header_value, COUNTS_HEADER, VERDICT_HEADER};
use crate::policy::mail_policy;
use crate::spool::Spool;
use mamori::{Action, Report, Scanner, StopAtBlock, Verdict};
use mamori_config::{build_scanner, FailMode, GatewaySection, LoadedConfig, ScannerOpts};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Read;
use std::panic::AssertUnwindSafe;
use std::time::Instant;

/// Why a message got a [`FailMode`] instead of a verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    /// Larger than `max_message_bytes`: not scanned.
    Oversize,
    /// The scan failed (spool I/O error, internal error).
    ScanError,
}

/// Which gateway, and so which table of `mamori.toml` holds its settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GatewayKind {
    /// The mail gateway: `[milter]`.
    Milter,
    /// The web gateway: `[icap]`.
    Icap,
}

/// A scanner and the settings of one gateway.
#[derive(Clone, Debug)]
pub struct Gateway {
    scanner: Scanner,
    settings: GatewaySection,
}

/// The judgement of one message: what to do, and what to log about it.
#[derive(Clone, Debug)]
pub struct Outcome {
    /// What to tell the MTA or proxy.
    pub decision: Decision,
    /// The policy's verdict; `None` when the message was not scanned to the end.
    pub verdict: Option<Verdict>,
    /// Items per kind (custom rules under their name).
    pub counts: BTreeMap<String, u64>,
    /// Parts not inspected, per reason (`encrypted`, `corrupt`, ...).
    pub unscannable: BTreeMap<String, u64>,
    pub failure: Option<Failure>,
    /// Size of the message as received.
    pub bytes: u64,
    /// Time spent scanning, in microseconds.
    pub scan_us: u64,
}

impl Gateway {
    /// A gateway using `scanner` as it is (its policy included).
    pub fn new(scanner: Scanner, settings: GatewaySection) -> Result<Gateway, GatewayError> {
        let scanner = match &settings.policy {
            Some(policy) => with_policy(&scanner, policy.clone())?,
            None => scanner,
        };
        Ok(Gateway { scanner, settings })
    }

    /// Builds a gateway from the configuration file (when given) and command-line detection
    /// options. `kind` picks the gateway's table of the file (`[milter]` or `[icap]`). The
    /// policy is the table's `policy`, else the file's `[policy]`, else [`mail_policy`].
    pub fn load(opts: &ScannerOpts, kind: GatewayKind) -> Result<Gateway, GatewayError> {
        let loaded = opts.config.as_deref().map(LoadedConfig::load).transpose()?;
        let scanner = build_scanner(opts, loaded.as_ref(), false, None)?;
        let file = loaded.as_ref().map(|l| &l.file);
        let mut settings = match (file, kind) {
            (Some(f), GatewayKind::Milter) => f.milter.clone(),
            (Some(f), GatewayKind::Icap) => f.icap.clone(),
            (None, _) => GatewaySection::default(),
        };
        if settings.policy.is_none() && file.is_none_or(|f| f.policy.is_none()) {
            settings.policy = Some(mail_policy());
        }
        Gateway::new(scanner, settings)
    }

    /// The compiled scanner, with the gateway's policy.
    pub fn scanner(&self) -> &Scanner {
        &self.scanner
    }

    /// The gateway's table of the configuration.
    pub fn settings(&self) -> &GatewaySection {
        &self.settings
    }

    /// An empty spool bounded by the gateway's maximum message size.
    pub fn spool(&self) -> Spool {
        Spool::new(self.settings.max_message_bytes, self.settings.spool_memory_bytes)
    }

    /// Scans the spooled message (a whole RFC 5322 message) and decides. Stops reading at
    /// the first item that makes the verdict `block`.
    pub fn judge(&self, mut spool: Spool) -> Outcome {
        self.judge_named(&mut spool, b"", "message.eml")
    }

    /// Scans `prefix` followed by the spooled bytes, with `name_hint` as the name (its
    /// extension picks the format when the content does not), and decides. The spool keeps
    /// its bytes, so a web gateway can pass them on. `prefix` lets a gateway present a body
    /// with its own headers: an HTTP `multipart/form-data` body after its `Content-Type`
    /// line is a MIME message, each part scanned with its file name.
    ///
    /// ```
    /// use mamori_gateway::{Decision, Gateway, GatewaySection};
    /// use std::io::{Read, Write};
    ///
    /// let gateway = Gateway::new(mamori::Scanner::builder().build()?, GatewaySection::default())?;
    /// let mut spool = gateway.spool();
    /// spool.write_all(b"--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.csv\"\r\n\r\n")?;
    /// spool.write_all(b"My Number,6214-9832-0257\r\n--b--\r\n")?;
    /// let prefix = b"Content-Type: multipart/form-data; boundary=b\r\n\r\n";
    /// let outcome = gateway.judge_named(&mut spool, prefix, "upload.eml");
    /// assert!(matches!(outcome.decision, Decision::Reject { .. }));
    /// let mut kept = Vec::new();
    /// spool.rewound()?.read_to_end(&mut kept)?; // the body is still there to pass on
    /// assert!(kept.starts_with(b"--b\r\n"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn judge_named(&self, spool: &mut Spool, prefix: &[u8], name_hint: &str) -> Outcome {
        let bytes = spool.received();
        if spool.is_oversize() {
            return self.failed(Failure::Oversize, bytes, 0);
        }
        let started = Instant::now();
        let scanned = std::panic::catch_unwind(AssertUnwindSafe(|| {
            let reader = prefix.chain(spool.rewound()?);
            let mut gate = StopAtBlock::new(self.scanner.config().policy.clone());
            self.scanner
                .scan_reader_with(reader, Some(name_hint), &mut gate)
                .map_err(|e| std::io::Error::other(e.to_string()))
        }));
        let scan_us = started.elapsed().as_micros() as u64;
        match scanned {
            Ok(Ok(report)) => self.decide(report, bytes, scan_us),
            _ => self.failed(Failure::ScanError, bytes, scan_us),
        }
    }

    /// The decision for a scanned message.
    fn decide(&self, report: Report, bytes: u64, scan_us: u64) -> Outcome {
        let mut unscannable = BTreeMap::new();
        for part in &report.unscannable {
            let reason = serde_json::to_value(part.reason)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            *unscannable.entry(reason).or_insert(0) += 1;
        }
        let headers = || self.headers(report.verdict.action, &report.counts);
        let decision = match report.verdict.action {
            Action::Allow => Decision::Accept { headers: headers() },
            Action::Review => Decision::Quarantine {
                reason: format!("mamori: review ({})", report.verdict.reasons.join("; ")),
                headers: headers(),
            },
            Action::Block => Decision::Reject {
                code: 550,
                status: "5.7.1".into(),
                text: one_line(&self.settings.reject_reason),
            },
        };
        Outcome {
            decision,
            verdict: Some(report.verdict),
            counts: report.counts,
            unscannable,
            failure: None,
            bytes,
            scan_us,
        }
    }

    /// The decision when the message could not be judged.
    pub fn failed(&self, failure: Failure, bytes: u64, scan_us: u64) -> Outcome {
        let mode = match failure {
            Failure::Oversize => self.settings.on_oversize,
            Failure::ScanError => self.settings.on_error,
        };
        let why = match failure {
            Failure::Oversize => "message larger than the scanning limit",
            Failure::ScanError => "message could not be scanned",
        };
        let headers = |verdict: &str| {
            if self.settings.add_headers {
                vec![(VERDICT_HEADER.to_string(), format!("{verdict} ({why})"))]
            } else {
                Vec::new()
            }
        };
        let decision = match mode {
            FailMode::Accept => Decision::Accept { headers: headers("unscanned") },
            FailMode::Quarantine => Decision::Quarantine {
                reason: format!("mamori: {why}"),
                headers: headers("unscanned"),
            },
            FailMode::Tempfail => Decision::Tempfail {
                code: 451,
                status: "4.3.0".into(),
                text: format!("mamori: {why}, try again later"),
            },
        };
        Outcome {
            decision,
            verdict: None,
            counts: BTreeMap::new(),
            unscannable: BTreeMap::new(),
            failure: Some(failure),
            bytes,
            scan_us,
        }
    }

    fn headers(&self, action: Action, counts: &BTreeMap<String, u64>) -> Vec<(String, String)> {
        if !self.settings.add_headers {
            return Vec::new();
        }
        vec![
            (VERDICT_HEADER.to_string(), action.as_str().to_string()),
            (COUNTS_HEADER.to_string(), counts_header_value(counts)),
        ]
    }
}

impl Outcome {
    /// One JSON line for the log: the message's queue id, decision, verdict, reasons, counts
    /// per kind and unread parts per reason. It holds no value found in the message.
    pub fn log_line(&self, queue_id: &str) -> String {
        #[derive(Serialize)]
        struct Line<'a> {
            queue_id: &'a str,
            decision: &'static str,
            verdict: Option<&'static str>,
            reasons: &'a [String],
            counts: &'a BTreeMap<String, u64>,
            unscannable: &'a BTreeMap<String, u64>,
            #[serde(skip_serializing_if = "Option::is_none")]
            failure: Option<Failure>,
            bytes: u64,
            scan_us: u64,
        }
        let line = Line {
            queue_id,
            decision: self.decision.name(),
            verdict: self.verdict.as_ref().map(|v| v.action.as_str()),
            reasons: self.verdict.as_ref().map_or(&[], |v| &v.reasons),
            counts: &self.counts,
            unscannable: &self.unscannable,
            failure: self.failure,
            bytes: self.bytes,
            scan_us: self.scan_us,
        };
        serde_json::to_string(&line).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

/// The scanner compiled again with another policy.
fn with_policy(scanner: &Scanner, policy: mamori::Policy) -> Result<Scanner, GatewayError> {
    let mut config = scanner.config().clone();
    config.policy = policy;
    Scanner::new(config).map_err(GatewayError::Policy)
}

/// `text` on one line of printable characters (it ends up in a protocol reply).
fn one_line(text: &str) -> String {
    let line: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    line.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gateway(settings: GatewaySection) -> Gateway {
        let settings = GatewaySection { policy: Some(mail_policy()), ..settings };
        Gateway::new(Scanner::builder().build().unwrap(), settings).unwrap()
    }

    fn judge(g: &Gateway, message: &[u8]) -> Outcome {
        let mut spool = g.spool();
        spool.write_all(message).unwrap();
        g.judge(spool)
    }

    #[test]
    fn clean_message_is_accepted_with_headers() {
        let o =
            judge(&gateway(GatewaySection::default()), b"Subject: hello\r\n\r\nSee you at 3.\r\n");
        let Decision::Accept { headers } = &o.decision else { panic!("{:?}", o.decision) };
        assert_eq!(headers[0], (VERDICT_HEADER.to_string(), "allow".to_string()));
        assert_eq!(headers[1], (COUNTS_HEADER.to_string(), "none".to_string()));
    }

    #[test]
    fn my_number_is_rejected_with_the_configured_reason() {
        let settings =
            GatewaySection { reject_reason: "no\r\nway".into(), ..GatewaySection::default() };
        let o = judge(&gateway(settings), b"Subject: x\r\n\r\nMy Number 6214-9832-0257\r\n");
        assert_eq!(
            o.decision,
            Decision::Reject { code: 550, status: "5.7.1".into(), text: "no  way".into() }
        );
        let line = o.log_line("ABC123");
        assert!(line.contains("\"my_number\":1"), "{line}");
        assert!(!line.contains("0257"), "no value, not even masked digits: {line}");
    }

    #[test]
    fn oversize_follows_on_oversize() {
        let settings = GatewaySection {
            max_message_bytes: 10,
            on_oversize: FailMode::Tempfail,
            ..GatewaySection::default()
        };
        let o = judge(&gateway(settings), b"Subject: x\r\n\r\nlonger than ten bytes\r\n");
        assert!(matches!(o.decision, Decision::Tempfail { code: 451, .. }), "{:?}", o.decision);
        assert_eq!(o.failure, Some(Failure::Oversize));
        assert!(o.log_line("Q").contains("\"failure\":\"oversize\""));
    }

    #[test]
    fn load_uses_mail_policy_without_a_policy_table() {
        let g = Gateway::load(&ScannerOpts::default(), GatewayKind::Milter).unwrap();
        assert_eq!(g.scanner().config().policy, mail_policy());
    }
}
