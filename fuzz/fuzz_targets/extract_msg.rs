//! Outlook .msg: the first byte picks whether the rest is the whole file (compound file
//! parsing) or pieces placed in a valid message's property streams (subject, 8-bit body,
//! HTML, compressed RTF with an `LZFu` header, recipient and attachment properties, an
//! attachment's data and an embedded message), so the property readers and the RTF
//! expansion are exercised rather than the container.
#![no_main]

mod extract_common;
use extract_common as common;
use libfuzzer_sys::fuzz_target;
use std::io::{Cursor, Write};

fn put(cf: &mut cfb::CompoundFile<Cursor<Vec<u8>>>, path: &str, data: &[u8]) {
    cf.create_stream(path).unwrap().write_all(data).unwrap();
}

fn msg(rest: &[u8]) -> Vec<u8> {
    let mut p = rest.split(|&b| b == 0xFF);
    let mut next = || p.next().unwrap_or(&[]);
    let (props, subject, body, html, rtf) = (next(), next(), next(), next(), next());
    let (recip, attach, embedded) = (next(), next(), next());
    let mut lzfu = Vec::new();
    lzfu.extend_from_slice(&(rtf.len() as u32 + 12).to_le_bytes());
    let raw = rtf.first().map_or(0, |&b| u32::from(b) * 97);
    lzfu.extend_from_slice(&raw.to_le_bytes());
    lzfu.extend_from_slice(b"LZFu\0\0\0\0");
    lzfu.extend_from_slice(rtf);
    let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    put(&mut cf, "/__properties_version1.0", props);
    put(&mut cf, "/__substg1.0_0037001F", subject);
    put(&mut cf, "/__substg1.0_1000001E", body);
    put(&mut cf, "/__substg1.0_10130102", html);
    put(&mut cf, "/__substg1.0_10090102", &lzfu);
    cf.create_storage("/__recip_version1.0_#00000000").unwrap();
    put(&mut cf, "/__recip_version1.0_#00000000/__properties_version1.0", recip);
    put(&mut cf, "/__recip_version1.0_#00000000/__substg1.0_3001001F", subject);
    cf.create_storage("/__attach_version1.0_#00000000").unwrap();
    put(&mut cf, "/__attach_version1.0_#00000000/__properties_version1.0", &[0; 8]);
    put(&mut cf, "/__attach_version1.0_#00000000/__substg1.0_37010102", attach);
    put(&mut cf, "/__attach_version1.0_#00000000/__substg1.0_3707001E", b"a.eml");
    let b = "/__attach_version1.0_#00000001";
    cf.create_storage(b).unwrap();
    cf.create_storage(format!("{b}/__substg1.0_3701000D")).unwrap();
    put(&mut cf, &format!("{b}/__substg1.0_3701000D/__properties_version1.0"), embedded);
    put(&mut cf, &format!("{b}/__substg1.0_3701000D/__substg1.0_1000001E"), body);
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let file = if sel % 2 == 0 { rest.to_vec() } else { msg(&rest[..rest.len().min(1 << 20)]) };
    common::check(&common::scanner().scan_bytes(&file, Some("f.msg")));
});
