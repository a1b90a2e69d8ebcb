import { existsSync } from 'node:fs';
import { openStateStore } from '../store/index.js';
import type { CycleRow } from '../store/rows.js';
import type { LastCycle } from './status-file.js';

/** The last cycle as `overnight status` shows it, whoever ran it (the daemon or `once`). */
export interface StatusCycle {
  /** Its number in the state store ("cycle 3" in `overnight report`); absent for a tick the daemon only recorded. */
  cycle?: number | undefined;
  night: string;
  scheduledAt: string;
  startedAt: string;
  /** Absent while it runs. */
  finishedAt?: string | undefined;
  catchUp: boolean;
  /** The cycle's outcome; `running` while it runs, `interrupted` when its runner died during it. */
  outcome: string;
  detail?: string | undefined;
}

/** The newest cycle in the state store, or undefined when there is none (or no store yet). */
export function latestStoredCycle(stateDb: string): CycleRow | undefined {
  if (!existsSync(stateDb)) return undefined;
  const store = openStateStore(stateDb, true);
  try {
    const night = store.nights()[0];
    return night === undefined ? undefined : store.cyclesOfNight(night).at(-1);
  } finally {
    store.close();
  }
}

/**
 * The later of the store's newest cycle and the daemon's own record of its last one: the store
 * has every real cycle, the status file also the ticks `run --dry-run` only recorded.
 */
export function latestCycle(stored: CycleRow | undefined, recorded: LastCycle | undefined, runnerLive: boolean): StatusCycle | undefined {
  const fromStore: StatusCycle | undefined = stored && {
    cycle: stored.id,
    night: stored.night,
    scheduledAt: stored.scheduledAt,
    startedAt: stored.startedAt,
    finishedAt: stored.finishedAt,
    catchUp: stored.catchUp,
    outcome: stored.outcome ?? (runnerLive ? 'running' : 'interrupted'),
    detail: stored.detail,
  };
  const fromFile: StatusCycle | undefined = recorded && {
    night: recorded.night,
    scheduledAt: recorded.scheduledAt,
    startedAt: recorded.firedAt,
    finishedAt: recorded.finishedAt,
    catchUp: recorded.catchUp,
    outcome: recorded.outcome,
    detail: recorded.detail,
  };
  if (!fromStore || !fromFile) return fromStore ?? fromFile;
  return Date.parse(fromFile.startedAt) > Date.parse(fromStore.startedAt) ? fromFile : fromStore;
}
