//! Accepting Squid's connections on a TCP port, one thread per connection, at most
//! `max_connections` at once.

use crate::session::{Session, TimedStream};
use mamori_gateway::{ConnectionLimit, Gateway};
use std::io::{self, BufReader, BufWriter};
use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;
use std::time::Duration;

pub use mamori_gateway::LogFn;

/// A bound listening socket.
pub struct Server {
    listener: TcpListener,
}

impl Server {
    /// Binds `addr` (port 0 picks a free port).
    pub fn bind(addr: SocketAddr) -> io::Result<Server> {
        Ok(Server { listener: TcpListener::bind(addr)? })
    }

    /// The address bound.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves connections until the process ends. A connection waits for a place within
    /// `max_connections` before it is accepted.
    pub fn run(self, gateway: Arc<Gateway>, log: LogFn) -> io::Result<()> {
        let limit = ConnectionLimit::new(gateway.settings().max_connections);
        let idle = Duration::from_secs(gateway.settings().idle_timeout_secs.max(1));
        let serial = Arc::new(AtomicU64::new(1));
        loop {
            let permit = limit.acquire();
            let (stream, _) = match self.listener.accept() {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("mamori-icap: accept: {e}");
                    // Out of file descriptors and the like: do not spin.
                    std::thread::sleep(Duration::from_millis(100));
                    continue;
                }
            };
            let _ = stream.set_nodelay(true);
            stream.set_write_timeout(Some(idle))?;
            let writer = stream.try_clone()?;
            let (gateway, log, serial) = (gateway.clone(), log.clone(), serial.clone());
            std::thread::spawn(move || {
                let _permit = permit;
                let mut reader =
                    BufReader::with_capacity(64 * 1024, TimedStream::new(stream, idle));
                let mut writer = BufWriter::with_capacity(64 * 1024, writer);
                let session = Session::new(&gateway, &*log, &serial);
                if let Err(e) = session.serve(&mut reader, &mut writer) {
                    eprintln!("mamori-icap: connection closed: {e}");
                }
            });
        }
    }
}
