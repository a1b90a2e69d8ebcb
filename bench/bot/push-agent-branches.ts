import { join } from 'node:path';
import { execa } from 'execa';
import { branchForSession, formatCommitBody, formatCommitMessage } from '../../src/protocol/index.js';

export interface AgentBranchesOptions {
  remoteUrl: string;
  /** Where the scratch clone goes. */
  dir: string;
  sessions: string[];
  goal: number;
  /** The file each session changes. */
  file: string;
  /** Each commit's time is `start` plus its index in seconds, so the history reads as a night. */
  start: Date;
}

const RUNNER = 'overnight-runner <runner@overnight.invalid>';

/**
 * One commit per session on top of the default branch, as a runner makes them, each on its own
 * `agent/<session>` branch. A thousand `git commit`s would take minutes, so one `git fast-import`
 * writes them all; one `git push` then sends every branch, and the sandbox's post-receive hook
 * turns it into one `push` delivery per branch.
 */
export async function pushAgentBranches(options: AgentBranchesOptions): Promise<void> {
  const clone = join(options.dir, 'runner-clone');
  await execa('git', ['clone', '--quiet', options.remoteUrl, clone]);
  const base = (await execa('git', ['rev-parse', 'HEAD'], { cwd: clone })).stdout.trim();
  await execa('git', ['fast-import', '--quiet'], { cwd: clone, input: fastImportStream(base, options) });
  await execa('git', ['push', '--quiet', 'origin', 'refs/heads/agent/*:refs/heads/agent/*'], { cwd: clone });
}

/** The fast-import commands for every session's commit, each with the protocol's message and trailers. */
export function fastImportStream(base: string, options: Omit<AgentBranchesOptions, 'remoteUrl' | 'dir'>): string {
  // Exact byte counts; the newline that joins the next command after the data is optional to git.
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}`;
  return options.sessions
    .map((session, index) => {
      const when = `${Math.floor(options.start.getTime() / 1000) + index} +0000`;
      const message = formatCommitMessage({
        subject: 'Replace the hand-written retry loop',
        body: formatCommitBody({ summary: 'Swapped the loop for a bounded backoff.', rationale: 'The oldest open goal.' }),
        trailers: {
          session,
          goal: { kind: 'issue', number: options.goal },
          agent: 'claude-code',
          runner: 'bench',
          cycle: index + 1,
          durationSec: 60,
          verify: 'passed',
          outcome: 'complete',
        },
      });
      return [
        `commit refs/heads/${branchForSession(session)}`,
        `author ${RUNNER} ${when}`,
        `committer ${RUNNER} ${when}`,
        data(message),
        `from ${base}`,
        `M 100644 inline ${options.file}`,
        data(retryWithBackoff(index)),
      ].join('\n');
    })
    .join('\n');
}

function retryWithBackoff(attempts: number): string {
  return [
    `export async function withRetry(task, attempts = ${attempts + 2}) {`,
    '  for (let attempt = 1; ; attempt += 1) {',
    '    try {',
    '      return await task();',
    '    } catch (error) {',
    '      if (attempt >= attempts) throw error;',
    '      await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 100));',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
}
