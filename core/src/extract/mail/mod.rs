//! Mail: RFC 5322/MIME messages (`eml.rs`), Outlook .msg files (`msg.rs`) and mbox
//! mailboxes (`mbox.rs`).
//!
//! All three name places the same way: headers at `#From`, `#To`, `#Cc`, `#Bcc`,
//! `#Reply-To`, `#Subject`; bodies at `#body`, `#body=2`... in the order read; attachments
//! as members by their file name (`受信.msg!見積.xlsx#Sheet1!B3`), forwarded or embedded
//! messages likewise (`mail.eml!forward.eml#From`). An mbox names each message by its
//! 1-based position in the file, never by its subject: `inbox.mbox!3#Subject`,
//! `inbox.mbox!3!見積.xlsx#Sheet1!B3`.
//!
//! Bounds: a message is read only when its bytes fit `Limits::max_member_bytes`; its MIME
//! parts are counted (a scan for boundary lines and `message/` types) and charged to
//! `max_members` before the parser sees it; each nested message costs a level of
//! `max_depth`; every decoded body and attachment is charged to `max_total_bytes`. A .msg
//! checks each stream's size against the same limits before reading it. An mbox is read
//! message by message, never whole.

mod eml;
mod lzfu;
pub(crate) mod mbox;
pub(crate) mod msg;

pub(crate) use eml::scan;
