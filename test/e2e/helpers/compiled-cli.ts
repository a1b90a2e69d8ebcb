import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// Inside node_modules so the compiled files resolve the installed packages; apart from lib/ so
// this suite never races `npm run build` (or another suite compiling its own copy).
const CACHE = join(ROOT, 'node_modules', '.cache', 'overnight-e2e-test');

/**
 * Compiles src/ into a private copy laid out like the package (bin/, lib/, src/) and returns the
 * path of its `bin/overnight.js`: the shipped launcher, run as a user runs it. Incremental, so a
 * second run only recompiles what changed.
 */
export async function compileCli(): Promise<string> {
  const lib = join(CACHE, 'lib');
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const args = ['-p', join(ROOT, 'tsconfig.build.json'), '--outDir', lib, '--incremental', '--tsBuildInfoFile', join(CACHE, 'build.tsbuildinfo')];
  // tsc exits non-zero when any file (perhaps one still being written) has a type error but
  // still emits; what matters is that the CLI came out.
  await promisify(execFile)(process.execPath, [tsc, ...args]).catch(() => undefined);
  if (!existsSync(join(lib, 'cli', 'main.js'))) throw new Error(`compiling src/ to ${lib} produced no cli/main.js`);
  mkdirSync(join(CACHE, 'bin'), { recursive: true });
  copyFileSync(join(ROOT, 'bin', 'overnight.js'), join(CACHE, 'bin', 'overnight.js'));
  // Node stops looking for the package scope at node_modules/, so say it here: ES modules.
  writeFileSync(join(CACHE, 'package.json'), '{ "type": "module" }\n');
  return join(CACHE, 'bin', 'overnight.js');
}
