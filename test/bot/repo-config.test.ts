import { describe, expect, it } from 'vitest';
import { readRepoConfigOrDefaults } from '../../src/bot/repo-config.js';

describe('loadRepoConfig', () => {
  it('gives defaults for an absent file', async () => {
    const loaded = await readRepoConfigOrDefaults(async () => null);
    expect(loaded.problem).toBeUndefined();
    expect(loaded.config).toMatchObject({ goalLabel: 'overnight', commandPermission: 'write', pr: { draft: false, reviewers: [] } });
  });

  it('parses a valid file', async () => {
    const loaded = await readRepoConfigOrDefaults(async () => ({ commandPermission: 'maintain', pr: { reviewers: ['alice'] } }));
    expect(loaded.config.commandPermission).toBe('maintain');
    expect(loaded.config.pr.reviewers).toStrictEqual(['alice']);
  });

  it('names every bad field and falls back to the defaults', async () => {
    const loaded = await readRepoConfigOrDefaults(async () => ({ commandPermission: 'owner', pr: { draft: 'yes' }, extra: 1 }));
    expect(loaded.config.commandPermission).toBe('write');
    expect(loaded.problem).toContain('- `commandPermission`:');
    expect(loaded.problem).toContain('- `pr.draft`: Invalid input: expected boolean');
    expect(loaded.problem).toContain('(top level)');
  });

  it('reports unparsable YAML as a problem without the plugin prefix', async () => {
    const loaded = await readRepoConfigOrDefaults(async () => {
      throw new Error('[@probot/octokit-plugin-config] Configuration could not be parsed from x (invalid YAML)');
    });
    expect(loaded.problem).toBe('.github/overnight.yml could not be read: Configuration could not be parsed from x (invalid YAML)');
  });

  it('lets HTTP failures through, so the delivery fails and GitHub can redeliver', async () => {
    const outage = Object.assign(new Error('Server Error'), { status: 502 });
    await expect(readRepoConfigOrDefaults(async () => Promise.reject(outage))).rejects.toBe(outage);
  });
});
