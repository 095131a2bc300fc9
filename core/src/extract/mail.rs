//! E-mail (RFC 5322 / MIME): the headers that carry people, the body once, every attachment.
//!
//! From, To, Cc, Bcc, Reply-To and Subject are scanned with RFC 2047 encoded words decoded
//! (locations `mail.eml#From`, `mail.eml#Subject`). Bodies are decoded from any transfer
//! encoding and charset (ISO-2022-JP, Shift_JIS, EUC-JP included); of a
//! multipart/alternative only one rendering is scanned (the plain text one when present), so
//! the text and HTML forms of one body are not counted twice (`mail.eml#body`,
//! `#body=2`...). Attachments, including forwarded messages, are scanned recursively:
//! `mail.eml!見積.xlsx#Sheet1!B3`.

use super::text::{Markup, Stripper};
use super::unit::Unit;
use super::{child, Cx, Input, Stop};
use mail_parser::{Address, Message, MessageParser, MimeHeaders, PartType};

pub(crate) fn scan(
    cx: &mut Cx<'_>,
    bytes: &[u8],
    loc: Option<String>,
    depth: u32,
) -> Result<(), Stop> {
    // mail-parser 0.11.9 has a `debug_assert!(false)` reachable from malformed multipart
    // nesting (parsers/message.rs:485; a no-op in release builds). Parsing is a pure
    // function of `bytes` that shares no state with us, so isolating it is sound.
    let parsed = std::panic::catch_unwind(|| MessageParser::default().parse(bytes));
    let msg = match parsed {
        Ok(Some(m)) => m,
        Ok(None) => return Err(Stop::Corrupt("not a MIME message".into())),
        Err(_) => return Err(Stop::Corrupt("malformed MIME structure".into())),
    };
    message(cx, &msg, &loc, depth)
}

fn push_address(out: &mut String, a: &Address<'_>) {
    let mut first = true;
    let mut one = |name: Option<&str>, addr: Option<&str>| {
        if !first {
            out.push_str(", ");
        }
        first = false;
        match (name, addr) {
            (Some(n), Some(a)) => {
                out.push_str(n);
                out.push_str(" <");
                out.push_str(a);
                out.push('>');
            }
            (Some(n), None) => out.push_str(n),
            (None, Some(a)) => out.push_str(a),
            (None, None) => {}
        }
    };
    match a {
        Address::List(list) => {
            for x in list {
                one(x.name.as_deref(), x.address.as_deref());
            }
        }
        Address::Group(groups) => {
            for g in groups {
                for x in &g.addresses {
                    one(x.name.as_deref(), x.address.as_deref());
                }
            }
        }
    }
}

fn message(
    cx: &mut Cx<'_>,
    msg: &Message<'_>,
    loc: &Option<String>,
    depth: u32,
) -> Result<(), Stop> {
    cx.budget.depth_ok(depth)?;
    // Headers that carry people.
    {
        let mut unit = Unit::new(cx, loc.clone());
        let mut line = String::new();
        let addrs = [
            ("From", msg.from()),
            ("To", msg.to()),
            ("Cc", msg.cc()),
            ("Bcc", msg.bcc()),
            ("Reply-To", msg.reply_to()),
        ];
        for (label, a) in addrs {
            if let Some(a) = a {
                line.clear();
                push_address(&mut line, a);
                unit.place(format!("#{label}"));
                unit.push(label)?;
                unit.push(": ")?;
                unit.push(&line)?;
                unit.push("\n")?;
            }
        }
        if let Some(s) = msg.subject() {
            unit.place("#Subject");
            unit.push("Subject: ")?;
            unit.push(s)?;
            unit.push("\n")?;
        }
        unit.finish();
    }
    // Bodies: `text_body` holds one rendering of each body (HTML only where there is no text).
    {
        let mut unit = Unit::new(cx, loc.clone());
        let count = msg.text_body.len();
        for (i, &id) in msg.text_body.iter().enumerate() {
            let Some(part) = msg.parts.get(id as usize) else { continue };
            let label = if count > 1 { format!("#body={}", i + 1) } else { "#body".to_string() };
            match &part.body {
                PartType::Text(t) => {
                    unit.place(label);
                    unit.push(t)?;
                    unit.push("\n")?;
                }
                PartType::Html(h) => {
                    unit.place(label);
                    let mut s = Stripper::new(Markup::Html);
                    s.feed(h, &mut unit)?;
                    unit.push("\n")?;
                }
                _ => {}
            }
        }
        unit.finish();
    }
    // Attachments (parts already scanned as a body are not scanned again).
    for (i, &id) in msg.attachments.iter().enumerate() {
        if cx.budget.exhausted().is_some() {
            break;
        }
        if msg.text_body.contains(&id) || msg.html_body.contains(&id) {
            continue;
        }
        let Some(part) = msg.parts.get(id as usize) else { continue };
        let name = part.attachment_name().map(|n| n.replace('/', "／")).unwrap_or_else(|| {
            match &part.body {
                PartType::Message(_) => format!("attachment{}.eml", i + 1),
                _ => format!("attachment{}", i + 1),
            }
        });
        let aloc = Some(child(loc, &name));
        if let Err(l) = cx.budget.member() {
            cx.record(Stop::Limit(l), &aloc).map_err(Stop::Read)?;
            break;
        }
        let res = match &part.body {
            PartType::Message(m) => match message(cx, m, &aloc, depth + 1) {
                Ok(()) => Ok(()),
                Err(stop) => cx.record(stop, &aloc),
            },
            PartType::Binary(b) | PartType::InlineBinary(b) => {
                cx.member(Input::Mem(b), &name, aloc, depth + 1)
            }
            PartType::Text(t) | PartType::Html(t) => {
                cx.member(Input::Mem(t.as_bytes()), &name, aloc, depth + 1)
            }
            PartType::Multipart(_) => Ok(()),
        };
        res.map_err(Stop::Read)?;
    }
    Ok(())
}
