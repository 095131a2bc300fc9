//! `mamori-milter`: a mail filter for Postfix and Sendmail that scans every message with
//! the mamori engine and rejects, holds or tags it (see `gateways/README.md`).
//!
//! The milter protocol (version 6) is implemented here over plain sockets and threads:
//! [`protocol`] reads and writes frames, [`session`] runs one MTA connection, [`server`]
//! accepts connections within the gateway's limits.

pub mod protocol;
pub mod server;
pub mod session;
