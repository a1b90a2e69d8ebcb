import { describe, expect, it } from 'vitest';
import { runnerConfigSchema } from '../../../../src/config/runner-config.js';
import { chooseAgent, decide, matches } from '../../../../src/runner/cycle/goals/decide.js';
import type { Goal } from '../../../../src/runner/cycle/goals/goal-types.js';
import type { GoalHistory } from '../../../../src/runner/store/rows.js';

const agents = runnerConfigSchema.parse({
  repo: { path: '/r', github: 'a/b' },
  schedule: { timezone: 'UTC', window: { start: '01:00', end: '05:00' }, every: '30m' },
  agents: {
    default: 'claude-code',
    prefer: [
      { match: 'flaky', agent: 'codex' },
      { match: '/\\bdeps?\\b|dependenc/i', agent: 'aider' },
    ],
    defs: { local: { kind: 'command', bin: 'true' } },
  },
}).agents;

function goal(number: number, extra: Partial<Goal> = {}): Goal {
  return {
    ref: { kind: 'issue', number },
    key: `#${number}`,
    subject: `Goal ${number}`,
    title: `Goal ${number}`,
    body: '',
    comments: [],
    labels: ['overnight'],
    priority: 'normal',
    recurring: false,
    createdAt: `2026-11-${String(number).padStart(2, '0')}T00:00:00Z`,
    ...extra,
  };
}

const revision = (prNumber: number) => ({
  prNumber,
  branch: `agent/20261127-0100-abcdef`,
  instructions: 'use a map',
  requestedBy: 'alice',
  requestedAt: '2026-11-27T09:00:00Z',
  reviewComments: [],
  agent: 'codex',
});

const history = (entries: Record<string, GoalHistory>) => new Map(Object.entries(entries));
const pick = (goals: Goal[], past: Record<string, GoalHistory> = {}) => {
  const decision = decide({ goals, history: history(past), agents });
  return decision.kind === 'run' ? decision.goal.key : decision.reason;
};

describe('decide: which goal', () => {
  it.each([
    ['a revision beats priority:high', [goal(1, { priority: 'high' }), goal(2, { revision: revision(7) })], {}, '#2'],
    ['priority:high beats an older normal goal', [goal(1), goal(2, { priority: 'high' })], {}, '#2'],
    ['the least recently attempted goal goes first', [goal(1), goal(2)], { '#1': { lastAttemptAt: '2026-11-27T01:00:00Z', failuresTonight: 0 } }, '#2'],
    ['never attempted beats attempted', [goal(2), goal(1)], { '#1': { lastAttemptAt: '2026-11-20T01:00:00Z', failuresTonight: 0 } }, '#2'],
    ['oldest first among equals', [goal(3), goal(1), goal(2)], {}, '#1'],
    ['priority:low goes last, even when never attempted', [goal(1, { priority: 'low' }), goal(2)], { '#2': { lastAttemptAt: '2026-11-28T01:00:00Z', failuresTonight: 1 } }, '#2'],
    ['a goal that failed twice tonight rests', [goal(1), goal(2)], { '#1': { lastAttemptAt: '2026-11-28T01:00:00Z', failuresTonight: 2 } }, '#2'],
  ] as const)('%s', (_name, goals, past, expected) => {
    expect(pick([...goals], past)).toBe(expected);
  });

  it('says why nothing runs', () => {
    expect(pick([])).toBe('nothing to do: no open issue labelled as a goal, no revision requested, no static goal');
    expect(pick([goal(1)], { '#1': { lastAttemptAt: '2026-11-28T01:00:00Z', failuresTonight: 2 } })).toBe(
      'nothing to do: #1 rests after 2 failures tonight',
    );
  });

  it('names what analyze set aside and what rests, one reason per kind', () => {
    const decision = decide({
      goals: [goal(4)],
      history: history({ '#4': { lastAttemptAt: '2026-11-28T01:00:00Z', failuresTonight: 2 } }),
      agents,
      setAside: [
        { key: '#3', kind: 'paused', reason: 'paused (overnight:paused)' },
        { key: '#2', kind: 'open-pr', reason: 'an agent PR for it is open' },
        { key: '#1', kind: 'open-pr', reason: 'an agent PR for it is open' },
      ],
    });
    expect(decision).toStrictEqual({
      kind: 'none',
      reason: 'nothing to do: #3 paused; #1, #2 have open PRs; #4 rests after 2 failures tonight',
      reasons: ['#3 paused', '#1, #2 have open PRs', '#4 rests after 2 failures tonight'],
    });
  });

  it('runs a ready goal whatever was set aside', () => {
    const decision = decide({ goals: [goal(1)], history: history({}), agents, setAside: [{ key: '#3', kind: 'paused', reason: 'paused (overnight:paused)' }] });
    expect(decision).toMatchObject({ kind: 'run', goal: { key: '#1' } });
  });

  it('takes --goal over the order and the rest rule, and --agent over the rules', () => {
    const decision = decide({
      goals: [goal(1, { priority: 'high' }), goal(2)],
      history: history({ '#2': { lastAttemptAt: '2026-11-28T01:00:00Z', failuresTonight: 2 } }),
      agents,
      goal: '2',
      agent: 'local',
    });
    expect(decision).toMatchObject({ kind: 'run', goal: { key: '#2' }, agent: 'local' });
    expect(decide({ goals: [goal(1)], history: history({}), agents, goal: '9' })).toStrictEqual({
      kind: 'none',
      reason: 'goal #9 is not an open goal this runner may work on',
      reasons: ['goal #9 is not an open goal this runner may work on'],
    });
    const paused = decide({ goals: [goal(1)], history: history({}), agents, goal: '3', setAside: [{ key: '#3', kind: 'paused', reason: 'paused (overnight:paused)' }] });
    expect(paused).toMatchObject({ kind: 'none', reason: 'goal #3 is set aside: paused (overnight:paused)' });
  });

  it('explains its choice in a rationale fit for a commit', () => {
    const decision = decide({ goals: [goal(1, { priority: 'high', labels: ['overnight', 'agent:codex'] }), goal(2)], history: history({}), agents });
    expect(decision).toStrictEqual({
      kind: 'run',
      goal: expect.objectContaining({ key: '#1' }),
      agent: 'codex',
      rationale: 'Goal #1: priority high, never attempted, opened 2026-11-01; first of 2 ready goals. Agent codex: label agent:codex.',
    });
  });
});

describe('decide: falling through claimed goals', () => {
  const claimed = (key: string) => ({ key, kind: 'claimed' as const, reason: `${key} is claimed by runner mac-mini (session 20261128-0100-abcdef), 5 min ago (stale after 180 min)` });

  it('passes over a goal claimed this cycle and picks the next, naming the one passed over', () => {
    const decision = decide({ goals: [goal(1, { priority: 'high' }), goal(2), goal(3)], history: history({}), agents, passedOver: [claimed('#1')] });
    expect(decision).toMatchObject({ kind: 'run', goal: { key: '#2' } });
    expect(decision.kind === 'run' && decision.rationale).toContain('first of 2 ready goals; #1 passed over (claimed)');
  });

  it('has nothing to do when every goal was claimed, saying so among the rest', () => {
    const decision = decide({ goals: [goal(1), goal(2)], history: history({}), agents, passedOver: [claimed('#1'), claimed('#2')], setAside: [{ key: '#3', kind: 'paused', reason: 'paused' }] });
    expect(decision).toStrictEqual({ kind: 'none', reason: 'nothing to do: #3 paused; #1, #2 are claimed', reasons: ['#3 paused', '#1, #2 are claimed'] });
  });

  it('does not fall through from a goal chosen with --goal', () => {
    const decision = decide({ goals: [goal(1), goal(2)], history: history({}), agents, goal: '1', passedOver: [claimed('#1')] });
    expect(decision).toStrictEqual({ kind: 'none', reason: claimed('#1').reason, reasons: [claimed('#1').reason] });
  });
});

describe('decide: which agent', () => {
  it.each([
    ['the agent:<name> label first', goal(1, { labels: ['agent:local'], title: 'flaky test' }), 'local', 'label agent:local'],
    ['a keyword rule, case-insensitively, on the title', goal(1, { title: 'Fix the FLAKY login test' }), 'codex', 'prefer rule "flaky" matched'],
    ['a /regex/flags rule on the body', goal(1, { body: 'Bump DEPS please' }), 'aider', 'prefer rule "/\\bdeps?\\b|dependenc/i" matched'],
    ['the first matching rule wins', goal(1, { title: 'flaky deps' }), 'codex', 'prefer rule "flaky" matched'],
    ['else the default', goal(1, { title: 'Write docs' }), 'claude-code', 'the default (no label or prefer rule matched)'],
    [
      'an unknown label is noted and skipped',
      goal(1, { labels: ['agent:gpt-9'] }),
      'claude-code',
      'label agent:gpt-9 names no configured agent; the default (no label or prefer rule matched)',
    ],
    ['a revision keeps the agent that made its PR', goal(1, { revision: revision(3), title: 'flaky' }), 'codex', 'the agent that made PR #3'],
  ] as const)('%s', (_name, g, agent, why) => {
    expect(chooseAgent(g, agents)).toStrictEqual({ agent, why });
  });

  it('matches keywords and regexes', () => {
    expect(matches('Flaky', 'a flaky test')).toBe(true);
    expect(matches('/^fix/i', 'Fix it')).toBe(true);
    expect(matches('/^fix/', 'Fix it')).toBe(false);
    expect(matches('/[/', 'text with /[/')).toBe(false);
  });
});
