'use strict';
// Addresses, personal names and person counts: `Finding.parts`, `Report.persons` and the
// policy thresholds on persons.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const { pipeline } = require('node:stream/promises');
const { Readable } = require('node:stream');
const { Scanner } = require('..');

const ADDRESS = 'お届け先：〒150-0043 東京都渋谷区道玄坂1-2-3 渋谷ビル5F\n';
// An emoji (two UTF-16 units, four bytes) before the address: UTF-16 indices, code points
// and bytes all differ.
const EMOJI_ADDRESS = `😀 ${ADDRESS}`;

const CUSTOMERS =
  '顧客ID,氏名,郵便番号,住所,電話番号\n' +
  'C0100001,藤本 尚征,633-0003,奈良県桜井市朝倉台東９丁目１４番１３号,090-5271-3832\n' +
  'C0100002,野崎 達也,063-0052,北海道札幌市西区宮の沢二条4丁目18番3号,090-3865-3327\n' +
  'C0100003,岡本　祐奈,787-0307,高知県土佐清水市緑ケ丘856番地28,088-834-8326\n';

function addressOf(report) {
  const found = report.findings.filter((f) => f.kind === 'address');
  assert.equal(found.length, 1, JSON.stringify(report.findings.map((f) => f.kind)));
  return found[0];
}

describe('address parts', () => {
  const scanner = new Scanner({ revealValues: true });

  it('scanText: the spans slice the string (UTF-16 indices, like start/end)', () => {
    for (const text of [ADDRESS, EMOJI_ADDRESS]) {
      const f = addressOf(scanner.scanText(text));
      const { parts } = f;
      assert.deepEqual(Object.keys(parts), ['prefecture', 'municipality', 'town', 'rest']);
      assert.equal(text.slice(...parts.prefecture), '東京都');
      assert.equal(text.slice(...parts.municipality), '渋谷区');
      assert.equal(text.slice(...parts.town), '道玄坂');
      assert.ok(text.slice(...parts.rest).startsWith('1-2-3'));
      // Inside the finding, in order, from its start to its end.
      const spans = [parts.prefecture, parts.municipality, parts.town, parts.rest];
      assert.equal(spans[0][0], f.start);
      assert.equal(spans.at(-1)[1], f.end);
      for (let i = 1; i < spans.length; i++) assert.ok(spans[i - 1][1] <= spans[i][0]);
      assert.equal(f.text, text.slice(f.start, f.end));
    }
  });

  it('scanBytes, scanBytesAsync and streams: byte spans', async () => {
    const bytes = Buffer.from(EMOJI_ADDRESS);
    const stream = scanner.createStream();
    await pipeline(Readable.from([bytes.subarray(0, 20), bytes.subarray(20, 31), bytes.subarray(31)]), stream);
    const reports = [
      scanner.scanBytes(bytes),
      scanner.scanBytes(bytes, { name: 'letter.txt' }),
      await scanner.scanBytesAsync(bytes),
      stream.report,
    ];
    const text = scanner.scanText(EMOJI_ADDRESS);
    const inText = addressOf(text);
    for (const report of reports) {
      const f = addressOf(report);
      assert.equal(bytes.subarray(...f.parts.prefecture).toString(), '東京都');
      assert.equal(bytes.subarray(...f.parts.municipality).toString(), '渋谷区');
      assert.equal(bytes.subarray(...f.parts.town).toString(), '道玄坂');
      assert.deepEqual([f.parts.prefecture[0], f.parts.rest[1]], [f.byteStart, f.byteEnd]);
      // The same address as scanText's, in bytes instead of UTF-16 units.
      assert.deepEqual([f.byteStart, f.byteEnd], [inText.byteStart, inText.byteEnd]);
      assert.notDeepEqual(f.parts, inText.parts);
    }
  });

  it('parts left out when not written, and absent on other kinds', () => {
    const text = '住所 渋谷区道玄坂1-2-3';
    const f = addressOf(new Scanner().scanText(text));
    assert.ok(!('prefecture' in f.parts));
    assert.equal(text.slice(...f.parts.municipality), '渋谷区');
    const r = new Scanner().scanText('TEL 03-1234-5678 担当：山田太郎様');
    assert.ok(r.findings.length >= 2);
    for (const g of r.findings) assert.ok(!('parts' in g), g.kind);
  });

  it('person_name findings name their form in rule', () => {
    const names = new Scanner().scanText('担当：山田太郎様').findings.filter((f) => f.kind === 'person_name');
    assert.ok(names.length >= 1);
    for (const f of names) assert.ok(['full_name', 'surname', 'reading'].includes(f.rule), f.rule);
  });
});

describe('persons', () => {
  const scanner = new Scanner();

  it('a customer table of three rows exposes three people, whatever the entry point', async () => {
    const r = scanner.scanText(CUSTOMERS);
    assert.equal(r.persons, 3);
    assert.equal(r.counts.person_name, 3);
    assert.equal(r.counts.address, 3);
    const bytes = Buffer.from(CUSTOMERS);
    assert.equal(scanner.scanBytes(bytes).persons, 3);
    assert.equal(scanner.scanBytes(bytes, { name: 'customers.csv' }).persons, 3);
    assert.equal((await scanner.scanBytesAsync(bytes)).persons, 3);
    const stream = scanner.createStream();
    const chunks = [];
    for (let i = 0; i < bytes.length; i += 17) chunks.push(bytes.subarray(i, i + 17));
    await pipeline(Readable.from(chunks), stream);
    assert.equal(stream.report.persons, 3);
    assert.equal(scanner.scanText('本日の会議は中止です。').persons, 0);
  });

  it('reviewAtPersons and blockAtPersons raise the verdict', () => {
    const quiet = { reviewAtPersonal: null, blockAtPersonal: null, blockOnAny: [], blockOnSeverity: null };
    assert.equal(new Scanner({ policy: quiet }).scanText(CUSTOMERS).verdict.action, 'allow');
    const review = new Scanner({ policy: { ...quiet, reviewAtPersons: 3 } }).scanText(CUSTOMERS).verdict;
    assert.deepEqual(review, { action: 'review', reasons: ['persons: 3 >= 3 (review)'] });
    const block = new Scanner({ policy: { ...quiet, reviewAtPersons: 2, blockAtPersons: 3 } });
    assert.deepEqual(block.scanText(CUSTOMERS).verdict, { action: 'block', reasons: ['persons: 3 >= 3 (block)'] });
    assert.equal(new Scanner({ policy: { ...quiet, blockAtPersons: 4 } }).scanText(CUSTOMERS).verdict.action, 'allow');
    // The core shape and back.
    const { policy } = block.config;
    assert.deepEqual([policy.review_at_persons, policy.block_at_persons], [2, 3]);
    assert.deepEqual(Scanner.fromConfig(block.config).scanText(CUSTOMERS).verdict, block.scanText(CUSTOMERS).verdict);
    assert.equal(new Scanner().config.policy.block_at_persons, null);
    assert.equal(new Scanner({ policy: { blockAtPersons: null } }).config.policy.block_at_persons, null);
    // Validated like the other thresholds.
    assert.throws(() => new Scanner({ policy: { blockAtPersons: -1 } }), { code: 'ERR_MAMORI_CONFIG' });
    assert.throws(() => new Scanner({ policy: { reviewAtPersons: '3' } }), { code: 'ERR_INVALID_ARG_TYPE' });
  });
});
