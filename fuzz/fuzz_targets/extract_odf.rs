//! OpenDocument: the input becomes `content.xml` (or `meta.xml`, or the manifest) of an
//! otherwise valid package, the first byte picking which part and, for `content.xml`,
//! whether it is wrapped in a text, spreadsheet or presentation body or taken as it is.
#![no_main]

mod extract_common;
use extract_common as common;
use libfuzzer_sys::fuzz_target;

const MANIFEST: &[u8] = br#"<manifest:manifest xmlns:manifest="m"><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
const CONTENT: &[u8] = br#"<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text><text:p>TEL 03-1234-5678</text:p></office:text></office:body></office:document-content>"#;
const META: &[u8] = br#"<office:document-meta xmlns:office="o" xmlns:meta="m"><office:meta><meta:initial-creator>x</meta:initial-creator></office:meta></office:document-meta>"#;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let body = |kind: &str| {
        let mut c = format!(
            r#"<office:document-content xmlns:office="o" xmlns:text="t" xmlns:table="b" xmlns:draw="d"><office:body><office:{kind}>"#
        )
        .into_bytes();
        c.extend_from_slice(rest);
        c.extend(format!("</office:{kind}></office:body></office:document-content>").bytes());
        c
    };
    let content = match sel % 6 {
        0 => body("text"),
        1 => body("spreadsheet"),
        2 => body("presentation"),
        _ => rest.to_vec(),
    };
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("META-INF/manifest.xml", MANIFEST),
        ("content.xml", &content),
        ("meta.xml", META),
    ];
    match sel % 6 {
        4 => parts[1].1 = rest,
        5 => {
            parts[2].1 = CONTENT;
            parts[3].1 = rest;
        }
        _ => {}
    }
    let zip = common::zip(&parts);
    common::check(&common::scanner().scan_bytes(&zip, Some("f.odt")));
});
