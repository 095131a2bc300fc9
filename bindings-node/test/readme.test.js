'use strict';
// The Node quick start in the repository's README.md runs as written: its ```js block is
// taken from the "## Node" section and run with node from the repository root.

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

describe('README.md, ## Node', () => {
  it('the quick start runs as written', () => {
    const blocks = [...nodeSection().matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
    assert.equal(blocks.length, 1, 'one js block');
    const run = spawnSync(process.execPath, ['--input-type=commonjs', '-'], {
      cwd: REPO,
      input: blocks[0],
      encoding: 'utf8',
      timeout: 60_000,
    });
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
});
