import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCommitMessage } from '../../../src/protocol/index.js';
import type { Store } from '../../../src/runner/store/index.js';
import { agentConfig, agentCycle, commitOnMain, recordedRuns, standInAgent, SUM_REPO } from '../helpers/agent-cycle.js';
import { context, NOW, openTestStore, tick } from '../helpers/cycle-harness.js';
import { createTempRepo, type TempRepo } from '../helpers/temp-repo.js';

// The cost caps against real git, real child processes and the stand-in agent CLIs, which print
// their usage the way the real ones do.

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
const minutesLater = (minutes: number) => tick(new Date(NOW.getTime() + minutes * 60_000));

describe('budget.maxCostPerNightUsd', () => {
  it('stops the fourth session at what the night has left, keeps its work as a draft, and starts no fifth', async () => {
    // Each session makes three API calls of $0.10; the night may spend $1.00.
    const claude = standInAgent('claude-code', agentDir(), [
      { append: { 'notes.md': 'a note\n' }, calls: [{ inputTokens: 900, outputTokens: 90, costUsd: 0.1 }, { inputTokens: 900, outputTokens: 90, costUsd: 0.1 }, { inputTokens: 900, outputTokens: 90, costUsd: 0.1 }] },
    ]);
    const config = agentConfig(repo, {
      goals: ['Goal one', 'Goal two', 'Goal three', 'Goal four', 'Goal five'],
      agents: { default: 'claude', defs: { claude } },
      verify: {},
      budget: { maxCostPerNightUsd: 1 },
    });
    const { cycle, prs } = agentCycle(config, store);

    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) outcomes.push((await cycle(minutesLater(30 * i), context())).outcome);

    expect(outcomes).toStrictEqual(['pr-open', 'pr-open', 'pr-open', 'pr-open', 'skipped']);
    // Claude is told what is left each time, and the fourth run stops itself after its first call.
    const budgets = recordedRuns(agentDir(), 'claude-code').map((run) => run.argv[run.argv.indexOf('--max-budget-usd') + 1]);
    expect(budgets).toStrictEqual(['1', '0.7', '0.4', '0.1']);
    const sessions = store.sessionsOfNight('2026-11-28');
    expect(sessions.map((session) => session.costUsd)).toStrictEqual([0.3, 0.3, 0.3, 0.1]);
    expect(sessions[3]).toMatchObject({ outcome: 'timeout', stoppedBy: 'budget.maxCostPerNightUsd', state: 'pr-open' });
    const fourth = committed(sessions[3]!.branch);
    expect(fourth.trailers).toMatchObject({ outcome: 'timeout', stoppedBy: 'budget.maxCostPerNightUsd', costUsd: 0.1 });
    expect(prs.map((pr) => pr.draft)).toStrictEqual([false, false, false, true]);
    expect(prs[3]!.body).toContain('The agent was stopped when it reached `budget.maxCostPerNightUsd`: this is partial work, opened as a draft.');
    // The fifth cycle is skipped, naming the cap and the figure.
    const last = store.cyclesOfNight('2026-11-28').at(-1)!;
    expect(last).toMatchObject({ outcome: 'skipped', reasons: ['night cost $1.00 reached budget.maxCostPerNightUsd $1.00'] });
  });
});

describe('budget.maxCostPerSessionUsd', () => {
  it('stops a Codex run mid-turn from its rollout file, TERM then KILL, and keeps its work as a draft', async () => {
    // Codex prints usage only when its turn ends; this one never ends, but its rollout grows.
    const codex = standInAgent(
      'codex',
      agentDir(),
      [{ write: { 'src/sum.mjs': 'export const sum = (a, b) => b + a;\n' }, calls: Array.from({ length: 40 }, () => ({ inputTokens: 100_000, outputTokens: 1_000, delayMs: 150 })), hang: true }],
      { pricing: { inputPerMTok: 1, outputPerMTok: 10 } },
    );
    const config = agentConfig(repo, { agents: { default: 'codex', defs: { codex } }, budget: { maxCostPerSessionUsd: 0.5 } });
    const { cycle, prs } = agentCycle(config, store);

    expect((await cycle(tick(), context())).outcome).toBe('pr-open');

    const [session] = store.sessionsOfNight('2026-11-28');
    expect(session).toMatchObject({ outcome: 'timeout', stoppedBy: 'budget.maxCostPerSessionUsd', usageBasis: 'estimated' });
    // Stopped at the first poll past $0.50, long before its 40 calls ($4.40) were done.
    expect(session!.costUsd).toBeGreaterThanOrEqual(0.5);
    expect(session!.costUsd).toBeLessThan(4.4);
    const log = readFileSync(session!.logPath!, 'utf8');
    expect(log).toMatch(/\[overnight\] cost \$\d+\.\d+ reached what budget\.maxCostPerSessionUsd left this run \(\$0\.50\): stopping process group/);
    expect(committed(session!.branch).trailers).toMatchObject({ outcome: 'timeout', stoppedBy: 'budget.maxCostPerSessionUsd' });
    expect(repo.git(repo.origin, 'show', `${session!.branch}:src/sum.mjs`)).toBe('export const sum = (a, b) => b + a;\n');
    expect(prs[0]!.draft).toBe(true);
    // A stopped session is not repaired: its budget is spent.
    expect(store.rounds.of([session!.id])).toHaveLength(1);
  });

  it('stops a Claude Code run from its streamed usage when pricing is set, before Claude prints any dollars', async () => {
    const claude = standInAgent(
      'claude-code',
      agentDir(),
      [{ append: { 'notes.md': 'half a thought\n' }, calls: Array.from({ length: 40 }, () => ({ inputTokens: 50_000, outputTokens: 500, delayMs: 100 })), hang: true }],
      { pricing: { inputPerMTok: 3, outputPerMTok: 15 } },
    );
    const config = agentConfig(repo, { agents: { default: 'claude', defs: { claude } }, verify: {}, budget: { maxCostPerSessionUsd: 0.4 } });
    const { cycle } = agentCycle(config, store);

    expect((await cycle(tick(), context())).outcome).toBe('pr-open');

    const [session] = store.sessionsOfNight('2026-11-28');
    expect(session).toMatchObject({ outcome: 'timeout', stoppedBy: 'budget.maxCostPerSessionUsd' });
    // 50k in and 500 out at $3/$15 is $0.1575 a call: the third call passes $0.40.
    expect(session!.costUsd).toBeCloseTo(0.4725, 6);
    expect(recordedRuns(agentDir(), 'claude-code')[0]!.argv).toStrictEqual(expect.arrayContaining(['--max-budget-usd', '0.4']));
  });
});

describe('the night caps at the gate', () => {
  it('counts the night\'s tokens, naming the cap and the figure', async () => {
    const claude = standInAgent('claude-code', agentDir(), [{ append: { 'notes.md': 'n\n' }, calls: [{ inputTokens: 6_000, outputTokens: 1_000, costUsd: 0.01 }] }]);
    const config = agentConfig(repo, {
      goals: ['Goal one', 'Goal two'],
      agents: { default: 'claude', defs: { claude } },
      verify: {},
      budget: { maxTokensPerNight: 5_000 },
    });
    const { cycle } = agentCycle(config, store);
    expect((await cycle(tick(), context())).outcome).toBe('pr-open');
    expect((await cycle(minutesLater(30), context())).outcome).toBe('skipped');
    expect(store.cyclesOfNight('2026-11-28').at(-1)!.reasons).toStrictEqual(['night tokens 7,000 reached budget.maxTokensPerNight 5,000']);
  });
});
