import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { childEnv } from '../../process/child-env.js';
import type { Redact } from '../../process/redact.js';
import { runAgent as defaultRunAgent, type RunAgentOptions, type RunAgentResult } from '../../process/run-agent.js';
import type { PreparedRun } from '../../sandbox/containment.js';

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
  /** The sandbox and private temp dir for this run (kind `command`); disposed of here. */
  prepared: PreparedRun;
  /** `verify.passEnv`. */
  passEnv?: readonly string[];
  /** The runner's environment, filtered through the allow-list. */
  from?: NodeJS.ProcessEnv;
  graceMs?: number;
  signal?: AbortSignal;
  runAgent?: (options: RunAgentOptions) => Promise<RunAgentResult>;
}

export interface VerifyResult {
  result: 'passed' | 'failed' | 'skipped';
  exitCode?: number;
  timedOut: boolean;
  /** The last lines of its output, redacted, without terminal colours. */
  outputTail: string;
}

/**
 * Runs `verify.command` with `/bin/sh -c` in the worktree, under the same guards as an agent (it
 * runs tests the agent just wrote): inside the sandbox, with the allow-listed environment minus
 * any model key, everything it starts stopped at the timeout, redacted output appended to the
 * session log.
 */
export async function runVerify({ command, logFile, redact, prepared, passEnv = [], from = process.env, runAgent = defaultRunAgent, ...options }: VerifyOptions): Promise<VerifyResult> {
  try {
    if (!command) return { result: 'skipped', timedOut: false, outputTail: '' };
    await mkdir(dirname(logFile), { recursive: true });
    await appendFile(logFile, `[overnight] verify: ${redact(command)}${prepared.sandbox ? ` (inside ${prepared.sandbox.tool})` : ''}\n`);
    const env = childEnv({ purpose: 'verify', from, passEnv, defaults: prepared.defaultEnv });
    const run = await runAgent({ ...options, bin: '/bin/sh', args: ['-c', command], env, sandbox: prepared.sandbox, logFile, redact });
    return resultOf(run);
  } finally {
    await prepared.dispose();
  }
}

function resultOf(run: RunAgentResult): VerifyResult {
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
