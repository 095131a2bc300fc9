//! Compressed RTF (MS-OXRTFCP, "LZFu"): the RTF body of an Outlook message.
//!
//! A 16-byte header (compressed size, raw size, type `LZFu` or `MELA` for stored, CRC)
//! then runs of a control byte and eight items: a literal byte, or a 2-byte reference
//! (12-bit offset into a 4096-byte ring dictionary preset with a fixed RTF prologue,
//! 4-bit length + 2). A raw size past the caller's `max` is refused before anything is
//! expanded, and the output stops at the raw size (the rest of a stream that says less than
//! it holds is dropped, as other readers do), so it never outgrows what the caller allows.

/// The dictionary's initial content (MS-OXRTFCP 2.1.3.1.1).
const PRESET: &[u8] = b"{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \
\\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier\
{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx";

const COMPRESSED: &[u8; 4] = b"LZFu";
const STORED: &[u8; 4] = b"MELA";

/// Why a compressed RTF stream could not be expanded.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum LzfuError {
    /// Header missing or inconsistent, unknown type, or data ending inside an item.
    Corrupt(&'static str),
    /// The raw size passes `max`.
    TooLarge,
}

/// Expands `data` into at most `max` bytes of RTF.
pub(crate) fn decompress(data: &[u8], max: u64) -> Result<Vec<u8>, LzfuError> {
    let header = data.get(..16).ok_or(LzfuError::Corrupt("shorter than its header"))?;
    let word =
        |i: usize| u32::from_le_bytes([header[i], header[i + 1], header[i + 2], header[i + 3]]);
    let raw_size = u64::from(word(4));
    if raw_size > max {
        return Err(LzfuError::TooLarge);
    }
    let body = &data[16..];
    match &header[8..12] {
        t if t == STORED => {
            let n = usize::try_from(raw_size).map_err(|_| LzfuError::TooLarge)?;
            body.get(..n).map(<[u8]>::to_vec).ok_or(LzfuError::Corrupt("stored data truncated"))
        }
        t if t == COMPRESSED => expand(body, raw_size),
        _ => Err(LzfuError::Corrupt("unknown compression type")),
    }
}

/// Expands the items after the header into at most `limit` bytes.
fn expand(body: &[u8], limit: u64) -> Result<Vec<u8>, LzfuError> {
    let mut dict = [0u8; 4096];
    dict[..PRESET.len()].copy_from_slice(PRESET);
    let mut write = PRESET.len();
    // The raw size is within the caller's limit: reserving it is bounded.
    let mut out = Vec::with_capacity(limit.min(1 << 20) as usize);
    let mut i = 0;
    while i < body.len() {
        let control = body[i];
        i += 1;
        for bit in 0..8 {
            if control & (1 << bit) == 0 {
                let Some(&b) = body.get(i) else { return Ok(out) };
                i += 1;
                if !push(&mut out, &mut dict, &mut write, b, limit) {
                    return Ok(out);
                }
            } else {
                let pair = body.get(i..i + 2).ok_or(LzfuError::Corrupt("reference truncated"))?;
                i += 2;
                let word = u16::from_be_bytes([pair[0], pair[1]]);
                let offset = usize::from(word >> 4);
                let len = usize::from(word & 0xf) + 2;
                if offset == write {
                    return Ok(out); // the end marker: a reference to the write position
                }
                for k in 0..len {
                    let b = dict[(offset + k) % 4096];
                    if !push(&mut out, &mut dict, &mut write, b, limit) {
                        return Ok(out);
                    }
                }
            }
        }
    }
    Ok(out)
}

/// Appends one byte to the output and the dictionary; false once the output is full.
fn push(out: &mut Vec<u8>, dict: &mut [u8; 4096], write: &mut usize, b: u8, limit: u64) -> bool {
    if out.len() as u64 >= limit {
        return false;
    }
    out.push(b);
    dict[*write] = b;
    *write = (*write + 1) % 4096;
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    // Compressed by the independent `compressed-rtf` crate, expanded here.
    fn round_trip(rtf: &str) {
        let packed = compressed_rtf::compress_rtf(rtf).unwrap();
        assert_eq!(decompress(&packed, 1 << 20).unwrap(), rtf.as_bytes());
    }

    #[test]
    fn expands_what_an_independent_compressor_wrote() {
        round_trip("{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n");
        let long: String = (0..300)
            .map(|i| format!("{{\\f0 \\'93\\'64\\'98\\'62 03-1234-{i:04}\\par}}\r\n"))
            .collect();
        round_trip(&format!("{{\\rtf1\\ansi\\ansicpg932{long}}}"));
    }

    #[test]
    fn output_is_bounded() {
        let rtf = "{\\rtf1 ".to_string() + &"a".repeat(10_000) + "}";
        let packed = compressed_rtf::compress_rtf(&rtf).unwrap();
        assert_eq!(decompress(&packed, 100), Err(LzfuError::TooLarge));
        // A header whose raw size understates the data: the output stops there.
        let mut lying = packed.clone();
        lying[4..8].copy_from_slice(&50u32.to_le_bytes());
        assert_eq!(decompress(&lying, 1 << 20).unwrap(), &rtf.as_bytes()[..50]);
    }

    #[test]
    fn preset_is_the_specified_length() {
        assert_eq!(PRESET.len(), 207);
    }

    #[test]
    fn damaged_headers() {
        assert!(matches!(decompress(b"short", 100), Err(LzfuError::Corrupt(_))));
        let mut stored = Vec::new();
        stored.extend_from_slice(&20u32.to_le_bytes());
        stored.extend_from_slice(&100u32.to_le_bytes());
        stored.extend_from_slice(b"MELA\0\0\0\0{\\rtf1}");
        assert!(matches!(decompress(&stored, 1000), Err(LzfuError::Corrupt(_))));
        stored[4..8].copy_from_slice(&7u32.to_le_bytes());
        assert_eq!(decompress(&stored, 1000).unwrap(), b"{\\rtf1}");
    }
}
