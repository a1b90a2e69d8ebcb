import type { DoctorCheck, DoctorReport } from './types.js';

const MARK = { ok: '✓', warn: '!', fail: '✗' } as const;

/** The terminal rendering: one line per check, its fix indented under it, a closing verdict. */
export function formatDoctor(report: DoctorReport): string {
  const width = Math.max(...report.checks.map((check) => check.name.length), 0);
  const lines = report.checks.flatMap((check) => [
    `${MARK[check.status]} ${check.name.padEnd(width)}  ${check.detail}`,
    ...(check.fix ? [`  ${' '.repeat(width)}  → ${check.fix}`] : []),
  ]);
  const failed = report.checks.filter((check) => check.status === 'fail').length;
  const warned = report.checks.filter((check) => check.status === 'warn').length;
  const verdict = failed > 0
    ? `${failed} problem${failed === 1 ? '' : 's'} to fix before tonight${warned > 0 ? `, ${warned} warning${warned === 1 ? '' : 's'}` : ''}`
    : warned > 0 ? `ready, with ${warned} warning${warned === 1 ? '' : 's'}` : 'ready for tonight';
  return [...lines, '', verdict].join('\n');
}

/** The `--json` shape: every check has all four keys, `fix` null when there is none. */
export function doctorJson(report: DoctorReport): { ok: boolean; checks: Array<Required<Omit<DoctorCheck, 'fix'>> & { fix: string | null }> } {
  return { ok: report.ok, checks: report.checks.map((check) => ({ name: check.name, status: check.status, detail: check.detail, fix: check.fix ?? null })) };
}

export function toReport(checks: DoctorCheck[]): DoctorReport {
  return { ok: checks.every((check) => check.status !== 'fail'), checks };
}
