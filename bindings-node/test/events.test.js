'use strict';
// Findings as they are found: iterFile / iterBytes (async iterators) and document streams
// (createStream(), the default), against the one-shot scans of the same input.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Readable } = require('node:stream');
const { pipeline } = require('node:stream/promises');
const { once } = require('node:events');
const { execFileSync } = require('node:child_process');
const { Scanner, ScanIterator, ScanStream } = require('..');
const { PKG, REPO, tempDir, bigText } = require('./helpers');

const scanner = new Scanner();
const SAMPLES = path.join(REPO, 'samples');
const samples = fs.readdirSync(SAMPLES).filter((f) => !f.endsWith('.md')).sort();

async function collect(iter) {
  const events = [];
  for await (const ev of iter) events.push(ev);
  return events;
}

/** The events a one-shot report implies: its findings, then... in scan order (see below). */
function eventsOf(report) {
  return {
    findings: report.findings.map((f) => ({ type: 'finding', ...f })),
    unscannable: report.unscannable.map((u) => ({ type: 'unscannable', ...u })),
  };
}

describe('iterFile and iterBytes', () => {
  it('yield every finding and unread part of the one-shot scan, then set the report', async () => {
    assert.ok(samples.length >= 8, samples.join(', '));
    for (const name of samples) {
      const file = path.join(SAMPLES, name);
      const want = await scanner.scanFile(file);
      const iter = scanner.iterFile(file);
      assert.ok(iter instanceof ScanIterator);
      assert.equal(iter.report, null);
      const events = await collect(iter);
      assert.deepEqual(iter.report, want, name);
      const expected = eventsOf(want);
      assert.deepEqual(events.filter((e) => e.type === 'finding'), expected.findings, name);
      assert.deepEqual(events.filter((e) => e.type === 'unscannable'), expected.unscannable, name);

      const bytes = fs.readFileSync(file);
      const fromBytes = scanner.iterBytes(bytes, { name });
      assert.deepEqual(await collect(fromBytes), events, `${name} (iterBytes)`);
      assert.deepEqual(fromBytes.report, scanner.scanBytes(bytes, { name }));
    }
  });

  it('reads documents: a zip of Office files, an encrypted zip', async () => {
    const zip = await collect(scanner.iterFile(path.join(SAMPLES, 'documents.zip')));
    assert.ok(zip.some((e) => e.type === 'finding' && e.kind === 'my_number' && e.location.startsWith('documents.zip!')));
    const encrypted = await collect(scanner.iterFile(path.join(SAMPLES, 'encrypted.zip')));
    assert.ok(encrypted.some((e) => e.type === 'unscannable' && e.reason === 'encrypted'), JSON.stringify(encrypted));
    // Events carry their type first, then the fields of a Finding or Unscannable.
    assert.equal(Object.keys(zip[0])[0], 'type');
    assert.deepEqual(Object.keys(encrypted.find((e) => e.type === 'unscannable')), ['type', 'location', 'reason', 'detail']);
  });

  it('break after the first findings of a large file stops the scan', async () => {
    // 48 MB of text with a phone number every 256 KiB. (That findings arrive while the input
    // is still being read is shown without clocks by the CLI's stdin test and the core's
    // sink tests; a timed assertion here would only measure the machine.)
    const file = path.join(tempDir(), 'big.txt');
    fs.writeFileSync(file, bigText(48));
    const whole = await scanner.scanFile(file);
    const iter = scanner.iterFile(file);
    const first = [];
    for await (const ev of iter) {
      assert.equal(ev.type, 'finding');
      first.push(ev);
      if (first.length === 3) break;
    }
    assert.ok(whole.findings.length > 150);
    assert.deepEqual(
      first.map((f) => f.byteStart),
      whole.findings.slice(0, 3).map((f) => f.byteStart),
    );
    // After break: done, no report (the scan was stopped, nobody waits for it).
    assert.deepEqual(await iter.next(), { done: true, value: undefined });
    assert.equal(iter.report, null);
  });

  it('serves next() calls made without waiting, in order', async () => {
    const bytes = Buffer.from('TEL 03-1234-5678\n'.repeat(50) + 'TEL 090-0000-0001\n');
    const iter = scanner.iterBytes(bytes);
    const results = await Promise.all(Array.from({ length: 60 }, () => iter.next()));
    const values = results.filter((r) => !r.done).map((r) => r.value);
    assert.deepEqual(values, eventsOf(scanner.scanBytes(bytes)).findings);
    assert.ok(results.slice(values.length).every((r) => r.done));
  });

  it('scans a copy of the bytes, made at the call', async () => {
    const buf = Buffer.from('マイナンバー：6214-9832-0257\n'.repeat(100));
    const want = scanner.scanBytes(buf);
    const iter = scanner.iterBytes(buf);
    buf.fill(0x41);
    await collect(iter);
    assert.deepEqual(iter.report, want);
  });

  it('errors: bad arguments throw, fs errors reject the first next()', async () => {
    assert.throws(() => scanner.iterFile(42), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => scanner.iterBytes('text'), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
    assert.throws(() => scanner.iterBytes(Buffer.alloc(1), { nam: 'x' }), { code: 'ERR_MAMORI_CONFIG' });
    const missing = path.join(tempDir(), 'nope.txt');
    const iter = scanner.iterFile(missing);
    await assert.rejects(collect(iter), { code: 'ENOENT', syscall: 'open', path: missing });
    assert.deepEqual(await iter.next(), { done: true, value: undefined });
  });

  it('an iterator never read, or left half-read, does not keep the process alive', () => {
    const script = `
      const { Scanner } = require(${JSON.stringify(PKG)});
      const s = new Scanner();
      s.iterFile(${JSON.stringify(path.join(SAMPLES, 'documents.zip'))});
      const it = s.iterBytes(Buffer.from('TEL 03-1234-5678\\n'.repeat(100000)));
      it.next().then((r) => console.log(r.value.type));
      const stream = s.createStream();
      stream.write('TEL 03-1234-5678 ');`;
    const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(out.trim(), 'finding');
  });
});

describe('createStream() reads documents', () => {
  it('gives the report of scanBytes for every sample, whatever the chunking', async () => {
    for (const name of samples) {
      const bytes = fs.readFileSync(path.join(SAMPLES, name));
      const want = scanner.scanBytes(bytes, { name });
      for (const highWaterMark of [1000, 64 * 1024]) {
        const stream = scanner.createStream({ name });
        assert.ok(stream instanceof ScanStream);
        const findings = [];
        const parts = [];
        stream.on('finding', (f) => findings.push(f));
        stream.on('unscannable', (u) => parts.push(u));
        await pipeline(fs.createReadStream(path.join(SAMPLES, name), { highWaterMark }), stream);
        assert.deepEqual(stream.report, want, `${name} in ${highWaterMark}-byte chunks`);
        assert.deepEqual(findings, want.findings);
        assert.deepEqual(parts, want.unscannable);
        assert.equal(stream.bytesFed, bytes.length);
      }
    }
  });

  it('without a name, a mail and a zip are still recognised by their content', async () => {
    for (const name of ['見積依頼.eml', 'documents.zip']) {
      const bytes = fs.readFileSync(path.join(SAMPLES, name));
      const stream = scanner.createStream();
      await pipeline(Readable.from([bytes]), stream);
      assert.deepEqual(stream.report, scanner.scanBytes(bytes));
      assert.ok(stream.report.findings.length > 0);
    }
  });

  it('emits findings while the input is still arriving', async () => {
    const stream = scanner.createStream();
    const first = once(stream, 'finding');
    stream.write(Buffer.from('マイナンバー：6214-9832-0257\n'));
    for (let i = 0; i < 8; i++) stream.write(Buffer.alloc(256 * 1024, 0x20));
    const [f] = await first;
    assert.equal(f.kind, 'my_number');
    assert.equal(stream.report, null);
    stream.end();
    await once(stream, 'finish');
    assert.equal(stream.report.counts.my_number, 1);
  });

  it('streams 64 MB through a bounded queue', async () => {
    const piece = Buffer.from(bigText(1, 32 * 1024));
    const rounds = 64;
    const before = process.memoryUsage().rss;
    let peak = before;
    const source = Readable.from(
      (function* gen() {
        for (let i = 0; i < rounds; i++) {
          peak = Math.max(peak, process.memoryUsage().rss);
          yield piece;
        }
      })(),
    );
    const stream = new Scanner({ maxFindings: 10 }).createStream();
    let count = 0;
    stream.on('finding', () => count++);
    await pipeline(source, stream);
    const perPiece = scanner.scanBytes(piece).counts.phone;
    assert.equal(count, rounds * perPiece);
    assert.equal(stream.report.counts.phone, rounds * perPiece);
    assert.equal(stream.report.bytesScanned, rounds * piece.length);
    assert.ok(peak - before < 96 * 1024 * 1024, `RSS grew by ${((peak - before) / 1e6).toFixed(0)} MB`);
  });

  it('destroy stops the scan; options are checked', async () => {
    const stream = scanner.createStream();
    let late = 0;
    stream.write(Buffer.from('TEL 03-1234-5678\n'.repeat(20000)));
    stream.destroy();
    stream.on('finding', () => late++);
    await once(stream, 'close');
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(late, 0);
    assert.equal(stream.report, null);
    assert.throws(() => scanner.createStream({ text: true, name: 'a.txt' }), { code: 'ERR_MAMORI_CONFIG' });
    assert.throws(() => scanner.createStream({ asyncThreshold: 0 }), { code: 'ERR_MAMORI_CONFIG' });
    assert.throws(() => scanner.createStream({ text: 'yes' }), { name: 'TypeError' });
  });
});
