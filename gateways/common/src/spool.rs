//! A message being received: in memory while small, in a temporary file beyond that, and
//! never more than the gateway's maximum message size.

use std::io::{self, Read, Seek, SeekFrom, Write};
use tempfile::SpooledTempFile;

/// Holds one message as it arrives. Bytes past `max` are dropped and the spool marks
/// itself oversize, so a sender cannot make the gateway store more than `max` bytes.
///
/// ```
/// use std::io::Write;
/// let mut spool = mamori_gateway::Spool::new(4, 1024);
/// spool.write_all(b"abc")?;
/// assert!(!spool.is_oversize());
/// spool.write_all(b"de")?;
/// assert!(spool.is_oversize());
/// assert_eq!(spool.received(), 5);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct Spool {
    file: SpooledTempFile,
    kept: u64,
    received: u64,
    max: u64,
}

impl Spool {
    /// An empty spool holding up to `max` bytes, the first `memory` of them in memory.
    pub fn new(max: u64, memory: usize) -> Spool {
        Spool { file: SpooledTempFile::new(memory), kept: 0, received: 0, max }
    }

    /// True once more than the maximum was offered.
    pub fn is_oversize(&self) -> bool {
        self.received > self.max
    }

    /// Bytes offered so far, kept or not.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// The kept bytes, read from the start, leaving them in the spool (to be read again,
    /// for a gateway that passes the message on after scanning it).
    pub fn rewound(&mut self) -> io::Result<&mut (impl Read + use<>)> {
        self.file.seek(SeekFrom::Start(0))?;
        Ok(&mut self.file)
    }

    /// The kept bytes, read from the start.
    pub fn into_reader(mut self) -> io::Result<impl Read> {
        self.file.seek(SeekFrom::Start(0))?;
        Ok(self.file)
    }
}

impl Write for Spool {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.received = self.received.saturating_add(buf.len() as u64);
        if self.is_oversize() {
            if self.kept > 0 {
                // Nothing more will be scanned: free what is held now.
                self.file = SpooledTempFile::new(0);
                self.kept = 0;
            }
            return Ok(buf.len());
        }
        self.file.write_all(buf)?;
        self.kept += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}
