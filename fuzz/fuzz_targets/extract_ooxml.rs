//! Structure-aware: the input becomes one part of an otherwise valid docx, xlsx or pptx
//! (the first byte picks which), so the XML readers are exercised rather than the zip parser.
#![no_main]

mod extract_common;
use extract_common as common;
use libfuzzer_sys::fuzz_target;

const CT: &[u8] = b"<Types/>";
const WB: &[u8] = br#"<workbook xmlns:r="r"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WB_RELS: &[u8] = br#"<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
const SHEET: &[u8] = br#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>621498320257</v></c></row></sheetData></worksheet>"#;
const SST: &[u8] = br#"<sst><si><t>My Number</t></si></sst>"#;
const DOC: &[u8] = br#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>TEL 03-1234-5678</w:t></w:r></w:p></w:body></w:document>"#;
const PRES: &[u8] = br#"<p:presentation xmlns:p="p" xmlns:r="r"><p:sldIdLst><p:sldId id="256" r:id="rId1"/></p:sldIdLst></p:presentation>"#;
const PRES_RELS: &[u8] = br#"<Relationships><Relationship Id="rId1" Type="x/slide" Target="slides/slide1.xml"/></Relationships>"#;
const SLIDE: &[u8] =
    br#"<p:sld xmlns:p="p" xmlns:a="a"><a:p><a:r><a:t>03-1234-5678</a:t></a:r></a:p></p:sld>"#;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let (name, mut parts): (&str, Vec<(&str, &[u8])>) = match sel % 3 {
        0 => (
            "f.xlsx",
            vec![
                ("[Content_Types].xml", CT),
                ("xl/workbook.xml", WB),
                ("xl/_rels/workbook.xml.rels", WB_RELS),
                ("xl/worksheets/sheet1.xml", SHEET),
                ("xl/sharedStrings.xml", SST),
            ],
        ),
        1 => (
            "f.docx",
            vec![
                ("[Content_Types].xml", CT),
                ("word/document.xml", DOC),
                ("word/header1.xml", DOC),
                ("word/comments.xml", DOC),
            ],
        ),
        _ => (
            "f.pptx",
            vec![
                ("[Content_Types].xml", CT),
                ("ppt/presentation.xml", PRES),
                ("ppt/_rels/presentation.xml.rels", PRES_RELS),
                ("ppt/slides/slide1.xml", SLIDE),
            ],
        ),
    };
    let i = 1 + (sel as usize / 3) % (parts.len() - 1);
    parts[i].1 = rest;
    let zip = common::zip(&parts);
    common::check(&common::scanner().scan_bytes(&zip, Some(name)));
});
