//! Single-stream compression: gzip, bzip2 and xz. The content is scanned under the
//! compressed file's own location, named without the compression suffix
//! (`list.csv.gz` is sniffed as `list.csv`, `a.tbz2` as `a.tar`).
//!
//! Each decoder reads through a counter and its output through a [`Bounded`] reader, so the
//! ratio, member and total limits apply as the data is produced. xz is decoded by liblzma
//! with a memory limit of `max_member_bytes` (plus the decoder's own tables): a header
//! declaring a larger dictionary (up to 4 GiB) is refused by liblzma before it allocates
//! the dictionary. A window larger than the largest member the budget lets through would
//! only serve a bomb.

use super::super::limits::{Bounded, Compressed, Counting, Limit};
use super::super::{Cx, Input, Stop};
use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

/// Decoder memory liblzma may use beyond the dictionary (its probability tables and
/// buffers take well under 1 MiB for the LZMA2 filter chains xz writes).
const XZ_OVERHEAD: u64 = 4 << 20;

/// The name of what a compressed file holds: `.gz`/`.bz2`/`.xz` dropped, `.tgz`/`.tbz2`/
/// `.tbz`/`.txz` turned into `.tar`.
fn inner_name(name: &str, suffixes: &[&str], tar_suffixes: &[&str]) -> String {
    let lower = name.to_ascii_lowercase();
    for s in tar_suffixes {
        if lower.ends_with(s) {
            return format!("{}.tar", &name[..name.len() - s.len()]);
        }
    }
    for s in suffixes {
        if lower.ends_with(s) {
            return name[..name.len() - s.len()].to_string();
        }
    }
    name.to_string()
}

/// Scans what the decoder `open` builds over `reader` produces, under the name `inner`; the
/// compressed bytes it reads are counted for the ratio limit.
fn scan_decoded<'r, D: Read>(
    cx: &mut Cx<'_>,
    reader: &'r mut dyn Read,
    inner: &str,
    loc: Option<String>,
    depth: u32,
    open: impl FnOnce(Counting<&'r mut dyn Read>) -> Result<D, Stop>,
) -> Result<(), Stop> {
    let count = Rc::new(Cell::new(0u64));
    let decoder = open(Counting { inner: reader, count: count.clone() })?;
    let mut bounded = Bounded::new(decoder, cx.budget, Compressed::Counted(count), true);
    cx.process(Input::Stream(&mut bounded), inner, loc, depth + 1)
}

/// Scans the content of a gzip stream (all members, as `gzip -d` does) under the same location.
pub(crate) fn gzip(
    cx: &mut Cx<'_>,
    reader: &mut dyn Read,
    name: &str,
    loc: Option<String>,
    depth: u32,
) -> Result<(), Stop> {
    let inner = inner_name(name, &[".gz"], &[".tgz"]);
    scan_decoded(cx, reader, &inner, loc, depth, |r| Ok(flate2::read::MultiGzDecoder::new(r)))
}

/// Scans the content of a bzip2 stream (all concatenated streams, as `bzip2 -d` does).
pub(crate) fn bzip2(
    cx: &mut Cx<'_>,
    reader: &mut dyn Read,
    name: &str,
    loc: Option<String>,
    depth: u32,
) -> Result<(), Stop> {
    let inner = inner_name(name, &[".bz2", ".bz"], &[".tbz2", ".tbz"]);
    // bzip2 blocks are at most 900 kB: the decoder's memory does not depend on the input.
    scan_decoded(cx, reader, &inner, loc, depth, |r| Ok(::bzip2::read::MultiBzDecoder::new(r)))
}

/// Scans the content of an xz stream (all concatenated streams), refusing dictionaries
/// larger than the member limit before they are allocated.
pub(crate) fn xz(
    cx: &mut Cx<'_>,
    reader: &mut dyn Read,
    name: &str,
    loc: Option<String>,
    depth: u32,
) -> Result<(), Stop> {
    let inner = inner_name(name, &[".xz"], &[".txz"]);
    let memlimit = cx.budget.limits.max_member_bytes.saturating_add(XZ_OVERHEAD);
    scan_decoded(cx, reader, &inner, loc, depth, |r| {
        let stream =
            liblzma::stream::Stream::new_stream_decoder(memlimit, liblzma::stream::CONCATENATED)
                .map_err(|e| Stop::Corrupt(format!("xz: {e}")))?;
        Ok(XzRead { inner: liblzma::read::XzDecoder::new_stream(r, stream) })
    })
}

/// liblzma's reader, its memory-limit error turned into the budget's member limit.
struct XzRead<R> {
    inner: R,
}

impl<R: Read> Read for XzRead<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| {
            let memlimit = e
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<liblzma::stream::Error>())
                .is_some_and(|x| matches!(x, liblzma::stream::Error::MemLimit));
            if memlimit {
                super::super::limits::LimitHit::io(Limit::MemberBytes)
            } else {
                e
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::inner_name;

    #[test]
    fn inner_names() {
        assert_eq!(inner_name("a.tbz2", &[".bz2"], &[".tbz2"]), "a.tar");
        assert_eq!(inner_name("名簿.csv.BZ2", &[".bz2"], &[".tbz2"]), "名簿.csv");
        assert_eq!(inner_name("a.tar.xz", &[".xz"], &[".txz"]), "a.tar");
        assert_eq!(inner_name("noext", &[".xz"], &[".txz"]), "noext");
    }
}
