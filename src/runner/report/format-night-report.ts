import type { CycleCheck } from '../store/rows.js';
import type { NightReport, SessionLine } from './night-report.js';
import { formatSessionSpend, formatSpendLines } from './night-spend.js';

/** Session states after which the claim should be gone. */
const ENDED: readonly string[] = ['no-changes', 'failed', 'timeout', 'abandoned', 'pr-open'];

/** `1 cycle`, `2 cycles`. */
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The morning report as text: clock times in the schedule's zone, cycles by number, PR links. */
export function formatNightReport(report: NightReport): string {
  const { totals } = report;
  const kinds = [
    [totals.cyclesRun, 'run'],
    [totals.cyclesIdle, 'idle'],
    [totals.cyclesSkipped, 'skipped'],
    [totals.cyclesError, totals.cyclesError === 1 ? 'error' : 'errors'],
  ] as const;
  const split = kinds.filter(([n]) => n > 0).map(([n, word]) => `${n} ${word}`);
  const minutes = `${totals.agentMinutes} agent minute${totals.agentMinutes === 1 ? '' : 's'}`;
  const lines = [
    `overnight report for the night of ${report.night} (times in ${report.timezone})`,
    `${count(totals.cycles, 'cycle')}${split.length > 0 ? ` (${split.join(', ')})` : ''}, ${count(totals.sessions, 'session')}, ${count(totals.prs, 'PR')}, ${minutes}`,
  ];
  lines.push(...formatSpendLines(totals, report.budget ?? []));
  const uncontained = report.cycles.filter((cycle) => cycle.checks?.some((check) => check.name === 'sandbox' && !check.required)).length;
  if (uncontained > 0) {
    lines.push(`WARNING: ${count(uncontained, 'cycle')} ran with sandbox.mode "off": agents worked without a sandbox, as your user`);
  }
  lines.push('', 'Cycles:');
  if (report.cycles.length === 0) lines.push('  none');
  const clock = clockIn(report.timezone);
  for (const cycle of report.cycles) {
    const why = cycle.reasons.length > 0 ? `: ${cycle.reasons.join('; ')}` : cycle.detail ? `: ${cycle.detail}` : '';
    lines.push(`  ${clock(cycle.startedAt)} cycle ${cycle.id}${cycle.catchUp ? ' (catch-up)' : ''} ${cycle.outcome}${why}`);
    // The gate measures every fact; the text shows what the config requires (--json keeps them
    // all), and the sandbox always: "off" is worth a line every time.
    const required = (cycle.checks ?? []).filter((check) => check.required || check.name === 'sandbox');
    if (required.length > 0) lines.push(`    checks: ${required.map(formatCheck).join(', ')}`);
  }
  lines.push('', 'Sessions:');
  if (report.sessions.length === 0) lines.push('  none');
  for (const session of report.sessions) lines.push(...sessionLines(session));
  return `${lines.join('\n')}\n`;
}

function sessionLines(session: SessionLine): string[] {
  const result = session.outcome === 'timeout' && session.state !== 'timeout' ? `${session.state} (timeout, partial)` : session.state;
  const duration = session.durationSec !== undefined ? formatSeconds(session.durationSec) : '-';
  const lines = [`  ${session.id} ${session.goal} "${session.goalTitle}"`, `    agent ${session.agent}, ${result}, ${duration}, verify ${session.verify ?? '-'}`];
  // A branch is named only once it is on the remote: one that never got there cannot be fetched.
  if (session.prNumber !== undefined) lines.push(`    PR #${session.prNumber}${session.prUrl ? ` ${session.prUrl}` : ''} (${session.branch})`);
  else if (session.pushed) lines.push(`    pushed ${session.branch}, no PR yet`);
  lines.push(...formatSessionSpend(session));
  if (session.error) lines.push(`    ${session.error}`);
  // A claim still held after its session ended is one GitHub has not confirmed gone yet.
  const { claim } = session;
  if (claim && (claim.state === 'pending' || claim.state === 'held') && ENDED.includes(session.state)) {
    lines.push(`    claim ${claim.ref} not released yet (${count(claim.releaseAttempts, 'attempt')}${claim.lastError ? `: ${claim.lastError}` : ''}); the next cycle retries`);
  }
  return lines;
}

/** `pluggedIn ✓`, `sandbox bwrap 0.8.0 ✓`; a failed check says why. */
function formatCheck(check: CycleCheck): string {
  if (check.name === 'sandbox' && !check.required) return 'sandbox off';
  if (check.ok) return check.name === 'sandbox' ? `sandbox ${check.reason} ✓` : `${check.name} ✓`;
  return `${check.name} ✗ (${check.reason})`;
}

/** `42 s` under a minute, else `12.5 min`: a demo's one-second sessions should not read "0 min". */
function formatSeconds(seconds: number): string {
  return seconds < 60 ? `${Math.round(seconds)} s` : `${Math.round(seconds / 6) / 10} min`;
}

/** `01:30` on the schedule's clock. */
function clockIn(timeZone: string): (iso: string) => string {
  const format = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
  return (iso) => format.format(new Date(iso));
}
