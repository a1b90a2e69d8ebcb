import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledLib, ROOT } from '../e2e/helpers/compiled-cli.js';

/**
 * The tarball `npm pack` makes, with the test build as its lib/, unpacked where a global install
 * would put it. Its dependencies resolve from this checkout's node_modules (the unpacked package
 * sits inside it), so this checks what ships — the files list, the bin, lib/, schema/ — in
 * seconds; installing the dependencies from the registry, better-sqlite3's build included, is
 * `npm run check:pack`, which CI runs (it takes minutes where better-sqlite3 builds from source).
 */
const WORK = join(ROOT, 'node_modules', '.cache', 'overnight-pack-test');
const STAGE = join(WORK, 'stage');
const INSTALLED = join(WORK, 'node_modules', 'overnight');
const { version, files: shipped } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; files: string[] };
let packed: string[] = [];

beforeAll(() => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(STAGE, { recursive: true });
  for (const entry of ['package.json', 'README.md', ...shipped.filter((entry) => entry !== 'lib')]) cpSync(join(ROOT, entry), join(STAGE, entry), { recursive: true });
  cpSync(compiledLib(), join(STAGE, 'lib'), { recursive: true });
  // --ignore-scripts: lib/ is the test build, not a fresh `npm run build`.
  const [result] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', WORK], { cwd: STAGE, encoding: 'utf8' })) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!result) throw new Error('npm pack made no tarball');
  packed = result.files.map((file) => file.path);
  mkdirSync(join(WORK, 'unpacked'));
  execFileSync('tar', ['-xzf', join(WORK, result.filename), '-C', join(WORK, 'unpacked')]);
  mkdirSync(join(WORK, 'node_modules'));
  renameSync(join(WORK, 'unpacked', 'package'), INSTALLED);
});
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

const overnight = (...args: string[]) =>
  spawnSync(process.execPath, [join(INSTALLED, 'bin', 'overnight.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

describe('the npm package', () => {
  it('ships the launcher, the compiled CLI, the schemas, app.yml and the examples, and no sources or tests', () => {
    for (const needed of ['package.json', 'bin/overnight.js', 'lib/cli/entry.js', 'lib/setup/index.js', 'schema/runner-config.schema.json', 'schema/repo-config.schema.json', 'app.yml', 'examples/nightly-refactor.json']) {
      expect(packed, needed).toContain(needed);
    }
    expect(packed.filter((path) => /^(src|test|bench|scripts|docs)\//.test(path))).toStrictEqual([]);
  });

  it('runs from the unpacked tarball: --version, validate, init --help', () => {
    expect(overnight('--version')).toMatchObject({ status: 0, stdout: `${version}\n` });
    const validated = overnight('validate', 'examples/nightly-refactor.json');
    // Only warnings may follow: on a machine without the agents' CLIs, validate says so and still passes.
    for (const line of validated.stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^warning: agents\.\S+: agent "[^"]+": binary `\w+` not found on PATH/);
    expect(validated).toMatchObject({ status: 0, stdout: expect.stringMatching(/^examples\/nightly-refactor\.json is valid: /) });
    const help = overnight('init', '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--repo <path>');
  });

  it("lists the set-up commands, and init points a new config at the package's own schema", () => {
    const help = overnight('--help');
    for (const command of ['init', 'auth', 'doctor', 'install']) expect(help.stdout).toMatch(new RegExp(`^ {2}${command} `, 'm'));
    const clone = join(WORK, 'clone');
    execFileSync('git', ['init', '--quiet', '--initial-branch=main', clone]);
    execFileSync('git', ['remote', 'add', 'origin', 'https://github.com/acme/widgets.git'], { cwd: clone });
    const config = join(WORK, 'config.json');
    const init = overnight('init', '--repo', clone, '--config', config, '--yes', '--timezone', 'UTC');
    expect(init.status, init.stderr).toBe(0);
    const schema = /"\$schema": "([^"]+)"/.exec(readFileSync(config, 'utf8'))?.[1];
    expect(schema).toBe(pathToFileURL(join(INSTALLED, 'schema', 'runner-config.schema.json')).href);
    expect(existsSync(fileURLToPath(schema ?? ''))).toBe(true);
  });
});
