//! Stream data: decrypted (in an encrypted file), then through its filters (FlateDecode
//! within the budget, ASCII85, ASCIIHex).

use super::super::limits::{Bounded, Budget, Compressed};
use super::super::Stop;
use super::crypt::Method;
use super::lexer::{Lexer, Tok};
use super::objects::{is_xref_stream, Doc, Obj};
use std::io::Read;

/// Decompressed data of a stream (None for filters not read, such as images).
pub(super) fn decode_stream(
    budget: &Budget,
    doc: &mut Doc<'_>,
    s: &Obj,
) -> Result<Option<Vec<u8>>, Stop> {
    let Obj::Stream(_, at) = s else { return Ok(None) };
    let end = declared_end(doc, s).unwrap_or(at.end);
    let Some(raw) = doc.bufs.get(at.buf).and_then(|b| b.get(at.start..end)) else {
        return Ok(None);
    };
    let raw = raw.to_vec();
    let filter = doc.get(s, b"Filter");
    let mut filters: Vec<Vec<u8>> = match filter {
        Obj::Name(n) => vec![n],
        Obj::Arr(a) => a.iter().filter_map(|f| f.name().map(<[u8]>::to_vec)).collect(),
        _ => vec![],
    };
    let mut data = raw;
    if let (Some(_), Some((num, gen))) = (&doc.crypt, at.object) {
        let plain = stream_method(doc, s, &mut filters)
            .and_then(|method| doc.crypt.as_ref()?.decrypt(method, num, gen, &data));
        match plain {
            Some(plain) => data = plain,
            None => {
                doc.undecryptable(num);
                return Ok(None);
            }
        }
    }
    let mut inflated = false;
    for f in &filters {
        data = match f.as_slice() {
            b"FlateDecode" | b"Fl" => {
                inflated = true;
                let dec = flate2::read::ZlibDecoder::new(&data[..]);
                let mut out = Vec::new();
                let mut b = Bounded::new(dec, budget, Compressed::Known(data.len() as u64), true);
                match b.read_to_end(&mut out) {
                    Ok(_) => out,
                    Err(e) => match super::super::limits::LimitHit::find(&e) {
                        Some(l) => return Err(Stop::Limit(l)),
                        // A damaged stream: keep what inflated.
                        None => out,
                    },
                }
            }
            b"ASCII85Decode" | b"A85" => ascii85(&data),
            b"ASCIIHexDecode" | b"AHx" => {
                let mut wrapped = Vec::with_capacity(data.len() + 2);
                wrapped.push(b'<');
                wrapped.extend_from_slice(&data);
                wrapped.push(b'>');
                match Lexer::new(&wrapped, 0, 0).tok() {
                    Some(Tok::Str(s)) => s,
                    _ => return Ok(None),
                }
            }
            // Images and filters not read here.
            _ => return Ok(None),
        };
    }
    // Data not inflated (which draws as it goes) is drawn from the input's byte total
    // here, so a stream read again and again costs its size each time.
    if !inflated {
        budget.draw(data.len() as u64)?;
    }
    Ok(Some(data))
}

/// The end of a stream's data by an indirect `/Length` (the lexer only trusts a direct one
/// and otherwise stops at `endstream`, with the end-of-line before it: harmless in clear, but
/// it would be decrypted as data).
fn declared_end(doc: &mut Doc<'_>, s: &Obj) -> Option<usize> {
    let Obj::Stream(_, at) = s else { return None };
    let Some(Obj::Ref(_)) = s.get(b"Length") else { return None };
    let len = doc.get(s, b"Length").num().filter(|l| *l >= 0.0)? as usize;
    let end = at.start.checked_add(len)?;
    // Only whitespace (the end-of-line) may lie between the data and `endstream`.
    (end <= at.end && at.end - end <= 2).then_some(end)
}

/// How a stream of an encrypted file is encrypted: its own `/Crypt` filter (taken out of
/// `filters`), none for a cross-reference stream or for metadata left in clear, else the
/// document's stream method. `None` for a crypt filter the handler does not define.
fn stream_method(doc: &mut Doc<'_>, s: &Obj, filters: &mut Vec<Vec<u8>>) -> Option<Method> {
    let crypt = doc.crypt.as_ref()?;
    if is_xref_stream(s) {
        return Some(Method::Identity);
    }
    if let Some(i) = filters.iter().position(|f| f == b"Crypt") {
        filters.remove(i);
        let parms = match s.get(b"DecodeParms") {
            Some(Obj::Arr(a)) => a.get(i).cloned(),
            Some(p) => Some(p.clone()),
            None => None,
        };
        let name = parms.as_ref().and_then(|p| p.get(b"Name")).and_then(Obj::name);
        return crypt.filter(name.unwrap_or(b"Identity"));
    }
    if !crypt.encrypt_metadata && s.get(b"Type").and_then(Obj::name) == Some(b"Metadata") {
        return Some(Method::Identity);
    }
    Some(crypt.streams)
}

/// ASCII base-85 (`<~ ... ~>` optional), as PDF's ASCII85Decode.
fn ascii85(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() * 4 / 5 + 4);
    let mut group = [0u8; 5];
    let mut n = 0;
    let body = data.strip_prefix(b"<~").unwrap_or(data);
    for &c in body {
        match c {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0, 0, 0, 0]),
            b'!'..=b'u' => {
                group[n] = c - b'!';
                n += 1;
                if n == 5 {
                    let v = group.iter().fold(0u64, |a, &d| a * 85 + d as u64) as u32;
                    out.extend_from_slice(&v.to_be_bytes());
                    n = 0;
                }
            }
            _ => {}
        }
    }
    if n > 1 {
        for g in group.iter_mut().skip(n) {
            *g = 84;
        }
        let v = group.iter().fold(0u64, |a, &d| a * 85 + d as u64) as u32;
        out.extend_from_slice(&v.to_be_bytes()[..n - 1]);
    }
    out
}

/// A small stream (a ToUnicode map): at most 4 MiB decoded, not drawn from the input's byte
/// total, but within its time.
pub(super) fn decode_small_stream(
    budget: &Budget,
    doc: &mut Doc<'_>,
    s: &Obj,
) -> Result<Option<Vec<u8>>, Stop> {
    let limits = super::super::limits::Limits {
        max_member_bytes: 4 << 20,
        max_time_ms: budget.remaining_ms(),
        ..super::super::limits::Limits::default()
    };
    let small = Budget::new(limits);
    decode_stream(&small, doc, s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a85() {
        assert_eq!(ascii85(b"87cURD]i,\"Ebo7~>"), b"Hello World");
        assert_eq!(ascii85(b"<~z~>"), vec![0, 0, 0, 0]);
    }
}
