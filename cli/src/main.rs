//! `mamori`: find Japanese personal information and confidential keywords in files.
//!
//! ```text
//! mamori scan [PATH ...]        scan files and folders ("-" reads standard input)
//! mamori redact [FILE|-]        write the text with findings masked
//! mamori init [FILE]            write a commented example configuration
//! ```
//!
//! Exit status: 0 nothing found and everything read, 1 findings or parts that could not be
//! inspected (see `--fail-on`), 2 errors.

mod output;
mod progress;
mod redact;
mod report;
mod scan;
mod settings;
mod walk;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use output::{OutputOpts, Printer, SortOrder};
use progress::Progress;
use scan::{scan_one, FileResult, Target, CHUNK};
use settings::{build_scanner, ColorChoice, FailOn, Format, LoadedConfig, ScannerOpts};
use std::io::{IsTerminal, Read, Write};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{mpsc, Arc, Mutex};
use walk::{describe_walk_error, display_path, location_of, Filters, WalkOpts};

#[derive(Parser)]
#[command(
    name = "mamori",
    version,
    about = "Find Japanese personal information (My Number, phones, cards, ...) and confidential keywords in files",
    after_help = "Exit status: 0 nothing found and everything read, 1 findings or parts not inspected (see --fail-on), 2 errors."
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Scan files and folders and report findings (values masked).
    Scan(ScanArgs),
    /// Write a text with every finding replaced by its masked form.
    Redact(RedactArgs),
    /// Write a commented example configuration (mamori.toml).
    Init(InitArgs),
    /// Write an HTML inventory report (by folder, kind and risk) of a scan result.
    Report(report::ReportArgs),
}

#[derive(Args)]
struct ScanArgs {
    /// Files and folders to scan; "-" reads standard input. [default: .]
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum)]
    format: Option<Format>,
    /// Order of files in the output: by path (the same on every run), or "none": each file
    /// as soon as its scan ends (human, jsonl and csv; json, sarif and --summary are
    /// always sorted).
    #[arg(long, value_enum, value_name = "ORDER", default_value_t)]
    sort: SortOrder,
    /// Only per-file counts and verdicts, riskiest first (an inventory).
    #[arg(long, short = 's')]
    summary: bool,
    /// Print raw values instead of masked ones (careful: output then holds personal data).
    #[arg(long)]
    show_values: bool,
    /// Colour the human output.
    #[arg(long, value_enum, value_name = "WHEN")]
    color: Option<ColorChoice>,
    /// Skip files and folders matching GLOB (a name anywhere, or a path from the scan root
    /// when it contains "/"). May be repeated.
    #[arg(long, short = 'e', value_name = "GLOB")]
    exclude: Vec<String>,
    /// Scan only files matching GLOB (same syntax). May be repeated.
    #[arg(long, short = 'i', value_name = "GLOB")]
    include: Vec<String>,
    /// Follow symbolic links (they are skipped by default).
    #[arg(long, short = 'L')]
    follow: bool,
    /// Scanning threads (0: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    threads: Option<usize>,
    /// What makes the exit status 1.
    #[arg(long, value_enum, value_name = "WHAT")]
    fail_on: Option<FailOn>,
    /// Print nothing; only the exit status tells.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Never show the progress bar.
    #[arg(long)]
    no_progress: bool,
    #[command(flatten)]
    scanner: ScannerOpts,
}

#[derive(Args)]
struct RedactArgs {
    /// The text to redact; "-" (the default) reads standard input.
    #[arg(value_name = "FILE", default_value = "-")]
    input: PathBuf,
    /// Write here instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// What replaces a finding.
    #[arg(long, value_enum, default_value_t)]
    style: redact::Style,
    #[command(flatten)]
    scanner: ScannerOpts,
}

#[derive(Args)]
struct InitArgs {
    /// Where to write; "-" prints it.
    #[arg(value_name = "FILE", default_value = "mamori.toml")]
    path: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    force: bool,
}

/// The example configuration `mamori init` writes.
pub const EXAMPLE_CONFIG: &str = include_str!("mamori.example.toml");

fn main() -> ExitCode {
    let cli = Cli::parse();
    let res = match cli.cmd {
        Cmd::Scan(a) => run_scan(a),
        Cmd::Redact(a) => run_redact(a),
        Cmd::Init(a) => run_init(a),
        Cmd::Report(a) => report::run(a),
    };
    match res {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("mamori: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn load_config(path: Option<&Path>) -> Result<Option<LoadedConfig>> {
    Ok(path.map(LoadedConfig::load).transpose()?)
}

fn run_scan(a: ScanArgs) -> Result<u8> {
    let loaded = load_config(a.scanner.config.as_deref())?;
    let sect = loaded.as_ref().map(|l| l.file.scan.clone()).unwrap_or_default();
    let format = a.format.or(sect.format).unwrap_or_default();
    let summary = a.summary || sect.summary.unwrap_or(false);
    if summary && format == Format::Sarif {
        bail!("--summary has no SARIF form (use --format json, jsonl, csv or human)");
    }
    let show_values = a.show_values || sect.show_values.unwrap_or(false);
    let color = match a.color.or(sect.color).unwrap_or_default() {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let opts = OutputOpts { format, sort: a.sort, summary, show_values, color, quiet: a.quiet };
    // The scanner's reports keep no findings: the scanning threads keep what they do not
    // write at once, up to `cap` per file.
    let file_cap = loaded.as_ref().and_then(|l| l.file.max_findings);
    let cap = a.scanner.max_findings.or(file_cap).unwrap_or(usize::MAX);
    let scanner = build_scanner(&a.scanner, loaded.as_ref(), show_values, Some(0))?;

    let mut exclude = sect.exclude.clone();
    exclude.extend(a.exclude.iter().cloned());
    let mut include = sect.include.clone();
    include.extend(a.include.iter().cloned());
    let filters = Arc::new(Filters::new(&exclude, &include)?);
    let mut paths = a.paths.clone();
    if paths.is_empty() {
        paths = if sect.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            let base = loaded
                .as_ref()
                .and_then(|l| l.path.parent().map(Path::to_path_buf))
                .unwrap_or_default();
            sect.paths.iter().map(|p| base.join(p)).collect()
        };
    }
    let threads = match a.threads.or(sect.threads).unwrap_or(0) {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let show_progress = !a.quiet
        && !a.no_progress
        && sect.progress.unwrap_or(true)
        && std::io::stderr().is_terminal();
    let progress = Progress::new(show_progress);
    let roots: Vec<String> = paths.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let out: Box<dyn Write + Send> = Box::new(std::io::BufWriter::new(std::io::stdout()));
    let printer = Printer::new(opts, &scanner, &progress, roots, out);
    printer.begin();

    // One thread walks (standard input first, then the roots sorted by path, each folder
    // sorted) and numbers what it finds; the scanning threads take files from a queue; the
    // printer writes results in the walk's order (or as they come with `--sort none`).
    let (stdin, mut fs_roots): (Vec<_>, Vec<_>) = paths.iter().partition(|p| p.as_os_str() == "-");
    if a.sort == SortOrder::Path {
        fs_roots.sort_by(|a, b| walk::path_order(&display_path(a), &display_path(b)));
    }
    let walk_opts = WalkOpts {
        roots: fs_roots.into_iter().cloned().collect(),
        follow: a.follow || sect.follow_symlinks.unwrap_or(false),
        filters,
    };
    let (jobs, queue) = mpsc::sync_channel::<(u64, Target)>(threads * 2);
    let queue = Mutex::new(queue);
    std::thread::scope(|s| {
        for _ in 0..threads {
            let (queue, scanner, printer, progress) = (&queue, &scanner, &printer, &progress);
            s.spawn(move || {
                let mut buf = vec![0u8; CHUNK];
                loop {
                    let job = queue.lock().unwrap_or_else(|e| e.into_inner()).recv();
                    let Ok((seq, target)) = job else { break };
                    if printer.is_broken() {
                        continue;
                    }
                    progress.start_file(&target.path);
                    // A result for every number, whatever happens: the printer waits for it.
                    let r = std::panic::catch_unwind(AssertUnwindSafe(|| {
                        let path = target.path.clone();
                        let stream =
                            &mut |f: &mamori::Finding| printer.stream_finding(seq, &path, f);
                        scan_one(
                            scanner,
                            &target,
                            &mut buf,
                            &mut |n| progress.bytes(n),
                            stream,
                            cap,
                        )
                    }))
                    .unwrap_or_else(|_| {
                        FileResult::failed(scanner, &target, "internal error while scanning")
                    });
                    progress.file_done();
                    printer.file_done(seq, r);
                }
            });
        }
        let mut seq = 0u64;
        let mut number = || {
            seq += 1;
            printer.wait_for_turn(seq - 1);
            seq - 1
        };
        if !stdin.is_empty() {
            let target = Target { fs_path: None, path: "-".into(), location: "-".into() };
            let _ = jobs.send((number(), target));
        }
        for entry in walk::walker(&walk_opts).into_iter().flatten() {
            if printer.is_broken() {
                break;
            }
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    let (path, msg) = describe_walk_error(&err);
                    let path = path.map(|p| display_path(&p)).unwrap_or_default();
                    printer.walk_error(number(), &path, &msg);
                    continue;
                }
            };
            let Some(ft) = entry.file_type() else {
                continue;
            };
            let scannable = if entry.depth() == 0 {
                // Named on the command line: read whatever it is (a symbolic link to a
                // file, /dev/fd/N, ...), except a folder, which the walker descends.
                !ft.is_dir() && !entry.path().is_dir()
            } else {
                ft.is_file()
            };
            if scannable {
                let target = Target {
                    fs_path: Some(entry.path().to_path_buf()),
                    path: display_path(entry.path()),
                    location: location_of(entry.path(), entry.depth()),
                };
                if jobs.send((number(), target)).is_err() {
                    break;
                }
            }
        }
        drop(jobs);
    });
    progress.finish();
    let totals = printer.finish();
    let fail_on = a.fail_on.or(sect.fail_on).unwrap_or_default();
    Ok(totals.exit_code(fail_on) as u8)
}

fn run_redact(a: RedactArgs) -> Result<u8> {
    let loaded = load_config(a.scanner.config.as_deref())?;
    // Findings are written straight into the output; none need keeping.
    let scanner = build_scanner(&a.scanner, loaded.as_ref(), false, Some(0))?;
    let mut input = Vec::new();
    if a.input.as_os_str() == "-" {
        std::io::stdin().lock().read_to_end(&mut input).context("cannot read standard input")?;
    } else {
        input = std::fs::read(&a.input)
            .with_context(|| format!("cannot read {}", a.input.display()))?;
    }
    let mut out: Box<dyn Write> = match &a.output {
        Some(p) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    match redact::redact(&scanner, &input, a.style, &mut out) {
        Ok(_) => Ok(0),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(0),
        Err(e) => Err(e).context("cannot write output"),
    }
}

fn run_init(a: InitArgs) -> Result<u8> {
    if a.path.as_os_str() == "-" {
        print!("{EXAMPLE_CONFIG}");
        return Ok(0);
    }
    if a.path.exists() && !a.force {
        bail!("{} exists; use --force to overwrite it", a.path.display());
    }
    std::fs::write(&a.path, EXAMPLE_CONFIG)
        .with_context(|| format!("cannot write {}", a.path.display()))?;
    eprintln!(
        "wrote {}; use it with: mamori scan --config {} [PATH ...]",
        a.path.display(),
        a.path.display()
    );
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn example_config_loads_and_builds() {
        let dir = std::env::temp_dir().join(format!("mamori-init-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("mamori.toml");
        std::fs::write(&p, EXAMPLE_CONFIG).unwrap();
        let loaded = LoadedConfig::load(&p).unwrap();
        build_scanner(&ScannerOpts::default(), Some(&loaded), false, None).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
