//! Arbitrary bytes as a PDF (object scanner, streams, page tree, CMaps, content operators),
//! then as the content stream of a page and as the ToUnicode map of its CID font, so the
//! interpreter and the CMap parser see the bytes whatever the first parse makes of them.
#![no_main]

mod extract_common;
use extract_common as common;
use libfuzzer_sys::fuzz_target;

/// A one-page PDF whose content stream (object 5) is `content` and whose font F1 is an
/// `Identity-H` font of Adobe-Japan1 with `to_unicode` as its ToUnicode map (object 6).
fn page(content: &[u8], to_unicode: &[u8]) -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let objects: [&[u8]; 4] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 5 0 R /Resources << /Font << /F1 4 0 R >> >> >>",
        b"<< /Type /Font /Subtype /Type0 /Encoding /Identity-H /ToUnicode 6 0 R /DescendantFonts [<< /Subtype /CIDFontType0 /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) >> >>] >>",
    ];
    for (i, o) in objects.iter().enumerate() {
        pdf.extend(format!("{} 0 obj\n", i + 1).as_bytes());
        pdf.extend_from_slice(o);
        pdf.extend(b"\nendobj\n");
    }
    for (num, data) in [(5, content), (6, to_unicode)] {
        pdf.extend(format!("{num} 0 obj\n<< /Length {} >>\nstream\n", data.len()).as_bytes());
        pdf.extend_from_slice(data);
        pdf.extend(b"\nendstream\nendobj\n");
    }
    pdf.extend(b"trailer\n<< /Root 1 0 R >>\n%%EOF\n");
    pdf
}

fuzz_target!(|data: &[u8]| {
    // Make sure the PDF reader is the one exercised, whatever the first bytes are.
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend_from_slice(data);
    common::check(&common::scanner().scan_bytes(&pdf, Some("fuzz.pdf")));
    let cmap = b"begincodespacerange <0000> <FFFF> endcodespacerange";
    common::check(&common::scanner().scan_bytes(&page(data, cmap), Some("content.pdf")));
    let content = b"BT /F1 12 Tf <0001034B0011> Tj ET";
    common::check(&common::scanner().scan_bytes(&page(content, data), Some("cmap.pdf")));
});
