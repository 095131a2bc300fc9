'use strict';
// createStream({ text: true }): a stream.Writable scanning text, with 'finding' events and a
// final report, identical to a one-shot text scan whatever the chunking. (Document streams,
// the default, are in events.test.js.)

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const { Readable, Writable } = require('node:stream');
const { pipeline } = require('node:stream/promises');
const { once } = require('node:events');
const { Scanner, ScanStream } = require('..');
const { corpusFiles, textReport } = require('./helpers');

const scanner = new Scanner({ keywords: ['社外秘'] });

/** Writes `chunks` into a new stream; resolves with the emitted findings and the report. */
async function streamChunks(chunks, options) {
  const stream = scanner.createStream({ text: true, ...options });
  const findings = [];
  stream.on('finding', (f) => findings.push(f));
  const reported = once(stream, 'report');
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
  const [report] = await reported;
  assert.equal(stream.report, report);
  return { findings, report, stream };
}

function split(bytes, size) {
  const out = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

describe('createStream({ text: true })', () => {
  it('is a Writable that fs.createReadStream().pipe() feeds', async () => {
    const file = corpusFiles().find((f) => f.includes('mail_001'));
    const stream = scanner.createStream({ text: true });
    assert.ok(stream instanceof Writable);
    assert.ok(stream instanceof ScanStream);
    const findings = [];
    stream.on('finding', (f) => findings.push(f));
    let reportEvent = null;
    stream.on('report', (r) => {
      reportEvent = r;
    });
    assert.equal(stream.report, null);
    fs.createReadStream(file, { highWaterMark: 100 }).pipe(stream);
    await once(stream, 'finish');
    // The report is there by 'finish'.
    assert.ok(reportEvent);
    assert.equal(stream.report, reportEvent);
    // Streams scan text as it arrives (no document extraction): a text scan of the file.
    const want = textReport(scanner, fs.readFileSync(file));
    assert.deepEqual(findings, want.findings);
    assert.deepEqual(stream.report, want);
    assert.equal(stream.bytesFed, fs.statSync(file).size);
  });

  it('gives the findings and report of a one-shot scan for every corpus file and chunking', async () => {
    for (const file of corpusFiles()) {
      const bytes = fs.readFileSync(file);
      const want = textReport(scanner, bytes);
      for (const size of [1, 7, 4096, 1 << 20]) {
        if (size === 1 && bytes.length > 20000) continue; // slow and no more telling
        const { findings, report } = await streamChunks(split(bytes, size));
        assert.deepEqual(findings, want.findings, `${file} in ${size}-byte chunks`);
        assert.deepEqual(report, want, `${file} in ${size}-byte chunks`);
      }
    }
  });

  it('feeds large chunks on the thread pool and small ones inline, with the same result', async () => {
    const bytes = Buffer.concat(corpusFiles().map((f) => fs.readFileSync(f)));
    const want = textReport(scanner, bytes);
    for (const asyncThreshold of [0, 1024, Number.MAX_SAFE_INTEGER]) {
      const { findings, report } = await streamChunks(split(bytes, 64 * 1024), { asyncThreshold });
      assert.deepEqual(findings, want.findings, `asyncThreshold ${asyncThreshold}`);
      assert.deepEqual(report, want);
    }
  });

  it('accepts strings and Uint8Arrays and counts offsets from the start of the stream', async () => {
    const stream = scanner.createStream({ text: true });
    const findings = [];
    stream.on('finding', (f) => findings.push(f));
    stream.write('前置き TEL 03-');
    stream.write(new Uint8Array(Buffer.from('1234-5678 ')));
    stream.end('社外秘');
    await once(stream, 'finish');
    const whole = Buffer.from('前置き TEL 03-1234-5678 社外秘');
    assert.deepEqual(findings, scanner.scanBytes(whole).findings);
    const phone = findings.find((f) => f.kind === 'phone');
    assert.equal(whole.subarray(phone.start, phone.end).toString(), '03-1234-5678');
    assert.equal(phone.start, phone.byteStart);
  });

  it('emits findings before the end of the input', async () => {
    const stream = scanner.createStream({ text: true });
    const first = once(stream, 'finding');
    stream.write(Buffer.from('マイナンバー：6214-9832-0257\n'));
    stream.write(Buffer.alloc(256 * 1024, 0x20)); // pushes the first item out of the lookahead
    const [f] = await first;
    assert.equal(f.kind, 'my_number');
    assert.equal(stream.report, null);
    stream.end();
    await once(stream, 'finish');
    assert.equal(stream.report.counts.my_number, 1);
  });

  it('streams 64 MB with bounded memory', async () => {
    const line = '本日の会議では来期の計画について議論しました。資料は共有フォルダにあります。\n';
    const piece = Buffer.from(`${line.repeat(20)}TEL 03-1234-5678\n`.repeat(100));
    const rounds = Math.ceil(64e6 / piece.length);
    const before = process.memoryUsage().rss;
    let peak = before;
    const source = Readable.from(
      (function* gen() {
        for (let i = 0; i < rounds; i++) {
          if (i % 64 === 0) peak = Math.max(peak, process.memoryUsage().rss);
          yield piece;
        }
      })(),
    );
    const stream = new Scanner({ maxFindings: 10 }).createStream({ text: true });
    let count = 0;
    stream.on('finding', () => count++);
    await pipeline(source, stream);
    assert.equal(count, rounds * 100);
    assert.equal(stream.report.counts.phone, rounds * 100);
    assert.equal(stream.report.findings.length, 10);
    assert.equal(stream.report.bytesScanned, rounds * piece.length);
    assert.ok(peak - before < 96 * 1024 * 1024, `RSS grew by ${((peak - before) / 1e6).toFixed(0)} MB`);
  });

  it('works with stream.pipeline and an HTTP-like body (async iterator source)', async () => {
    async function* body() {
      yield Buffer.from('件名：見積\r\n');
      await new Promise((r) => setTimeout(r, 5));
      yield Buffer.from('TEL 090-1234-5678\r\n');
    }
    const stream = scanner.createStream({ text: true });
    await pipeline(body(), stream);
    assert.equal(stream.report.counts.phone, 1);
  });

  it('refuses writes after end and cleans up on destroy', async () => {
    const stream = scanner.createStream({ text: true });
    stream.end('TEL 03-1234-5678');
    await once(stream, 'finish');
    const err = await new Promise((resolve) => stream.write('more', resolve));
    assert.ok(['ERR_STREAM_WRITE_AFTER_END', 'ERR_STREAM_DESTROYED'].includes(err.code), err.code);
    assert.equal(stream.report.counts.phone, 1);

    const destroyed = scanner.createStream({ text: true });
    let late = 0;
    destroyed.on('finding', () => late++);
    destroyed.write(Buffer.from('TEL 03-1234-5678\n'.repeat(20000))); // fed on the thread pool
    destroyed.destroy(); // while that feed runs
    await once(destroyed, 'close');
    assert.equal(destroyed.report, null);
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(late, 0, 'no findings after destroy');

    // Aborting through a signal destroys the stream with an AbortError.
    const ac = new AbortController();
    const aborted = scanner.createStream({ text: true, signal: ac.signal });
    const abortErr = once(aborted, 'error').catch((e) => e);
    ac.abort();
    const [e] = await abortErr;
    assert.equal(e.name, 'AbortError');
  });

  it('a listener that throws fails the stream instead of crashing the process', async () => {
    const stream = scanner.createStream({ text: true, asyncThreshold: 0 });
    stream.on('finding', () => {
      throw new Error('listener failed');
    });
    await assert.rejects(
      pipeline(Readable.from([Buffer.from('TEL 03-1234-5678\n'), Buffer.alloc(200 * 1024, 0x20)]), stream),
      /listener failed/,
    );
  });

  it('many streams at once keep their own state', async () => {
    const files = corpusFiles().slice(0, 20);
    const results = await Promise.all(
      files.map(async (file) => {
        const stream = scanner.createStream({ text: true, asyncThreshold: 0 });
        await pipeline(fs.createReadStream(file, { highWaterMark: 512 }), stream);
        return [file, stream.report];
      }),
    );
    for (const [file, report] of results) assert.deepEqual(report, textReport(scanner, fs.readFileSync(file)));
  });
});
