import { existsSync, readFileSync } from 'node:fs';
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
  /**
   * The runner's JSON log: the daemon logs what started each cycle (a tick, or back to back after
   * a session), which the store does not record. Without it every cycle shows as a tick.
   */
  runnerLog?: string;
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
export function watchRunner({ dbPath, repoPath, print, describeFacts, runnerLog }: RunnerWatcherOptions): RunnerWatcher {
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

  /** What started each cycle, by its scheduled time, as the daemon logged it. */
  const triggers = new Map<string, string>();
  const readTriggers = (): void => {
    if (!runnerLog || !existsSync(runnerLog)) return;
    for (const line of readFileSync(runnerLog, 'utf8').split('\n')) {
      if (!line.includes('"cycle-start"')) continue;
      try {
        const entry = JSON.parse(line) as { event?: string; scheduledAt?: string; trigger?: string };
        if (entry.event === 'cycle-start' && entry.scheduledAt) triggers.set(entry.scheduledAt, entry.trigger ?? 'tick');
      } catch {
        // A line being written as we read: the next poll reads it whole.
      }
    }
  };

  /** False while the cycle's start is not in the log yet: the cycle and what follows wait for the next poll. */
  const showStart = (cycle: CycleRow, index: number): boolean => {
    if (shownCycles.has(cycle.id)) return true;
    // The log is written a moment after the store; a finished cycle with no line is shown as a tick.
    const trigger = triggers.get(cycle.scheduledAt) ?? (runnerLog && cycle.outcome === undefined ? undefined : 'tick');
    if (trigger === undefined) return false;
    shownCycles.set(cycle.id, 'started');
    const previous = cycles[index - 1]?.finishedAt;
    if (trigger === 'back-to-back' && previous) {
      const after = ((Date.parse(cycle.startedAt) - Date.parse(previous)) / 1000).toFixed(1);
      print(`cycle ${index + 1}, back to back: the last session left goals waiting, so it started ${after} s after it ended, not at the next tick; stand-ins report ${describeFacts()}`);
      return true;
    }
    const catchUp = cycle.catchUp ? ', catching up missed ticks' : '';
    print(`tick ${index + 1} (scheduled ${clockTime(cycle.scheduledAt)} with jitter${catchUp}); stand-ins report ${describeFacts()}`);
    return true;
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
      readTriggers();
      for (const [index, cycle] of cycles.entries()) {
        if (!showStart(cycle, index)) break;
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
