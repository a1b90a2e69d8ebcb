import { readdir as fsReaddir, readFile as fsReadFile, readlink as fsReadlink, realpath as fsRealpath } from 'node:fs/promises';
import { sep } from 'node:path';
import { execa } from 'execa';

export interface FindGroupsOptions {
  platform?: NodeJS.Platform;
  readdir?: (path: string) => Promise<string[]>;
  readlink?: (path: string) => Promise<string>;
  readFile?: (path: string) => Promise<string>;
  realpath?: (path: string) => Promise<string>;
  /** Runs `lsof`/`ps` (macOS); resolves stdout, empty when the command fails. */
  run?: (file: string, args: string[]) => Promise<string>;
}

const runQuietly = async (file: string, args: string[]) => String((await execa(file, args, { reject: false })).stdout ?? '');

/**
 * The process groups of processes whose working directory is inside `dir`. Recovery uses it to
 * find an agent orphaned by a runner crash when no pid was recorded (or when the agent left its
 * group): every agent runs with its session worktree as cwd, and nothing else does.
 */
export async function findGroupsIn(dir: string, options: FindGroupsOptions = {}): Promise<number[]> {
  const { platform = process.platform, realpath = fsRealpath } = options;
  const root = await realpath(dir).catch(() => dir);
  const inside = (cwd: string) => cwd === root || cwd.startsWith(`${root}${sep}`);
  const groups = platform === 'linux' ? await linuxGroups(inside, options) : await lsofGroups(inside, options);
  return [...new Set(groups)].filter((pgid) => pgid > 1).sort((a, b) => a - b);
}

async function linuxGroups(inside: (cwd: string) => boolean, options: FindGroupsOptions): Promise<number[]> {
  const { readdir = fsReaddir, readlink = fsReadlink, readFile = (path: string) => fsReadFile(path, 'utf8') } = options;
  const groups: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cwd = await readlink(`/proc/${entry}/cwd`).catch(() => undefined);
    if (cwd === undefined || !inside(cwd)) continue;
    // /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; comm may hold spaces and parentheses.
    const stat = await readFile(`/proc/${entry}/stat`).catch(() => '');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] !== 'Z' && fields[2]) groups.push(Number(fields[2]));
  }
  return groups;
}

async function lsofGroups(inside: (cwd: string) => boolean, { run = runQuietly }: FindGroupsOptions): Promise<number[]> {
  // -Fpn: "p<pid>" then "n<cwd>" lines, one pair per process.
  const listing = await run('lsof', ['-a', '-d', 'cwd', '-Fpn']);
  const pids: number[] = [];
  let pid: number | undefined;
  for (const line of listing.split('\n')) {
    if (line.startsWith('p')) pid = Number(line.slice(1));
    else if (line.startsWith('n') && pid !== undefined && inside(line.slice(1))) pids.push(pid);
  }
  if (pids.length === 0) return [];
  const ps = await run('ps', ['-o', 'pgid=', '-p', pids.join(',')]);
  return ps.split('\n').map((line) => Number(line.trim())).filter((pgid) => Number.isInteger(pgid) && pgid > 0);
}
