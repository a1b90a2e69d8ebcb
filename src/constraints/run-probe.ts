import type { ProbeExec, ExecResult, Reading } from './types.js';

/** How long one probe command may run before it is killed and its fact becomes unknown. */
export const PROBE_TIMEOUT_MS = 1_000;

/**
 * Runs `file args` and returns its stdout, or why it could not be read: not installed, timed out,
 * non-zero exit. The command line is part of every "why" so a verdict names what failed.
 */
export async function runProbe(
  exec: ProbeExec,
  file: string,
  args: readonly string[],
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<Reading<string>> {
  return toReading([file, ...args].join(' '), await exec(file, args, { timeoutMs }), timeoutMs);
}

/** A finished command as a reading of its stdout. */
export function toReading(command: string, result: ExecResult, timeoutMs: number): Reading<string> {
  switch (result.failure) {
    case 'missing':
      return { known: false, why: `${command}: command not found` };
    case 'timeout':
      return { known: false, why: `${command}: timed out after ${timeoutMs} ms` };
    case 'error':
      return { known: false, why: `${command}: could not run (${firstLine(result.stderr) || 'no exit code'})` };
    default:
      if (result.exitCode !== 0) {
        const detail = firstLine(result.stderr) || firstLine(result.stdout);
        return { known: false, why: `${command}: exit ${result.exitCode}${detail ? ` (${detail})` : ''}` };
      }
      return { known: true, value: result.stdout };
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.trim() ?? '';
}
