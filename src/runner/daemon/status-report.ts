import type { ScheduleConfig } from '../../config/index.js';
import { formatLocal, nextTick } from '../../schedule/index.js';
import { createDaemonPlan } from './plan.js';
import { hostname } from 'node:os';
import { isProcessAlive } from './lock.js';
import { judgeLock, readLockOwner } from './lock-owner.js';
import { processStart, type ProcessStart } from './process-start.js';
import { readStatusFile, type LastCycle } from './status-file.js';
import { describeMovedAside, listMovedAside, type MovedAside } from '../store/move-aside.js';

/** `overnight status --json`. Times are UTC ISO-8601; `local` fields are in the schedule's zone. */
export interface StatusReport {
  daemon: { running: boolean; pid?: number | undefined; state?: string | undefined; since?: string | undefined };
  window: { open: boolean; night?: string | undefined; closes?: string | undefined; opens?: string | undefined };
  nextTick?: { at: string; local: string } | undefined;
  assertion: { held: boolean; tool?: string | undefined };
  lastCycle?: LastCycle | undefined;
  timezone?: string | undefined;
  /** Corrupt state databases the runner moved aside, until the user deletes them. */
  movedAside?: MovedAside[] | undefined;
}

export interface StatusReportOptions {
  statusFile: string;
  lockFile: string;
  /** The state database, to report damaged copies moved aside next to it. */
  stateDb?: string | undefined;
  /** From the config, when there is one: the window and next tick are then computed even with no daemon. */
  schedule?: ScheduleConfig | undefined;
  now?: Date;
  isAlive?: (pid: number) => boolean;
  startOf?: (pid: number) => ProcessStart | undefined;
}

/**
 * Joins what the daemon last wrote with what is true now: the daemon counts as running only if
 * the lock's pid is alive, and a dead daemon's assertion is reported as not held (its
 * caffeinate/systemd-inhibit ends with it).
 */
export function buildStatusReport(options: StatusReportOptions): StatusReport {
  const { statusFile, lockFile, stateDb, schedule, now = new Date(), isAlive = isProcessAlive, startOf = (pid: number) => processStart(pid) } = options;
  const saved = readStatusFile(statusFile);
  const owner = readLockOwner(lockFile);
  // A lock of another host, or one whose pid now names another process, says nothing about a daemon here.
  const lockPid = owner && judgeLock(owner, { host: hostname(), isAlive, startOf }).kind === 'held' ? owner.pid : undefined;
  const running = lockPid !== undefined && saved?.pid === lockPid && saved.state !== 'stopped';
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
  const movedAside = stateDb === undefined ? [] : listMovedAside(stateDb);
  const nextAt = running ? saved?.nextTick : schedule && nextTick(schedule, now, { random: () => 0 })?.at.toISOString();

  return {
    daemon: running ? { running, pid: lockPid, state: saved?.state, since: saved?.startedAt } : { running: false },
    window,
    nextTick: nextAt ? { at: nextAt, local: localOf(nextAt) } : undefined,
    assertion: running && saved ? { held: saved.assertion.held, tool: saved.assertion.tool } : { held: false },
    lastCycle: saved?.lastCycle,
    timezone,
    ...(movedAside.length > 0 ? { movedAside } : {}),
  };
}

export function formatStatusReport(report: StatusReport): string {
  const local = (iso: string) => (report.timezone ? formatLocal(new Date(iso), report.timezone) : iso);
  const lines = [
    report.daemon.running ? `daemon:    running (pid ${report.daemon.pid}, ${report.daemon.state}, since ${local(report.daemon.since ?? '')})` : 'daemon:    not running',
    report.window.open
      ? `window:    open (night of ${report.window.night}, closes ${local(report.window.closes ?? '')})`
      : `window:    closed${report.window.opens ? ` (opens ${local(report.window.opens)})` : ''}`,
    `next tick: ${report.nextTick ? `${report.nextTick.local}${report.daemon.running ? '' : ' (unjittered; when the daemon runs)'}` : 'none scheduled'}`,
    `assertion: ${report.assertion.held ? `held (${report.assertion.tool})` : 'not held'}`,
    report.lastCycle
      ? `last cycle: ${report.lastCycle.id} for the tick at ${local(report.lastCycle.scheduledAt)}${report.lastCycle.catchUp ? ' (catch-up)' : ''}: ${report.lastCycle.outcome}${report.lastCycle.detail ? ` (${report.lastCycle.detail})` : ''}`
      : 'last cycle: none yet',
  ];
  for (const moved of report.movedAside ?? []) lines.push(`state:     ${describeMovedAside(moved)}`);
  if (report.timezone) lines.push(`(times in ${report.timezone})`);
  return lines.join('\n');
}
