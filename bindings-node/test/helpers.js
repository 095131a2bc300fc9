'use strict';
// Shared by the tests: paths, the corpus, temporary files and the Rust CLI as reference.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const PKG = path.resolve(__dirname, '..');
const REPO = path.resolve(PKG, '..');
const CORPUS = path.join(REPO, 'corpora', 'text');

/** The corpus's .txt files, sorted. */
function corpusFiles() {
  return fs
    .readdirSync(CORPUS)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => path.join(CORPUS, f));
}

/** A temporary folder removed when the process exits. */
function tempDir(prefix = 'mamori-node-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Runs the Rust CLI (`mamori scan --format json`) and returns its JSON. Uses $MAMORI_CLI
 * (test.sh builds it) or `cargo run --release -p mamori-cli`.
 */
function runCli(args) {
  const opts = { cwd: REPO, maxBuffer: 1 << 30, encoding: 'utf8' };
  const out = process.env.MAMORI_CLI
    ? execFileSync(process.env.MAMORI_CLI, args, opts)
    : execFileSync('cargo', ['run', '--release', '-q', '-p', 'mamori-cli', '--', ...args], opts);
  return JSON.parse(out);
}

/**
 * An address finding's parts as UTF-8 byte spans. `text`: the string given to scanText,
 * whose reports give the parts in UTF-16 indices like start/end; without it the parts are
 * byte spans already.
 */
function byteParts(f, text) {
  if (f.parts === undefined || text === undefined) return f.parts;
  const toByte = (i) => f.byteStart + Buffer.byteLength(text.slice(f.start, i));
  return Object.fromEntries(Object.entries(f.parts).map(([k, [s, e]]) => [k, [toByte(s), toByte(e)]]));
}

/**
 * A finding reduced to what the CLI's JSON has (byte offsets, no path); `text` for findings
 * of scanText (see byteParts).
 */
function comparable(f, { location = false, text } = {}) {
  const out = {
    location: location ? f.location : undefined,
    kind: f.kind,
    rule: f.rule,
    severity: f.severity,
    confidence: f.confidence,
    start: f.byteStart ?? f.start,
    end: f.byteEnd ?? f.end,
    line: f.line,
    column: f.column,
    masked: f.masked,
    hotwords: f.hotwords,
    parts: byteParts(f, text),
  };
  if (out.rule === undefined) delete out.rule;
  if (out.parts === undefined) delete out.parts;
  if (!location) delete out.location;
  return out;
}

/** Text with one phone number every `every` bytes or so, `mb` MB long (few findings). */
function bigText(mb, every = 256 * 1024) {
  const para = '本日の会議では来期の計画について議論しました。資料は共有フォルダにあります。\n';
  const unit = Buffer.byteLength(para);
  const parts = [];
  let size = 0;
  let n = 0;
  while (size < mb * 1e6) {
    parts.push(para);
    size += unit;
    if (size >= (n + 1) * every) {
      parts.push(`連絡先 TEL 03-1234-${String(n % 10000).padStart(4, '0')}\n`);
      n += 1;
    }
  }
  return parts.join('');
}

/**
 * The text scan of UTF-8 `bytes` (what streams do: no document extraction), with byte
 * offsets in start/end (and in address parts) like a buffer scan.
 */
function textReport(scanner, bytes) {
  const text = Buffer.from(bytes).toString('utf8');
  const report = scanner.scanText(text);
  for (const f of report.findings) {
    if (f.parts !== undefined) f.parts = byteParts(f, text);
    f.start = f.byteStart;
    f.end = f.byteEnd;
  }
  return report;
}

/** A report without its `name` (scanFile names the path, scanBytes the name it is given). */
function unnamed(report) {
  return { ...report, name: null };
}

module.exports = {
  PKG,
  REPO,
  CORPUS,
  corpusFiles,
  tempDir,
  runCli,
  byteParts,
  comparable,
  bigText,
  textReport,
  unnamed,
};
