//! Legacy PowerPoint .ppt: the first byte picks whether the rest is the whole file
//! (compound file parsing) or the `PowerPoint Document` stream, wrapped in a valid compound
//! file whose `Current User` points at the edit named by the input's first four bytes
//! (record parsing, persist directory, slide lists).
#![no_main]

mod extract_common;
use extract_common as common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else { return };
    let rest = &rest[..rest.len().min(1 << 20)];
    let file = if sel % 2 == 0 {
        rest.to_vec()
    } else {
        let edit = rest.get(..4).map_or(0, |b| u32::from_le_bytes(b.try_into().unwrap()));
        let edit = edit % (rest.len() as u32).max(1);
        let mut user = vec![0u8, 0, 0xF6, 0x0F, 20, 0, 0, 0, 20, 0, 0, 0];
        user.extend(0xE391_C05Fu32.to_le_bytes());
        user.extend(edit.to_le_bytes());
        user.extend([0u8; 8]);
        common::compound(&[("Current User", &user), ("PowerPoint Document", rest)])
    };
    common::check(&common::scanner().scan_bytes(&file, Some("f.ppt")));
});
