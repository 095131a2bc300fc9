//! Document properties (`docProps/`) of docx, xlsx and pptx alike, scanned at `#props`:
//! who wrote the document and what it is about.
//!
//! - `core.xml`: author (`dc:creator`), last editor (`cp:lastModifiedBy`), title, subject,
//!   keywords and comments (`dc:description`);
//! - `app.xml`: company and manager;
//! - `custom.xml`: every custom property's value, after its name.
//!
//! OpenDocument's `meta.xml` is read by the same reader ([`properties`]): its author
//! (`meta:initial-creator`), last editor (`dc:creator`), title, subject, keywords
//! (`meta:keyword`), description and user-defined values (`meta:user-defined`).
//!
//! Each value is written on its own line after a Japanese label (`作成者：山田 太郎`,
//! `会社名：...`), so a name reads as a person's name to the name detector, which finds
//! names only where context marks them.

use super::{part, unescape_lossy, xml_err, xml_reader};
use crate::extract::unit::Unit;
use crate::extract::{Cx, Stop};
use quick_xml::events::Event;
use std::io::{BufRead, Read, Seek};
use zip::ZipArchive;

/// Properties read from `core.xml` and `app.xml` (by local name) and their labels.
const FIELDS: &[(&[u8], &str)] = &[
    (b"creator", "作成者："),
    (b"initial-creator", "作成者："),
    (b"lastModifiedBy", "作成者（最終更新）："),
    (b"title", "タイトル："),
    (b"subject", "件名："),
    (b"keywords", "キーワード："),
    (b"keyword", "キーワード："),
    (b"description", "コメント："),
    (b"Company", "会社名："),
    (b"Manager", "担当者（管理者）："),
];

/// The label written before a property, by its OOXML local name (`creator`, `Company`...).
pub(crate) fn label(name: &str) -> Option<&'static str> {
    FIELDS.iter().find(|(n, _)| *n == name.as_bytes()).map(|(_, l)| *l)
}

/// Scans the core, extended and custom properties of the package.
pub(super) fn scan<R: Read + Seek>(
    cx: &mut Cx<'_>,
    ar: &mut ZipArchive<R>,
    loc: &Option<String>,
) -> Result<(), Stop> {
    for name in ["docProps/core.xml", "docProps/app.xml", "docProps/custom.xml"] {
        part(cx, ar, loc, name, |cx, xml| {
            let mut unit = Unit::new(cx, loc.clone());
            unit.place("#props");
            let r = properties(name, xml, &mut unit);
            unit.finish();
            r
        })?;
    }
    Ok(())
}

/// Writes the properties of one part as labelled lines.
pub(crate) fn properties<B: BufRead>(
    part: &str,
    xml: B,
    unit: &mut Unit<'_, '_>,
) -> Result<(), Stop> {
    let mut r = xml_reader(xml);
    let mut buf = Vec::new();
    // Depth inside the property being written (0: none).
    let mut inside = 0u32;
    loop {
        match r.read_event_into(&mut buf).map_err(|e| xml_err(part, e))? {
            Event::Eof => break,
            Event::Start(e) => {
                let n = e.local_name();
                if inside > 0 {
                    inside += 1;
                } else if let Some(label) = label_of(&e, n.as_ref()) {
                    unit.push(&label)?;
                    inside = 1;
                }
            }
            Event::End(_) if inside > 0 => {
                inside -= 1;
                if inside == 0 {
                    unit.push("\n")?;
                }
            }
            Event::Text(t) if inside > 0 => unit.push(&unescape_lossy(&t))?,
            Event::CData(t) if inside > 0 => unit.push(&String::from_utf8_lossy(&t))?,
            _ => {}
        }
        buf.clear();
    }
    Ok(())
}

/// The label of a property element: a known field, or a custom property under its name.
fn label_of(e: &quick_xml::events::BytesStart<'_>, local: &[u8]) -> Option<String> {
    if local == b"property" || local == b"user-defined" {
        let name = super::attr_local(e, b"name").unwrap_or_default();
        // Property names are short; a long one is cut at a character boundary.
        let cut = name.char_indices().nth(64).map_or(name.len(), |(i, _)| i);
        return Some(format!("{}：", &name[..cut]));
    }
    FIELDS.iter().find(|(n, _)| *n == local).map(|(_, l)| l.to_string())
}
