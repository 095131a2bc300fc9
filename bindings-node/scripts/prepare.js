'use strict';
// npm's `prepare` step (`npm ci` or `npm install` in this folder, `npm pack`, and
// `npm install ./bindings-node` from another project): builds the native addon with
// `npm run build`, which leaves the hand-written index.js and index.d.ts alone.
//
// The build tool (@napi-rs/cli) is a devDependency. Where it is not installed (a linked
// install from a folder whose `npm ci` never ran), an addon built earlier is kept; with
// none, this says what to run instead of failing somewhere inside npm.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const pkg = path.resolve(__dirname, '..');
const addons = () => fs.readdirSync(pkg).filter((f) => /^mamori\..*\.node$/.test(f));

let cli = null;
try {
  cli = require.resolve('@napi-rs/cli/package.json', { paths: [pkg] });
} catch {
  // not installed: handled below
}

if (cli === null) {
  if (addons().length > 0) {
    console.error(`mamori: @napi-rs/cli is not installed; keeping the built addon ${addons().join(', ')}`);
    process.exit(0);
  }
  console.error(
    `mamori: cannot build the native addon: its build tool (@napi-rs/cli) is not installed in ${pkg}.\n` +
      `Run \`npm ci && npm run build\` there (needs cargo), then install again.`,
  );
  process.exit(1);
}

// npm sets npm_execpath to its own CLI when it runs a script.
const npm = process.env.npm_execpath;
const run = npm
  ? spawnSync(process.execPath, [npm, 'run', 'build'], { cwd: pkg, stdio: 'inherit' })
  : spawnSync('npm', ['run', 'build'], { cwd: pkg, stdio: 'inherit', shell: process.platform === 'win32' });
if (run.error) throw run.error;
process.exit(run.status ?? 1);
