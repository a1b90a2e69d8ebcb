import { waitUntil } from '../../src/platform/wait-until.js';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';

export const STAND_INS = fileURLToPath(new URL('../fixtures/keepalive/', import.meta.url));

/** PATH with the stand-in caffeinate and systemd-inhibit first, the real sh/sleep/kill after. */
export function standInEnv(log: string, extraPath?: string): NodeJS.ProcessEnv {
  const path = [extraPath, STAND_INS, process.env.PATH].filter(Boolean).join(delimiter);
  return { ...process.env, PATH: path, KEEPALIVE_LOG: log };
}

export interface LogEvent {
  what: 'start' | 'end';
  tool: string;
  pid: number;
  rest: string;
}

/** The stand-ins' record: "start <tool> <pid> <argv...>" and "end <tool> <pid> <why>". */
export function keepaliveEvents(log: string): LogEvent[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [what, tool, pid, ...rest] = line.split(' ');
      return { what: what as LogEvent['what'], tool: tool ?? '', pid: Number(pid), rest: rest.join(' ') };
    });
}

/** A real pino logger whose lines are kept in memory. */
export function memoryLogger(): { logger: Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (chunk: string) => void chunks.push(chunk) });
  return { logger, lines: () => chunks.flatMap((chunk) => chunk.split('\n').filter(Boolean)).map((line) => JSON.parse(line)) };
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  await waitUntil(what, condition, { timeoutMs, intervalMs: 25 });
}

/**
 * Whether any process of group `pgid` is still running. Zombies do not count: where PID 1 does
 * not reap orphans (some containers), a dead watcher lingers as a zombie that kill(-pgid, 0)
 * still finds.
 */
export function isGroupAlive(pgid: number): boolean {
  return groupCommands(pgid).length > 0;
}

/** The command lines of the running (not zombie) processes of group `pgid`. */
export function groupCommands(pgid: number): string[] {
  const table = execFileSync('ps', ['-A', '-o', 'pgid=,stat=,args='], { encoding: 'utf8' });
  return table.split('\n').flatMap((line) => {
    const [group, stat, ...args] = line.trim().split(/\s+/);
    return Number(group) === pgid && stat !== undefined && !stat.startsWith('Z') ? [args.join(' ')] : [];
  });
}

export function tempLog(dir: string): string {
  return join(dir, 'keepalive.log');
}
