//! The progress bar: on stderr, only when stderr is a terminal, and only once the scan has
//! taken more than a moment (so quick scans print nothing extra).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Delay before the bar appears.
const SHOW_AFTER: Duration = Duration::from_millis(400);

pub struct Progress {
    bar: Option<ProgressBar>,
    files: Arc<AtomicU64>,
    visible: Arc<AtomicBool>,
    /// Set when the scan is over; the lock orders it against showing the bar.
    done: Arc<Mutex<bool>>,
}

impl Progress {
    pub fn new(enabled: bool) -> Progress {
        let files = Arc::new(AtomicU64::new(0));
        let visible = Arc::new(AtomicBool::new(false));
        let done = Arc::new(Mutex::new(false));
        let bar = enabled.then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
            let f = Arc::clone(&files);
            let style = ProgressStyle::with_template(
                "{spinner} {files} files  {bytes}  {binary_bytes_per_sec}  {elapsed}  {wide_msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_spinner())
            .with_key(
                "files",
                move |_: &ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{}", f.load(Ordering::Relaxed));
                },
            );
            bar.set_style(style);
            let (b, v, d) = (bar.clone(), Arc::clone(&visible), Arc::clone(&done));
            std::thread::spawn(move || {
                std::thread::sleep(SHOW_AFTER);
                let done = d.lock().unwrap_or_else(|e| e.into_inner());
                if !*done {
                    b.set_draw_target(ProgressDrawTarget::stderr_with_hz(8));
                    b.enable_steady_tick(Duration::from_millis(125));
                    v.store(true, Ordering::Release);
                }
            });
            bar
        });
        Progress { bar, files, visible, done }
    }

    pub fn start_file(&self, path: &str) {
        if let Some(b) = &self.bar {
            b.set_message(path.to_string());
        }
    }

    pub fn bytes(&self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
        }
    }

    pub fn file_done(&self) {
        self.files.fetch_add(1, Ordering::Relaxed);
    }

    /// Runs `f` (which writes to the terminal) with the bar cleared.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(b) if self.visible.load(Ordering::Acquire) => b.suspend(f),
            _ => f(),
        }
    }

    pub fn finish(&self) {
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        *done = true;
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
