import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadRepoConfigFile, parseRepoConfig } from '../../src/config/parse-repo-config.js';
import { summarizeRepoConfig } from '../../src/config/repo-summary.js';
import { permissionAtLeast } from '../../src/config/repo-config.js';

const DEFAULTS = {
  goalLabel: 'overnight',
  commandPermission: 'write',
  pr: { draft: false, labels: [], reviewers: [], teamReviewers: [] },
  limits: { recentPrs: 10 },
};

describe('parseRepoConfig', () => {
  it('reads an empty file as all defaults', () => {
    expect(parseRepoConfig('')).toStrictEqual({ ok: true, config: DEFAULTS, file: '.github/overnight.yml' });
    expect(parseRepoConfig('# nothing yet\n')).toStrictEqual({ ok: true, config: DEFAULTS, file: '.github/overnight.yml' });
  });

  it('reads examples/overnight.yml', () => {
    const result = parseRepoConfig(readFileSync('examples/overnight.yml', 'utf8'), 'examples/overnight.yml');
    expect(result).toStrictEqual({
      ok: true,
      file: 'examples/overnight.yml',
      config: {
        goalLabel: 'overnight',
        commandPermission: 'write',
        pr: { draft: false, labels: ['automated'], reviewers: ['octocat'], teamReviewers: [] },
        limits: { maxOpenPrs: 5, recentPrs: 10 },
      },
    });
  });

  it('lists every problem in the runner config format', () => {
    const text = ['goal_label: overnight', 'commandPermission: owner', 'pr:', '  draft: "yes"', '  reviewers: octocat', 'limits:', '  recentPrs: 500'].join('\n');
    expect(parseRepoConfig(text)).toStrictEqual({
      ok: false,
      problems: [
        { path: 'commandPermission', message: 'expected one of "read", "triage", "write", "maintain", "admin", got "owner"' },
        { path: 'pr.draft', message: 'expected true or false, got "yes"' },
        { path: 'pr.reviewers', message: 'expected an array, got "octocat"' },
        { path: 'limits.recentPrs', message: 'expected an integer from 1 to 100, got 500' },
        { path: 'goal_label', message: 'unknown key (did you mean "goalLabel"?); expected one of goalLabel, commandPermission, pr, limits' },
      ],
    });
  });

  it('reports YAML syntax errors with their position', () => {
    expect(parseRepoConfig('goalLabel: a\ngoalLabel: b\n')).toStrictEqual({
      ok: false,
      problems: [{ path: '', line: 2, column: 1, message: 'invalid YAML: Map keys must be unique' }],
    });
  });

  it('reports a document that is not a mapping', () => {
    expect(parseRepoConfig('- overnight\n')).toStrictEqual({ ok: false, problems: [{ path: '', message: 'expected an object, got ["overnight"]' }] });
  });
});

describe('loadRepoConfig', () => {
  it('reads through the injected readFile and reports a read failure as a problem', async () => {
    const result = await loadRepoConfigFile('repo/.github/overnight.yml', { readFile: async () => 'goalLabel: nightly\n' });
    expect(result.ok && result.config.goalLabel).toBe('nightly');
    const denied = Object.assign(new Error('EACCES'), { code: 'EACCES' });
    expect(await loadRepoConfigFile('x.yml', { readFile: () => Promise.reject(denied) })).toStrictEqual({
      ok: false,
      problems: [{ path: '', message: 'cannot read the file: permission denied' }],
    });
  });
});

describe('summarizeRepoConfig', () => {
  it('says the defaults plainly', () => {
    const result = parseRepoConfig('');
    expect(result.ok && summarizeRepoConfig(result.config)).toBe(
      'goals: issues labelled "overnight"; commands: write permission and above; PRs ready for review against the default branch; open agent PRs: no limit',
    );
  });

  it('names drafts, base, labels, reviewers and teams', () => {
    const result = parseRepoConfig('pr: { draft: true, base: develop, labels: [bot, night], reviewers: [ann], teamReviewers: [core] }');
    expect(result.ok && summarizeRepoConfig(result.config)).toContain(
      'PRs as drafts against develop labelled bot, night reviewed by ann, team core;',
    );
  });
});

describe('permissionAtLeast', () => {
  it('orders GitHub permission levels', () => {
    expect(permissionAtLeast('admin', 'write')).toBe(true);
    expect(permissionAtLeast('write', 'write')).toBe(true);
    expect(permissionAtLeast('triage', 'write')).toBe(false);
  });
});
