import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failingSince } from '../../../../src/runner/cycle/gate/failing-since.js';
import { openStore, type Store } from '../../../../src/runner/store/index.js';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'failing-since-'));
  store = openStore(join(dir, 'state.db'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A cycle of `night` started at `at`, finished with `outcome` (none: still running). */
function cycle(night: string, at: string, outcome?: string, reasons: string[] = []): number {
  const row = store.startCycle({ night, scheduledAt: new Date(at), startedAt: new Date(at), catchUp: false });
  if (outcome) store.finishCycle(row.id, { outcome, reasons });
  return row.id;
}

const PROBLEM = ['repo.path /gone does not exist: set it to your clone of the repository'];

describe('when the failed preflights before a cycle began', () => {
  it('is undefined with no earlier cycle, or when the last one got past its preflight', () => {
    expect(failingSince(store, cycle('2026-11-27', '2026-11-27T01:00:00Z'))).toBeUndefined();
    cycle('2026-11-27', '2026-11-27T01:30:00Z', 'error', PROBLEM);
    // A later error without reasons is one thrown after the preflight passed.
    cycle('2026-11-27', '2026-11-27T02:00:00Z', 'error');
    expect(failingSince(store, cycle('2026-11-27', '2026-11-27T02:30:00Z'))).toBeUndefined();
  });

  it('is the start of the oldest failed cycle of the unbroken run, across nights', () => {
    cycle('2026-11-26', '2026-11-26T01:00:00Z', 'pr-open');
    cycle('2026-11-26', '2026-11-26T01:30:00Z', 'error', PROBLEM);
    cycle('2026-11-26', '2026-11-26T02:00:00Z', 'error', PROBLEM);
    cycle('2026-11-27', '2026-11-27T01:00:00Z', 'error', PROBLEM);
    const now = cycle('2026-11-27', '2026-11-27T01:30:00Z');
    expect(failingSince(store, now)).toStrictEqual(new Date('2026-11-26T01:30:00Z'));
  });

  it('passes over a cycle still running in another slot', () => {
    cycle('2026-11-27', '2026-11-27T01:00:00Z', 'error', PROBLEM);
    cycle('2026-11-27', '2026-11-27T01:30:00Z');
    const now = cycle('2026-11-27', '2026-11-27T01:31:00Z');
    expect(failingSince(store, now)).toStrictEqual(new Date('2026-11-27T01:00:00Z'));
  });
});
