'use strict';
// The synchronous API: options, results, offsets, configuration round trips.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { Scanner, ScanStream, KINDS, version } = require('..');

const SAMPLE = '【社外秘】担当：山田 TEL ０３－１２３４－５６７８ / yamada@example.co.jp\nマイナンバー：6214-9832-0257';

describe('scanText', () => {
  const scanner = new Scanner({ keywords: ['社外秘'] });

  it('finds the documented kinds with the core JSON field names', () => {
    const r = scanner.scanText(SAMPLE);
    assert.deepEqual(
      r.findings.map((f) => f.kind),
      ['keyword', 'person_name', 'phone', 'email', 'my_number'],
    );
    assert.deepEqual(Object.keys(r), [
      'name',
      'findings',
      'findingsTruncated',
      'counts',
      'distinctCounts',
      'distinctSaturated',
      'personalItems',
      'distinctPersonalItems',
      'countedPersonalItems',
      'persons',
      'bytesScanned',
      'unscannable',
      'stopped',
      'verdict',
    ]);
    const phone = r.findings[2];
    assert.deepEqual(Object.keys(phone), [
      'kind',
      'rule',
      'severity',
      'confidence',
      'start',
      'end',
      'byteStart',
      'byteEnd',
      'line',
      'column',
      'location',
      'masked',
      'hotwords',
    ]);
    assert.equal(phone.masked, '03-****-5678');
    assert.deepEqual(phone.confidence, { score: phone.confidence.score, level: 'high' });
    assert.deepEqual(phone.hotwords, ['tel']);
    assert.equal(phone.location, null);
    assert.equal(r.counts.email, 1);
    assert.equal(r.verdict.action, 'block');
    assert.ok(r.verdict.reasons.includes('my_number: any occurrence blocks'));
    assert.equal(r.bytesScanned, Buffer.byteLength(SAMPLE));
    assert.equal(r.name, null);
    // A keyword without a label has no `rule`; a personal name's is its form, a phone's
    // its region.
    assert.equal(r.findings[0].rule, undefined);
    assert.equal(r.findings[1].rule, 'surname');
    assert.equal(phone.rule, 'JP');
    assert.ok(!('text' in phone), 'raw values only on request');
  });

  it('gives string indices in start/end and UTF-8 offsets in byteStart/byteEnd', () => {
    const text = '😀 絵文字の後 TEL 03-1234-5678 と ０９０－１２３４－５６７８';
    const r = scanner.scanText(text);
    const bytes = Buffer.from(text);
    assert.equal(r.findings.length, 2);
    for (const f of r.findings) {
      const fromString = text.slice(f.start, f.end);
      const fromBytes = bytes.subarray(f.byteStart, f.byteEnd).toString();
      assert.equal(fromString, fromBytes);
      assert.match(fromString, /[0-9０-９]{2,4}[-－][0-9０-９]{4}[-－][0-9０-９]{4}/);
    }
    // column counts characters (code points): the emoji is one.
    assert.equal(r.findings[0].column, [...text.slice(0, r.findings[0].start)].length + 1);
  });

  it('agrees with scanBytes on the same text (byte offsets)', () => {
    const a = scanner.scanText(SAMPLE);
    const b = scanner.scanBytes(Buffer.from(SAMPLE));
    assert.deepEqual(
      a.findings.map((f) => [f.byteStart, f.byteEnd, f.kind, f.masked]),
      b.findings.map((f) => [f.start, f.end, f.kind, f.masked]),
    );
    const { findings: fa, ...ra } = a;
    const { findings: fb, ...rb } = b;
    assert.deepEqual(ra, rb);
  });

  it('handles an empty string and lone surrogates', () => {
    const r = scanner.scanText('');
    assert.equal(r.findings.length, 0);
    assert.equal(r.verdict.action, 'allow');
    assert.deepEqual(r.verdict.reasons, []);
    // A lone surrogate becomes U+FFFD (one UTF-16 unit too): offsets stay right.
    const text = '\ud800 TEL 03-1234-5678';
    const f = scanner.scanText(text).findings[0];
    assert.equal(text.slice(f.start, f.end), '03-1234-5678');
  });
});

describe('scanBytes', () => {
  const scanner = new Scanner();
  const text = 'TEL 03-1234-5678 マイナンバー：6214-9832-0257';

  it('accepts Buffer, Uint8Array, other views, ArrayBuffer and SharedArrayBuffer', () => {
    const buf = Buffer.from(text);
    const expected = scanner.scanBytes(buf).findings;
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length);
    const sab = new SharedArrayBuffer(buf.length);
    new Uint8Array(sab).set(buf);
    const padded = Buffer.concat([Buffer.from('xxxx'), buf]);
    for (const input of [
      new Uint8Array(ab),
      ab,
      sab,
      new Uint8Array(sab),
      new DataView(ab),
      new Uint16Array(ab.byteLength % 2 ? ab.slice(0, -1) : ab).subarray(0),
    ]) {
      const got = scanner.scanBytes(input).findings;
      if (input instanceof Uint16Array) {
        assert.ok(got.length >= 1); // same bytes (maybe minus the last one)
      } else {
        assert.deepEqual(got, expected);
      }
    }
    // A view with an offset into a larger buffer: offsets are relative to the view.
    const view = padded.subarray(4);
    assert.deepEqual(scanner.scanBytes(view).findings, expected);
  });

  it('reports the name it was given', () => {
    assert.equal(scanner.scanBytes(Buffer.from(text), { name: '名簿.txt' }).name, '名簿.txt');
    assert.equal(scanner.scanBytes(Buffer.from(text), {}).name, null);
    assert.equal(scanner.scanBytes(Buffer.from(text), { name: null }).name, null);
  });

  it('decodes bytes that are not UTF-8 (the core guesses the encoding) without failing', () => {
    const bytes = Buffer.concat([Buffer.from([0x80, 0xff, 0xc3]), Buffer.from(' TEL 03-1234-5678')]);
    const r = scanner.scanBytes(bytes);
    assert.equal(r.counts.phone, 1);
    // Offsets are then into the decoded text, and the location names the encoding.
    assert.match(r.findings[0].location, /#enc=/);
  });

  it('extracts documents: a mail is read as a mail, its parts in the locations', () => {
    const mail = Buffer.from(
      'From: 山田 <yamada@example.co.jp>\r\nTo: sato@example.com\r\nSubject: test\r\n' +
        'Content-Type: text/plain; charset=utf-8\r\n\r\n担当 TEL 03-1234-5678\r\n',
    );
    const r = scanner.scanBytes(mail, { name: 'a.eml' });
    assert.deepEqual(
      r.findings.map((f) => [f.kind, f.location]),
      [
        ['email', 'a.eml#From'],
        ['email', 'a.eml#To'],
        ['phone', 'a.eml#body'],
      ],
    );
    // scanText never extracts: offsets index the string.
    const t = scanner.scanText(mail.toString());
    assert.ok(t.findings.every((f) => f.location === null));
    assert.equal(mail.toString().slice(t.findings.at(-1).start, t.findings.at(-1).end), '03-1234-5678');
  });
});

describe('report counts', () => {
  it('countedPersonalItems is what the policy compares: distinct, at its minConfidence', () => {
    // Three copies of one phone number and a bare 12-digit My Number (low confidence).
    const text = 'TEL 090-1234-5678\n'.repeat(3) + '621498320257';
    const quiet = { reviewAtPersonal: 2, blockAtPersonal: null };
    const r = new Scanner({ policy: quiet }).scanText(text);
    assert.equal(r.personalItems, 4);
    assert.equal(r.distinctPersonalItems, 2);
    assert.equal(r.countedPersonalItems, 1); // one distinct phone; the My Number is below 'medium'
    assert.equal(r.verdict.action, 'allow');
    const all = new Scanner({ policy: { ...quiet, countDistinct: false, minConfidence: 'low', blockOnAny: [] } }).scanText(text);
    assert.equal(all.countedPersonalItems, 4);
    assert.deepEqual(all.verdict.reasons, ['personal items: 4 >= 2 (review)']);
  });
});

describe('options', () => {
  const text = '【社外秘】極秘 EMP-123456 TEL 03-1234-5678 〒100-0001 yamada@example.co.jp';

  it('kinds limits the built-in kinds', () => {
    const r = new Scanner({ kinds: ['email'] }).scanText(text);
    assert.deepEqual(Object.keys(r.counts), ['email']);
    assert.ok(new Scanner({ kinds: null }).scanText(text).counts.phone);
  });

  it('keywords as strings and entries, regexes, severities and labels', () => {
    const scanner = new Scanner({
      keywords: ['社外秘', { text: '極秘', label: 'gokuhi', severity: 'high' }],
      regexes: [{ name: 'employee_id', pattern: 'EMP-[0-9]{6}', severity: 'low', score: 0.6 }],
    });
    const r = scanner.scanText(text);
    const kw = r.findings.filter((f) => f.kind === 'keyword');
    assert.equal(kw.length, 2);
    assert.equal(kw[1].rule, 'gokuhi');
    assert.equal(kw[1].severity, 'high');
    const custom = r.findings.find((f) => f.kind === 'custom');
    assert.equal(custom.rule, 'employee_id');
    assert.equal(custom.severity, 'low');
    assert.deepEqual(custom.confidence, { score: 0.6, level: 'medium' });
    assert.equal(r.counts.employee_id, 1);
    assert.equal(r.verdict.action, 'block'); // a 'high' keyword blocks by default
  });

  it('minConfidence, requireContext and contextWindow', () => {
    const plain = '03-1234-5678';
    const low = new Scanner().scanText(plain).findings;
    assert.equal(low.length, 1);
    assert.equal(new Scanner({ minConfidence: 'high' }).scanText(plain).findings.length, 0);
    assert.equal(new Scanner({ requireContext: ['phone'] }).scanText(plain).findings.length, 0);
    assert.equal(new Scanner({ requireContext: ['phone'] }).scanText(`TEL ${plain}`).findings.length, 1);
    // My Number context is searched in the whole window (phones use a short window of their own).
    const far = `マイナンバー${'あ'.repeat(60)}6214-9832-0257`;
    assert.deepEqual(new Scanner({ contextWindow: 100 }).scanText(far).findings[0].hotwords, ['マイナンバー']);
    const near = new Scanner({ contextWindow: 10 }).scanText(far).findings[0];
    assert.deepEqual([near.hotwords, near.confidence.level], [[], 'low']);
    assert.equal(new Scanner({ contextWindow: 10, minConfidence: 'medium' }).scanText(far).findings.length, 0);
  });

  it('revealValues puts the raw text in findings', () => {
    const f = new Scanner({ revealValues: true }).scanText('TEL ０３－１２３４－５６７８').findings[0];
    assert.equal(f.text, '０３－１２３４－５６７８');
    assert.equal(Object.keys(f).at(-2), 'text');
  });

  it('maxFindings truncates findings but not counts', () => {
    const list = Array.from({ length: 30 }, (_, i) => `TEL 090-1234-${String(5600 + i)}`).join('\n');
    const r = new Scanner({ maxFindings: 5 }).scanText(list);
    assert.equal(r.findings.length, 5);
    assert.equal(r.findingsTruncated, true);
    assert.equal(r.counts.phone, 30);
  });

  it('policy options map onto the core policy', () => {
    const list = Array.from({ length: 5 }, (_, i) => `TEL 090-1234-${String(5670 + i)}`).join('\n');
    const quiet = { reviewAtPersonal: null, blockAtPersonal: null };
    let r = new Scanner({ policy: { ...quiet, perKind: { phone: { review: 3, block: 20 } } } }).scanText(list);
    assert.equal(r.verdict.action, 'review');
    assert.deepEqual(r.verdict.reasons, ['phone: 5 >= 3 (review)']);
    r = new Scanner({ policy: { ...quiet, blockOnAny: ['phone'] } }).scanText(list);
    assert.equal(r.verdict.action, 'block');
    r = new Scanner({ policy: quiet }).scanText(list);
    assert.equal(r.verdict.action, 'allow');
    // countDistinct: five copies of one number are one item, or five.
    const same = 'TEL 090-1234-5678\n'.repeat(5);
    const policy = { ...quiet, perKind: { phone: { review: 2 } } };
    assert.equal(new Scanner({ policy }).scanText(same).verdict.action, 'allow');
    assert.equal(new Scanner({ policy: { ...policy, countDistinct: false } }).scanText(same).verdict.action, 'review');
    // minConfidence of the policy: a bare My Number (low confidence) does not count by default.
    const bare = '621498320257';
    assert.equal(new Scanner().scanText(bare).findings[0].confidence.level, 'low');
    assert.equal(new Scanner().scanText(bare).verdict.action, 'allow');
    assert.equal(new Scanner({ policy: { minConfidence: 'low' } }).scanText(bare).verdict.action, 'block');
    // blockOnSeverity: a medium keyword reviews by default, blocks from 'medium'.
    const kw = { keywords: ['社外秘'] };
    assert.equal(new Scanner({ ...kw, policy: quiet }).scanText('社外秘').verdict.action, 'review');
    assert.equal(
      new Scanner({ ...kw, policy: { ...quiet, blockOnSeverity: 'medium' } }).scanText('社外秘').verdict.action,
      'block',
    );
  });

  it('undefined options are left at their defaults', () => {
    const a = new Scanner({ kinds: undefined, policy: { reviewAtPersonal: undefined } }).config;
    assert.deepEqual(a, new Scanner().config);
  });
});

describe('configuration round trip', () => {
  it('config gives the core shape and fromConfig takes it back', () => {
    const scanner = new Scanner({
      kinds: ['phone', 'email'],
      contextWindow: 50,
      keywords: [{ text: '極秘', label: 'k', severity: 'high' }],
      regexes: [{ name: 'emp', pattern: 'EMP-[0-9]{6}' }],
      policy: { perKind: { phone: { review: 2 } }, onUnscannable: 'block' },
      revealValues: true,
      maxFindings: 9,
      limits: { maxDepth: 4 },
    });
    const config = scanner.config;
    assert.deepEqual(config.kinds, ['phone', 'email']);
    assert.equal(config.context_window, 50);
    assert.deepEqual(config.keywords, [{ text: '極秘', label: 'k', severity: 'high' }]);
    assert.deepEqual(config.regexes, [{ name: 'emp', pattern: 'EMP-[0-9]{6}', severity: 'medium', score: 0.8 }]);
    assert.deepEqual(config.policy.per_kind, { phone: { review: 2, block: null } });
    assert.equal(config.policy.on_unscannable, 'block');
    assert.equal(config.reveal_values, true);
    assert.equal(config.max_findings, 9);
    assert.equal(config.limits.max_depth, 4);
    const again = Scanner.fromConfig(config);
    assert.ok(again instanceof Scanner);
    assert.deepEqual(again.config, config);
    assert.deepEqual(Scanner.fromConfig({}).config, new Scanner().config);
    assert.deepEqual(Scanner.fromConfig({ min_confidence: 'high' }).config.min_confidence, 'high');
  });

  it('options gives the camelCase options back, and new Scanner takes them', () => {
    const given = {
      kinds: ['phone', 'email'],
      contextWindow: 50,
      keywords: [{ text: '極秘', label: 'k', severity: 'high' }],
      policy: { perKind: { phone: { review: 2 } }, onUnscannable: 'block', blockAtPersons: 3 },
      limits: { maxDepth: 4, maxSheetCells: 1000 },
    };
    const options = new Scanner(given).options;
    assert.deepEqual(options.kinds, given.kinds);
    assert.equal(options.contextWindow, 50);
    assert.deepEqual(options.keywords, given.keywords);
    assert.deepEqual(options.policy.perKind, { phone: { review: 2, block: null } });
    assert.equal(options.policy.onUnscannable, 'block');
    assert.equal(options.policy.blockAtPersons, 3);
    assert.equal(options.limits.maxDepth, 4);
    assert.equal(options.limits.maxSheetCells, 1000);
    // Every key is camelCase, and the options rebuild the same scanner.
    const keys = [options, options.policy, options.limits].flatMap((o) => Object.keys(o));
    assert.deepEqual(keys.filter((k) => k.includes('_')), []);
    assert.deepEqual(new Scanner(options).config, new Scanner(given).config);
    assert.deepEqual(new Scanner().options, new Scanner(new Scanner().options).options);
  });
});

describe('exports', () => {
  it('KINDS, version and the default export', () => {
    assert.deepEqual([...KINDS], [
      'my_number',
      'corporate_number',
      'phone',
      'postal_code',
      'credit_card',
      'email',
      'bank_account',
      'passport',
      'residence_card',
      'basic_pension_number',
      'drivers_license',
      'address',
      'person_name',
      'keyword',
      'custom',
    ]);
    assert.ok(Object.isFrozen(KINDS));
    assert.match(version, /^\d+\.\d+\.\d+/);
    assert.equal(version, require('../package.json').version);
    assert.equal(require('..').default, require('..'));
    assert.ok(new Scanner().createStream() instanceof ScanStream);
  });

  it('a scanner is shared safely: results do not depend on earlier scans', () => {
    const scanner = new Scanner();
    const first = scanner.scanText(SAMPLE);
    for (let i = 0; i < 50; i++) scanner.scanText(`noise ${i} 090-0000-${String(i).padStart(4, '0')}`);
    assert.deepEqual(scanner.scanText(SAMPLE), first);
  });
});
