import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findGroupsIn } from '../../../src/runner/process/find-groups-in.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('findGroupsIn', () => {
  it.runIf(process.platform === 'linux')('finds the process group of a process working inside a directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'overnight-groups-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'sub'));
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { cwd: join(dir, 'sub'), detached: true, stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      expect(await findGroupsIn(dir)).toStrictEqual([child.pid]);
      expect(await findGroupsIn(`${dir}-other`)).toStrictEqual([]);
    } finally {
      process.kill(-child.pid!, 'SIGKILL');
    }
  });

  it('reads lsof and ps on macOS', async () => {
    const calls: string[][] = [];
    const run = async (file: string, args: string[]) => {
      calls.push([file, ...args]);
      return file === 'lsof' ? 'p101\nfcwd\nn/data/worktrees/s1\np102\nfcwd\nn/Users/dev\np103\nfcwd\nn/data/worktrees/s1/pkg\n' : ' 101\n 101\n';
    };
    expect(await findGroupsIn('/data/worktrees/s1', { platform: 'darwin', run, realpath: async (p) => p })).toStrictEqual([101]);
    expect(calls).toStrictEqual([
      ['lsof', '-a', '-d', 'cwd', '-Fpn'],
      ['ps', '-o', 'pgid=', '-p', '101,103'],
    ]);
  });
});
