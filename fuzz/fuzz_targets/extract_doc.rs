//! Legacy Word .doc: the first byte picks whether the rest is the whole file (compound
//! file parsing), the `WordDocument` stream (FIB parsing) or the table stream behind a
//! valid FIB (piece table parsing), the streams wrapped in a valid compound file.
#![no_main]

mod extract_common;
use extract_common as common;
use libfuzzer_sys::fuzz_target;

/// A Word 97 FIB (MS-DOC 2.5.1) whose CLX is `lcb_clx` bytes at offset 0 of `1Table`, the
/// main text `ccp_text` characters; text follows the FIB at offset 1024.
fn fib(ccp_text: u32, lcb_clx: u32) -> Vec<u8> {
    let mut w = vec![0u8; 1024];
    let put16 = |b: &mut [u8], at: usize, v: u16| b[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 = |b: &mut [u8], at: usize, v: u32| b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put16(&mut w, 0, 0xA5EC);
    put16(&mut w, 2, 0x00C1);
    put16(&mut w, 0x0A, 0x0200);
    put16(&mut w, 32, 14);
    put16(&mut w, 62, 22);
    put32(&mut w, 76, ccp_text);
    put16(&mut w, 152, 93);
    put32(&mut w, 154 + 33 * 8 + 4, lcb_clx);
    w
}

/// A piece table mapping `n` UTF-16 characters at offset 1024.
fn clx(n: u32) -> Vec<u8> {
    let mut c = vec![2u8];
    c.extend(16u32.to_le_bytes());
    c.extend(0u32.to_le_bytes());
    c.extend(n.to_le_bytes());
    c.extend([0, 0]);
    c.extend(1024u32.to_le_bytes());
    c.extend([0, 0]);
    c
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let rest = &rest[..rest.len().min(1 << 20)];
    let file = match sel % 3 {
        0 => rest.to_vec(),
        1 => {
            let table = clx(64);
            common::compound(&[("WordDocument", rest), ("1Table", &table)])
        }
        _ => {
            // The first half is the text, the second the table stream.
            let (text, table) = rest.split_at(rest.len() / 2);
            let mut word = fib((text.len() / 2) as u32, table.len() as u32);
            word.extend_from_slice(text);
            common::compound(&[("WordDocument", &word), ("1Table", table)])
        }
    };
    common::check(&common::scanner().scan_bytes(&file, Some("f.doc")));
});
