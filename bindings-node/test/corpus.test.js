'use strict';
// Identical findings to the Rust core: every file of corpora/text scanned through each
// entry point of the package, compared with the CLI's JSON (`mamori scan --format json`)
// for the same configuration. Nothing expected is written down here: the CLI is the
// reference, built from the same core.
//
// The CLI reads files with the core's document support, like scanBytes, scanBytesAsync
// and scanFile: those must match it on every file, locations included (the corpus's
// mail_*.txt are read as mails). scanText and streams scan text as given: they must match
// it on every file the CLI read as plain text, and each other everywhere.

const { describe, it, before } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pipeline } = require('node:stream/promises');
const { Scanner } = require('..');
const { CORPUS, corpusFiles, tempDir, runCli, comparable, textReport } = require('./helpers');

// A second configuration exercising keywords, regexes, context and policy options, written
// both as the CLI's TOML and as the package's options.
const CUSTOM_TOML = `
min_confidence = "medium"
context_window = 120
require_context = ["corporate_number"]
keywords = ["社外秘", { text = "極秘", severity = "high" }, { text = "Project Orion", label = "codename", severity = "high" }]

[[regexes]]
name = "service_id"
pattern = "SRV-[0-9]{8}"
severity = "low"
score = 0.7

[policy]
review_at_personal = 3
block_at_personal = 20
count_distinct = false

[policy.per_kind.phone]
review = 2
block = 6
`;

const CUSTOM_OPTIONS = {
  minConfidence: 'medium',
  contextWindow: 120,
  requireContext: ['corporate_number'],
  keywords: ['社外秘', { text: '極秘', severity: 'high' }, { text: 'Project Orion', label: 'codename', severity: 'high' }],
  regexes: [{ name: 'service_id', pattern: 'SRV-[0-9]{8}', severity: 'low', score: 0.7 }],
  policy: { reviewAtPersonal: 3, blockAtPersonal: 20, countDistinct: false, perKind: { phone: { review: 2, block: 6 } } },
};

/**
 * The CLI's per-file results for `args`, keyed by file name. The CLI lists only files with
 * findings; the others get the entry a file without findings has.
 */
function cliReports(args) {
  const out = runCli(['scan', CORPUS, '--format', 'json', '--fail-on', 'never', '--no-progress', ...args]);
  assert.deepEqual(out.errors ?? [], []);
  assert.equal(out.totals.files_scanned, fs.readdirSync(CORPUS).length, 'the CLI scanned every file');
  const byName = new Map(out.files.map((f) => [path.basename(f.path), f]));
  for (const file of corpusFiles()) {
    const name = path.basename(file);
    if (!byName.has(name)) {
      byName.set(name, {
        findings: [],
        counts: {},
        distinct_counts: {},
        verdict: { action: 'allow', reasons: [] },
        personal_items: 0,
        distinct_personal_items: 0,
        persons: 0,
        bytes: fs.statSync(file).size,
      });
    }
  }
  return byName;
}

/** A package report and the CLI's file entry agree on everything the CLI prints. */
function assertSame(report, cli, label, { location = false, text } = {}) {
  assert.deepEqual(
    report.findings.map((f) => comparable(f, { location, text })),
    cli.findings.map((f) => comparable(f, { location })),
    `${label}: findings`,
  );
  assert.deepEqual(report.counts, cli.counts, `${label}: counts`);
  assert.deepEqual(report.distinctCounts, cli.distinct_counts, `${label}: distinct_counts`);
  assert.deepEqual(report.verdict, cli.verdict, `${label}: verdict`);
  assert.equal(report.personalItems, cli.personal_items, `${label}: personal_items`);
  assert.equal(report.distinctPersonalItems, cli.distinct_personal_items, `${label}: distinct_personal_items`);
  assert.equal(report.persons, cli.persons, `${label}: persons`);
  assert.equal(report.bytesScanned, cli.bytes, `${label}: bytes`);
}

for (const [label, options, toml] of [
  ['default configuration', {}, null],
  ['custom configuration', CUSTOM_OPTIONS, CUSTOM_TOML],
]) {
  describe(`corpora/text, ${label}`, () => {
    let cli;
    let scanner;
    before(() => {
      const args = [];
      if (toml) {
        const file = path.join(tempDir(), 'mamori.toml');
        fs.writeFileSync(file, toml);
        args.push('--config', file);
      }
      cli = cliReports(args);
      scanner = new Scanner(options);
    });

    it('the corpus has files and findings', () => {
      const names = corpusFiles().map((f) => path.basename(f));
      assert.ok(names.length >= 40);
      const total = names.reduce((n, name) => n + cli.get(name).findings.length, 0);
      assert.ok(total > 500, `only ${total} findings in the corpus`);
      if (toml) {
        // The custom configuration's keywords and regex do match something.
        const kinds = new Set(names.flatMap((name) => cli.get(name).findings.map((f) => f.kind)));
        assert.ok(kinds.has('keyword') && kinds.has('custom'), [...kinds].join(', '));
      }
    });

    /** Files the CLI read as plain text: every location is the bare file name. */
    const plainText = () =>
      corpusFiles().filter((file) => {
        const name = path.basename(file);
        return cli.get(name).findings.every((f) => f.location === name);
      });

    it('scanBytes (named like the file), locations included', () => {
      for (const file of corpusFiles()) {
        const name = path.basename(file);
        assertSame(scanner.scanBytes(fs.readFileSync(file), { name }), cli.get(name), file, { location: true });
      }
    });

    it('scanBytesAsync and scanFile, locations included', async () => {
      await Promise.all(
        corpusFiles().map(async (file) => {
          const name = path.basename(file);
          const want = cli.get(name);
          const bytes = fs.readFileSync(file);
          assertSame(await scanner.scanBytesAsync(bytes, { name }), want, `${file} (async)`, { location: true });
          assertSame(await scanner.scanFile(file), want, `${file} (file)`, { location: true });
        }),
      );
    });

    it('iterFile, and document streams in small and large chunks, locations included', async () => {
      for (const file of corpusFiles()) {
        const name = path.basename(file);
        const want = cli.get(name);
        const iter = scanner.iterFile(file);
        const events = [];
        for await (const ev of iter) events.push(ev);
        assertSame(iter.report, want, `${file} (iterFile)`, { location: true });
        assert.deepEqual(events.map(({ type, ...f }) => [type, f]), iter.report.findings.map((f) => ['finding', f]));
        for (const highWaterMark of [97, 64 * 1024]) {
          const stream = scanner.createStream({ name });
          const emitted = [];
          stream.on('finding', (f) => emitted.push(f));
          await pipeline(fs.createReadStream(file, { highWaterMark }), stream);
          assertSame(stream.report, want, `${file} (document stream, ${highWaterMark})`, { location: true });
          assert.deepEqual(emitted, stream.report.findings);
        }
      }
    });

    it('scanText on the files read as plain text (byteStart/byteEnd; start/end index the string)', (t) => {
      const files = plainText();
      t.diagnostic(`${files.length} of ${corpusFiles().length} files read as plain text by the CLI`);
      assert.ok(files.length >= 30);
      for (const file of files) {
        const text = fs.readFileSync(file, 'utf8');
        const report = scanner.scanText(text);
        assertSame(report, cli.get(path.basename(file)), file, { text });
        const bytes = Buffer.from(text);
        for (const f of report.findings) {
          assert.equal(text.slice(f.start, f.end), bytes.subarray(f.byteStart, f.byteEnd).toString());
        }
      }
    });

    it('createStream({ text: true }) in small and large chunks: the CLI on plain text, scanText everywhere', async () => {
      const plain = new Set(plainText());
      for (const file of corpusFiles()) {
        const text = textReport(scanner, fs.readFileSync(file));
        for (const highWaterMark of [97, 64 * 1024]) {
          const stream = scanner.createStream({ text: true });
          const emitted = [];
          stream.on('finding', (f) => emitted.push(f));
          await pipeline(fs.createReadStream(file, { highWaterMark }), stream);
          assert.deepEqual(stream.report, text, `${file} (stream, ${highWaterMark})`);
          assert.deepEqual(emitted, text.findings);
          if (plain.has(file)) assertSame(stream.report, cli.get(path.basename(file)), `${file} (stream)`);
        }
      }
    });
  });
}

describe('corpora/text against the ground truth', () => {
  it('every labelled item of the corpus is found at its span', () => {
    // A cross-check independent of the CLI: the corpus's ground truth (byte spans per
    // kind), held to the core's own gate (core/tests/corpora.rs: 98% recall).
    const truth = fs
      .readFileSync(path.join(CORPUS, 'ground_truth.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    // The spans are into the files' raw bytes: compared with the text scan (scanText).
    const scanner = new Scanner();
    const found = new Map();
    for (const file of corpusFiles()) {
      const name = path.basename(file);
      const spans = textReport(scanner, fs.readFileSync(file)).findings.map((f) => `${f.kind}:${f.start}:${f.end}`);
      found.set(name, new Set(spans));
    }
    let missed = 0;
    for (const t of truth) {
      if (!found.get(t.file)?.has(`${t.kind}:${t.start}:${t.end}`)) missed += 1;
    }
    assert.ok(truth.length > 300);
    assert.ok(missed / truth.length < 0.02, `${missed} of ${truth.length} labelled items missed`);
  });
});
