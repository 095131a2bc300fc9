//! Where a gateway's log lines go.

use std::io::Write;
use std::sync::Arc;

/// Receives one log line per message or body (see [`crate::Outcome::log_line`]).
pub type LogFn = Arc<dyn Fn(&str) + Send + Sync>;

/// Writes `line` to standard output and flushes it, so a service manager's journal gets each
/// line as it happens. A closed output loses the line: logging never stops the gateway.
pub fn print_log_line(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}
