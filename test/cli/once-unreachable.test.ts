import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../src/platform/index.js';
import { openSeat, type Seat } from './once-harness.js';

// A real refused connection on 127.0.0.1, so this file must not load nock.
let seat: Seat;
let apiUrl: string;
beforeEach(async () => {
  seat = openSeat();
  // Free a moment ago and listened on by nobody: connecting is refused.
  apiUrl = `http://127.0.0.1:${await freePort()}`;
});
afterEach(() => seat.cleanup());

describe('overnight once when github.apiUrl cannot be reached', () => {
  it('names github.apiUrl and the reason, one line on stderr, exit 1', async () => {
    const file = seat.config({ github: { apiUrl } });
    expect(await seat.run('once', '--config', file, '--ignore-window')).toBe(1);
    expect(seat.err()).toBe(`overnight once: cannot reach github.apiUrl ${apiUrl}: connection refused (ECONNREFUSED)\n`);
    expect(seat.out()).toBe('');
  });

  it('--dry-run still judges the window and the constraints, and marks GitHub unknown', async () => {
    const file = seat.config({ github: { apiUrl }, schedule: { timezone: 'UTC', window: { start: '00:00', end: '23:59' }, every: '30m' } });
    expect(await seat.run('once', '--config', file, '--dry-run')).toBe(1);
    const why = `cannot reach github.apiUrl ${apiUrl}: connection refused (ECONNREFUSED)`;
    const printed = seat.out();
    expect(printed).toContain('preflight: ok (agent, workspace root, clone, remote and base branch)\n');
    expect(printed).toMatch(/\ngate: (unknown|closed)\n {2}window 00:00-23:59 UTC: now (inside|outside)\n {2}constraints: none required\n/);
    expect(printed).toContain(`  github: unknown: ${why}\n`);
    expect(printed).toContain(`decision: none (unknown: GitHub could not be asked (${why}))\n`);
    expect(printed).toContain('dry run: nothing was changed\n');
    expect(seat.err()).toBe(`overnight once: ${why}\n`);
  });
});
