import { access, readFile as fsReadFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface DetectedVerify {
  command: string;
  /** Why this command, shown next to the question. */
  from: string;
}

export interface DetectVerifyOptions {
  readFile?: (path: string) => Promise<string>;
  exists?: (path: string) => Promise<boolean>;
}

// What `npm init` writes: a test script that only fails.
const NPM_PLACEHOLDER = /no test specified/;

const defaultExists = (path: string) => access(path).then(() => true, () => false);

/**
 * The repository's own test command, first match wins: package.json test script, a Makefile
 * `test` target, pytest, cargo, go. Undefined when none is found.
 */
export async function detectVerifyCommand(
  dir: string,
  { readFile = (path) => fsReadFile(path, 'utf8'), exists = defaultExists }: DetectVerifyOptions = {},
): Promise<DetectedVerify | undefined> {
  const read = (name: string) => readFile(join(dir, name)).catch(() => undefined);
  const has = (name: string) => exists(join(dir, name));

  const script = testScript(await read('package.json'));
  if (script !== undefined && !NPM_PLACEHOLDER.test(script)) {
    for (const [lockfile, command] of [['pnpm-lock.yaml', 'pnpm test'], ['yarn.lock', 'yarn test'], ['bun.lock', 'bun run test'], ['bun.lockb', 'bun run test']] as const) {
      if (await has(lockfile)) return { command, from: `package.json has a test script and ${lockfile} is present` };
    }
    return { command: 'npm test', from: 'package.json has a test script' };
  }
  for (const makefile of ['GNUmakefile', 'makefile', 'Makefile']) {
    const text = await read(makefile);
    if (text === undefined) continue;
    if (/^(?:[\w.-]+[ \t]+)*test(?:[ \t]+[\w.-]+)*[ \t]*:(?!:?=)/m.test(text)) return { command: 'make test', from: `${makefile} has a test target` };
    break; // make reads only the first of these it finds
  }
  if (await has('pyproject.toml')) return { command: 'pytest', from: 'pyproject.toml is present' };
  if (await has('pytest.ini')) return { command: 'pytest', from: 'pytest.ini is present' };
  if (/^\[tool:pytest\]/m.test((await read('setup.cfg')) ?? '')) return { command: 'pytest', from: 'setup.cfg has a [tool:pytest] section' };
  if (await has('Cargo.toml')) return { command: 'cargo test', from: 'Cargo.toml is present' };
  if (await has('go.mod')) return { command: 'go test ./...', from: 'go.mod is present' };
  return undefined;
}

function testScript(packageJson: string | undefined): string | undefined {
  if (packageJson === undefined) return undefined;
  try {
    const scripts = (JSON.parse(packageJson) as { scripts?: Record<string, unknown> }).scripts;
    return typeof scripts?.test === 'string' ? scripts.test : undefined;
  } catch {
    return undefined;
  }
}
