//! `mamori-icap`: an ICAP/1.0 server (RFC 3507) for Squid that scans uploads (REQMOD) and
//! downloads (RESPMOD) with the mamori engine and answers `403` with a short page when one
//! carries personal data (see `gateways/README.md`).
//!
//! [`wire`] reads an ICAP request head, its encapsulated HTTP headers and its chunked body,
//! every size checked before anything is kept; [`reply`] writes the answers; [`session`]
//! runs one Squid connection; [`server`] accepts connections within the gateway's limits.

pub mod reply;
pub mod server;
pub mod session;
pub mod wire;
