//! Configuration of the CLI: the shared `mamori.toml` loader of the `mamori-config` crate
//! (file, keyword files and command-line detection options merged into one scanner).

pub use mamori_config::*;
