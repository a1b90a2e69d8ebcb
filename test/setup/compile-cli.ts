import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `bin/overnight.js` of the test build: the shipped launcher, run as a user runs it. */
    cliBin: string;
    /** The test build's compiled `src/` (its lib/). */
    cliLib: string;
  }
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Inside node_modules so the compiled files resolve the installed packages; apart from lib/ so
// the tests never race `npm run build` nor run a stale lib/.
const BUILD = join(ROOT, 'node_modules', '.cache', 'overnight-test-build');

/**
 * Compiles src/ once for every test that runs the real CLI as a process, laid out like the
 * package (bin/, lib/). Types are not checked here (`--noCheck`): `npm run typecheck` does that
 * once for the whole tree, so this takes seconds.
 */
export default async function compileCli(project: TestProject): Promise<void> {
  const lib = join(BUILD, 'lib');
  rmSync(lib, { recursive: true, force: true });
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', lib, '--noCheck', '--declaration', 'false', '--sourceMap', 'false'];
  await promisify(execFile)(process.execPath, [tsc, ...args]);
  if (!existsSync(join(lib, 'cli', 'entry.js'))) throw new Error(`compiling src/ to ${lib} produced no cli/entry.js`);
  mkdirSync(join(BUILD, 'bin'), { recursive: true });
  copyFileSync(join(ROOT, 'bin', 'overnight.js'), join(BUILD, 'bin', 'overnight.js'));
  // Node stops looking for the package scope at node_modules/, so say it here: ES modules. The
  // version is what `overnight --version` prints.
  const { name, version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  writeFileSync(join(BUILD, 'package.json'), `${JSON.stringify({ name, version, type: 'module' })}\n`);
  project.provide('cliBin', join(BUILD, 'bin', 'overnight.js'));
  project.provide('cliLib', lib);
}
