import type { CheckResult } from './types.js';

/** A row of the table: a constraint check, or another check the caller adds (the sandbox). */
export type ReportedCheck = Omit<CheckResult, 'name'> & { name: string };

const HEADERS = ['check', 'required', 'seen', 'ok', 'ms'] as const;

/**
 * The human form of a report: a table (check, required, seen, ok, ms), then the reason of every
 * check that did not pass, then the verdict.
 */
export function formatChecksReport(report: { ok: boolean; checks: readonly ReportedCheck[] }): string {
  const rows = report.checks.map((check) => [
    check.name,
    check.required ? 'yes' : 'no',
    check.seen,
    check.ok ? 'ok' : check.required ? 'FAIL' : 'no',
    String(check.ms),
  ]);
  const widths = HEADERS.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  const failing = report.checks.filter((check) => !check.ok);
  const reasons = failing.map((check) => `${check.name}${check.required ? '' : ' (not required)'}: ${check.reason}`);
  const verdict = report.ok ? 'ok: every required check passes' : 'not ok: a required check fails';
  return [line(HEADERS), ...rows.map(line), ...(reasons.length > 0 ? ['', ...reasons] : []), '', verdict].join('\n');
}
