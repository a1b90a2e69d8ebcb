import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCommitMessage, splitCommitBody } from '../../../src/protocol/index.js';
import type { Store } from '../../../src/runner/store/index.js';
import { agentConfig, agentCycle, commitOnMain, SUM_REPO } from '../helpers/agent-cycle.js';
import { context, openTestStore, tick } from '../helpers/cycle-harness.js';
import { createTempRepo, type TempRepo } from '../helpers/temp-repo.js';

// Agents that make the tests pass by weakening them, as real ones have: the change is checked
// against the base after the agent, and the PR says what was found.

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

const committed = (branch: string) => parseCommitMessage(repo.git(repo.origin, 'log', '-1', '--format=%B', branch));
const shellAgent = (script: string) => ({ kind: 'command' as const, bin: '/bin/sh', args: ['-c', script] });
const originBranches = () => repo.git(repo.origin, 'for-each-ref', '--format=%(refname)', 'refs/heads/').trim().split('\n');

/** Deletes a test file and breaks the code it tested: the verify command still passes. */
const DELETES_TEST = `rm test/other.test.mjs; printf 'export const other = 1;\\n' > src/other.mjs`;
/** Skips a test with it.skip. */
const SKIPS_TEST = `printf "it.skip('works', () => {});\\n" > test/other.test.mjs`;

describe('tests weakened by the agent', () => {
  it('a deleted test file: a draft PR with the warning trailer and the finding listed', async () => {
    const config = agentConfig(repo, { agents: { default: 'deleter', defs: { deleter: shellAgent(DELETES_TEST) } } });
    const { cycle, prs } = agentCycle(config, store);

    expect((await cycle(tick(), context())).outcome).toBe('pr-open');

    const [session] = store.sessionsOfNight('2026-11-28');
    expect(session!.testFindings).toStrictEqual([{ kind: 'tests-deleted', file: 'test/other.test.mjs', detail: 'test/other.test.mjs deleted' }]);
    const commit = committed(session!.branch)!;
    expect(commit.trailers.warnings).toStrictEqual(['tests-deleted']);
    expect(repo.git(repo.origin, 'log', '-1', '--format=%B', session!.branch)).toContain('\nOvernight-Warnings: tests-deleted\n');
    expect(splitCommitBody(commit.body).findings).toStrictEqual(['test/other.test.mjs deleted']);
    // Verification passed, yet the PR is a draft and says why.
    expect(commit.trailers.verify).toBe('passed');
    expect(prs[0]!.draft).toBe(true);
    expect(prs[0]!.body).toContain('> The change weakens the tests (test files deleted): check this before merging.');
    expect(prs[0]!.body).toContain('> - ` test/other.test.mjs deleted `');
    expect(readFileSync(session!.logPath!, 'utf8')).toContain('[overnight] tests after the agent: tests-deleted: test/other.test.mjs deleted');
  });

  it('an added it.skip: a draft PR with the warning trailer', async () => {
    const config = agentConfig(repo, { agents: { default: 'skipper', defs: { skipper: shellAgent(SKIPS_TEST) } } });
    const { cycle, prs } = agentCycle(config, store);

    expect((await cycle(tick(), context())).outcome).toBe('pr-open');

    const [session] = store.sessionsOfNight('2026-11-28');
    const commit = committed(session!.branch)!;
    expect(commit.trailers.warnings).toStrictEqual(['tests-skipped']);
    expect(splitCommitBody(commit.body).findings).toStrictEqual(['test/other.test.mjs adds it.skip']);
    expect(prs[0]!.draft).toBe(true);
    expect(prs[0]!.body).toContain('(tests skipped)');
  });

  it('guard.tests "fail": the session fails closed, nothing is pushed, the work is kept as a patch', async () => {
    const config = agentConfig(repo, { agents: { default: 'skipper', defs: { skipper: shellAgent(SKIPS_TEST) } }, guard: { tests: 'fail' } });
    const { cycle, prs } = agentCycle(config, store);

    const result = await cycle(tick(), context());

    expect(result).toStrictEqual({ outcome: 'failed', detail: 'tests weakened (guard.tests: "fail"): test/other.test.mjs adds it.skip' });
    expect(originBranches()).toStrictEqual(['refs/heads/main']);
    expect(prs).toStrictEqual([]);
    const [session] = store.sessionsOfNight('2026-11-28');
    expect(readFileSync(`${repo.dataDir}/sessions/${session!.id}.patch`, 'utf8')).toContain("+it.skip('works', () => {});");
  });

  it('guard.tests "allow": reported in the PR and the store only, no trailer, no draft', async () => {
    const config = agentConfig(repo, { agents: { default: 'skipper', defs: { skipper: shellAgent(SKIPS_TEST) } }, guard: { tests: 'allow' } });
    const { cycle, prs } = agentCycle(config, store);

    expect((await cycle(tick(), context())).outcome).toBe('pr-open');

    const [session] = store.sessionsOfNight('2026-11-28');
    expect(session!.testFindings).toHaveLength(1);
    expect(committed(session!.branch)!.trailers.warnings).toBeUndefined();
    expect(prs[0]!.draft).toBe(false);
    expect(prs[0]!.body).toContain('> [!NOTE]');
    expect(prs[0]!.body).toContain('test/other.test.mjs adds it.skip');
  });

  it('a test the agent put back in its repair round is no finding: the check runs on the final state', async () => {
    // First run: deletes the test and breaks the code; the repair puts both back.
    const feedbackCopy = `${repo.root}/feedback.md`;
    const script = `if [ -z "$1" ]; then rm test/sum.test.mjs; printf 'export const sum = () => 0;\\n' > src/sum.mjs; else cp "$1" "$FEEDBACK_COPY"; printf '%s' "$ORIGINAL_TEST" > test/sum.test.mjs; printf 'export const sum = (a, b) => a + b;\\n// tidied\\n' > src/sum.mjs; fi`;
    const env = { ORIGINAL_TEST: SUM_REPO['test/sum.test.mjs'], FEEDBACK_COPY: feedbackCopy };
    const config = agentConfig(repo, {
      agents: { default: 'flaky', defs: { flaky: { kind: 'command', bin: '/bin/sh', args: ['-c', script, 'sh', '{feedbackFile}'], env } } },
      // The verify command fails when its test file is gone.
      verify: { command: 'test -f test/sum.test.mjs && node test/sum.test.mjs', timeoutMinutes: 1 },
    });
    const { cycle, prs } = agentCycle(config, store);

    expect((await cycle(tick(), context())).outcome).toBe('pr-open');

    const [session] = store.sessionsOfNight('2026-11-28');
    expect(session).toMatchObject({ verify: 'passed', repairs: 1, testFindings: [] });
    const rounds = store.rounds.of([session!.id]);
    expect(rounds.map((round) => round.verify)).toStrictEqual(['failed', 'passed']);
    expect(committed(session!.branch)!.trailers.warnings).toBeUndefined();
    expect(prs[0]!.draft).toBe(false);
    // The first round's finding went back to the agent with the failure.
    expect(readFileSync(session!.logPath!, 'utf8')).toContain('[overnight] tests after the agent: tests-deleted: test/sum.test.mjs deleted');
    expect(readFileSync(feedbackCopy, 'utf8')).toContain('Your change already weakens the tests, and the pull request will say so; put them back:\n- test/sum.test.mjs deleted');
  });
});
