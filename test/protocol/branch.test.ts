import { describe, expect, it } from 'vitest';
import { AGENT_BRANCH_PREFIX, branchForSession, claimRefFor, sessionIdFromRef } from '../../src/protocol/branch.js';

const ID = '20261128-0107-a1b2c3';

describe('branchForSession', () => {
  it('prefixes agent/', () => {
    expect(AGENT_BRANCH_PREFIX).toBe('agent/');
    expect(branchForSession(ID)).toBe(`agent/${ID}`);
  });

  it('refuses something that is not a session id', () => {
    expect(() => branchForSession('main')).toThrow(/expected a session id/);
  });
});

describe('sessionIdFromRef', () => {
  it('reads short and full refs', () => {
    expect(sessionIdFromRef(`agent/${ID}`)).toBe(ID);
    expect(sessionIdFromRef(`refs/heads/agent/${ID}`)).toBe(ID);
  });

  it.each([
    'main',
    'refs/heads/main',
    `refs/tags/agent/${ID}`,
    `refs/heads/feature/agent/${ID}`,
    'agent/',
    'agent/my-experiment',
    `agent/${ID}/nested`,
    `overnight-claims/${ID}`,
  ])('gives undefined for %s', (ref) => {
    expect(sessionIdFromRef(ref)).toBeUndefined();
  });

  it('inverts branchForSession', () => {
    expect(sessionIdFromRef(branchForSession(ID))).toBe(ID);
  });
});

describe('claimRefFor', () => {
  it('names a claim ref per goal', () => {
    expect(claimRefFor({ kind: 'issue', number: 12 })).toBe('refs/heads/overnight-claims/issue-12');
    expect(claimRefFor({ kind: 'config', index: 0 })).toBe('refs/heads/overnight-claims/config-0');
    expect(claimRefFor('issue-7')).toBe('refs/heads/overnight-claims/issue-7');
  });

  it.each(['', '../main', 'a b', 'x.lock', '#12', 'config:1', '-x'])('refuses the unsafe key %j', (key) => {
    expect(() => claimRefFor(key)).toThrow(/expected a goal key/);
  });
});
