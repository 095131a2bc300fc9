//! The pptx reader: slides in presentation order with their notes and comments (see the
//! module above for locations).

use super::{
    open, paragraphs, part, parts_in_name_order, rel_id, rels, xml_err, xml_reader, ParaSpec,
    DRAWING,
};
use crate::extract::unit::Unit;
use crate::extract::{Cx, Stop};
use quick_xml::events::Event;
use std::io::{Read, Seek};
use zip::ZipArchive;

const PPT_COMMENTS: ParaSpec = ParaSpec {
    para: b"cm",
    para_attr: None,
    text: &[b"text"],
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
                let r = paragraphs(&name, xml, spec, |_, _, text| {
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
