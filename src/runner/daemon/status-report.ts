import type { ScheduleConfig } from '../../config/index.js';
import { formatLocal, nextTick } from '../../schedule/index.js';
import { createDaemonPlan } from './plan.js';
import { hostname } from 'node:os';
import { latestCycle, latestStoredCycle, type StatusCycle } from './latest-cycle.js';
import { isProcessAlive } from './lock.js';
import { judgeLock, readLockOwner } from './lock-owner.js';
import { processStart, type ProcessStart } from './process-start.js';
import { readStatusFile, type RunningCycle } from './status-file.js';
import { describeMovedAside, listMovedAside, type MovedAside } from '../store/move-aside.js';

/** `overnight status --json` (docs/cli.md). Times are UTC ISO-8601; `local` fields are in the schedule's zone. */
export interface StatusReport {
  daemon: { running: boolean; pid?: number | undefined; state?: string | undefined; since?: string | undefined };
  /** An `overnight once` holding the state dir's lock. */
  once: { running: boolean; pid?: number | undefined };
  window: { open: boolean; night?: string | undefined; closes?: string | undefined; opens?: string | undefined };
  nextTick?: { at: string; local: string } | undefined;
  assertion: { held: boolean; tool?: string | undefined };
  /** Every cycle a running daemon is running now, one per busy slot. */
  running: RunningCycle[];
  lastCycle?: StatusCycle | undefined;
  /** What needs the user: the last cycle could not run, the state cannot be read. */
  warnings: string[];
  /** Corrupt state databases the runner moved aside, until the user deletes them. */
  movedAside?: MovedAside[] | undefined;
  timezone?: string | undefined;
}

export interface StatusReportOptions {
  statusFile: string;
  lockFile: string;
  /** The state database: the last cycle, whoever ran it. */
  stateDb?: string | undefined;
  /** From the config, when there is one: the window and next tick are then computed even with no daemon. */
  schedule?: ScheduleConfig | undefined;
  now?: Date;
  isAlive?: (pid: number) => boolean;
  startOf?: (pid: number) => ProcessStart | undefined;
}

/**
 * Joins what the daemon last wrote, the state store and what is true now: the daemon counts as
 * running only if the lock's pid is alive and is the daemon's; a live lock held by anyone else is
 * an `overnight once`. A dead daemon's assertion is reported as not held (it ends with it).
 */
export function buildStatusReport(options: StatusReportOptions): StatusReport {
  const { statusFile, lockFile, stateDb, schedule, now = new Date(), isAlive = isProcessAlive, startOf = (pid: number) => processStart(pid) } = options;
  const saved = readStatusFile(statusFile);
  const owner = readLockOwner(lockFile);
  // A lock of another host, or one whose pid now names another process, says nothing about a runner here.
  const lockPid = owner && judgeLock(owner, { host: hostname(), isAlive, startOf }).kind === 'held' ? owner.pid : undefined;
  const lockLive = lockPid !== undefined;
  const running = lockLive && saved?.pid === lockPid && saved.state !== 'stopped';
  const timezone = schedule?.timezone ?? saved?.timezone;
  const localOf = (iso: string) => (timezone ? formatLocal(new Date(iso), timezone) : iso);

  let window: StatusReport['window'] = { open: false };
  if (schedule) {
    const live = createDaemonPlan(schedule).window(now);
    window = live.open
      ? { open: true, night: live.night.date, closes: live.night.close.toISOString() }
      : { open: false, opens: live.next?.open.toISOString() };
  } else if (running && saved) {
    window = saved.window.open ? { open: true, night: saved.window.night, closes: saved.window.closesAt } : { open: false, opens: saved.window.opensAt };
  }
  // A running daemon knows its jittered next tick; otherwise the schedule's unjittered one.
  const nextAt = running ? saved?.nextTick : schedule && nextTick(schedule, now, { random: () => 0 })?.at.toISOString();

  const movedAside = stateDb === undefined ? [] : listMovedAside(stateDb);
  const warnings: string[] = [];
  let stored;
  try {
    stored = stateDb === undefined ? undefined : latestStoredCycle(stateDb);
  } catch (error) {
    warnings.push(`cannot read the state database ${stateDb}: ${(error as Error).message}`);
  }
  const lastCycle = latestCycle(stored, saved?.lastCycle, lockLive);
  if (lastCycle?.outcome === 'error') warnings.push(`the last cycle could not run: ${lastCycle.detail ?? 'no reason recorded'}`);

  return {
    daemon: running ? { running, pid: lockPid, state: saved?.state, since: saved?.startedAt } : { running: false },
    once: lockLive && !running ? { running: true, pid: lockPid } : { running: false },
    window,
    nextTick: nextAt ? { at: nextAt, local: localOf(nextAt) } : undefined,
    assertion: running && saved ? { held: saved.assertion.held, tool: saved.assertion.tool } : { held: false },
    running: running && saved ? saved.running : [],
    lastCycle,
    warnings,
    ...(movedAside.length > 0 ? { movedAside } : {}),
    timezone,
  };
}

export function formatStatusReport(report: StatusReport): string {
  const local = (iso: string) => (report.timezone ? formatLocal(new Date(iso), report.timezone) : iso);
  const { daemon, once, lastCycle } = report;
  const lines = [
    daemon.running
      ? `daemon:    running (pid ${daemon.pid}, ${daemon.state}, since ${local(daemon.since ?? '')})`
      : `daemon:    not running${once.running ? ` (overnight once is running, pid ${once.pid})` : ''}`,
    report.window.open
      ? `window:    open (night of ${report.window.night}, closes ${local(report.window.closes ?? '')})`
      : `window:    closed${report.window.opens ? ` (opens ${local(report.window.opens)})` : ''}`,
    `next tick: ${report.nextTick ? `${report.nextTick.local}${daemon.running ? '' : ' (unjittered; when the daemon runs)'}` : 'none scheduled'}`,
    `assertion: ${report.assertion.held ? `held (${report.assertion.tool})` : 'not held'}`,
    ...report.running.map((cycle) => `running:   ${cycle.id} (${cycle.trigger ?? (cycle.catchUp ? 'catch-up' : 'tick')}, since ${local(cycle.firedAt.replace(/\.\d+Z$/, 'Z'))})${cycle.goal ? `: ${cycle.goal}, session ${cycle.session}` : ''}`),
    lastCycle ? `last cycle: ${formatCycle(lastCycle, local)}` : 'last cycle: none yet',
    ...report.warnings.map((warning) => `warning:   ${warning}`),
    ...(report.movedAside ?? []).map((moved) => `state:     ${describeMovedAside(moved)}`),
  ];
  if (report.timezone) lines.push(`(times in ${report.timezone})`);
  return lines.join('\n');
}

/** `cycle 3 at 2026-11-28T01:30:00+01:00 (catch-up): pushed (agent/...)`. */
function formatCycle(cycle: StatusCycle, local: (iso: string) => string): string {
  const name = cycle.cycle === undefined ? 'the tick' : `cycle ${cycle.cycle}`;
  // An error's reason is the warning line under it.
  const detail = cycle.detail && cycle.outcome !== 'error' ? ` (${cycle.detail})` : '';
  // A `once` is scheduled at the millisecond it was started; the second is enough to read.
  const at = new Date(Math.floor(Date.parse(cycle.scheduledAt) / 1000) * 1000).toISOString();
  return `${name} at ${local(at)}${cycle.catchUp ? ' (catch-up)' : ''}: ${cycle.outcome}${detail}`;
}
