//! The docx reader: paragraphs of the body, headers, footers, comments, footnotes and
//! endnotes (see the module above for locations).

use super::{natural, paragraphs, part, ParaSpec};
use crate::extract::unit::Unit;
use crate::extract::{Cx, Stop};
use std::io::{Read, Seek};
use zip::ZipArchive;

const DOCX: ParaSpec = ParaSpec {
    para: b"p",
    para_attr: None,
    text: &[b"t", b"delText"],
    tab: &[b"tab", b"ptab"],
    br: &[b"br", b"cr"],
    hyphen: &[b"noBreakHyphen"],
    skip: &[b"Fallback", b"pPr", b"rPr", b"instrText"],
    split_long: true,
};

pub(super) fn scan<R: Read + Seek>(
    cx: &mut Cx<'_>,
    ar: &mut ZipArchive<R>,
    loc: &Option<String>,
) -> Result<(), Stop> {
    let mut parts = vec![("word/document.xml".to_string(), "#".to_string())];
    let mut others: Vec<String> = ar
        .file_names()
        .filter_map(|n| n.ok())
        .filter(|n| {
            n.strip_prefix("word/").is_some_and(|f| {
                !f.contains('/')
                    && f.ends_with(".xml")
                    && ["header", "footer", "comments", "footnotes", "endnotes"]
                        .iter()
                        .any(|p| f.starts_with(p))
            })
        })
        .map(|n| n.into_owned())
        .collect();
    others.sort_by_key(|a| natural(a));
    for n in others {
        let stem = n["word/".len()..n.len() - 4].to_string();
        parts.push((n, format!("#{stem}/")));
    }
    for (name, prefix) in parts {
        part(cx, ar, loc, &name, |cx, xml| {
            let mut unit = Unit::new(cx, loc.clone());
            let r = paragraphs(&name, xml, &DOCX, |n, _, text| {
                if !text.is_empty() {
                    unit.place(format!("{prefix}p={n}"));
                    unit.push(text)?;
                }
                unit.push("\n")?;
                Ok(())
            });
            unit.finish();
            r
        })?;
    }
    Ok(())
}
