//! The pptx reader: slides in presentation order with their notes and comments (see the
//! module above for locations).

use super::{
    elements, open, paragraphs, part, parts_in_name_order, rel_id, rels, xml_err, xml_reader,
    ParaSpec, AUTHOR_LABEL, DRAWING,
};
use crate::extract::unit::Unit;
use crate::extract::{Cx, Stop};
use quick_xml::events::Event;
use std::collections::{HashMap, HashSet};
use std::io::{Read, Seek};
use zip::ZipArchive;

const PPT_COMMENTS: ParaSpec = ParaSpec {
    para: b"cm",
    para_attrs: &[b"authorId"],
    text: &[b"text"],
    field: &[],
    tab: &[],
    br: &[],
    hyphen: &[],
    skip: &[],
    split_long: true,
};

pub(super) fn scan<R: Read + Seek>(
    cx: &mut Cx<'_>,
    ar: &mut ZipArchive<R>,
    loc: &Option<String>,
) -> Result<(), Stop> {
    let budget = cx.budget;
    let pres = "ppt/presentation.xml";
    let pres_rels = rels(ar, budget, pres)?;
    let mut order = Vec::new();
    if let Some(b) = open(ar, budget, pres)? {
        let mut r = xml_reader(b);
        let mut buf = Vec::new();
        loop {
            match r.read_event_into(&mut buf) {
                Err(e) => return Err(xml_err(pres, e)),
                Ok(Event::Eof) => break,
                Ok(Event::Start(e)) | Ok(Event::Empty(e))
                    if e.local_name().as_ref() == b"sldId" =>
                {
                    if let Some((_, t)) = rel_id(&e).and_then(|id| pres_rels.get(&id)) {
                        order.push(t.clone());
                    }
                }
                Ok(_) => {}
            }
            buf.clear();
        }
    }
    if order.is_empty() {
        // No usable slide list: take the slide parts in name order.
        order = parts_in_name_order(ar, "ppt/slides/slide");
    }
    // Authors of comments, by id (`ppt/commentAuthors.xml`).
    let mut authors: HashMap<String, String> = HashMap::new();
    let authors_part = "ppt/commentAuthors.xml";
    part(cx, ar, loc, authors_part, |_, xml| {
        for (attrs, _) in elements(authors_part, xml, b"cmAuthor", &[b"id", b"name"], false)? {
            if let [Some(id), Some(name)] = &attrs[..] {
                authors.insert(id.clone(), name.trim().to_string());
            }
        }
        Ok(())
    })?;
    // Each author is written once, at the first comment they wrote.
    let mut written: HashSet<&str> = HashSet::new();
    for (i, slide) in order.iter().enumerate() {
        let n = i + 1;
        let slide_rels = rels(ar, budget, slide)?;
        let mut extra: Vec<(String, String, &ParaSpec)> = Vec::new();
        for (ty, target) in slide_rels.values() {
            if ty.ends_with("/notesSlide") {
                extra.push((target.clone(), format!("#slide={n}/notes"), &DRAWING));
            } else if ty.ends_with("/comments") {
                extra.push((target.clone(), format!("#slide={n}/comments"), &PPT_COMMENTS));
            }
        }
        extra.sort_by(|a, b| a.1.cmp(&b.1));
        let mut all = vec![(slide.clone(), format!("#slide={n}"), &DRAWING)];
        all.extend(extra);
        for (name, label, spec) in all {
            part(cx, ar, loc, &name, |cx, xml| {
                let mut unit = Unit::new(cx, loc.clone());
                unit.place(label.as_str());
                let r = paragraphs(&name, xml, spec, |_, attrs, text| {
                    let author = attrs.first().and_then(|id| authors.get(id.as_deref()?));
                    if let Some(a) = author.filter(|a| !a.is_empty() && written.insert(a)) {
                        unit.push(AUTHOR_LABEL)?;
                        unit.push(a)?;
                        unit.push("\n")?;
                    }
                    unit.push(text)?;
                    unit.push("\n")?;
                    Ok(())
                });
                unit.finish();
                r
            })?;
        }
    }
    Ok(())
}
