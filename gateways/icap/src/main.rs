//! `mamori-icap --listen 127.0.0.1:1344 [--config mamori.toml]`: the web gateway.

use anyhow::{Context, Result};
use clap::Parser;
use mamori_config::ScannerOpts;
use mamori_gateway::{print_log_line, Gateway, GatewayKind};
use mamori_icap::server::{LogFn, Server};
use std::net::SocketAddr;
use std::sync::Arc;

/// An ICAP server for Squid: answers 403 with a short page to uploads (REQMOD) and
/// downloads (RESPMOD) carrying My Numbers or many personal items. Writes one JSON line per
/// scanned body to standard output.
#[derive(Parser)]
#[command(name = "mamori-icap", version)]
struct Args {
    /// Where to listen: ADDRESS:PORT (default: the `listen` key of the config's [icap]
    /// table, else 127.0.0.1:1344).
    #[arg(long, value_name = "ADDRESS")]
    listen: Option<String>,
    #[command(flatten)]
    scanner: ScannerOpts,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let gateway = Gateway::load(&args.scanner, GatewayKind::Icap)?;
    let listen = args
        .listen
        .or_else(|| gateway.settings().listen.clone())
        .unwrap_or_else(|| "127.0.0.1:1344".to_string());
    let addr: SocketAddr =
        listen.parse().with_context(|| format!("`{listen}`: expected ADDRESS:PORT"))?;
    let server = Server::bind(addr).with_context(|| format!("cannot listen on {addr}"))?;
    eprintln!("mamori-icap: listening on {}", server.local_addr()?);
    let log: LogFn = Arc::new(print_log_line);
    server.run(Arc::new(gateway), log)?;
    Ok(())
}
