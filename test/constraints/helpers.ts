import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConstraintDeps, ProbeExec, ExecResult } from '../../src/constraints/types.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'constraints');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

type Answer = string | Partial<ExecResult>;

/**
 * An exec that answers from a table keyed by the command line; anything not in the table is
 * "command not found", like a machine without that tool. Records every call.
 */
export function fakeExec(table: Record<string, Answer>): ProbeExec & { calls: string[] } {
  const calls: string[] = [];
  const exec = async (file: string, args: readonly string[]): Promise<ExecResult> => {
    const line = [file, ...args].join(' ');
    calls.push(line);
    const answer = table[line];
    if (answer === undefined) return { stdout: '', stderr: '', exitCode: undefined, failure: 'missing' };
    if (typeof answer === 'string') return { stdout: answer, stderr: '', exitCode: 0 };
    return { stdout: '', stderr: '', exitCode: 0, ...answer };
  };
  return Object.assign(exec, { calls });
}

/**
 * A filesystem where `/sys/class/<x>` is served from fixture directories. A directory listing
 * captured with `ls` (`<dir>.ls` beside it) is used in place of the directory's own entries.
 */
export function fakeSysfs(mounts: Record<string, string>): Pick<ConstraintDeps, 'readFile' | 'readdir'> {
  const resolve = (path: string) => {
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (path === prefix || path.startsWith(`${prefix}/`)) return join(FIXTURES, dir, path.slice(prefix.length));
    }
    throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
  };
  return {
    readFile: async (path) => readFile(resolve(path), 'utf8'),
    readdir: async (path) => {
      const dir = resolve(path);
      if (existsSync(`${dir}.ls`)) return readFileSync(`${dir}.ls`, 'utf8').split('\n').filter(Boolean);
      return readdir(dir);
    },
  };
}

/** A filesystem with nothing in it, as in a container without /sys. */
export const emptyFs: Pick<ConstraintDeps, 'readFile' | 'readdir'> = fakeSysfs({});

/** CPU counters that advance by the given busy and idle ms per sample. */
export function fakeCpu(busyMs: number, idleMs: number): Pick<ConstraintDeps, 'cpuTimes' | 'sleep'> {
  let samples = 0;
  return {
    cpuTimes: () => {
      samples += 1;
      return [{ user: busyMs * samples, nice: 0, sys: 0, idle: idleMs * samples, irq: 0 }];
    },
    sleep: async () => undefined,
  };
}
