import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findExecutable } from '../../src/platform/find-executable.js';
import { FIXTURES } from '../constraints/helpers.js';

const findCommand = async (name: string, env: NodeJS.ProcessEnv) => findExecutable(name, { env });

describe('findExecutable on PATH alone', () => {
  it('finds the first executable of that name on PATH', async () => {
    const path = [join(FIXTURES, 'hang'), join(FIXTURES, 'bin')].join(delimiter);
    expect(await findCommand('pmset', { PATH: path })).toBe(join(FIXTURES, 'hang', 'pmset'));
    expect(await findCommand('route', { PATH: path })).toBe(join(FIXTURES, 'bin', 'route'));
  });

  it('skips a file that is not executable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'overnight-path-'));
    writeFileSync(join(dir, 'pmset'), 'not a program');
    chmodSync(join(dir, 'pmset'), 0o644);
    expect(await findCommand('pmset', { PATH: [dir, join(FIXTURES, 'bin')].join(delimiter) })).toBe(join(FIXTURES, 'bin', 'pmset'));
  });

  it('is undefined when nothing on PATH has that name, or there is no PATH', async () => {
    expect(await findCommand('pmset', { PATH: join(FIXTURES, 'darwin') })).toBeUndefined();
    expect(await findCommand('ip', {})).toBeUndefined();
  });
});
