'use strict';
// The Node quick starts in the repository's README.md run as written: the ```js block
// (CommonJS) and the ```mjs block (ES module) of the "## Node" section, each run with node
// from the repository root.

const { describe, it } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { REPO } = require('./helpers');

function nodeSection() {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Node\n');
  assert.ok(start >= 0, 'README.md has a "## Node" section');
  const next = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, next < 0 ? undefined : next);
}

/** Runs `code` with node from the repository root, as CommonJS or as an ES module. */
function runAs(type, code) {
  return spawnSync(process.execPath, [`--input-type=${type}`, '-'], {
    cwd: REPO,
    input: code,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('README.md, ## Node', () => {
  it('the CommonJS quick start runs as written', () => {
    const blocks = [...nodeSection().matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
    assert.equal(blocks.length, 1, 'one js block');
    const run = runAs('commonjs', blocks[0]);
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
    // What it prints comes from the scans it makes: the masked phone of scanText, a cell of
    // the workbook, a finding inside the zip, a part of the mail, the mail's verdict.
    assert.match(run.stdout, /090-\*{4}-5678/);
    assert.match(run.stdout, /顧客台帳\.xlsx#/);
    assert.match(run.stdout, /documents\.zip!\S+ my_number /);
    assert.match(run.stdout, /見積依頼\.eml#body /);
    assert.match(run.stdout, /action: 'block'/);
  });

  it('the ESM quick start runs as written', () => {
    const blocks = [...nodeSection().matchAll(/```mjs\n([\s\S]*?)```/g)].map((m) => m[1]);
    assert.equal(blocks.length, 1, 'one mjs block');
    assert.match(blocks[0], /^import /m, 'an ES module');
    const run = runAs('module', blocks[0]);
    assert.equal(run.stderr, '');
    assert.equal(run.status, 0);
    // The PDF's verdict and counts (its pages hold My Numbers), then the one member of the
    // password-protected zip, reported as not read with its reason.
    assert.match(run.stdout, /^block \{[^}]*my_number: \d+/);
    assert.equal(run.stdout.trim().split('\n').at(-1), 'unscannable encrypted.zip!secret.csv encrypted');
  });

  it('gives one build command, run from the repository root', () => {
    const sh = [...nodeSection().matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].trim());
    assert.equal(sh.length, 1, 'one sh block');
    assert.match(sh[0], /^cd bindings-node && npm ci\b/);
  });
});
