//! `mamori-milter --listen 127.0.0.1:8891 [--config mamori.toml]`: the mail gateway.

use anyhow::{Context, Result};
use clap::Parser;
use mamori_config::ScannerOpts;
use mamori_gateway::{print_log_line, Gateway, GatewayKind};
use mamori_milter::server::{Listen, LogFn, Server};
use std::sync::Arc;

/// A milter for Postfix and Sendmail: rejects mail carrying My Numbers or many personal
/// items, holds what needs review (encrypted attachments), tags the rest. Writes one JSON
/// line per message to standard output.
#[derive(Parser)]
#[command(name = "mamori-milter", version)]
struct Args {
    /// Where to listen: 127.0.0.1:PORT, inet:127.0.0.1:PORT or unix:/path (default: the
    /// `listen` key of the config's [milter] table, else 127.0.0.1:8891).
    #[arg(long, value_name = "ADDRESS")]
    listen: Option<String>,
    #[command(flatten)]
    scanner: ScannerOpts,
}

fn main() -> Result<()> {
    let args = Args::parse();
    let gateway = Gateway::load(&args.scanner, GatewayKind::Milter)?;
    let listen = args
        .listen
        .or_else(|| gateway.settings().listen.clone())
        .unwrap_or_else(|| "127.0.0.1:8891".to_string());
    let listen: Listen = listen.parse().map_err(anyhow::Error::msg)?;
    let server = Server::bind(&listen).with_context(|| format!("cannot listen on {listen:?}"))?;
    eprintln!("mamori-milter: listening on {listen:?}");
    let log: LogFn = Arc::new(print_log_line);
    server.run(Arc::new(gateway), log)?;
    Ok(())
}
