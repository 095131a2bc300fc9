//! Sinks: findings and unread parts delivered as they are found.
//!
//! Every scan path — plain text, documents, mail and nested archives — calls a [`Sink`] for
//! each finding and each part it could not inspect, in the order they are found, and
//! brackets every text unit (a cell range, a mail body, an archive member's text) with
//! [`Sink::begin`] and [`Sink::end`]. A sink answers [`Flow::Continue`] or [`Flow::Stop`];
//! after `Stop` the scan reads no further input and returns the report of what it saw, with
//! [`Report::stopped`](crate::Report::stopped) set.
//!
//! The [`Report`](crate::Report) a scan returns is built beside the caller's sink, so a sink
//! only needs to handle what it cares about. [`StopAtBlock`] is the sink a gateway wants:
//! it stops at the first event after which the policy's verdict is `block`.
//!
//! ```
//! use mamori::{Finding, Flow, Scanner, Sink};
//!
//! /// Prints masked findings as they are found.
//! struct Print(usize);
//! impl Sink for Print {
//!     fn finding(&mut self, f: &Finding) -> Flow {
//!         self.0 += 1;
//!         println!("{} {}", f.kind, f.masked);
//!         Flow::Continue
//!     }
//! }
//!
//! let scanner = Scanner::builder().build().unwrap();
//! let mut sink = Print(0);
//! let report = scanner.scan_bytes_with(b"TEL 03-1234-5678\n", Some("a.txt"), &mut sink);
//! assert_eq!(sink.0, report.findings.len());
//! ```

use crate::finding::{Finding, Unscannable};
use crate::policy::{Action, Policy};
use crate::report::ReportBuilder;

/// What a sink wants after an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    /// Go on scanning.
    Continue,
    /// Read no further input.
    Stop,
}

/// Receives a scan's events as they happen. Only [`Sink::finding`] must be written.
pub trait Sink {
    /// A text unit at `location` starts (`""` for an unnamed plain input).
    fn begin(&mut self, location: &str) -> Flow {
        let _ = location;
        Flow::Continue
    }

    /// A finding, with its location and offsets relative to its place.
    fn finding(&mut self, finding: &Finding) -> Flow;

    /// A part that could not be inspected, and why.
    fn unscannable(&mut self, part: &Unscannable) -> Flow {
        let _ = part;
        Flow::Continue
    }

    /// The text unit at `location` is done.
    fn end(&mut self, location: &str) -> Flow {
        let _ = location;
        Flow::Continue
    }
}

/// A sink that ignores everything (the plain `scan_*` methods use it).
#[derive(Clone, Copy, Debug, Default)]
pub struct NoSink;

impl Sink for NoSink {
    fn finding(&mut self, _: &Finding) -> Flow {
        Flow::Continue
    }
}

/// Any `FnMut(&Finding) -> Flow` is a sink of findings.
pub struct FindingFn<F>(pub F);

impl<F: FnMut(&Finding) -> Flow> Sink for FindingFn<F> {
    fn finding(&mut self, finding: &Finding) -> Flow {
        (self.0)(finding)
    }
}

/// Stops the scan at the first finding or unread part after which `policy` says `block`: a
/// gateway can answer at once and read no further. (Person counts are known only when a
/// text unit ends, so `block_at_persons` is left to the final report.)
///
/// ```
/// use mamori::{Action, Scanner, StopAtBlock};
///
/// let scanner = Scanner::builder().build().unwrap();
/// let mut gate = StopAtBlock::new(scanner.config().policy.clone());
/// let text = "マイナンバー 6214-9832-0257\n".repeat(100_000);
/// let report = scanner.scan_bytes_with(text.as_bytes(), None, &mut gate);
/// assert_eq!(gate.action(), Action::Block);
/// assert!(report.stopped);
/// assert!(report.bytes_scanned < text.len() as u64 / 10, "read a few blocks at most");
/// ```
pub struct StopAtBlock {
    policy: Policy,
    seen: ReportBuilder,
    action: Action,
}

impl StopAtBlock {
    pub fn new(policy: Policy) -> Self {
        StopAtBlock { policy, seen: ReportBuilder::new(0), action: Action::Allow }
    }

    /// The policy's verdict on what the sink has seen so far.
    pub fn action(&self) -> Action {
        self.action
    }

    fn after_event(&mut self) -> Flow {
        self.action = self.seen.action(&self.policy);
        if self.action == Action::Block {
            Flow::Stop
        } else {
            Flow::Continue
        }
    }
}

impl Sink for StopAtBlock {
    fn finding(&mut self, finding: &Finding) -> Flow {
        self.seen.add(finding.clone(), &self.policy);
        self.after_event()
    }

    fn unscannable(&mut self, part: &Unscannable) -> Flow {
        self.seen.add_unscannable(part.clone());
        self.after_event()
    }
}
