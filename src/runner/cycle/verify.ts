import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { Redact } from '../process/redact.js';
import { runAgent } from '../process/run-agent.js';

/** What of the verify output is kept for the PR body. */
const TAIL_LINES = 60;
const TAIL_CHARS = 8_000;

export interface VerifyOptions {
  /** `verify.command`; none means skipped. */
  command?: string | undefined;
  cwd: string;
  timeoutMs: number;
  logFile: string;
  redact: Redact;
  env?: Record<string, string>;
  graceMs?: number;
  signal?: AbortSignal;
  baseEnv?: NodeJS.ProcessEnv;
}

export interface VerifyResult {
  result: 'passed' | 'failed' | 'skipped';
  exitCode?: number;
  timedOut: boolean;
  /** The last lines of its output, redacted, without terminal colours. */
  outputTail: string;
}

/**
 * Runs `verify.command` through the shell in the worktree, under the same guards as an agent: its
 * own process group killed at the timeout, the scrubbed environment (the tests run code the agent
 * just wrote), redacted output appended to the session log.
 */
export async function runVerify({ command, logFile, redact, ...options }: VerifyOptions): Promise<VerifyResult> {
  if (!command) return { result: 'skipped', timedOut: false, outputTail: '' };
  await mkdir(dirname(logFile), { recursive: true });
  await appendFile(logFile, `[overnight] verify: ${redact(command)}\n`);
  const run = await runAgent({ ...options, bin: command, args: [], shell: true, logFile, redact });
  const passed = run.exitCode === 0 && !run.timedOut && !run.aborted;
  return {
    result: passed ? 'passed' : 'failed',
    ...(run.exitCode === undefined ? {} : { exitCode: run.exitCode }),
    timedOut: run.timedOut,
    outputTail: tail(run.output),
  };
}

function tail(output: string): string {
  const lines = stripVTControlCharacters(output).trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
  return lines.length <= TAIL_CHARS ? lines : `…${lines.slice(-(TAIL_CHARS - 1))}`;
}
