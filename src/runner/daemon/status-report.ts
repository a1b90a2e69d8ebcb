import type { ScheduleConfig } from '../../config/index.js';
import { formatLocal, nextTick } from '../../schedule/index.js';
import { createDaemonPlan } from './plan.js';
import { isProcessAlive, readPid } from './lock.js';
import { readStatusFile, type LastCycle, type RunningCycle } from './status-file.js';

/** `overnight status --json`. Times are UTC ISO-8601; `local` fields are in the schedule's zone. */
export interface StatusReport {
  daemon: { running: boolean; pid?: number | undefined; state?: string | undefined; since?: string | undefined };
  window: { open: boolean; night?: string | undefined; closes?: string | undefined; opens?: string | undefined };
  nextTick?: { at: string; local: string } | undefined;
  assertion: { held: boolean; tool?: string | undefined };
  /** Every cycle a running daemon is running now, one per busy slot. */
  running: RunningCycle[];
  lastCycle?: LastCycle | undefined;
  timezone?: string | undefined;
}

export interface StatusReportOptions {
  statusFile: string;
  lockFile: string;
  /** From the config, when there is one: the window and next tick are then computed even with no daemon. */
  schedule?: ScheduleConfig | undefined;
  now?: Date;
  isAlive?: (pid: number) => boolean;
}

/**
 * Joins what the daemon last wrote with what is true now: the daemon counts as running only if
 * the lock's pid is alive, and a dead daemon's assertion is reported as not held (its
 * caffeinate/systemd-inhibit ends with it).
 */
export function buildStatusReport({ statusFile, lockFile, schedule, now = new Date(), isAlive = isProcessAlive }: StatusReportOptions): StatusReport {
  const saved = readStatusFile(statusFile);
  const lockPid = readPid(lockFile);
  const running = lockPid !== undefined && isAlive(lockPid) && saved?.pid === lockPid && saved.state !== 'stopped';
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

  return {
    daemon: running ? { running, pid: lockPid, state: saved?.state, since: saved?.startedAt } : { running: false },
    window,
    nextTick: nextAt ? { at: nextAt, local: localOf(nextAt) } : undefined,
    assertion: running && saved ? { held: saved.assertion.held, tool: saved.assertion.tool } : { held: false },
    running: running && saved ? saved.running : [],
    lastCycle: saved?.lastCycle,
    timezone,
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
    ...report.running.map((cycle) => `running:   ${cycle.id} (${cycle.trigger ?? (cycle.catchUp ? 'catch-up' : 'tick')}, since ${local(cycle.firedAt.replace(/\.\d+Z$/, 'Z'))})${cycle.goal ? `: ${cycle.goal}, session ${cycle.session}` : ''}`),
    report.lastCycle
      ? `last cycle: ${report.lastCycle.id} for the tick at ${local(report.lastCycle.scheduledAt)}${report.lastCycle.catchUp ? ' (catch-up)' : ''}: ${report.lastCycle.outcome}${report.lastCycle.detail ? ` (${report.lastCycle.detail})` : ''}`
      : 'last cycle: none yet',
  ];
  if (report.timezone) lines.push(`(times in ${report.timezone})`);
  return lines.join('\n');
}
