import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { SAMPLE_REPO_FILES } from '../../../src/demo/sample-repo/sample-files.js';
import { runSampleTests } from '../../../src/demo/agent/run-sample-tests.js';
import { parseRepoConfig } from '../../../src/config/parse-repo-config.js';
import { git, tempSampleRepo } from '../helpers.js';

describe('createSampleRepo', () => {
  it('commits the sample project on main and pushes it to the remote', async () => {
    const repo = await tempSampleRepo();
    expect(await git(repo.remote, ['rev-parse', 'refs/heads/main'])).toBe(repo.head);
    const tracked = (await git(repo.path, ['ls-files'])).split('\n');
    expect(tracked.sort()).toEqual(Object.keys(SAMPLE_REPO_FILES).sort());
    expect(await git(repo.path, ['status', '--porcelain'])).toBe('');
    expect(await git(repo.path, ['rev-parse', '--abbrev-ref', '@{upstream}'])).toBe('origin/main');
  });

  it('gives the same first commit every time, so runs can be compared', async () => {
    const [first, second] = await Promise.all([tempSampleRepo(), tempSampleRepo()]);
    expect(first.head).toBe(second.head);
  });

  it('holds a project whose own tests pass with node --test', async () => {
    const repo = await tempSampleRepo();
    const run = await runSampleTests(repo.path);
    expect(run).toMatchObject({ passed: true, pass: 7, fail: 0 });
  });

  it('has the flaws the demo goals name', async () => {
    const repo = await tempSampleRepo();
    const probe = `
      const { parseDuration } = await import('./src/duration.js');
      const { parseDate, daysBetween } = await import('./src/dates.js');
      const outcome = (fn) => { try { return String(fn()); } catch (e) { return 'threw ' + (e instanceof Error ? e.message : typeof e); } };
      console.log(JSON.stringify([outcome(() => parseDuration('soon')), outcome(() => parseDate(5)), outcome(() => daysBetween('2026-11-28', 'x'))]));`;
    const { stdout } = await execa(process.execPath, ['--input-type=module', '-e', probe], { cwd: repo.path });
    expect(JSON.parse(stdout)).toEqual(["threw Cannot read properties of null (reading '1')", 'threw string', '-20785']);
  });

  it('carries a .github/overnight.yml the repo-config schema accepts', async () => {
    const repo = await tempSampleRepo();
    const text = await readFile(join(repo.path, '.github', 'overnight.yml'), 'utf8');
    expect(parseRepoConfig(text)).toMatchObject({ ok: true });
  });
});
