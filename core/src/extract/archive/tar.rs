//! Tar streams, read member by member. A header's declared size allocates nothing: each
//! member is read through a [`Bounded`] reader (member limit, clock), and a member whose
//! data ends early ends the archive as `corrupt`.

use super::super::limits::{Bounded, Compressed};
use super::super::{child, Cx, Input, Stop};
use super::{base_name, decode_name};
use std::io::Read;

/// Scans a tar stream member by member.
pub(crate) fn tar(
    cx: &mut Cx<'_>,
    reader: &mut dyn Read,
    loc: Option<String>,
    depth: u32,
) -> Result<(), Stop> {
    let mut ar = tar::Archive::new(reader);
    let entries = ar.entries().map_err(Stop::Read)?;
    for entry in entries {
        if cx.budget.exhausted().is_some() {
            break;
        }
        let mut entry = entry.map_err(Stop::Read)?;
        let kind = entry.header().entry_type();
        if !(kind.is_file() || kind == tar::EntryType::Continuous || kind.is_gnu_sparse()) {
            continue;
        }
        let name = decode_name(&entry.path_bytes());
        let mloc = Some(child(&loc, &name));
        if let Err(l) = cx.budget.member() {
            cx.record(Stop::Limit(l), &mloc).map_err(Stop::Read)?;
            break;
        }
        let base = base_name(&name).to_string();
        // The member limit and the clock hold inside a tar as in a zip; the bytes were
        // already drawn from the budget by whatever decompressed the tar (or are the input).
        let size = entry.size();
        let mut bounded = Bounded::new(&mut entry, cx.budget, Compressed::Known(size), false);
        cx.member(Input::Stream(&mut bounded), &base, mloc, depth + 1).map_err(Stop::Read)?;
    }
    Ok(())
}
