//! Accepting MTA connections on a loopback TCP port or a Unix socket, one thread per
//! connection, at most `max_connections` at once.

use crate::session::Session;
use mamori_gateway::{ConnectionLimit, Gateway};
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::os::unix::net::UnixListener;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

/// Where the milter listens: `127.0.0.1:8891` (also written `inet:127.0.0.1:8891`, as in
/// Postfix's `smtpd_milters`) or `unix:/path/to/socket`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Listen {
    Tcp(SocketAddr),
    Unix(PathBuf),
}

impl FromStr for Listen {
    type Err = String;

    /// ```
    /// use mamori_milter::server::Listen;
    /// assert_eq!("inet:127.0.0.1:8891".parse(), Ok(Listen::Tcp("127.0.0.1:8891".parse().unwrap())));
    /// assert_eq!("unix:/run/m.sock".parse(), Ok(Listen::Unix("/run/m.sock".into())));
    /// assert!("localhost".parse::<Listen>().is_err());
    /// ```
    fn from_str(s: &str) -> Result<Listen, String> {
        if let Some(path) = s.strip_prefix("unix:") {
            return Ok(Listen::Unix(PathBuf::from(path)));
        }
        let addr = s.strip_prefix("inet:").unwrap_or(s);
        addr.parse::<SocketAddr>()
            .map(Listen::Tcp)
            .map_err(|_| format!("`{s}`: expected ADDRESS:PORT, inet:ADDRESS:PORT or unix:PATH"))
    }
}

enum Socket {
    Tcp(TcpListener),
    Unix(UnixListener),
}

/// A bound listening socket.
pub struct Server {
    socket: Socket,
}

pub use mamori_gateway::LogFn;

impl Server {
    /// Binds the socket (a stale Unix socket file at the path is replaced).
    pub fn bind(listen: &Listen) -> io::Result<Server> {
        let socket = match listen {
            Listen::Tcp(addr) => Socket::Tcp(TcpListener::bind(addr)?),
            Listen::Unix(path) => {
                use std::os::unix::fs::FileTypeExt;
                if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_socket()) {
                    std::fs::remove_file(path)?;
                }
                Socket::Unix(UnixListener::bind(path)?)
            }
        };
        Ok(Server { socket })
    }

    /// The TCP address bound (for port 0), if a TCP socket.
    pub fn local_addr(&self) -> Option<SocketAddr> {
        match &self.socket {
            Socket::Tcp(l) => l.local_addr().ok(),
            Socket::Unix(_) => None,
        }
    }

    /// Serves connections until the process ends. Each connection waits for a place within
    /// `max_connections` before it is accepted, and is closed after `idle_timeout_secs`
    /// without a command.
    pub fn run(self, gateway: Arc<Gateway>, log: LogFn) -> io::Result<()> {
        let limit = ConnectionLimit::new(gateway.settings().max_connections);
        let idle = Some(Duration::from_secs(gateway.settings().idle_timeout_secs.max(1)));
        loop {
            let permit = limit.acquire();
            let stream: Box<dyn Stream> = match &self.socket {
                Socket::Tcp(l) => match l.accept() {
                    Ok((s, _)) => {
                        // A peer that reset already fails here: drop it, keep serving.
                        if let Err(e) = s.set_read_timeout(idle).and(s.set_write_timeout(idle)) {
                            accept_failed(&e);
                            continue;
                        }
                        let _ = s.set_nodelay(true);
                        Box::new(s)
                    }
                    Err(e) => {
                        accept_failed(&e);
                        continue;
                    }
                },
                Socket::Unix(l) => match l.accept() {
                    Ok((s, _)) => {
                        if let Err(e) = s.set_read_timeout(idle).and(s.set_write_timeout(idle)) {
                            accept_failed(&e);
                            continue;
                        }
                        Box::new(s)
                    }
                    Err(e) => {
                        accept_failed(&e);
                        continue;
                    }
                },
            };
            let gateway = gateway.clone();
            let log = log.clone();
            std::thread::spawn(move || {
                let _permit = permit;
                let mut stream = stream;
                if let Err(e) = Session::new(&gateway, &*log).serve(&mut stream) {
                    eprintln!("mamori-milter: connection closed: {e}");
                }
            });
        }
    }
}

trait Stream: Read + Write + Send {}
impl<T: Read + Write + Send> Stream for T {}

fn accept_failed(e: &io::Error) {
    eprintln!("mamori-milter: accept: {e}");
    // Out of file descriptors and the like: do not spin.
    std::thread::sleep(Duration::from_millis(100));
}
