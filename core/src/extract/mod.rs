//! Content extraction: documents, mail and archives scanned for what they contain.
//!
//! [`Scanner::scan_bytes`], [`Scanner::scan_reader`] and [`Scanner::scan_path`] detect the
//! format by content (magic bytes first, the name only as a hint), extract the text of every
//! place in it (cells, paragraphs, slides, mail headers and bodies, archive members, nested in
//! any order) and scan it with the same engine as [`Scanner::scan`].
//!
//! Each finding's `location` says where it sits, e.g. `名簿.xlsx#顧客!C12`,
//! `a.zip!b/c.zip!d/名簿.csv`, `mail.eml!見積.xlsx#Sheet1!B3`, `議事録.docx#p=14`,
//! `提案.pptx#slide=3`. `!` descends into a member, `#` names a place inside a document.
//! `start`/`end`/`line`/`column` are relative to the extracted text of that place: the
//! cell's value, the paragraph's joined runs, the decoded text of a file that was not UTF-8
//! (its location then ends in `#enc=Shift_JIS`, `#enc=EUC-JP`...), the visible text of HTML
//! with the attribute values that carry data.
//! A plain UTF-8 text input keeps exact byte offsets into the input.
//!
//! Places are scanned together with their neighbours: the cells of one row are joined with
//! tabs and rows with line breaks, paragraphs with line breaks, so a label in the next cell
//! or the previous paragraph raises confidence as it does in plain text.
//!
//! `Report::bytes_scanned` counts the extracted text scanned (for plain UTF-8 input, the
//! input's length). `scan_path` names the root by the file's name, not its directory.
//! Member names containing `!` or `#` are kept as they are.
//!
//! Whatever cannot be read is listed in `Report::unscannable` with a reason (`encrypted`,
//! `corrupt`, `limit_exceeded` naming the limit, `unsupported_format`, `raw_text_only`);
//! content never causes an error or a panic. [`ExtractError`] is only for failures to read
//! the input itself.
//!
//! Formats: text in UTF-8, UTF-16 (BOM or detected), Shift_JIS/CP932, EUC-JP and ISO-2022-JP
//! (detected when undeclared), HTML and XML (tags removed, entities decoded), RTF, terminal
//! output (escape sequences, bell, backspace) and text padded with NUL bytes; zip (stored,
//! deflate, deflate64, ZIP64, CP932 names), tar, gzip, bzip2, xz (`.tar.bz2`, `.tbz2`,
//! `.tar.xz`, `.txz` too), 7z (copy, LZMA, LZMA2, BCJ, delta, bzip2, deflate; solid or not),
//! LZH/LHA (`-lh0-`, `-lh1-`, `-lh4-` to `-lh7-`, Shift_JIS names); docx, xlsx, pptx;
//! OpenDocument odt, ods, odp (see `odf.rs`); e-mail (RFC 5322/MIME), Outlook .msg and mbox
//! mailboxes (see `mail/mod.rs`); PDF (see `pdf/mod.rs` for what it decodes); legacy Excel
//! .xls (see `xls.rs`), Word .doc and PowerPoint .ppt (see `legacy/`). RAR archives are
//! listed: each member is reported `unsupported_format` ("RAR member not decompressed") at
//! its location. Encrypted Office and OpenDocument files, PDFs that need a password to open,
//! password-protected zip, 7z and RAR members, and 7z or RAR archives whose headers are
//! encrypted are reported `encrypted`; other OLE compound files, Word 6.0/95 documents,
//! images and other media, zstd, cab and lzip are reported `unsupported_format`.
//!
//! Binary data of no known format is read the way `strings` reads a file (see `strings.rs`):
//! its printable runs of at least four characters in ASCII/UTF-8, Shift_JIS and UTF-16LE/BE
//! are scanned, each a place `#off=N` (`#off=N,enc=UTF-16LE`, `,enc=UTF-16BE`,
//! `,enc=Shift_JIS`) where `N` is the byte offset of the run in the input and
//! `start`/`end` are offsets in the run's text (for a UTF-8 run, `N + start` is the
//! finding's byte offset in the input). The input is then listed `raw_text_only`: values
//! held in the format's own structures (compressed, numeric, split) may have been missed.

mod archive;
mod legacy;
mod limits;
mod mail;
mod odf;
mod ooxml;
mod pdf;
mod sniff;
mod strings;
mod text;
mod unit;
mod xls;

pub use limits::Limits;

use crate::finding::{Unscannable, UnscannableReason};
use crate::report::{Report, ReportBuilder};
use crate::scanner::Scanner;
use crate::sink::{Flow, NoSink, Sink};
use limits::{Budget, Limit, LimitHit};
use sniff::{Format, SNIFF_LEN};
use std::cell::Cell;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The input itself could not be read (bad content is never an error: it is reported in
/// `Report::unscannable`).
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("cannot read {}: {source}", path.display())]
    Path {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("cannot read input: {0}")]
    Io(#[source] io::Error),
}

/// Why reading one part stopped.
#[derive(Debug)]
pub(crate) enum Stop {
    Limit(Limit),
    /// A limit-like refusal with its own explanation (overlapping zip entries).
    Refused(String),
    /// An I/O error: from the source (then the scan fails) or from a decoder (corrupt data).
    Read(io::Error),
    Corrupt(String),
    Encrypted(String),
    Unsupported(String),
}

impl From<Limit> for Stop {
    fn from(l: Limit) -> Self {
        Stop::Limit(l)
    }
}

pub(crate) trait ReadSeek: Read + Seek {}
impl<T: Read + Seek + ?Sized> ReadSeek for T {}

/// One input or member to extract.
pub(crate) enum Input<'a> {
    Mem(&'a [u8]),
    Stream(&'a mut dyn Read),
    /// Positioned at its start.
    Seekable(&'a mut dyn ReadSeek),
}

/// The state of one scan_* call: scanner, shared budget and the report being built.
pub(crate) struct Cx<'s> {
    /// The caller's sink: told of every finding and unread part as it is found.
    pub sink: &'s mut dyn Sink,
    pub scanner: &'s Scanner,
    pub budget: &'s Budget,
    pub report: ReportBuilder,
    /// Bytes of extracted text scanned.
    pub text_bytes: u64,
    /// Set when the caller's reader failed (an I/O error, not bad content).
    source_failed: Rc<Cell<bool>>,
    unscannable: usize,
    unscannable_dropped: usize,
    global_recorded: bool,
}

/// The caller's reader: remembers whether it failed, so its errors are not taken for
/// corrupt content.
struct Source<R> {
    inner: R,
    failed: Rc<Cell<bool>>,
}

impl<R: Read> Read for Source<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).inspect_err(|e| {
            if e.kind() != io::ErrorKind::Interrupted {
                self.failed.set(true)
            }
        })
    }
}

impl<R: Seek> Seek for Source<R> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos).inspect_err(|_| self.failed.set(true))
    }
}

/// Joins a container's location and a member name with `!`.
pub(crate) fn child(loc: &Option<String>, name: &str) -> String {
    format!("{}!{}", loc.as_deref().unwrap_or(""), name)
}

impl<'s> Cx<'s> {
    fn new(scanner: &'s Scanner, budget: &'s Budget, sink: &'s mut dyn Sink) -> Self {
        Cx {
            sink,
            scanner,
            budget,
            report: ReportBuilder::new(scanner.inner.config.max_findings),
            text_bytes: 0,
            source_failed: Rc::new(Cell::new(false)),
            unscannable: 0,
            unscannable_dropped: 0,
            global_recorded: false,
        }
    }

    fn finish(mut self) -> Report {
        if self.budget.exhausted() == Some(Limit::Stopped) {
            self.report.mark_stopped();
        }
        if self.unscannable_dropped > 0 {
            let n = self.unscannable_dropped;
            self.report.add_unlisted_unscannable(
                n as u64,
                Unscannable {
                    location: String::new(),
                    reason: UnscannableReason::LimitExceeded,
                    detail: format!("{n} more unscannable parts not listed (max_unscannable)"),
                },
            );
        }
        let policy = &self.scanner.inner.config.policy;
        self.report.finish(policy, self.text_bytes)
    }

    /// Records a part that could not be read.
    pub fn unscannable(
        &mut self,
        location: &Option<String>,
        reason: UnscannableReason,
        detail: String,
    ) {
        if self.unscannable >= self.budget.limits.max_unscannable {
            self.unscannable_dropped += 1;
            return;
        }
        self.unscannable += 1;
        let location = location.clone().unwrap_or_default();
        let part = Unscannable { location, reason, detail };
        if self.sink.unscannable(&part) == Flow::Stop {
            self.budget.stop();
        }
        self.report.add_unscannable(part);
    }

    /// Records why a part stopped. Returns the error when it is the caller's reader failing.
    pub fn record(&mut self, stop: Stop, location: &Option<String>) -> io::Result<()> {
        let (reason, detail) = match stop {
            Stop::Read(e) if self.source_failed.get() => return Err(e),
            Stop::Read(e) => match LimitHit::find(&e) {
                Some(l) => return self.record(Stop::Limit(l), location),
                None => (UnscannableReason::Corrupt, e.to_string()),
            },
            Stop::Limit(Limit::Stopped) => {
                self.report.mark_stopped();
                return Ok(());
            }
            Stop::Limit(l) => {
                if l.is_global() {
                    if self.global_recorded {
                        return Ok(());
                    }
                    self.global_recorded = true;
                }
                let value = match l {
                    Limit::Depth => self.budget.limits.max_depth as u64,
                    Limit::TotalBytes => self.budget.limits.max_total_bytes,
                    Limit::MemberBytes => self.budget.limits.max_member_bytes,
                    Limit::Ratio => self.budget.limits.max_ratio,
                    Limit::Members => self.budget.limits.max_members,
                    Limit::Time => self.budget.limits.max_time_ms,
                    Limit::Objects => self.budget.limits.max_objects,
                    Limit::Stopped => 0,
                };
                let what =
                    if l.is_global() { "; the rest of the input was not scanned" } else { "" };
                (UnscannableReason::LimitExceeded, format!("{} = {value} reached{what}", l.name()))
            }
            Stop::Refused(d) => (UnscannableReason::LimitExceeded, d),
            Stop::Corrupt(d) => (UnscannableReason::Corrupt, d),
            Stop::Encrypted(d) => (UnscannableReason::Encrypted, d),
            Stop::Unsupported(d) => (UnscannableReason::UnsupportedFormat, d),
        };
        self.unscannable(location, reason, detail);
        Ok(())
    }

    /// Extracts and scans one input or member, recording whatever stops it.
    pub fn member(
        &mut self,
        input: Input<'_>,
        name: &str,
        location: Option<String>,
        depth: u32,
    ) -> io::Result<()> {
        match self.process(input, name, location.clone(), depth) {
            Ok(()) => Ok(()),
            Err(stop) => self.record(stop, &location),
        }
    }

    /// Extracts and scans one input or member.
    pub fn process(
        &mut self,
        input: Input<'_>,
        name: &str,
        location: Option<String>,
        depth: u32,
    ) -> Result<(), Stop> {
        self.budget.depth_ok(depth)?;
        self.budget.check()?;
        let mut opened = Opened::open(input)?;
        let format = sniff::sniff(opened.head(), Some(name));
        match format {
            Format::Text | Format::Html | Format::Xml | Format::Rtf => {
                let markup = match format {
                    Format::Html => text::Markup::Html,
                    Format::Xml => text::Markup::Xml,
                    Format::Rtf => text::Markup::Rtf,
                    _ => text::Markup::Plain,
                };
                let (head, rest) = opened.split();
                text::scan_text(self, head, rest, markup, location, None)
            }
            Format::Gzip => {
                let mut r = opened.full();
                archive::gzip(self, &mut r, name, location, depth)
            }
            Format::Bzip2 => {
                let mut r = opened.full();
                archive::bzip2(self, &mut r, name, location, depth)
            }
            Format::Xz => {
                let mut r = opened.full();
                archive::xz(self, &mut r, name, location, depth)
            }
            Format::Tar => {
                let mut r = opened.full();
                archive::tar(self, &mut r, location, depth)
            }
            Format::Lzh => {
                let mut r = opened.full();
                archive::lzh(self, &mut r, location, depth)
            }
            Format::Rar => {
                let mut r = opened.full();
                archive::rar(self, &mut r, location)
            }
            Format::SevenZ => match opened.random_access(self.budget)? {
                RandomAccess::Mem(b) => archive::sevenz(self, io::Cursor::new(b), location, depth),
                RandomAccess::Owned(v) => {
                    archive::sevenz(self, io::Cursor::new(v), location, depth)
                }
                RandomAccess::File(f) => archive::sevenz(self, f, location, depth),
                RandomAccess::Borrowed(r) => archive::sevenz(self, r, location, depth),
            },
            Format::Zip => match opened.random_access(self.budget)? {
                RandomAccess::Mem(b) => archive::zip(self, io::Cursor::new(b), location, depth),
                RandomAccess::Owned(v) => archive::zip(self, io::Cursor::new(v), location, depth),
                RandomAccess::File(f) => archive::zip(self, f, location, depth),
                RandomAccess::Borrowed(r) => archive::zip(self, r, location, depth),
            },
            Format::Eml => {
                let bytes = opened.bytes(self.budget)?;
                mail::scan(self, &bytes, location, depth)
            }
            Format::Mbox => {
                let (head, rest) = opened.split();
                mail::mbox::scan(self, head, rest, location, depth)
            }
            Format::Cfb => {
                let bytes = opened.bytes(self.budget)?;
                // Opened once, after its FAT layout is checked; routed by the streams at its
                // root (names deeper down belong to embedded objects and attachments).
                let c = legacy::Container::open(&bytes, self.budget, "compound file")?;
                if c.has("/__properties_version1.0") {
                    mail::msg::scan(self, c, location, depth)
                } else if c.has("/EncryptionInfo") || c.has("/EncryptedPackage") {
                    Err(Stop::Encrypted("password-protected Office document".into()))
                } else if c.has("/WordDocument") {
                    legacy::doc::scan(self, c, location)
                } else if c.has("/PowerPoint Document") {
                    legacy::ppt::scan(self, c, location)
                } else if c.has("/Workbook") || c.has("/Book") {
                    // A `Workbook` (BIFF8) or `Book` (BIFF5) stream: calamine opens the file
                    // itself; damaged ones are reported `corrupt` by the reader.
                    drop(c);
                    xls::scan(self, &bytes, location)
                } else {
                    Err(Stop::Unsupported(
                        "OLE compound file of no known application is not read".into(),
                    ))
                }
            }
            Format::Pdf => {
                let bytes = opened.bytes(self.budget)?;
                // The reader is ours and written not to panic; should it still, the panic
                // stays here: nothing it touched outlives the call except findings already
                // added, which are valid.
                let run = std::panic::AssertUnwindSafe(|| pdf::scan(self, &bytes, location));
                match std::panic::catch_unwind(run) {
                    Ok(r) => r,
                    Err(_) => Err(Stop::Corrupt("PDF reader failed on this file".into())),
                }
            }
            Format::UnsupportedArchive(k) => {
                Err(Stop::Unsupported(format!("{k} archive is not read")))
            }
            Format::Media(k) => Err(Stop::Unsupported(format!("{k}: no text without OCR"))),
            Format::Binary => {
                let (head, rest) = opened.split();
                strings::scan(self, head, rest, location)
            }
        }
    }
}

/// An input with its first bytes read for sniffing.
struct Opened<'a> {
    head: Vec<u8>,
    /// For `Mem`: the whole slice (the head is its prefix and not copied).
    whole: Option<&'a [u8]>,
    /// For `Mem`: the head's length.
    head_len: usize,
    rest: Rest<'a>,
}

enum Rest<'a> {
    Mem(&'a [u8]),
    Stream(&'a mut dyn Read),
    Seekable(&'a mut dyn ReadSeek),
}

/// Random access to a member: what zip needs.
enum RandomAccess<'a> {
    Mem(&'a [u8]),
    Owned(Vec<u8>),
    File(std::fs::File),
    Borrowed(&'a mut dyn ReadSeek),
}

fn read_full(r: &mut dyn Read, buf: &mut Vec<u8>, want: usize) -> Result<(), Stop> {
    let start = buf.len();
    buf.resize(start + want, 0);
    let mut got = 0;
    while got < want {
        match r.read(&mut buf[start + got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                buf.truncate(start + got);
                return Err(Stop::Read(e));
            }
        }
    }
    buf.truncate(start + got);
    Ok(())
}

impl<'a> Opened<'a> {
    fn open(input: Input<'a>) -> Result<Self, Stop> {
        Ok(match input {
            Input::Mem(b) => {
                let n = b.len().min(SNIFF_LEN);
                Opened { head: Vec::new(), whole: Some(b), head_len: n, rest: Rest::Mem(&b[n..]) }
            }
            Input::Stream(r) => {
                let mut head = Vec::new();
                read_full(r, &mut head, SNIFF_LEN)?;
                Opened { head, whole: None, head_len: 0, rest: Rest::Stream(r) }
            }
            Input::Seekable(r) => {
                let mut head = Vec::new();
                read_full(r, &mut head, SNIFF_LEN)?;
                Opened { head, whole: None, head_len: 0, rest: Rest::Seekable(r) }
            }
        })
    }

    fn head(&self) -> &[u8] {
        match self.whole {
            Some(w) => &w[..self.head_len],
            None => &self.head,
        }
    }

    /// The head and the reader of what follows it.
    fn split(&mut self) -> (&[u8], &mut dyn Read) {
        let head = match self.whole {
            Some(w) => &w[..self.head_len],
            None => &self.head,
        };
        let rest: &mut dyn Read = match &mut self.rest {
            Rest::Mem(b) => b,
            Rest::Stream(r) => *r,
            Rest::Seekable(r) => *r,
        };
        (head, rest)
    }

    /// The whole input as one reader.
    fn full(&mut self) -> impl Read + '_ {
        let (head, rest) = self.split();
        head.chain(rest)
    }

    /// The whole input in memory (mail), within the member limit.
    fn bytes(&mut self, budget: &Budget) -> Result<std::borrow::Cow<'a, [u8]>, Stop> {
        if let Some(whole) = self.whole {
            return Ok(std::borrow::Cow::Borrowed(whole));
        }
        let max = budget.limits.max_member_bytes;
        let mut v = self.head.clone();
        let (_, rest) = self.split();
        // The head alone may exceed a small member limit: never take a negative amount.
        rest.take((max + 1).saturating_sub(v.len() as u64))
            .read_to_end(&mut v)
            .map_err(Stop::Read)?;
        if v.len() as u64 > max {
            return Err(Stop::Limit(Limit::MemberBytes));
        }
        Ok(std::borrow::Cow::Owned(v))
    }

    /// Random access: the slice itself, the seekable reader rewound, or the stream spilled
    /// to memory (up to the spill threshold) or to a temporary file.
    fn random_access(self, budget: &Budget) -> Result<RandomAccess<'a>, Stop> {
        match self.rest {
            Rest::Mem(rest) => Ok(RandomAccess::Mem(self.whole.unwrap_or(rest))),
            Rest::Seekable(r) => {
                r.seek(SeekFrom::Start(0)).map_err(Stop::Read)?;
                Ok(RandomAccess::Borrowed(r))
            }
            Rest::Stream(r) => spill(self.head, r, budget),
        }
    }
}

/// Copies a stream to memory, or to a temporary file once it passes the spill threshold.
fn spill<'a>(head: Vec<u8>, r: &mut dyn Read, budget: &Budget) -> Result<RandomAccess<'a>, Stop> {
    let threshold = budget.limits.spill_threshold;
    let max = budget.limits.max_total_bytes;
    let mut v = head;
    r.take(threshold.saturating_sub(v.len() as u64) + 1).read_to_end(&mut v).map_err(Stop::Read)?;
    if (v.len() as u64) <= threshold {
        return Ok(RandomAccess::Owned(v));
    }
    let mut f = tempfile::tempfile()
        .map_err(|e| Stop::Refused(format!("cannot create a temporary file: {e}")))?;
    let tmp_err = |e: io::Error| Stop::Refused(format!("cannot write a temporary file: {e}"));
    f.write_all(&v).map_err(tmp_err)?;
    let mut total = v.len() as u64;
    drop(v);
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        budget.check()?;
        let n = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Stop::Read(e)),
        };
        total += n as u64;
        if total > max {
            return Err(Stop::Limit(Limit::TotalBytes));
        }
        f.write_all(&buf[..n]).map_err(tmp_err)?;
    }
    f.seek(SeekFrom::Start(0)).map_err(tmp_err)?;
    Ok(RandomAccess::File(f))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

impl Scanner {
    fn limits(&self) -> crate::extract::Limits {
        self.inner.config.limits.clone()
    }

    /// Extracts and scans an input held in memory: a document, a mail, an archive or text in
    /// any supported encoding. `name_hint` (a file name) helps only where content is
    /// ambiguous and becomes the first part of every location.
    ///
    /// ```
    /// let scanner = mamori::Scanner::builder().build().unwrap();
    /// let sjis = encoding_rs::SHIFT_JIS.encode("電話：03-1234-5678").0;
    /// let report = scanner.scan_bytes(&sjis, Some("名簿.csv"));
    /// let f = &report.findings[0];
    /// assert_eq!(f.location.as_deref(), Some("名簿.csv#enc=Shift_JIS"));
    /// assert_eq!(f.start, "電話：".len()); // offsets into the decoded text
    /// ```
    pub fn scan_bytes(&self, bytes: &[u8], name_hint: Option<&str>) -> Report {
        self.scan_bytes_with(bytes, name_hint, &mut NoSink)
    }

    /// [`Scanner::scan_bytes`], telling `sink` of every finding and unread part as it is
    /// found; the scan ends early when the sink says [`Flow::Stop`] (see [`crate::sink`]).
    pub fn scan_bytes_with(
        &self,
        bytes: &[u8],
        name_hint: Option<&str>,
        sink: &mut dyn Sink,
    ) -> Report {
        let budget = Budget::new(self.limits());
        let mut cx = Cx::new(self, &budget, sink);
        let loc = name_hint.map(str::to_string);
        // A slice cannot fail to read.
        let _ = cx.member(Input::Mem(bytes), name_hint.unwrap_or(""), loc, 0);
        cx.finish()
    }

    /// Extracts and scans everything `reader` yields. Streams text and tar; formats that
    /// need random access (zip, documents) are spilled to a temporary file past
    /// `Limits::spill_threshold`.
    pub fn scan_reader<R: Read>(
        &self,
        reader: R,
        name_hint: Option<&str>,
    ) -> Result<Report, ExtractError> {
        self.scan_reader_with(reader, name_hint, &mut NoSink)
    }

    /// [`Scanner::scan_reader`] with a [`Sink`]: findings reach it while the reader is
    /// still being read.
    pub fn scan_reader_with<R: Read>(
        &self,
        reader: R,
        name_hint: Option<&str>,
        sink: &mut dyn Sink,
    ) -> Result<Report, ExtractError> {
        let budget = Budget::new(self.limits());
        let mut cx = Cx::new(self, &budget, sink);
        let mut src = Source { inner: reader, failed: cx.source_failed.clone() };
        let loc = name_hint.map(str::to_string);
        cx.member(Input::Stream(&mut src), name_hint.unwrap_or(""), loc, 0)
            .map_err(ExtractError::Io)?;
        Ok(cx.finish())
    }

    /// Extracts and scans a file. Locations start with the file's name.
    pub fn scan_path(&self, path: impl AsRef<Path>) -> Result<Report, ExtractError> {
        self.scan_path_with(path, &mut NoSink)
    }

    /// [`Scanner::scan_path`] with a [`Sink`].
    pub fn scan_path_with(
        &self,
        path: impl AsRef<Path>,
        sink: &mut dyn Sink,
    ) -> Result<Report, ExtractError> {
        let path = path.as_ref();
        let err = |source| ExtractError::Path { path: path.to_path_buf(), source };
        let file = std::fs::File::open(path).map_err(err)?;
        let budget = Budget::new(self.limits());
        let mut cx = Cx::new(self, &budget, sink);
        let mut src = Source {
            inner: io::BufReader::with_capacity(64 * 1024, file),
            failed: cx.source_failed.clone(),
        };
        let name = file_name(path);
        cx.member(Input::Seekable(&mut src), &name, Some(name.clone()), 0).map_err(err)?;
        Ok(cx.finish())
    }
}
