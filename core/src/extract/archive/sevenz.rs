//! 7z archives, read with `sevenz-rust2` after [`sevenz_header::check`] has bounded what the
//! header declares.
//!
//! Members are decoded as streams, folder by folder (a solid folder is decoded once, its
//! files in order), each through a [`Bounded`] reader: the ratio is taken against the
//! archive bytes read so far. What a member's scan leaves unread is drained through the same
//! reader (the next file of a solid folder starts after it), so limits hold there too.
//! Folders encrypted with AES are reported `encrypted` file by file; an encrypted header
//! (names hidden) makes the whole archive `encrypted`. Methods other than copy, LZMA, LZMA2,
//! BCJ/delta filters, bzip2 and deflate (PPMd, zstd...) are reported `unsupported_format`.

use super::super::limits::{Bounded, Compressed, Limit};
use super::super::{child, Cx, Input, Stop};
use super::{base_name, sevenz_header};
use crate::finding::UnscannableReason;
use sevenz_rust2::{Archive, BlockDecoder, EncoderMethod, Error, Password};
use std::cell::Cell;
use std::io::{self, Read, Seek, SeekFrom};
use std::rc::Rc;

/// Counts the archive bytes read (the compressed side of every member).
struct CountingSeek<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for CountingSeek<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

impl<R: Seek> Seek for CountingSeek<R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
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
    mut reader: R,
    loc: Option<String>,
    depth: u32,
) -> Result<(), Stop> {
    let summary = sevenz_header::check(&mut reader, &cx.budget.limits)?;
    let count = Rc::new(Cell::new(0u64));
    let mut source = CountingSeek { inner: reader, count: count.clone() };
    let password = Password::empty();
    let archive = Archive::read(&mut source, &password).map_err(sevenz_err)?;
    if archive.files.len() as u64 > summary.files.max(cx.budget.limits.max_members) {
        // The walk and the crate disagree on the header: trust neither.
        return Err(Stop::Corrupt("7z header read two ways gives two file counts".into()));
    }
    let encrypted_block = |b: usize| {
        archive.blocks[b]
            .coders
            .iter()
            .any(|c| c.encoder_method_id() == EncoderMethod::ID_AES256_SHA256)
    };
    for block in 0..archive.blocks.len() {
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
            let mut bounded =
                Bounded::new(data, cx.budget, Compressed::Counted(count.clone()), true);
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
