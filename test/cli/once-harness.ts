import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { nodeAgent } from '../runner/helpers/config.js';
import { createTempRepo, type TempRepo } from '../runner/helpers/temp-repo.js';

export const TOKEN = 'test-token-for-the-cli-0123456789';

/** A user's seat: a temp clone with a bare origin, a config for it, and `overnight` run in-process. */
export interface Seat {
  repo: TempRepo;
  out: () => string;
  err: () => string;
  /** Forgets what was printed so far. */
  clear(): void;
  config(extra?: Record<string, unknown>): string;
  run(...args: string[]): Promise<number>;
  cleanup(): void;
}

/** stdout as a terminal (`isTTY`, `columns`) or a pipe; restored by `cleanup`. */
export function openSeat({ tty = false, columns = 100 }: { tty?: boolean; columns?: number } = {}): Seat {
  const repo = createTempRepo();
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  const saved = { isTTY: process.stdout.isTTY, columns: process.stdout.columns };
  Object.assign(process.stdout, { isTTY: tty, columns });
  vi.stubEnv('GITHUB_TOKEN', TOKEN);
  vi.stubEnv('GH_TOKEN', '');
  vi.stubEnv('NO_COLOR', '');
  // GitHub's failures (refused connections, 5xx) are retried in milliseconds, not 1 + 4 + 9 s.
  vi.stubEnv('OVERNIGHT_BACKOFF_SECOND', '1ms');
  return {
    repo,
    out: () => out,
    err: () => err,
    clear() {
      out = '';
      err = '';
    },
    config(extra = {}) {
      const file = join(repo.root, 'config.json');
      writeFileSync(
        file,
        JSON.stringify({
          repo: { path: repo.dev, github: 'acme/widgets' },
          schedule: { timezone: 'UTC', window: { start: '01:00', end: '05:00' }, every: '30m' },
          stateDir: repo.dataDir,
          runnerName: 'cli-test',
          goals: ['Write the notes'],
          agents: { default: 'edit', defs: { edit: nodeAgent('edit-file.mjs'), fail: nodeAgent('fail.mjs') } },
          ...extra,
        }),
      );
      return file;
    },
    // Each command is its own process in real use: what one takes out of its environment (the
    // runner consumes the token variables) must not leak into the next command of a test.
    run: async (...args) => {
      const saved = { GITHUB_TOKEN: process.env.GITHUB_TOKEN, GH_TOKEN: process.env.GH_TOKEN };
      try {
        return await main(['node', 'overnight', ...args]);
      } finally {
        for (const [name, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      }
    },
    cleanup() {
      Object.assign(process.stdout, saved);
      vi.restoreAllMocks();
      vi.unstubAllEnvs();
      repo.cleanup();
    },
  };
}

/** Session ids and temp paths as placeholders, so whole outputs can be compared. */
export function normalise(text: string, seat: Seat): string {
  return text
    .replaceAll(seat.repo.root, '<tmp>')
    .replace(/\d{8}-\d{4}-[0-9a-f]{6}/g, '<session>');
}
