//! E-mail (RFC 5322 / MIME): the headers that carry people, every body, every attachment.
//!
//! From, To, Cc, Bcc, Reply-To and Subject are scanned with RFC 2047 encoded words decoded
//! (locations `mail.eml#From`, `mail.eml#Subject`). Bodies are decoded from any transfer
//! encoding and charset (ISO-2022-JP, Shift_JIS, EUC-JP included) and all of them are
//! scanned, HTML through the markup stripper (attribute values that carry data included):
//! the first at `mail.eml#body`, the next at `#body=2`, `#body=3`... in message order. The
//! alternatives of a multipart/alternative (text and HTML renderings of one body) are
//! scanned one after the other, and a value a later rendering shows again is not reported
//! again (same kind and normalised value; see `unit::Renderings`), so a body counts once
//! while data only the HTML holds is still found. Attachments, including forwarded
//! messages, are scanned recursively: `mail.eml!見積.xlsx#Sheet1!B3`.

use crate::extract::limits::{Budget, Limit};
use crate::extract::text::{Markup, Stripper};
use crate::extract::unit::{Renderings, Unit};
use crate::extract::{child, Cx, Input, Stop};
use mail_parser::{Address, Message, MessageParser, MessagePart, MimeHeaders, PartType};

/// Extracts and scans one message held in memory (already read within the member limit
/// by the caller, checked again here for slices).
pub(crate) fn scan(
    cx: &mut Cx<'_>,
    bytes: &[u8],
    loc: Option<String>,
    depth: u32,
) -> Result<(), Stop> {
    if bytes.len() as u64 > cx.budget.limits.max_member_bytes {
        return Err(Stop::Limit(Limit::MemberBytes));
    }
    // mail-parser builds every part (decoded) at once: refuse a message that might make more
    // parts than the members left before it runs; the parts it made are charged after.
    if part_bound(bytes) > cx.budget.members_left() {
        cx.budget.check()?;
        return Err(Stop::Limit(Limit::Members));
    }
    // It also builds nested messages as a tree of any depth (dropped recursively): past a
    // generous multiple of the depth limit, do not let it start.
    let nested = nested_bound(bytes);
    let limit = cx.budget.limits.max_depth;
    if nested > u64::from(limit).saturating_mul(NESTED_PER_LEVEL).max(64) {
        return Err(Stop::Refused(format!(
            "max_depth = {limit} reached: {nested} nested-message headers, more than \
             {NESTED_PER_LEVEL} per allowed level, were not parsed"
        )));
    }
    // mail-parser 0.11.9 has a `debug_assert!(false)` reachable from malformed multipart
    // nesting (parsers/message.rs:485; a no-op in release builds). Parsing is a pure
    // function of `bytes` that shares no state with us, so isolating it is sound.
    let parsed = std::panic::catch_unwind(|| MessageParser::default().parse(bytes));
    let msg = match parsed {
        Ok(Some(m)) => m,
        Ok(None) => return Err(Stop::Corrupt("not a MIME message".into())),
        Err(_) => return Err(Stop::Corrupt("malformed MIME structure".into())),
    };
    for _ in 0..parts(&msg) {
        cx.budget.member()?;
    }
    message(cx, &msg, &loc, depth)
}

/// The parts of a parsed message and of the messages nested in it (their nesting is bounded
/// before parsing).
fn parts(msg: &Message<'_>) -> u64 {
    let nested = msg.parts.iter().map(|p| match &p.body {
        PartType::Message(m) => parts(m),
        _ => 0,
    });
    msg.parts.len() as u64 + nested.sum::<u64>()
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
    bodies(cx, msg, loc)?;
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
        // The part was counted as a member before parsing; its decoded bytes cost now.
        if let Err(l) = charge(cx.budget, part_len(part)) {
            cx.record(Stop::Limit(l), &aloc).map_err(Stop::Read)?;
            continue;
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

/// Where a body part sits among the alternatives of its message.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Rendering {
    /// The outermost multipart/alternative holding the part: renderings of one content.
    content: Option<u32>,
    /// The rendering the part belongs to: the child of its nearest multipart/alternative
    /// (the part itself, or a multipart/related holding the HTML and its pictures).
    rendering: Option<u32>,
}

fn is_alternative(part: &MessagePart<'_>) -> bool {
    part.content_type().is_some_and(|ct| {
        ct.ctype().eq_ignore_ascii_case("multipart")
            && ct.subtype().is_some_and(|s| s.eq_ignore_ascii_case("alternative"))
    })
}

/// The rendering of each body part, from the multipart tree of the message.
fn renderings_of(msg: &Message<'_>, ids: &[u32]) -> Vec<Rendering> {
    let mut parent: Vec<Option<u32>> = vec![None; msg.parts.len()];
    for (p, part) in msg.parts.iter().enumerate() {
        if let PartType::Multipart(children) = &part.body {
            for &c in children {
                if let Some(slot) = parent.get_mut(c as usize) {
                    // The parser numbers parts depth first: a parent comes before its
                    // children, which also rules out cycles when walking up.
                    if (p as u32) < c {
                        *slot = Some(p as u32);
                    }
                }
            }
        }
    }
    ids.iter()
        .map(|&id| {
            let mut r = Rendering { content: None, rendering: None };
            let mut child = id;
            while let Some(p) = parent.get(child as usize).copied().flatten() {
                if msg.parts.get(p as usize).is_some_and(is_alternative) {
                    r.rendering.get_or_insert(child);
                    r.content = Some(p);
                }
                child = p;
            }
            r
        })
        .collect()
}

/// Scans the bodies: every text and HTML part, the first at `#body`, the next at
/// `#body=2`... Renderings of one content (the alternatives of a multipart/alternative) are
/// scanned one after the other, each reporting only values the earlier ones did not.
fn bodies(cx: &mut Cx<'_>, msg: &Message<'_>, loc: &Option<String>) -> Result<(), Stop> {
    // `text_body` and `html_body` list the same part where it has no alternative.
    let mut ids: Vec<u32> = msg.text_body.iter().chain(&msg.html_body).copied().collect();
    ids.sort_unstable();
    ids.dedup();
    let where_ = renderings_of(msg, &ids);
    let mut seen = Renderings::default();
    let mut i = 0;
    while i < ids.len() {
        let r = where_[i];
        let end = i + where_[i..].iter().take_while(|w| **w == r).count();
        if i > 0 && where_[i - 1].content != r.content {
            seen = Renderings::default();
        }
        let mut unit = Unit::new(cx, loc.clone());
        if r.content.is_some() {
            unit = unit.rendering_of(&mut seen);
        }
        let res = (i..end).try_for_each(|n| {
            let Some(part) = msg.parts.get(ids[n] as usize) else { return Ok(()) };
            charge(unit.budget(), part_len(part))?;
            let label = if n == 0 { "#body".to_string() } else { format!("#body={}", n + 1) };
            match &part.body {
                PartType::Text(t) => {
                    unit.place(label);
                    unit.push(t)?;
                    unit.push("\n")
                }
                PartType::Html(h) => {
                    unit.place(label);
                    let mut s = Stripper::new(Markup::Html);
                    s.feed(h, &mut unit)?;
                    s.finish(&mut unit)?;
                    unit.push("\n")
                }
                _ => Ok(()),
            }
        });
        unit.finish();
        res?;
        i = end;
    }
    Ok(())
}

/// Nested-message headers allowed per level of `max_depth` before parsing is refused (flat
/// forwarded messages are many headers at one level; the depth reached is limited exactly
/// once parsed).
const NESTED_PER_LEVEL: u64 = 16;

/// An upper bound on the parts mail-parser makes of `bytes`: every line starting with `--`
/// (a multipart boundary delimiter or not) and every nested message may start one.
pub(super) fn part_bound(bytes: &[u8]) -> u64 {
    let delimiters =
        memchr::memmem::find_iter(bytes, b"\n--").count() + usize::from(bytes.starts_with(b"--"));
    delimiters as u64 + nested_bound(bytes)
}

/// An upper bound on the messages nested in `bytes`, and so on their depth: each starts at a
/// `message/rfc822` (or `message/global`) type, or is a part of a `multipart/digest`.
fn nested_bound(bytes: &[u8]) -> u64 {
    let count = |p: &[u8]| memchr::memmem::find_iter(bytes, p).count() as u64;
    count(b"essage/") + count(b"ESSAGE/") + count(b"igest") + count(b"IGEST")
}

/// Decoded bytes a part holds.
fn part_len(part: &MessagePart<'_>) -> u64 {
    match &part.body {
        PartType::Text(t) | PartType::Html(t) => t.len() as u64,
        PartType::Binary(b) | PartType::InlineBinary(b) => b.len() as u64,
        PartType::Message(m) => m.raw_message.len() as u64,
        PartType::Multipart(_) => 0,
    }
}

/// Charges a decoded part: within the member limit, drawn from the shared total.
pub(super) fn charge(budget: &Budget, len: u64) -> Result<(), Limit> {
    if len > budget.limits.max_member_bytes {
        return Err(Limit::MemberBytes);
    }
    budget.draw(len)
}
