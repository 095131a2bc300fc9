// ESM and CommonJS entry points give the same objects.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import mamori, { Scanner, ScanStream, ScanIterator, KINDS, version } from 'mamori';
import * as relative from '../index.mjs';

const require = createRequire(import.meta.url);
const cjs = require('mamori');
const PKG = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

describe('ESM', () => {
  it('named and default exports are the CommonJS ones', () => {
    assert.equal(Scanner, cjs.Scanner);
    assert.equal(ScanStream, cjs.ScanStream);
    assert.equal(ScanIterator, cjs.ScanIterator);
    assert.equal(KINDS, cjs.KINDS);
    assert.equal(version, cjs.version);
    assert.equal(mamori, cjs);
    assert.equal(relative.Scanner, Scanner);
    assert.deepEqual(Object.keys(relative).sort(), ['KINDS', 'ScanIterator', 'ScanStream', 'Scanner', 'default', 'version']);
  });

  it('scans through the ESM entry', async () => {
    const scanner = new Scanner({ kinds: ['phone'] });
    assert.equal(scanner.scanText('TEL 03-1234-5678').counts.phone, 1);
    assert.equal((await scanner.scanBytesAsync(Buffer.from('TEL 03-1234-5678'))).counts.phone, 1);
    assert.ok(scanner instanceof cjs.Scanner);
  });

  it('package.json "exports" resolves both conditions from an application', () => {
    // An application folder with the package in node_modules, importing it by name.
    const app = fs.mkdtempSync(path.join(os.tmpdir(), 'mamori-app-'));
    try {
      fs.mkdirSync(path.join(app, 'node_modules'));
      fs.symlinkSync(PKG, path.join(app, 'node_modules', 'mamori'), 'dir');
      fs.writeFileSync(
        path.join(app, 'app.mjs'),
        `import m, { Scanner } from 'mamori';
         import { createRequire } from 'node:module';
         const c = createRequire(import.meta.url)('mamori');
         const r = new Scanner().scanText('TEL 03-1234-5678');
         console.log(JSON.stringify([Scanner === c.Scanner, m === c, r.counts.phone]));`,
      );
      fs.writeFileSync(
        path.join(app, 'app.cjs'),
        `const { Scanner } = require('mamori');
         console.log(JSON.stringify(new Scanner().scanText('TEL 03-1234-5678').counts));`,
      );
      const esm = execFileSync(process.execPath, ['app.mjs'], { cwd: app, encoding: 'utf8' });
      assert.deepEqual(JSON.parse(esm), [true, true, 1]);
      const commonjs = execFileSync(process.execPath, ['app.cjs'], { cwd: app, encoding: 'utf8' });
      assert.deepEqual(JSON.parse(commonjs), { phone: 1 });
    } finally {
      fs.rmSync(app, { recursive: true, force: true });
    }
    assert.deepEqual(require(path.join(PKG, 'package.json')).exports['.'], {
      types: './index.d.ts',
      import: './index.mjs',
      require: './index.js',
    });
  });
});
