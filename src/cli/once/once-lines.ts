import type { OnceResult, SessionRow } from '../../runner/index.js';
import type { Paint } from './terminal.js';

/** Outcomes after which `once` exits 0: the work was published, or there was nothing to do. */
const DONE: readonly string[] = ['pr-open', 'pushed', 'no-changes', 'skipped', 'idle'];

/** 0 when a PR (or a pushed branch the bot turns into one) was made or nothing was to be done; 1 otherwise. */
export function onceExitCode(result: Pick<OnceResult, 'outcome'>): 0 | 1 {
  return DONE.includes(result.outcome) ? 0 : 1;
}

/** What `once` prints when a goal was chosen and its session starts. */
export function sessionLines(session: SessionRow, p: Paint): string[] {
  return [
    `${p.bold('→')} goal ${session.goal} "${session.goalTitle}" · agent ${session.agent}`,
    p.dim(`  ${session.rationale}`),
    `  session ${session.id} · log ${session.logPath ?? '(none)'}`,
  ];
}

/**
 * The closing lines of `once` (stdout) and, when it exits 1, the one line for stderr saying why.
 * A failed verification that still produced a PR says so first: the PR is a draft.
 */
export function resultLines(result: OnceResult, p: Paint): { lines: string[]; failure?: string } {
  const [ok, bad, warn, dot] = [p.green('✓'), p.red('✗'), p.yellow('!'), p.dim('·')];
  const lines: string[] = [];
  if (result.agentSeconds !== null) lines.push(`${dot} agent ${result.agent} ran for ${formatSeconds(result.agentSeconds)}`);
  if (result.verify === 'passed') lines.push(`${ok} verify passed`);
  if (result.verify === 'failed') lines.push(`${bad} verify failed (its output is in the session log)`);
  if (result.verify === 'skipped') lines.push(`${dot} verify skipped (no verify.command)`);
  const draftBecause = result.verify === 'failed' ? 'verify failed' : result.sessionOutcome === 'timeout' ? 'out of time, partial work kept' : undefined;
  const detail = result.detail ?? '';
  switch (result.outcome) {
    case 'pr-open':
      lines.push(draftBecause ? `${warn} ${draftBecause}; draft PR #${result.prNumber}: ${result.prUrl}` : `${ok} PR #${result.prNumber}: ${result.prUrl}`);
      return { lines };
    case 'pushed':
      lines.push(draftBecause ? `${warn} ${draftBecause}; pushed ${result.branch}, the bot opens it as a draft PR` : `${ok} pushed ${result.branch}; the bot opens the PR`);
      return { lines };
    case 'no-changes':
      lines.push(`${dot} the agent changed nothing; no PR`);
      return { lines };
    case 'skipped':
      lines.push(`${dot} skipped: ${detail}`);
      return { lines };
    case 'idle':
      lines.push(`${dot} ${detail || 'nothing to do'}`);
      return { lines };
  }
  const log = result.logPath ? `; log: ${result.logPath}` : '';
  const failure: Record<string, string> = {
    committed: `committed but not pushed: ${detail}; the next cycle pushes it`,
    failed: `session failed: ${detail}${log}`,
    timeout: `out of time: ${detail}${log}`,
    abandoned: `stopped: ${detail}${log}`,
  };
  return { lines, failure: failure[result.outcome] ?? (detail || result.outcome) };
}

/** `42 s`, `12 min 5 s`. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const rest = seconds % 60;
  return `${Math.floor(seconds / 60)} min${rest ? ` ${rest} s` : ''}`;
}
