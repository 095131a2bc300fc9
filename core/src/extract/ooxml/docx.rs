//! The docx reader: paragraphs of the body, headers, footers, comments, footnotes and
//! endnotes (see the module above for locations).

use super::{elements, natural, paragraphs, part, ParaSpec, AUTHOR_LABEL};
use crate::extract::unit::Unit;
use crate::extract::{Cx, Stop};
use std::collections::HashSet;
use std::io::{Read, Seek};
use zip::ZipArchive;

const DOCX: ParaSpec = ParaSpec {
    para: b"p",
    para_attrs: &[],
    text: &[b"t", b"delText"],
    field: &[b"instrText"],
    tab: &[b"tab", b"ptab"],
    br: &[b"br", b"cr"],
    hyphen: &[b"noBreakHyphen"],
    skip: &[b"Fallback", b"pPr", b"rPr"],
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
    comment_authors(cx, ar, loc)
}

/// The authors of the comments (`w:author`, `w:initials`), each once, at the first comment
/// they wrote: `#comment=N`, `N` counting the comments of `word/comments.xml` from 1.
fn comment_authors<R: Read + Seek>(
    cx: &mut Cx<'_>,
    ar: &mut ZipArchive<R>,
    loc: &Option<String>,
) -> Result<(), Stop> {
    let name = "word/comments.xml";
    part(cx, ar, loc, name, |cx, xml| {
        let comments = elements(name, xml, b"comment", &[b"author", b"initials"], false)?;
        let mut unit = Unit::new(cx, loc.clone());
        let mut seen = HashSet::new();
        let r = comments.iter().enumerate().try_for_each(|(i, (attrs, _))| {
            let Some(author) = attrs[0].as_deref().filter(|a| !a.trim().is_empty()) else {
                return Ok(());
            };
            if !seen.insert(author) {
                return Ok(());
            }
            unit.place(format!("#comment={}", i + 1));
            unit.push(AUTHOR_LABEL)?;
            unit.push(author)?;
            if let Some(initials) = attrs[1].as_deref() {
                unit.push("\t")?;
                unit.push(initials)?;
            }
            unit.push("\n")
        });
        unit.finish();
        r.map_err(Stop::Limit)
    })
}
