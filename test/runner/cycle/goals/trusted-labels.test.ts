import { describe, expect, it } from 'vitest';
import { repoConfigSchema } from '../../../../src/config/repo-config.js';
import { runnerConfigSchema } from '../../../../src/config/runner-config.js';
import { encodeMetadata } from '../../../../src/protocol/index.js';
import { analyze } from '../../../../src/runner/cycle/goals/analyze.js';
import { decide } from '../../../../src/runner/cycle/goals/decide.js';
import type { AgentPr } from '../../../../src/runner/github/types.js';
import { commentInfo, fakeGithub, issueInfo, labelEvent } from '../../helpers/fake-github.js';

const repoConfig = repoConfigSchema.parse({});
const permissions = { alice: 'write', maud: 'maintain', triager: 'triage', mallory: 'read' } as const;
const { agents } = runnerConfigSchema.parse({
  repo: { path: '/r', github: 'a/b' },
  schedule: { timezone: 'UTC', window: { start: '01:00', end: '05:00' }, every: '30m' },
  agents: { default: 'claude-code' },
});

describe('steering labels in analyze', () => {
  it('ignores agent:*, priority:* and overnight:paused that a user below commandPermission added, saying so', async () => {
    const github = fakeGithub({
      permissions,
      issues: [
        issueInfo(1, { labels: ['overnight', 'agent:codex', 'priority:high'] }),
        issueInfo(2, { labels: ['overnight', 'overnight:paused'] }),
      ],
      labelEvents: {
        1: [labelEvent('agent:codex', 'triager'), labelEvent('priority:high', 'maud')],
        2: [labelEvent('overnight:paused', 'mallory')],
      },
    });
    const { goals, setAside } = await analyze({ github, repoConfig, agentPrs: [], staticGoals: [] });

    expect(goals.map((goal) => [goal.key, goal.labels, goal.priority])).toStrictEqual([
      ['#1', ['overnight', 'priority:high'], 'high'],
      ['#2', ['overnight'], 'normal'],
    ]);
    expect(setAside).toStrictEqual([
      { key: '#1', kind: 'untrusted-label', reason: '#1: ignored agent:codex (added by @triager, below write permission)' },
      { key: '#2', kind: 'untrusted-label', reason: '#2: ignored overnight:paused (added by @mallory, below write permission)' },
    ]);
    // The agent comes from the config, not from the ignored label; a trusted one would have chosen codex.
    expect(decide({ goals, history: new Map(), agents, setAside })).toMatchObject({ kind: 'run', agent: 'claude-code' });
    const trusted = goals.map((goal) => (goal.key === '#1' ? { ...goal, labels: [...goal.labels, 'agent:codex'] } : goal));
    expect(decide({ goals: trusted, history: new Map(), agents, setAside })).toMatchObject({ kind: 'run', agent: 'codex' });
  });

  it('goes by whoever added the label last: re-added by an outsider after a maintainer, it is ignored', async () => {
    const github = fakeGithub({
      permissions,
      issues: [issueInfo(1, { labels: ['overnight', 'agent:codex'] })],
      labelEvents: {
        1: [
          labelEvent('agent:codex', 'alice', { createdAt: '2026-11-01T00:00:00Z' }),
          labelEvent('agent:codex', 'alice', { kind: 'unlabeled', createdAt: '2026-11-02T00:00:00Z' }),
          labelEvent('Agent:Codex', 'mallory', { createdAt: '2026-11-03T00:00:00Z' }),
        ],
      },
    });
    const { goals } = await analyze({ github, repoConfig, agentPrs: [], staticGoals: [] });
    expect(goals[0]!.labels).toStrictEqual(['overnight']);
  });

  it('trusts labels a GitHub App added (the bot, for a permitted command) without asking for its permission', async () => {
    const github = fakeGithub({
      permissions,
      issues: [issueInfo(1, { labels: ['overnight', 'agent:codex'] })],
      labelEvents: { 1: [labelEvent('agent:codex', 'overnight-app[bot]')] },
    });
    const { goals, setAside } = await analyze({ github, repoConfig, agentPrs: [], staticGoals: [] });
    expect(goals[0]!.labels).toStrictEqual(['overnight', 'agent:codex']);
    expect(setAside).toStrictEqual([]);
    expect(github.permissionLookups).toStrictEqual(['alice']); // the issue's author, not the app
  });

  it('ignores a steering label no event accounts for', async () => {
    const github = fakeGithub({ permissions, issues: [issueInfo(1, { labels: ['overnight', 'priority:low'] })] });
    const { goals, setAside } = await analyze({ github, repoConfig, agentPrs: [], staticGoals: [] });
    expect(goals[0]!.priority).toBe('normal');
    expect(setAside).toStrictEqual([{ key: '#1', kind: 'untrusted-label', reason: '#1: ignored priority:low (no label event says who added it)' }]);
  });

  it('reads no events for goals without a steering label', async () => {
    const github = fakeGithub({ permissions, issues: [issueInfo(1, { labels: ['overnight', 'overnight:recurring', 'bug'] })] });
    let reads = 0;
    const counting = { ...github, labelEvents: async (n: number) => (reads++, github.labelEvents(n)) };
    await analyze({ github: counting, repoConfig, agentPrs: [], staticGoals: [] });
    expect(reads).toBe(0);
  });

  it('checks an agent PR too: an outsider cannot pause a revision or raise its priority', async () => {
    const metadata = { session: '20261127-0100-abcdef', goal: { kind: 'issue' as const, number: 5 }, agent: 'codex', runner: 'mac', cycle: 1, durationSec: 60, verify: 'passed' as const, outcome: 'complete' as const };
    const pr: AgentPr = { number: 20, title: 'Goal 5', body: `text\n${encodeMetadata(metadata)}`, headRef: 'agent/20261127-0100-abcdef', headSha: 'head20', draft: false, labels: ['overnight', 'overnight:paused', 'priority:high'], createdAt: '2026-11-27T02:00:00Z' };
    const github = fakeGithub({
      permissions,
      issues: [issueInfo(5)],
      comments: { 20: [commentInfo(1, 'alice', '/overnight revise\nSmaller steps.', { createdAt: '2026-11-27T08:00:00Z' })] },
      pushes: { 'agent/20261127-0100-abcdef': '2026-11-27T03:00:00Z' },
      labelEvents: { 20: [labelEvent('overnight:paused', 'mallory'), labelEvent('priority:high', 'triager')] },
    });
    const { goals, setAside } = await analyze({ github, repoConfig, agentPrs: [pr], staticGoals: [] });
    expect(goals[0]).toMatchObject({ key: '#5', priority: 'normal', revision: { prNumber: 20, instructions: 'Smaller steps.' } });
    expect(setAside).toContainEqual({
      key: '#5',
      kind: 'untrusted-label',
      reason: '#20: ignored overnight:paused (added by @mallory, below write permission), priority:high (added by @triager, below write permission)',
    });
  });
});
