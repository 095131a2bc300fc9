//! Archives and compressed streams, nested in any order: zip, tar, gzip, bzip2, xz, 7z,
//! LZH/LHA, and RAR (listed, not decompressed).
//!
//! Every decompressed byte goes through a [`Bounded`](super::limits::Bounded) reader (member
//! size, ratio, the shared total and the clock). Numbers an archive declares (entry counts,
//! directory sizes, dictionary sizes) are checked against the budget before anything is
//! allocated from them: see each format's module.

mod compressed;
mod lzh;
mod rar;
mod sevenz;
mod sevenz_header;
mod tar;
mod zip;

pub(crate) use compressed::{bzip2, gzip, xz};
pub(crate) use lzh::lzh;
pub(crate) use rar::rar;
pub(crate) use sevenz::sevenz;
pub(crate) use tar::tar;
pub(crate) use zip::{scan_zip_members, zip};

use encoding_rs::SHIFT_JIS;

/// A member name from its raw bytes: UTF-8 when valid (whatever the flag says), else CP932
/// (what Japanese Windows writes without the UTF-8 flag), else CP437.
pub(crate) fn decode_name(raw: &[u8]) -> String {
    if let Ok(s) = std::str::from_utf8(raw) {
        return s.to_string();
    }
    let (s, had_errors) = SHIFT_JIS.decode_without_bom_handling(raw);
    if !had_errors {
        return s.into_owned();
    }
    raw.iter().map(|&b| cp437(b)).collect()
}

fn cp437(b: u8) -> char {
    const HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{a0}";
    if b < 0x80 {
        b as char
    } else {
        HIGH.chars().nth((b - 0x80) as usize).unwrap_or('?')
    }
}

/// The last path component of a member name (what a member is sniffed and named by).
pub(crate) fn base_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(decode_name("名簿.csv".as_bytes()), "名簿.csv");
        let sjis = SHIFT_JIS.encode("顧客/名簿.csv").0;
        assert_eq!(decode_name(&sjis), "顧客/名簿.csv");
        assert_eq!(decode_name(b"caf\x82"), "café");
    }
}
