import { describe, expect, it } from 'vitest';
import {
  LABELS,
  agentFromLabels,
  agentLabel,
  agentLabelDef,
  hasLabel,
  labelDef,
  priorityFromLabels,
  priorityLabel,
} from '../../src/protocol/labels.js';

describe('LABELS', () => {
  it('covers every protocol label with a colour and a description', () => {
    expect(Object.values(LABELS).map((label) => label.name).sort()).toStrictEqual(
      [
        'overnight',
        'overnight:dashboard',
        'overnight:partial',
        'overnight:paused',
        'overnight:pr-open',
        'overnight:recurring',
        'overnight:running',
        'priority:high',
        'priority:low',
      ].sort(),
    );
    for (const label of Object.values(LABELS)) {
      expect(label.color).toMatch(/^[0-9a-f]{6}$/);
      expect(label.description.length).toBeGreaterThan(0);
      // GitHub rejects label descriptions longer than 100 characters.
      expect(label.description.length).toBeLessThanOrEqual(100);
    }
  });

  it('names agent labels', () => {
    expect(agentLabel('codex')).toBe('agent:codex');
    expect(agentLabelDef('codex')).toMatchObject({ name: 'agent:codex', color: expect.stringMatching(/^[0-9a-f]{6}$/) });
  });

  it('finds the definition of managed labels only', () => {
    expect(labelDef('Overnight:Paused')).toBe(LABELS.paused);
    expect(labelDef('agent:aider')?.name).toBe('agent:aider');
    expect(labelDef('agent:')).toBeUndefined();
    expect(labelDef('bug')).toBeUndefined();
  });
});

describe('reading labels', () => {
  it('takes the first agent label, case-insensitively', () => {
    expect(agentFromLabels(['bug', 'Agent:codex', 'agent:aider'])).toBe('codex');
    expect(agentFromLabels(['bug', 'agent:'])).toBeUndefined();
    expect(agentFromLabels([])).toBeUndefined();
  });

  it('reads priority, high winning over low, normal by default', () => {
    expect(priorityFromLabels(['priority:low'])).toBe('low');
    expect(priorityFromLabels(['Priority:High', 'priority:low'])).toBe('high');
    expect(priorityFromLabels(['overnight'])).toBe('normal');
    expect(priorityFromLabels(new Set<string>())).toBe('normal');
  });

  it('maps a priority to its label', () => {
    expect(priorityLabel('high')).toBe('priority:high');
    expect(priorityLabel('low')).toBe('priority:low');
    expect(priorityLabel('normal')).toBeUndefined();
  });

  it('compares names case-insensitively', () => {
    expect(hasLabel(['Overnight'], 'overnight')).toBe(true);
    expect(hasLabel(['overnight:paused'], 'overnight')).toBe(false);
  });
});
