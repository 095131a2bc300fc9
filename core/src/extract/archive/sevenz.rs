//! 7z archives, read with `sevenz-rust2` after [`sevenz_header::check`] has bounded what the
//! header declares.
//!
//! Members are decoded as streams, folder by folder (a solid folder is decoded once, its
//! files in order), each through a [`Bounded`] reader. A member's compressed size is its
//! share of its folder's packed streams (in proportion to its size; the packed size is
//! capped by the archive's length, so a header cannot claim more compressed data than
//! there is): the ratio limit holds inside solid folders as for a zip member. What a member's scan leaves unread is drained through the same
//! reader (the next file of a solid folder starts after it), so limits hold there too.
//! Folders encrypted with AES are reported `encrypted` file by file; an encrypted header
//! (names hidden) makes the whole archive `encrypted`. Methods other than copy, LZMA, LZMA2,
//! BCJ/delta filters, bzip2 and deflate (PPMd, zstd...) are reported `unsupported_format`.

use super::super::limits::{Bounded, Compressed, Limit};
use super::super::{child, Cx, Input, Stop};
use super::{base_name, sevenz_header};
use crate::finding::UnscannableReason;
use sevenz_rust2::{Archive, BlockDecoder, EncoderMethod, Error, Password};
use std::io::{self, Read, Seek, SeekFrom};

/// The packed bytes of each folder, capped by the bytes the archive has.
fn packed_per_block(archive: &Archive, archive_len: u64) -> Vec<u64> {
    let firsts = archive.stream_map.block_first_pack_stream_index();
    let sizes = archive.pack_sizes();
    (0..archive.blocks.len())
        .map(|b| {
            let start = firsts.get(b).copied().unwrap_or(0);
            let end = firsts.get(b + 1).copied().unwrap_or(sizes.len());
            let sum = sizes
                .get(start..end.max(start))
                .unwrap_or(&[])
                .iter()
                .fold(0u64, |a, &x| a.saturating_add(x));
            sum.min(archive_len)
        })
        .collect()
}

/// A member's share of its folder's packed bytes, in proportion to its size.
fn share(packed: u64, member: u64, unpacked: u64) -> u64 {
    let s = packed as u128 * member as u128 / unpacked.max(1) as u128;
    (s.min(u64::MAX as u128) as u64).max(1)
}

fn sevenz_err(e: Error) -> Stop {
    match e {
        Error::Io(e, _) | Error::FileOpen(e, _) => Stop::Read(e),
        Error::PasswordRequired | Error::MaybeBadPassword(_) => {
            Stop::Encrypted("encrypted 7z data".into())
        }
        Error::UnsupportedCompressionMethod(m) => {
            Stop::Unsupported(format!("7z compression method {m} is not read"))
        }
        Error::ExternalUnsupported | Error::Unsupported(_) | Error::UnsupportedVersion { .. } => {
            Stop::Unsupported(format!("7z: {e}"))
        }
        Error::MaxMemLimited { .. } => Stop::Limit(Limit::MemberBytes),
        e => Stop::Corrupt(format!("7z: {e}")),
    }
}

/// Scans a 7z archive.
pub(crate) fn sevenz<R: Read + Seek>(
    cx: &mut Cx<'_>,
    reader: R,
    loc: Option<String>,
    depth: u32,
) -> Result<(), Stop> {
    // The header walk bounds what the crate allocates, not every index it follows; should
    // its reader or decoders still panic on a malformed archive, the panic stays here.
    // Findings added before it are valid, and nothing else it touched outlives the call.
    let run = std::panic::AssertUnwindSafe(|| read(cx, reader, loc, depth));
    match std::panic::catch_unwind(run) {
        Ok(r) => r,
        Err(_) => Err(Stop::Corrupt("7z reader failed on this file".into())),
    }
}

fn read<R: Read + Seek>(
    cx: &mut Cx<'_>,
    mut reader: R,
    loc: Option<String>,
    depth: u32,
) -> Result<(), Stop> {
    let Some(summary) = sevenz_header::check(&mut reader, &cx.budget.limits)? else {
        return Ok(());
    };
    let archive_len = reader.seek(SeekFrom::End(0)).map_err(Stop::Read)?;
    reader.seek(SeekFrom::Start(0)).map_err(Stop::Read)?;
    let mut source = reader;
    let password = Password::empty();
    let archive = Archive::read(&mut source, &password).map_err(sevenz_err)?;
    if archive.files.len() as u64 != summary.files {
        // The walk and the crate disagree on the header: trust neither.
        return Err(Stop::Corrupt("7z header read two ways gives two file counts".into()));
    }
    let encrypted_block = |b: usize| {
        archive.blocks[b]
            .coders
            .iter()
            .any(|c| c.encoder_method_id() == EncoderMethod::ID_AES256_SHA256)
    };
    let packed = packed_per_block(&archive, archive_len);
    for (block, &packed) in packed.iter().enumerate() {
        if cx.budget.exhausted().is_some() {
            break;
        }
        if encrypted_block(block) {
            let files = archive.stream_map.file_block_index.iter().enumerate();
            for (i, _) in files.filter(|(_, b)| **b == Some(block)) {
                let mloc = Some(child(&loc, archive.files[i].name()));
                if let Err(l) = cx.budget.member() {
                    cx.record(Stop::Limit(l), &mloc).map_err(Stop::Read)?;
                    return Ok(());
                }
                cx.unscannable(&mloc, UnscannableReason::Encrypted, "encrypted 7z member".into());
            }
            continue;
        }
        let mut failed: Option<Stop> = None;
        let mut stop_all = false;
        let unpacked = archive.blocks[block].get_unpack_size();
        let decoder = BlockDecoder::new(1, block, &archive, &password, &mut source);
        let result = decoder.for_each_entries(&mut |entry, data| {
            if entry.is_directory() || !entry.has_stream() {
                return Ok(true);
            }
            let name = entry.name().replace('\\', "/");
            let mloc = Some(child(&loc, &name));
            if let Err(l) = cx.budget.member() {
                if let Err(e) = cx.record(Stop::Limit(l), &mloc) {
                    failed = Some(Stop::Read(e));
                }
                stop_all = true;
                return Ok(false);
            }
            let csize = share(packed, entry.size(), unpacked);
            let mut bounded = Bounded::new(data, cx.budget, Compressed::Known(csize), true);
            if let Err(e) =
                cx.member(Input::Stream(&mut bounded), base_name(&name), mloc.clone(), depth + 1)
            {
                failed = Some(Stop::Read(e));
                return Ok(false);
            }
            // The next member of a solid folder starts where this one ends.
            let recorded = cx.unscannable + cx.unscannable_dropped;
            match io::copy(&mut bounded, &mut io::sink()) {
                Ok(_) => Ok(true),
                Err(e) => {
                    // The member's own scan may have met (and recorded) the same error.
                    if cx.unscannable + cx.unscannable_dropped == recorded {
                        if let Err(e) = cx.record(Stop::Read(e), &mloc) {
                            failed = Some(Stop::Read(e));
                        }
                    }
                    Ok(false)
                }
            }
        });
        if let Some(stop) = failed {
            return Err(stop);
        }
        if stop_all {
            break;
        }
        if let Err(e) = result {
            let bloc = Some(child(&loc, &block_name(&archive, block)));
            cx.record(sevenz_err(e), &bloc).map_err(Stop::Read)?;
        }
    }
    Ok(())
}

/// The name a folder's failure is reported under: its first file's.
fn block_name(archive: &Archive, block: usize) -> String {
    let first = archive.stream_map.block_first_file_index.get(block).copied();
    first
        .and_then(|i| archive.files.get(i))
        .map(|f| f.name().replace('\\', "/"))
        .unwrap_or_default()
}
