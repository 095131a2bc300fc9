//! What a mamori gateway does with a message: spool it within a size bound, scan it with
//! the engine, turn the verdict into an action, and log one line about it.
//!
//! The mail gateway (`mamori-milter`) and the web gateway (ICAP) share this crate; each
//! speaks its own protocol and maps a [`Decision`] onto it.
//!
//! | verdict / failure | decision |
//! | --- | --- |
//! | allow | [`Decision::Accept`] with the `X-Mamori-*` headers |
//! | review | [`Decision::Quarantine`] (the Postfix hold queue) with the headers |
//! | block | [`Decision::Reject`]: `550 5.7.1` and the configured reason |
//! | larger than `max_message_bytes` | the configured `on_oversize` ([`FailMode`]) |
//! | the scan failed | the configured `on_error` ([`FailMode`]) |
//!
//! ```
//! use mamori_gateway::{Decision, Gateway, GatewaySection};
//! use std::io::Write;
//!
//! let gateway = Gateway::new(mamori::Scanner::builder().build()?, GatewaySection::default())?;
//! let mut spool = gateway.spool();
//! spool.write_all(b"Subject: =?UTF-8?B?5oOF5aCx?=\r\n\r\nMy Number: 6214-9832-0257\r\n")?;
//! let outcome = gateway.judge(spool);
//! assert!(matches!(&outcome.decision, Decision::Reject { code: 550, .. }));
//! let line = outcome.log_line("4Xyz0");
//! assert!(line.contains("\"verdict\":\"block\"") && !line.contains("9832"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod decision;
mod error;
mod gateway;
mod headers;
mod limiter;
mod log;
mod policy;
mod spool;

pub use decision::Decision;
pub use error::GatewayError;
pub use gateway::{Failure, Gateway, GatewayKind, Outcome};
pub use headers::{counts_header_value, COUNTS_HEADER, VERDICT_HEADER};
pub use limiter::{ConnectionLimit, Permit};
pub use log::{print_log_line, LogFn};
pub use mamori_config::{FailMode, GatewaySection, DEFAULT_REJECT_REASON};
pub use policy::mail_policy;
pub use spool::Spool;
