'use strict';
// Errors: TypeError for arguments of the wrong type, Error with a `code` for everything
// else, fs-style errors from scanFile; never a crash.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Scanner, ScanStream } = require('..');
const { tempDir } = require('./helpers');

const scanner = new Scanner();

function throwsType(fn, re) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof TypeError, `${e} is not a TypeError`);
    assert.equal(e.code, 'ERR_INVALID_ARG_TYPE');
    if (re) assert.match(e.message, re);
    return true;
  });
}

function throwsConfig(fn, re) {
  assert.throws(fn, (e) => {
    assert.ok(e instanceof Error && !(e instanceof TypeError), `${e} should be a plain Error`);
    assert.equal(e.code, 'ERR_MAMORI_CONFIG');
    if (re) assert.match(e.message, re);
    return true;
  });
}

describe('bad argument types throw TypeError', () => {
  it('in the options', () => {
    throwsType(() => new Scanner(42), /options must be a plain object/);
    throwsType(() => new Scanner(null));
    throwsType(() => new Scanner([]));
    throwsType(() => new Scanner({ kinds: 'phone' }), /options.kinds must be an array/);
    throwsType(() => new Scanner({ kinds: [1] }), /options.kinds\[0\] must be a string/);
    throwsType(() => new Scanner({ contextWindow: '300' }), /options.contextWindow must be a number/);
    throwsType(() => new Scanner({ maxFindings: 10n }));
    throwsType(() => new Scanner({ revealValues: 'yes' }), /must be a boolean/);
    throwsType(() => new Scanner({ keywords: '社外秘' }), /options.keywords must be an array/);
    throwsType(() => new Scanner({ keywords: [42] }), /options.keywords\[0\]/);
    throwsType(() => new Scanner({ keywords: [{ text: 1 }] }), /options.keywords\[0\].text must be a string/);
    throwsType(() => new Scanner({ regexes: [['a', 'b']] }), /options.regexes\[0\]/);
    throwsType(() => new Scanner({ regexes: [{ name: 'a', pattern: 'b', score: '1' }] }), /score must be a number/);
    throwsType(() => new Scanner({ policy: 'strict' }), /options.policy must be a plain object/);
    throwsType(() => new Scanner({ policy: { perKind: { phone: 3 } } }), /perKind\["phone"\]/);
    throwsType(() => new Scanner({ policy: { countDistinct: 1 } }), /countDistinct must be a boolean/);
    throwsType(() => new Scanner({ limits: { maxDepth: '3' } }), /limits.maxDepth must be a number/);
    throwsType(() => Scanner.fromConfig('{}'), /config must be a plain object/);
  });

  it('in the scan calls', () => {
    throwsType(() => scanner.scanText(Buffer.from('x')), /text must be a string/);
    throwsType(() => scanner.scanText(), /text must be a string/);
    throwsType(() => scanner.scanBytes('text'), /input must be a Buffer/);
    throwsType(() => scanner.scanBytes([1, 2, 3]));
    throwsType(() => scanner.scanBytes(Buffer.from('x'), 'name.txt'), /options must be a plain object/);
    throwsType(() => scanner.scanBytes(Buffer.from('x'), { name: 42 }), /options.name must be a string/);
    throwsType(() => scanner.createStream(5));
    throwsType(() => new ScanStream({}), /createStream/);
  });

  it('asynchronous calls reject (they never throw)', async () => {
    const bad = scanner.scanBytesAsync('text');
    assert.ok(bad instanceof Promise);
    await assert.rejects(bad, TypeError);
    await assert.rejects(scanner.scanFile(42), (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARG_TYPE');
    await assert.rejects(scanner.scanFile(Buffer.from('/etc/hostname')), TypeError);
    await assert.rejects(scanner.scanFile('/etc/host\0name'), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' });
  });

  it('scanFileSync throws them', () => {
    throwsType(() => scanner.scanFileSync(42), /path must be a string or a file: URL/);
    assert.throws(() => scanner.scanFileSync('/etc/host\0name'), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' });
  });
});

describe('invalid values are Errors with code ERR_MAMORI_CONFIG', () => {
  it('unknown options and values', () => {
    throwsConfig(() => new Scanner({ kind: ['phone'] }), /unknown option "kind"/);
    throwsConfig(() => new Scanner({ kinds: ['phon'] }), /unknown value "phon"/);
    throwsConfig(() => new Scanner({ minConfidence: 'very' }), /low, medium, high/);
    throwsConfig(() => new Scanner({ policy: { blockOn: [] } }), /options.policy: unknown option "blockOn"/);
    throwsConfig(() => new Scanner({ policy: { onUnscannable: 'drop' } }), /allow, review, block/);
    throwsConfig(() => new Scanner({ keywords: [{ text: 'a', lable: 'x' }] }), /unknown option "lable"/);
    throwsConfig(() => scanner.scanBytes(Buffer.from('x'), { nam: 'a' }), /unknown option "nam"/);
    throwsConfig(() => scanner.createStream({ highWatermark: 1 }), /unknown option "highWatermark"/);
  });

  it('numbers out of range', () => {
    throwsConfig(() => new Scanner({ contextWindow: 0 }), /context window of 0 characters is out of range/);
    throwsConfig(() => new Scanner({ contextWindow: 5000 }), /out of range \(1..=2000\)/);
    throwsConfig(() => new Scanner({ contextWindow: 1.5 }), /non-negative integer/);
    throwsConfig(() => new Scanner({ maxFindings: -1 }), /non-negative integer/);
    throwsConfig(() => new Scanner({ maxFindings: Infinity }), /non-negative integer/);
    throwsConfig(() => new Scanner({ regexes: [{ name: 'a', pattern: 'b', score: 2 }] }), /between 0 and 1/);
  });

  it('what only the engine can judge', () => {
    throwsConfig(() => new Scanner({ keywords: ['  '] }), /keyword #0 is empty/);
    throwsConfig(() => new Scanner({ keywords: ['x'.repeat(300)] }), /longer than 256 bytes/);
    throwsConfig(() => new Scanner({ regexes: [{ name: 'bad', pattern: '(' }] }), /custom regex "bad" does not compile/);
    throwsConfig(() => new Scanner({ regexes: [{ name: 'empty', pattern: 'a*' }] }), /can match the empty string/);
    throwsConfig(() => new Scanner({ regexes: [{ name: 'Bad Name', pattern: 'x' }] }), /rule name "Bad Name" is invalid/);
    throwsConfig(() => Scanner.fromConfig({ contextWindow: 3 }), /unknown field `contextWindow`/);
    throwsConfig(() => Scanner.fromConfig({ kinds: ['phon'] }), /unknown variant `phon`/);
    // No position in the wrapper's JSON leaks into the message.
    throwsConfig(() => Scanner.fromConfig({ kinds: ['phon'] }), /^(?!.*at line)/);
  });
});

describe('scanFile errors look like fs errors', () => {
  const dir = tempDir();

  it('ENOENT', async () => {
    const missing = path.join(dir, 'nope.txt');
    await assert.rejects(scanner.scanFile(missing), (e) => {
      assert.equal(e.code, 'ENOENT');
      assert.equal(e.errno, -2);
      assert.equal(e.syscall, 'open');
      assert.equal(e.path, missing);
      assert.equal(e.message, `ENOENT: no such file or directory, open '${missing}'`);
      return true;
    });
    // The same shape as fs's own error.
    const fsErr = await fs.promises.readFile(missing).catch((e) => e);
    const ours = await scanner.scanFile(missing).catch((e) => e);
    assert.deepEqual([ours.code, ours.errno, ours.syscall, ours.message], [fsErr.code, fsErr.errno, fsErr.syscall, fsErr.message]);
    // scanFileSync throws what fs.readFileSync throws.
    const fsSync = (() => {
      try {
        fs.readFileSync(missing);
      } catch (e) {
        return e;
      }
    })();
    assert.throws(() => scanner.scanFileSync(missing), (e) => {
      assert.deepEqual([e.code, e.errno, e.syscall, e.path, e.message], [fsSync.code, fsSync.errno, fsSync.syscall, fsSync.path, fsSync.message]);
      return true;
    });
  });

  it('EISDIR', async () => {
    await assert.rejects(scanner.scanFile(dir), (e) => e.code === 'EISDIR' && e.syscall === 'read');
    assert.throws(() => scanner.scanFileSync(dir), (e) => e.code === 'EISDIR' && e.syscall === 'read');
  });

  it('EACCES (when not root)', async (t) => {
    if (process.getuid && process.getuid() === 0) {
      t.skip('root reads everything');
      return;
    }
    const file = path.join(dir, 'secret.txt');
    fs.writeFileSync(file, 'x');
    fs.chmodSync(file, 0o000);
    await assert.rejects(scanner.scanFile(file), (e) => e.code === 'EACCES');
  });
});

describe('the native stream handle', () => {
  // The ScanStream wrapper never misuses its handle; the native layer still refuses misuse
  // with coded errors instead of undefined behaviour. Reached here through the addon itself.
  const { PKG } = require('./helpers');
  const addon = fs.readdirSync(PKG).find((f) => f.endsWith('.node'));
  const native = require(path.join(PKG, addon));
  const config = JSON.stringify(scanner.config);

  it('ERR_MAMORI_STREAM_CLOSED after finish', async () => {
    const handle = new native.NativeScanner(config).stream();
    handle.feed(Buffer.from('TEL 03-1234-5678'));
    const [last, report] = JSON.parse(handle.finish());
    assert.equal(last.length, 1);
    assert.equal(report.counts.phone, 1);
    assert.throws(() => handle.feed(Buffer.from('x')), { code: 'ERR_MAMORI_STREAM_CLOSED' });
    assert.throws(() => handle.finish(), { code: 'ERR_MAMORI_STREAM_CLOSED' });
    await assert.rejects(handle.feedAsync(Buffer.from('x')), { code: 'ERR_MAMORI_STREAM_CLOSED' });
  });

  it('ERR_MAMORI_STREAM_BUSY while an asynchronous feed runs (never blocks)', async () => {
    const handle = new native.NativeScanner(config).stream();
    const { bigText } = require('./helpers');
    const pending = handle.feedAsync(Buffer.from(bigText(48, 64 * 1024)));
    let busy = null;
    const until = Date.now() + 5000;
    while (!busy && Date.now() < until) {
      try {
        handle.settled();
      } catch (e) {
        busy = e;
      }
    }
    assert.ok(busy, 'the feed was never seen running');
    assert.equal(busy.code, 'ERR_MAMORI_STREAM_BUSY');
    assert.throws(() => handle.feed(Buffer.from('x')), { code: 'ERR_MAMORI_STREAM_BUSY' });
    const rows = JSON.parse(await pending);
    assert.ok(rows.length > 500);
    handle.close();
    assert.throws(() => handle.feed(Buffer.from('x')), { code: 'ERR_MAMORI_STREAM_CLOSED' });
  });

  it('bad argument types from the addon are errors, not crashes', () => {
    assert.throws(() => new native.NativeScanner(42));
    assert.throws(() => new native.NativeScanner('{not json'), { code: 'ERR_MAMORI_CONFIG' });
    const s = new native.NativeScanner(config);
    assert.throws(() => s.scanBytes('text'));
    assert.throws(() => s.scanText(42));
  });
});
