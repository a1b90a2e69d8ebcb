import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCommitMessage, splitCommitBody } from '../../../../src/protocol/index.js';
import { REPAIR_INSTRUCTION } from '../../../../src/runner/cycle/session/repair-prompt.js';
import type { Store } from '../../../../src/runner/store/index.js';
import { agentConfig, agentCycle, BUGGY_SUM, commitOnMain, FIXED_SUM, recordedRuns, standInAgent, SUM_REPO } from '../../helpers/agent-cycle.js';
import { context, openTestStore, tick } from '../../helpers/cycle-harness.js';
import { createTempRepo, type TempRepo } from '../../helpers/temp-repo.js';

// Verify and repair against real git, real child processes and the stand-in agent CLIs: the
// session's verify command runs the repository's test, and a failure goes back to the agent.

let repo: TempRepo;
let store: Store;
beforeEach(() => {
  repo = createTempRepo();
  commitOnMain(repo, SUM_REPO);
  store = openTestStore(repo.dataDir);
});
afterEach(() => {
  store.close();
  repo.cleanup();
});

const agentDir = () => join(repo.root, 'agent');
const committed = (branch: string) => parseCommitMessage(repo.git(repo.origin, 'log', '-1', '--format=%B', branch))!;

describe('a failing test repaired by the same agent', () => {
  it('Claude Code: resumes its own session with the failure in the prompt, passes on the second round, and the PR says so', async () => {
    const claude = standInAgent('claude-code', agentDir(), [
      { write: { 'src/sum.mjs': BUGGY_SUM }, calls: [{ inputTokens: 1200, outputTokens: 300, costUsd: 0.21 }], result: 'Made sum variadic.' },
      { requireInPrompt: 'FAIL sum: expected 5, got 6', write: { 'src/sum.mjs': FIXED_SUM }, calls: [{ inputTokens: 800, outputTokens: 100, costUsd: 0.07 }], result: 'Fixed the off-by-one.' },
    ]);
    const config = agentConfig(repo, { agents: { default: 'claude', defs: { claude } } });
    const { cycle, prs } = agentCycle(config, store);

    const result = await cycle(tick(), context());

    expect(result.outcome).toBe('pr-open');
    const runs = recordedRuns(agentDir(), 'claude-code');
    expect(runs).toHaveLength(2);
    // The second run continues the first run's conversation, and is told what failed and what not to do.
    // The one conversation the first run saved, as Claude Code keeps it: projects/<cwd>/<session id>.jsonl.
    const firstSession = savedClaudeSessions(agentDir());
    expect(firstSession).toHaveLength(1);
    expect(runs[0]!.argv).not.toContain('--resume');
    expect(runs[1]!.argv[runs[1]!.argv.indexOf('--resume') + 1]).toBe(firstSession[0]);
    expect(runs[1]!.stdin).toContain('FAIL sum: expected 5, got 6');
    expect(runs[1]!.stdin).toContain(REPAIR_INSTRUCTION);
    expect(runs[1]!.stdin).toContain('repair 1 of 2');
    // Resuming, the goal is not sent again: the conversation has it.
    expect(runs[1]!.stdin).not.toContain('Make sum take any number of values');

    const [session] = store.sessionsOfNight('2026-11-28');
    expect(session).toMatchObject({ state: 'pr-open', verify: 'passed', outcome: 'complete', repairs: 1, costUsd: 0.28, inputTokens: 2000, outputTokens: 400, agentSessionId: firstSession[0] });
    expect(store.rounds.of([session!.id]).map((round) => [round.round, round.verify, round.costUsd, round.exitCode])).toStrictEqual([
      [0, 'failed', 0.21, 0],
      [1, 'passed', 0.07, 0],
    ]);
    const commit = committed(session!.branch);
    expect(commit.trailers).toMatchObject({ verify: 'passed', repairs: 1, costUsd: 0.28, tokens: 2400 });
    expect(repo.git(repo.origin, 'show', `${session!.branch}:src/sum.mjs`)).toBe(FIXED_SUM);
    expect(splitCommitBody(commit.body).summary).toBe('Made sum variadic.\n\nAfter repair 1: Fixed the off-by-one.');
    expect(prs).toHaveLength(1);
    expect(prs[0]!.draft).toBe(false);
    expect(prs[0]!.body).toContain('✅ Verification passed after 1 repair round.');
    expect(prs[0]!.body).toContain('| Cost | $0.28 |');
    expect(readFileSync(session!.logPath!, 'utf8')).toContain('[overnight] verify failed; repair 1 of 2');
  });

  it('Codex: resumes its thread with `exec resume`, and counts only the new tokens of the resumed thread', async () => {
    const pricing = { inputPerMTok: 1, cachedInputPerMTok: 0.1, outputPerMTok: 10 };
    const codex = standInAgent('codex', agentDir(), [
      { write: { 'src/sum.mjs': BUGGY_SUM }, calls: [{ inputTokens: 100_000, cachedInputTokens: 50_000, outputTokens: 2_000 }] },
      { requireInPrompt: 'expected 5, got 6', write: { 'src/sum.mjs': FIXED_SUM }, calls: [{ inputTokens: 40_000, cachedInputTokens: 30_000, outputTokens: 1_000 }] },
    ], { pricing });
    const config = agentConfig(repo, { agents: { default: 'codex', defs: { codex } } });
    const { cycle } = agentCycle(config, store);

    expect((await cycle(tick(), context())).outcome).toBe('pr-open');

    const runs = recordedRuns(agentDir(), 'codex');
    const thread = store.sessionsOfNight('2026-11-28')[0]!.agentSessionId!;
    expect(runs[1]!.argv.slice(-3)).toStrictEqual(['resume', thread, '-']);
    expect(runs[1]!.argv.slice(0, 2)).toStrictEqual(['exec', '--json']);
    const rounds = store.rounds.of([store.sessionsOfNight('2026-11-28')[0]!.id]);
    // The resumed run reports the thread's running total (140k in); the round is charged its own 40k.
    expect(rounds.map((round) => [round.inputTokens, round.outputTokens])).toStrictEqual([
      [100_000, 2_000],
      [40_000, 1_000],
    ]);
    expect(rounds[0]!.costUsd).toBeCloseTo(0.05 + 0.005 + 0.02, 10);
    expect(rounds[1]!.costUsd).toBeCloseTo(0.01 + 0.003 + 0.01, 10);
  });

  it('a command agent gets {feedbackFile}; still failing after verify.repairAttempts, the PR is a draft showing the last failure', async () => {
    const feedbackLog = join(repo.root, 'feedback.log');
    const script = `printf 'export const sum = (a, b) => a - b;\\n' > src/sum.mjs; if [ -n "$1" ]; then cat "$1" >> "$FEEDBACK_LOG"; fi; echo "Tried again."`;
    const config = agentConfig(repo, {
      agents: { default: 'stubborn', defs: { stubborn: { kind: 'command', bin: '/bin/sh', args: ['-c', script, 'sh', '{feedbackFile}'], env: { FEEDBACK_LOG: feedbackLog } } } },
      verify: { command: 'node test/sum.test.mjs', timeoutMinutes: 1, repairAttempts: 1 },
    });
    const { cycle, prs } = agentCycle(config, store);

    expect((await cycle(tick(), context())).outcome).toBe('pr-open');

    const feedback = readFileSync(feedbackLog, 'utf8');
    expect(feedback).toContain('FAIL sum: expected 5, got -1');
    expect(feedback).toContain('repair 1 of 1');
    const [session] = store.sessionsOfNight('2026-11-28');
    expect(session).toMatchObject({ verify: 'failed', repairs: 1 });
    expect(store.rounds.of([session!.id]).map((round) => round.verify)).toStrictEqual(['failed', 'failed']);
    const commit = committed(session!.branch);
    expect(commit.trailers).toMatchObject({ verify: 'failed', repairs: 1 });
    // A command agent that prints no usage line has no usage: no cost, no tokens.
    expect(commit.trailers.costUsd).toBeUndefined();
    expect(commit.trailers.tokens).toBeUndefined();
    expect(splitCommitBody(commit.body).verifyOutput).toContain('FAIL sum: expected 5, got -1');
    expect(prs[0]!.draft).toBe(true);
    expect(prs[0]!.body).toContain('❌ Verification still fails after 1 repair round — opened as a draft.');
    expect(prs[0]!.body).toContain('<summary>The last failure</summary>');
    expect(prs[0]!.body).toContain('FAIL sum: expected 5, got -1');
  });

  it('gives nothing back with verify.repairAttempts 0', async () => {
    const config = agentConfig(repo, {
      agents: { default: 'buggy', defs: { buggy: { kind: 'command', bin: '/bin/sh', args: ['-c', `printf '${BUGGY_SUM}' > src/sum.mjs`] } } },
      verify: { command: 'node test/sum.test.mjs', timeoutMinutes: 1, repairAttempts: 0 },
    });
    const { cycle } = agentCycle(config, store);
    expect((await cycle(tick(), context())).outcome).toBe('pr-open');
    const [session] = store.sessionsOfNight('2026-11-28');
    expect(session).toMatchObject({ verify: 'failed', repairs: 0 });
    expect(store.rounds.of([session!.id])).toHaveLength(1);
    expect(committed(session!.branch).trailers.repairs).toBe(0);
  });
});

/** The ids of the conversations the stand-in claude saved. */
function savedClaudeSessions(dir: string): string[] {
  const projects = join(dir, 'state', 'projects');
  return readdirSync(projects, { recursive: true }).map(String).filter((path) => path.endsWith('.jsonl')).map((path) => basename(path, '.jsonl'));
}
