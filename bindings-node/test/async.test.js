'use strict';
// Promise APIs: results equal to the synchronous ones, the copy contract, many scans in
// flight, and the event loop left free while a large scan runs.

const { describe, it, before } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { Scanner } = require('..');
const { corpusFiles, tempDir, bigText, unnamed } = require('./helpers');

const scanner = new Scanner({ keywords: ['社外秘', '極秘'] });

describe('scanBytesAsync', () => {
  it('gives the same report as scanBytes', async () => {
    for (const file of corpusFiles().slice(0, 10)) {
      const bytes = fs.readFileSync(file);
      assert.deepEqual(await scanner.scanBytesAsync(bytes), scanner.scanBytes(bytes));
    }
    const r = await scanner.scanBytesAsync(Buffer.from('TEL 03-1234-5678'), { name: 'a.txt' });
    assert.equal(r.name, 'a.txt');
    assert.equal(r.counts.phone, 1);
  });

  it('scans a copy: writing to the Buffer after the call does not change the result', async () => {
    // The scan runs on a libuv thread while this code overwrites the buffer; without the
    // copy, Rust would read memory that JavaScript is writing (a data race).
    const text = 'マイナンバー：6214-9832-0257\n'.repeat(4000);
    const buf = Buffer.from(text);
    const expected = scanner.scanBytes(buf);
    for (let round = 0; round < 5; round++) {
      const pending = scanner.scanBytesAsync(buf);
      buf.fill(0x41); // 'A': no findings left in the buffer itself
      const got = await pending;
      assert.deepEqual(got, expected);
      buf.write(text);
    }
    // ...and a SharedArrayBuffer view, which even a Worker could write meanwhile.
    const sab = new SharedArrayBuffer(buf.length);
    const view = new Uint8Array(sab);
    view.set(Buffer.from(text));
    const pending = scanner.scanBytesAsync(view);
    view.fill(0x41);
    assert.deepEqual(await pending, expected);
  });
});

describe('scanFile', () => {
  it('gives the same report as scanBytes of the file named by its file name', async () => {
    for (const file of corpusFiles()) {
      const got = await scanner.scanFile(file);
      assert.equal(got.name, file);
      const want = scanner.scanBytes(fs.readFileSync(file), { name: path.basename(file) });
      assert.deepEqual(unnamed(got), unnamed(want), file);
    }
  });

  it('scanFileSync gives the same report as scanFile', async () => {
    for (const file of corpusFiles().slice(0, 12)) {
      assert.deepEqual(scanner.scanFileSync(file), await scanner.scanFile(file), file);
    }
    const docs = path.join(__dirname, '..', '..', 'samples', '顧客台帳.xlsx');
    const sync = scanner.scanFileSync(pathToFileURL(docs));
    assert.equal(sync.name, docs);
    assert.ok(sync.findings.length > 0 && sync.findings.every((f) => f.location.startsWith('顧客台帳.xlsx#')));
    assert.deepEqual(sync, await scanner.scanFile(docs));
  });

  it('accepts file: URLs', async () => {
    const file = corpusFiles()[0];
    const r = await scanner.scanFile(pathToFileURL(file));
    assert.equal(r.name, file);
    assert.deepEqual(r.findings, scanner.scanBytes(fs.readFileSync(file), { name: path.basename(file) }).findings);
  });

  it('scans a file larger than its read buffer (1 MiB) like a whole buffer', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'big.txt');
    const parts = corpusFiles().map((f) => fs.readFileSync(f));
    const once = parts.reduce((n, p) => n + p.length, 0);
    const rounds = Math.ceil((3.5 * 1024 * 1024) / once);
    const data = Buffer.concat(Array.from({ length: rounds }, () => parts).flat());
    assert.ok(data.length > 3 * 1024 * 1024);
    fs.writeFileSync(file, data);
    const got = await scanner.scanFile(file);
    const want = scanner.scanBytes(data, { name: 'big.txt' });
    assert.equal(got.findings.length, want.findings.length);
    assert.deepEqual(unnamed(got), unnamed(want));
  });
});

describe('concurrency', () => {
  it('runs many scanFile calls in flight at once, each with its own result', async () => {
    const files = corpusFiles();
    const expected = new Map(
      files.map((f) => [f, { ...scanner.scanBytes(fs.readFileSync(f), { name: path.basename(f) }), name: f }]),
    );
    const calls = [];
    for (let round = 0; round < 6; round++) {
      for (const f of files) calls.push(scanner.scanFile(f).then((r) => [f, r]));
    }
    assert.ok(calls.length >= 300);
    const results = await Promise.all(calls);
    for (const [f, r] of results) assert.deepEqual(r, expected.get(f));
  });

  it('mixes scanners, sync and async calls and streams without crosstalk', async () => {
    const a = new Scanner({ kinds: ['phone'] });
    const b = new Scanner({ kinds: ['email'] });
    const text = Buffer.from('TEL 03-1234-5678 mail yamada@example.co.jp\n'.repeat(1000));
    const work = [];
    for (let i = 0; i < 40; i++) {
      work.push(a.scanBytesAsync(text).then((r) => assert.deepEqual(Object.keys(r.counts), ['phone'])));
      work.push(b.scanBytesAsync(text).then((r) => assert.deepEqual(Object.keys(r.counts), ['email'])));
      assert.deepEqual(Object.keys(a.scanBytes(text).counts), ['phone']);
    }
    await Promise.all(work);
  });
});

describe('event loop', () => {
  let sparseFile;
  let sparse;
  let dense;
  before(() => {
    // 64 MB of text with a phone number every 256 KiB (a long scan with a small report, so
    // what is measured is the scan, not parsing the result), and 24 MB of the corpus
    // (dense with findings: scanning is slower than copying).
    sparse = Buffer.from(bigText(64));
    sparseFile = path.join(tempDir(), 'large.txt');
    fs.writeFileSync(sparseFile, sparse);
    const corpus = Buffer.concat(corpusFiles().map((f) => fs.readFileSync(f)));
    dense = Buffer.concat(Array.from({ length: Math.ceil(24e6 / corpus.length) }, () => corpus));
  });

  /** Max and p99 event-loop delay (ms) while `run()` is pending; also its duration. */
  async function measure(run) {
    const h = monitorEventLoopDelay({ resolution: 5 });
    // A timer keeps the loop turning, so a blocked loop shows up as delay.
    const tick = setInterval(() => {}, 2);
    h.enable();
    // The histogram records from its second sample on: let it take a few first.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const t0 = performance.now();
    const result = await run();
    const ms = performance.now() - t0;
    // Delay is recorded when the timer finally fires: give it the chance.
    await new Promise((resolve) => setTimeout(resolve, 20));
    h.disable();
    clearInterval(tick);
    return { max: h.max / 1e6, p99: h.percentile(99) / 1e6, ms, result };
  }

  const fmt = (m) => `${m.ms.toFixed(0)} ms, max delay ${m.max.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms`;

  it('stays responsive while a large scanFile runs', async (t) => {
    const sync = await measure(async () => scanner.scanBytes(sparse));
    const file = await measure(() => scanner.scanFile(sparseFile));
    t.diagnostic(`64 MB file: scanBytes (sync) ${fmt(sync)}; scanFile ${fmt(file)}`);
    assert.equal(file.result.counts.phone, sync.result.counts.phone);
    assert.ok(sync.result.counts.phone > 200);
    // The measurement sees a blocked loop...
    assert.ok(sync.max >= sync.ms * 0.5, `sync max delay ${sync.max} vs ${sync.ms} ms`);
    // ...and the async scan leaves it free.
    const bound = Math.max(40, sync.ms / 5);
    assert.ok(file.max < bound, `scanFile max delay ${file.max} ms (bound ${bound})`);
  });

  it('stays responsive while a large scanBytesAsync runs (only the copy blocks)', async (t) => {
    const capped = new Scanner({ maxFindings: 1000 });
    const sync = await measure(async () => capped.scanBytes(dense));
    const buf = await measure(() => capped.scanBytesAsync(dense));
    const copy = await measure(async () => Buffer.from(dense));
    t.diagnostic(
      `${(dense.length / 1e6).toFixed(0)} MB corpus: scanBytes (sync) ${fmt(sync)}; ` +
        `scanBytesAsync ${fmt(buf)}; copying it alone takes ${copy.ms.toFixed(1)} ms`,
    );
    assert.deepEqual(buf.result, sync.result);
    const bound = Math.max(40, sync.ms / 3);
    assert.ok(buf.max < bound, `scanBytesAsync max delay ${buf.max} ms (bound ${bound})`);
  });
});
