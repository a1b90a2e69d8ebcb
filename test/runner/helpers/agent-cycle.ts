import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunnerConfig, RunnerConfigInput } from '../../../src/config/runner-config.js';
import { createCycle, type CycleOptions } from '../../../src/runner/cycle/cycle.js';
import type { GithubPort, OpenPrInput } from '../../../src/runner/github/types.js';
import type { Store } from '../../../src/runner/store/index.js';
import { testConfig } from './config.js';
import { NOW, passingChecks, silent } from './cycle-harness.js';
import { fakeGithub, type FakeGithubData } from './fake-github.js';
import type { TempRepo } from './temp-repo.js';

/** The stand-in agent CLIs (test/fixtures/agents/bin): `claude` and `codex`. */
export const standIn = (name: 'claude' | 'codex') => fileURLToPath(new URL(`../../fixtures/agents/bin/${name}`, import.meta.url));

/** What a stand-in does on each of its runs (test/fixtures/agents/README.md). */
export interface ScenarioRun {
  write?: Record<string, string>;
  append?: Record<string, string>;
  delete?: string[];
  calls?: { inputTokens?: number; cachedInputTokens?: number; cacheReadTokens?: number; outputTokens?: number; costUsd?: number; delayMs?: number; text?: string }[];
  result?: string;
  hang?: boolean;
  requireInPrompt?: string;
}

/**
 * A stand-in agent definition with its own state dir (sessions, rollouts, the record of its runs)
 * and a scenario file in `dir`.
 */
export function standInAgent(kind: 'claude-code' | 'codex', dir: string, runs: ScenarioRun[], extra: Record<string, unknown> = {}) {
  mkdirSync(dir, { recursive: true });
  const scenario = join(dir, 'scenario.json');
  writeFileSync(scenario, JSON.stringify({ runs }));
  const state = join(dir, 'state');
  const env: Record<string, string> = kind === 'claude-code' ? { CLAUDE_CONFIG_DIR: state } : { CODEX_HOME: state };
  return { kind, bin: standIn(kind === 'claude-code' ? 'claude' : 'codex'), env: { ...env, FAKE_AGENT_SCENARIO: scenario }, ...extra };
}

/** The runs a stand-in recorded: argv, stdin, cwd. */
export function recordedRuns(dir: string, kind: 'claude-code' | 'codex'): { argv: string[]; stdin: string }[] {
  const file = join(dir, 'state', kind === 'claude-code' ? 'fake-claude-runs.jsonl' : 'fake-codex-runs.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { argv: string[]; stdin: string });
}

/** A repository with a tiny module and its test, `node test/sum.test.mjs` as the verify command. */
export const SUM_REPO = {
  'README.md': '# widgets\n',
  'src/sum.mjs': 'export const sum = (a, b) => a + b;\n',
  'test/sum.test.mjs':
    "import { sum } from '../src/sum.mjs';\nconst got = sum(2, 3);\nif (got !== 5) {\n  console.log(`FAIL sum: expected 5, got ${got}`);\n  process.exit(1);\n}\nconsole.log('ok 1 sum');\n",
  'test/other.test.mjs': "it('works', () => {});\n",
};

export const BUGGY_SUM = 'export const sum = (a, b) => a + b + 1;\n';
export const FIXED_SUM = 'export const sum = (...values) => values.reduce((total, value) => total + value, 0);\n';

export function agentConfig(repo: TempRepo, overrides: Partial<RunnerConfigInput>): RunnerConfig {
  return testConfig(repo.dev, repo.dataDir, {
    goals: ['Make sum take any number of values'],
    verify: { command: 'node test/sum.test.mjs', timeoutMinutes: 1 },
    pr: { openedBy: 'runner' },
    ...overrides,
  });
}

/** The real cycle with an in-memory GitHub that records the PRs the runner opens. */
export function agentCycle(config: RunnerConfig, store: Store, data: FakeGithubData = {}, extra: Partial<CycleOptions> = {}) {
  const prs: OpenPrInput[] = [];
  const github: GithubPort = { ...fakeGithub(data), openPr: async (pr) => prs.push(pr) + 100 };
  let hex = 0;
  const cycle = createCycle({
    config,
    store,
    github,
    dataDir: config.stateDir!,
    runChecks: passingChecks,
    clock: { now: () => NOW },
    logger: silent,
    graceMs: 200,
    randomHex: () => (++hex).toString(16).padStart(6, 'a'),
    ...extra,
  });
  return { cycle, prs };
}

/** Commits `files` on the developer's main and pushes them to origin: the base sessions start from. */
export function commitOnMain(repo: TempRepo, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo.dev, path)), { recursive: true });
    writeFileSync(join(repo.dev, path), text);
  }
  repo.git(repo.dev, 'add', '--all');
  repo.git(repo.dev, 'commit', '--quiet', '-m', 'the project');
  repo.git(repo.dev, 'push', '--quiet', 'origin', 'HEAD:main');
}
