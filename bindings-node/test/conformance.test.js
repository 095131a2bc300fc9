'use strict';
// The conformance cases every API shares (corpora/conformance/cases.json, also run by the
// Rust and Python suites): the same bytes and options give the same findings.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Scanner } = require('..');
const { REPO } = require('./helpers');

const { cases } = JSON.parse(
  fs.readFileSync(path.join(REPO, 'corpora', 'conformance', 'cases.json'), 'utf8'),
);

function scannerFor(options = {}) {
  const opts = {};
  if (options.kinds) opts.kinds = options.kinds;
  if (options.min_confidence) opts.minConfidence = options.min_confidence;
  if (options.keywords) opts.keywords = options.keywords;
  return new Scanner(opts);
}

describe('conformance cases', () => {
  for (const c of cases) {
    it(c.name, () => {
      const input = c.input !== undefined ? Buffer.from(c.input, 'utf8') : Buffer.from(c.input_hex, 'hex');
      const report = scannerFor(c.options).scanBytes(input, c.file_name ? { name: c.file_name } : undefined);
      if (c.expect) {
        const got = report.findings.map((f) => ({ kind: f.kind, masked: f.masked, start: f.byteStart, end: f.byteEnd }));
        assert.deepEqual(got, c.expect);
      }
      if (c.expect_values) {
        const got = [...new Set(report.findings.map((f) => `${f.kind} ${f.masked}`))].sort();
        const want = c.expect_values.map((e) => `${e.kind} ${e.masked}`).sort();
        assert.deepEqual(got, want);
      }
      if (c.action) assert.equal(report.verdict.action, c.action);
      if (c.unscannable) assert.deepEqual(report.unscannable.map((u) => u.reason), c.unscannable);
    });
  }
});
