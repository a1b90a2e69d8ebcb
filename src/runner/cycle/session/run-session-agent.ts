import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { utf8Bytes, type FinalUsage, type ResolvedAgent } from '../../agents/index.js';
import type { StoppedBy } from '../../../protocol/index.js';
import { childEnv } from '../../process/child-env.js';
import type { Redact } from '../../process/redact.js';
import type { RunAgentOptions, RunAgentResult } from '../../process/run-agent.js';
import type { Containment } from '../../sandbox/containment.js';
import { MAX_PROMPT_BYTES } from './prompt.js';
import { watchUsage, type UsageWatchInput } from './watch-usage.js';

/** A session workspace, and what the agent must be able to read for its git to work (the shared object store). */
export interface SessionWorkspace {
  path: string;
  readOnlyPaths: readonly string[];
}

export interface SessionAgentInput {
  containment: Containment;
  agent: ResolvedAgent;
  workspace: SessionWorkspace;
  session: string;
  prompt: string;
  /** What was left out of the prompt to fit its cap (composePrompt), named in the session log. */
  promptTrimmed?: readonly string[];
  /** A repair round: the message for the agent (repair-prompt.ts) and the session or thread to resume. */
  repair?: { text: string; resumeId?: string };
  /** The metering of this run and its caps (watch-usage.ts). */
  usage: Omit<UsageWatchInput, 'agent' | 'codexHome'>;
  /** Claude Code's own cap: what is left of the dollars this run may spend. */
  maxBudgetUsd?: number;
  runAgent: (options: RunAgentOptions) => Promise<RunAgentResult>;
  timeoutMs: number;
  graceMs: number;
  logFile: string;
  redact: Redact;
  signal: AbortSignal;
  onSpawn: (pid: number) => void;
  /** Each redacted output line as the agent prints it (`once`'s live line). */
  onOutput?: ((line: string) => void) | undefined;
  /** The runner's environment, filtered through the allow-list. */
  from?: NodeJS.ProcessEnv;
}

/** One run and what it used, from the agent's own output; `cap` when a cap stopped it. */
export type SessionRun = RunAgentResult & { usage: FinalUsage; cap?: StoppedBy };

/**
 * One agent run of a session, contained: a private temp dir holding the prompt file (and a
 * repair's feedback file), the sandbox policy for the agent's kind (its own state, the workspace,
 * what its git must read), the allow-listed environment, the prompt on stdin or in the file (never
 * in argv), its usage metered as it runs and the run stopped at the first cap it reaches. The temp
 * dir is gone when this returns. Throws when the sandbox cannot be set up (a refused `allowRead`, say).
 */
export async function runSessionAgent(input: SessionAgentInput): Promise<SessionRun> {
  const { agent, workspace, session, prompt, logFile, repair } = input;
  const prepared = await input.containment.prepare({
    name: session,
    kind: agent.kind,
    workspace: workspace.path,
    sessionRead: workspace.readOnlyPaths,
    allowRead: agent.sandbox.allowRead,
    allowWrite: agent.sandbox.allowWrite,
  });
  try {
    const promptFile = join(prepared.tmpDir, 'prompt.md');
    await writeFile(promptFile, prompt, { mode: 0o600 });
    const feedbackFile = join(prepared.tmpDir, 'feedback.md');
    if (repair) await writeFile(feedbackFile, repair.text, { mode: 0o600 });
    const launch = agent.launch({
      prompt,
      promptFile,
      workdir: workspace.path,
      session,
      sandboxed: prepared.sandbox !== undefined,
      ...(repair ? { repair: { text: repair.text, file: feedbackFile, ...(repair.resumeId ? { resumeId: repair.resumeId } : {}) } } : {}),
      ...(input.maxBudgetUsd !== undefined ? { maxBudgetUsd: input.maxBudgetUsd } : {}),
    });
    const env = childEnv({ purpose: agent.kind, from: input.from, passEnv: agent.passEnv, defaults: prepared.defaultEnv, env: agent.env });
    const watch = watchUsage({ ...input.usage, agent, codexHome: env.CODEX_HOME ?? join(env.HOME ?? homedir(), '.codex') });
    const where = prepared.sandbox ? `inside ${prepared.sandbox.tool}` : 'WITHOUT a sandbox (sandbox.mode: "off")';
    const trimmed = input.promptTrimmed?.length ? ` (trimmed to fit ${MAX_PROMPT_BYTES / 1024} KB: left out ${input.promptTrimmed.join(' and ')})` : '';
    const what = repair ? `repair message of ${utf8Bytes(repair.text)} bytes${repair.resumeId ? `, resuming ${repair.resumeId}` : ''}` : `prompt of ${utf8Bytes(prompt)} bytes${trimmed}`;
    const via = launch.stdin !== undefined ? 'on stdin' : `in ${repair ? feedbackFile : promptFile}`;
    await mkdir(dirname(logFile), { recursive: true });
    await appendFile(logFile, `[overnight] agent ${agent.name} (${agent.kind}) ${where}; ${what} ${via}\n`);
    let run: RunAgentResult;
    try {
      run = await input.runAgent({
        bin: agent.bin,
        args: launch.args,
        ...(launch.stdin !== undefined ? { input: launch.stdin } : {}),
        env,
        sandbox: prepared.sandbox,
        cwd: workspace.path,
        timeoutMs: input.timeoutMs,
        graceMs: input.graceMs,
        logFile,
        redact: input.redact,
        signal: input.signal,
        stop: watch.stop,
        onStdoutLine: (line) => watch.onStdoutLine(line),
        onSpawn: input.onSpawn,
        ...(input.onOutput ? { onOutput: input.onOutput } : {}),
      });
    } catch (error) {
      await watch.finish();
      throw error;
    }
    const usage = await watch.finish();
    const cap = watch.stoppedBy();
    return { ...run, usage, ...(cap && run.stoppedBy !== undefined ? { cap } : {}) };
  } finally {
    await prepared.dispose();
  }
}
