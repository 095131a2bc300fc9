//! Outlook messages (.msg, MS-OXMSG): an OLE compound file whose streams hold the
//! message's properties, read through `legacy::Container` (the compound file's layout
//! checked before it is opened, every stream read through the budget).
//!
//! Read: the subject (`#Subject`), the sender (`#From`: display name and SMTP address),
//! every recipient storage (`__recip_version1.0_#XXXXXXXX`: name and address, on `#To`,
//! `#Cc` or `#Bcc` by its recipient type; the display lists when there is none), and the
//! bodies: plain text (`__substg1.0_1000001F` in UTF-16, or `1000001E` in the message's
//! code page, `PidTagInternetCodepage` first: 932 reads as Shift_JIS), HTML (`10130102`)
//! and compressed RTF (`10090102`, expanded by `lzfu.rs`). The bodies are renderings of one
//! content: each after the first reports only values the earlier ones did not (as for the
//! alternatives of a MIME message), at `#body`, `#body=2`... in that order among those
//! present. Attachments (`__attach_version1.0_#XXXXXXXX`) are members named by their long
//! file name (`受信.msg!見積.xlsx#Sheet1!B3`); an attached message (`3701000D` storage) is
//! read the same way, one level deeper. A compressed RTF body that cannot be expanded is
//! reported at `#body=rtf`.
//!
//! Every stream's size (from the directory) is checked against `max_member_bytes` and drawn
//! from `max_total_bytes` before it is read, and a compressed RTF body's declared raw size
//! before it is expanded; each recipient and attachment counts as a
//! member; each embedded message costs a level of `max_depth`. A stream longer than the file
//! holding it is `corrupt`.

use super::eml::charge;
use super::lzfu::{self, LzfuError};
use crate::extract::legacy::{self, Container};
use crate::extract::limits::Limit;
use crate::extract::text::{self, Markup, Stripper};
use crate::extract::unit::{Renderings, Unit};
use crate::extract::{child, Cx, Input, Stop};
use encoding_rs::Encoding;
use std::path::{Path, PathBuf};

/// The property stream every message, recipient and attachment storage has.
const PROPERTIES: &str = "__properties_version1.0";
/// Bytes before the property entries: top-level message, embedded message, others.
const HEADER_TOP: usize = 32;
const HEADER_EMBEDDED: usize = 24;
const HEADER_OTHER: usize = 8;

// Property ids (MS-OXPROPS).
const SUBJECT: u16 = 0x0037;
const SENDER_NAME: u16 = 0x0C1A;
const SENDER_ADDRESS: u16 = 0x0C1F;
const SENDER_SMTP: u16 = 0x5D01;
const DISPLAY_TO: u16 = 0x0E04;
const DISPLAY_CC: u16 = 0x0E03;
const DISPLAY_BCC: u16 = 0x0E02;
const BODY: u16 = 0x1000;
const HTML: u16 = 0x1013;
const RTF_COMPRESSED: u16 = 0x1009;
const DISPLAY_NAME: u16 = 0x3001;
const EMAIL_ADDRESS: u16 = 0x3003;
const SMTP_ADDRESS: u16 = 0x39FE;
const RECIPIENT_TYPE: u16 = 0x0C15;
const ATTACH_DATA: u16 = 0x3701;
const ATTACH_FILENAME: u16 = 0x3704;
const ATTACH_LONG_FILENAME: u16 = 0x3707;
const INTERNET_CODEPAGE: u16 = 0x3FDE;
const MESSAGE_CODEPAGE: u16 = 0x3FFD;

fn corrupt(what: impl std::fmt::Display) -> Stop {
    Stop::Corrupt(format!("msg: {what}"))
}

/// Extracts and scans an Outlook message from its opened compound file.
pub(crate) fn scan(
    cx: &mut Cx<'_>,
    mut file: Container<'_>,
    loc: Option<String>,
    depth: u32,
) -> Result<(), Stop> {
    file.name("msg");
    message(cx, &mut file, Path::new("/"), HEADER_TOP, &loc, depth)
}

/// A string property: UTF-16 (`001F`) or 8-bit (`001E`, decoded with `enc`).
fn string(
    file: &mut Container<'_>,
    storage: &Path,
    id: u16,
    enc: Option<&'static Encoding>,
) -> Result<Option<String>, Stop> {
    if let Some(b) = file.value(substg(storage, id, 0x001F))? {
        return Ok(Some(utf16le(&b)));
    }
    match file.value(substg(storage, id, 0x001E))? {
        Some(b) => Ok(Some(decode(&b, enc))),
        None => Ok(None),
    }
}

fn substg(storage: &Path, id: u16, ty: u16) -> PathBuf {
    storage.join(format!("__substg1.0_{id:04X}{ty:04X}"))
}

/// A UTF-16 string property without the terminating NULs some writers keep.
fn utf16le(b: &[u8]) -> String {
    let mut s = legacy::utf16le(b);
    s.truncate(s.trim_end_matches('\0').len());
    s
}

/// 8-bit text in the message's code page, or in the encoding its bytes look like.
fn decode(b: &[u8], enc: Option<&'static Encoding>) -> String {
    let enc = enc.unwrap_or_else(|| text::detect(b).0);
    let mut s = enc.decode(b).0.into_owned();
    s.truncate(s.trim_end_matches('\0').len());
    s
}

/// A 4-byte integer property (`PT_LONG`) from a property stream.
fn long_property(props: &[u8], header: usize, id: u16) -> Option<u32> {
    let tag = (u32::from(id) << 16) | 0x0003;
    props.get(header..)?.chunks_exact(16).find_map(|e| {
        let t = u32::from_le_bytes([e[0], e[1], e[2], e[3]]);
        (t == tag).then(|| u32::from_le_bytes([e[8], e[9], e[10], e[11]]))
    })
}

fn codepage(cp: Option<u32>) -> Option<&'static Encoding> {
    cp.and_then(|cp| u16::try_from(cp).ok()).and_then(codepage::to_encoding)
}

fn message(
    cx: &mut Cx<'_>,
    file: &mut Container<'_>,
    storage: &Path,
    header: usize,
    loc: &Option<String>,
    depth: u32,
) -> Result<(), Stop> {
    cx.budget.depth_ok(depth)?;
    cx.budget.check()?;
    let props = file.value(storage.join(PROPERTIES))?.unwrap_or_default();
    let internet = long_property(&props, header, INTERNET_CODEPAGE);
    let message_cp = long_property(&props, header, MESSAGE_CODEPAGE);
    let strings = codepage(message_cp.or(internet));
    let body = codepage(internet.or(message_cp));
    headers(cx, file, storage, loc, strings)?;
    bodies(cx, file, storage, loc, body)?;
    attachments(cx, file, storage, loc, depth, strings)
}

/// `name <address>`, or whichever of the two there is.
fn person(name: Option<String>, address: Option<String>) -> Option<String> {
    // Exchange-internal addresses (`/O=ORG/OU=...`) carry no one's address.
    let address = address.filter(|a| !a.is_empty() && !a.starts_with('/'));
    match (name.filter(|n| !n.is_empty()), address) {
        (Some(n), Some(a)) if n != a => Some(format!("{n} <{a}>")),
        (Some(n), _) => Some(n),
        (None, a) => a,
    }
}

fn headers(
    cx: &mut Cx<'_>,
    file: &mut Container<'_>,
    storage: &Path,
    loc: &Option<String>,
    enc: Option<&'static Encoding>,
) -> Result<(), Stop> {
    let budget = cx.budget;
    let from = {
        let name = string(file, storage, SENDER_NAME, enc)?;
        let smtp = string(file, storage, SENDER_SMTP, enc)?;
        let addr = match smtp {
            Some(a) if !a.is_empty() => Some(a),
            _ => string(file, storage, SENDER_ADDRESS, enc)?,
        };
        person(name, addr)
    };
    // To, Cc, Bcc by recipient type (1, 2, 3).
    let mut lists: [Vec<String>; 3] = Default::default();
    let recipients = file.storages(storage, "__recip_version1.0_#")?;
    for r in &recipients {
        budget.member()?;
        let props = file.value(r.join(PROPERTIES))?.unwrap_or_default();
        let kind = long_property(&props, HEADER_OTHER, RECIPIENT_TYPE).unwrap_or(1);
        let name = string(file, r, DISPLAY_NAME, enc)?;
        let smtp = string(file, r, SMTP_ADDRESS, enc)?;
        let addr = match smtp {
            Some(a) if !a.is_empty() => Some(a),
            _ => string(file, r, EMAIL_ADDRESS, enc)?,
        };
        if let Some(p) = person(name, addr) {
            let i = (kind.clamp(1, 3) - 1) as usize;
            lists[i].push(p);
        }
    }
    if recipients.is_empty() {
        for (i, id) in [DISPLAY_TO, DISPLAY_CC, DISPLAY_BCC].into_iter().enumerate() {
            if let Some(s) = string(file, storage, id, enc)?.filter(|s| !s.is_empty()) {
                lists[i].push(s);
            }
        }
    }
    let subject = string(file, storage, SUBJECT, enc)?;
    let mut unit = Unit::new(cx, loc.clone());
    let res = (|| {
        let [to, cc, bcc] = &lists;
        let lines = [("From", from.as_slice()), ("To", to.as_slice()), ("Cc", cc), ("Bcc", bcc)];
        for (label, people) in lines {
            if people.is_empty() {
                continue;
            }
            unit.place(format!("#{label}"));
            unit.push(label)?;
            unit.push(": ")?;
            unit.push(&people.join(", "))?;
            unit.push("\n")?;
        }
        if let Some(s) = &subject {
            unit.place("#Subject");
            unit.push("Subject: ")?;
            unit.push(s)?;
            unit.push("\n")?;
        }
        Ok::<(), Limit>(())
    })();
    unit.finish();
    Ok(res?)
}

/// One rendering of the body.
enum Body {
    Text(String),
    Html(String),
    Rtf(String),
}

fn bodies(
    cx: &mut Cx<'_>,
    file: &mut Container<'_>,
    storage: &Path,
    loc: &Option<String>,
    enc: Option<&'static Encoding>,
) -> Result<(), Stop> {
    let budget = cx.budget;
    let mut found = Vec::new();
    if let Some(t) = string(file, storage, BODY, enc)? {
        found.push(Body::Text(t));
    }
    if let Some(b) = file.value(substg(storage, HTML, 0x0102))? {
        found.push(Body::Html(decode(&b, enc)));
    } else if let Some(h) = string(file, storage, HTML, enc)? {
        found.push(Body::Html(h));
    }
    if let Some(c) = file.value(substg(storage, RTF_COMPRESSED, 0x0102))? {
        // The header's raw size bounds the expansion: charged before anything is expanded.
        let raw = c.get(4..8).map_or(0, |w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]));
        if u64::from(raw) <= budget.limits.max_member_bytes {
            charge(budget, u64::from(raw))?;
        }
        match lzfu::decompress(&c, budget.limits.max_member_bytes) {
            Ok(rtf) => {
                // RTF is ASCII with `\'hh` escapes in its own `\ansicpg`: the stripper
                // decodes them; raw 8-bit bytes read as Windows-1252, as RTF says.
                found.push(Body::Rtf(encoding_rs::WINDOWS_1252.decode(&rtf).0.into_owned()));
            }
            Err(LzfuError::TooLarge) => {
                let at = Some(format!("{}#body=rtf", loc.as_deref().unwrap_or("")));
                cx.record(Stop::Limit(Limit::MemberBytes), &at).map_err(Stop::Read)?;
            }
            Err(LzfuError::Corrupt(why)) => {
                let at = Some(format!("{}#body=rtf", loc.as_deref().unwrap_or("")));
                cx.record(corrupt(format!("compressed RTF: {why}")), &at).map_err(Stop::Read)?;
            }
        }
    }
    let mut seen = Renderings::default();
    for (n, body) in found.iter().enumerate() {
        let label = if n == 0 { "#body".to_string() } else { format!("#body={}", n + 1) };
        let mut unit = Unit::new(cx, loc.clone()).rendering_of(&mut seen);
        unit.place(label);
        let res = match body {
            Body::Text(t) => unit.push(t),
            Body::Html(h) => strip(&mut unit, Markup::Html, h),
            Body::Rtf(r) => strip(&mut unit, Markup::Rtf, r),
        };
        unit.finish();
        res?;
    }
    Ok(())
}

fn strip(unit: &mut Unit<'_, '_>, markup: Markup, s: &str) -> Result<(), Limit> {
    let mut st = Stripper::new(markup);
    st.feed(s, unit)?;
    st.finish(unit)
}

fn attachments(
    cx: &mut Cx<'_>,
    file: &mut Container<'_>,
    storage: &Path,
    loc: &Option<String>,
    depth: u32,
    enc: Option<&'static Encoding>,
) -> Result<(), Stop> {
    for (i, a) in file.storages(storage, "__attach_version1.0_#")?.iter().enumerate() {
        if cx.budget.exhausted().is_some() {
            break;
        }
        let budget = cx.budget;
        let mut name = None;
        for id in [ATTACH_LONG_FILENAME, ATTACH_FILENAME, DISPLAY_NAME] {
            name = string(file, a, id, enc)?.filter(|n| !n.is_empty());
            if name.is_some() {
                break;
            }
        }
        let embedded = substg(a, ATTACH_DATA, 0x000D);
        let is_message = file.has_storage(&embedded);
        let name = name.map(|n| n.replace('/', "／")).unwrap_or_else(|| {
            if is_message {
                format!("attachment{}.msg", i + 1)
            } else {
                format!("attachment{}", i + 1)
            }
        });
        let aloc = Some(child(loc, &name));
        if let Err(l) = budget.member() {
            cx.record(Stop::Limit(l), &aloc).map_err(Stop::Read)?;
            break;
        }
        let res = if is_message {
            if file.has(embedded.join(PROPERTIES)) {
                message(cx, file, &embedded, HEADER_EMBEDDED, &aloc, depth + 1)
            } else {
                Err(Stop::Unsupported("msg: embedded OLE object is not read".into()))
            }
        } else {
            match file.value(substg(a, ATTACH_DATA, 0x0102)) {
                Ok(Some(data)) => {
                    cx.member(Input::Mem(&data), &name, aloc.clone(), depth + 1).map_err(Stop::Read)
                }
                Ok(None) => Ok(()),
                Err(stop) => Err(stop),
            }
        };
        if let Err(stop) = res {
            cx.record(stop, &aloc).map_err(Stop::Read)?;
        }
    }
    Ok(())
}
