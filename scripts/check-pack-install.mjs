#!/usr/bin/env node
// What a user does to install overnight, checked end to end: `npm pack` (which builds lib/ from a
// clean slate), `npm install -g` of that tarball into a throwaway prefix (dependencies from the
// registry or npm's cache, better-sqlite3 built or downloaded as on any machine), then the
// installed `overnight` is run the way a user runs it. CI runs this; it takes minutes where
// better-sqlite3 builds from source, so `npm test` checks the tarball's contents instead
// (test/cli/pack.e2e.test.ts). Usage: node scripts/check-pack-install.mjs [--keep]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'overnight-pack-'));
const prefix = join(work, 'prefix');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function step(what, file, args, { cwd = root, expectCode = 0, expectOut } = {}) {
  const result = spawnSync(file, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const out = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== expectCode || (expectOut && !expectOut.test(out))) {
    console.error(`✗ ${what}: \`${[file, ...args].join(' ')}\` exited ${result.status}${result.error ? ` (${result.error.message})` : ''}\n${out}`);
    process.exit(1);
  }
  console.log(`✓ ${what} (${seconds()})`);
  return result.stdout;
}

try {
  const packed = JSON.parse(step('npm pack', npm, ['pack', '--json', '--pack-destination', work]));
  const files = packed[0].files.map((file) => file.path);
  for (const needed of ['bin/overnight.js', 'lib/cli/entry.js', 'schema/runner-config.schema.json', 'app.yml', 'examples/nightly-refactor.json']) {
    if (!files.includes(needed)) throw new Error(`the tarball has no ${needed}`);
  }
  if (files.some((file) => file.startsWith('src/') || file.startsWith('test/'))) throw new Error('the tarball carries src/ or test/');
  const tarball = join(work, packed[0].filename);
  step(`npm install -g --prefix ${prefix} ${packed[0].filename}`, npm, ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball]);
  const overnight = join(prefix, 'bin', 'overnight');
  step(`overnight --version prints ${version}`, overnight, ['--version'], { expectOut: new RegExp(`^${version.replaceAll('.', '\\.')}\\n$`) });
  step('overnight validate examples/nightly-refactor.json', overnight, ['validate', 'examples/nightly-refactor.json'], { expectOut: /is valid/ });
  step('overnight init --help', overnight, ['init', '--help'], { expectOut: /--repo <path>/ });
  const installed = join(prefix, 'lib', 'node_modules', 'overnight');
  step('better-sqlite3 loads from the installed package', process.execPath, [
    '-e',
    `const D = require(${JSON.stringify(join(installed, 'node_modules', 'better-sqlite3'))}); if (new D(':memory:').prepare('select 41 + 1 as n').get().n !== 42) process.exit(1);`,
  ]);
  step('overnight install refuses to run the service from a temporary prefix', overnight, ['install', '--print', '--config', 'examples/nightly-refactor.json'], {
    expectCode: 2,
    expectOut: /which will not be there for the login agent/,
  });
  console.log(`the tarball installs and runs: ${seconds()}`);
} catch (error) {
  console.error(`✗ ${error.message}`);
  process.exitCode = 1;
} finally {
  if (process.argv.includes('--keep')) console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
