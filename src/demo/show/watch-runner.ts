import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { openStateStore, type CycleRow, type SessionRow, type Store } from '../../runner/index.js';
import { clockTime, type Print } from './printer.js';

const ENDED = new Set(['no-changes', 'failed', 'timeout', 'abandoned']);

export interface RunnerWatcherOptions {
  /** The runner's state.db; it appears once the runner has started. */
  dbPath: string;
  /** A repository holding the session commits (the runner's own, `<data>/repo.git`), for each session's diffstat. */
  repoPath: string;
  print: Print;
  /** What the constraint stand-ins report at this moment, e.g. "on AC power (100%), Wi-Fi". */
  describeFacts: () => string;
}

export interface RunnerWatcher {
  /** Reads the store and prints what happened since the last poll. */
  poll(): Promise<void>;
  cycles(): CycleRow[];
  sessions(): SessionRow[];
  close(): void;
}

/**
 * Follows the runner through its own SQLite state, read-only, as `overnight status` and
 * `overnight report` do: the store is the record of what happened, so the demo shows exactly that.
 */
export function watchRunner({ dbPath, repoPath, print, describeFacts }: RunnerWatcherOptions): RunnerWatcher {
  let store: Store | undefined;
  let cycles: CycleRow[] = [];
  let sessions: SessionRow[] = [];
  const shownCycles = new Map<number, 'started' | 'finished'>();
  const shownSessions = new Map<string, string>();
  const shownCommits = new Set<string>();

  const read = (): void => {
    if (!store) {
      if (!existsSync(dbPath)) return;
      store = openStateStore(dbPath, true);
    }
    try {
      const nights = store.nights();
      cycles = nights.flatMap((night) => store!.cyclesOfNight(night)).sort((a, b) => a.id - b.id);
      sessions = nights.flatMap((night) => store!.sessionsOfNight(night));
    } catch (error) {
      // The runner creates the file before its migrations have made the tables: read next time.
      if (!/no such table/.test((error as Error).message)) throw error;
      store.close();
      store = undefined;
    }
  };

  const showStart = (cycle: CycleRow, index: number): void => {
    if (shownCycles.has(cycle.id)) return;
    shownCycles.set(cycle.id, 'started');
    const catchUp = cycle.catchUp ? ', catching up missed ticks' : '';
    print(`tick ${index + 1} (scheduled ${clockTime(cycle.scheduledAt)} with jitter${catchUp}); stand-ins report ${describeFacts()}`);
  };

  const showEnd = (cycle: CycleRow): void => {
    if (cycle.outcome === undefined || shownCycles.get(cycle.id) === 'finished') return;
    shownCycles.set(cycle.id, 'finished');
    const why = cycle.reasons.join('; ') || cycle.detail || '';
    if (cycle.outcome === 'skipped') print(`  gate closed, cycle skipped: ${why}`);
    else if (cycle.outcome === 'idle') print(`  gate open, nothing to do: ${why}`);
    else if (cycle.outcome === 'error') print(`  cycle failed: ${why || 'no detail recorded'}`);
  };

  const showSession = async (session: SessionRow): Promise<void> => {
    const shown = shownSessions.get(session.id);
    if (shown === session.state) return;
    if (shown === undefined) {
      print(`  gate open -> goal ${session.goal} "${session.goalTitle}", agent ${session.agent}\n  why: ${session.rationale}`);
    }
    shownSessions.set(session.id, session.state);
    if (session.commitSha && !shownCommits.has(session.id)) {
      shownCommits.add(session.id);
      await showCommit(session);
    }
    if (session.state === 'pushed') print(`  pushed ${session.branch}`);
    else if (session.state === 'pr-open') print(`  ${session.branch} has PR #${session.prNumber ?? '?'}`);
    else if (ENDED.has(session.state)) print(`  session ${session.state}${session.error ? `: ${session.error}` : ''}`);
  };

  const showCommit = async (session: SessionRow): Promise<void> => {
    const range = [session.startSha ?? session.baseSha ?? `${session.commitSha}^`, session.commitSha!];
    const stat = await execa('git', ['diff', '--stat=72', ...range], { cwd: repoPath, reject: false });
    const took = session.agentMs === undefined ? '' : ` in ${(session.agentMs / 1000).toFixed(1)} s`;
    const lines = stat.stdout.split('\n').map((line) => `    ${line.trim()}`);
    print(`  the agent's change${took}, verify ${session.verify ?? 'not run'}, committed ${session.commitSha!.slice(0, 7)}:\n${lines.join('\n')}`);
  };

  return {
    async poll() {
      read();
      for (const [index, cycle] of cycles.entries()) {
        showStart(cycle, index);
        for (const session of sessions.filter((s) => s.cycleId === cycle.id)) await showSession(session);
        showEnd(cycle);
      }
      // Sessions settled by a later cycle (pushed, PR found) are shown as they change.
      for (const session of sessions.filter((s) => s.cycleId === undefined)) await showSession(session);
    },
    cycles: () => cycles,
    sessions: () => sessions,
    close() {
      store?.close();
      store = undefined;
    },
  };
}
