import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDemoAgent, goalFromPrompt } from '../../../src/demo/agent/demo-agent.js';
import { demoAgentMain } from '../../../src/demo/agent/main.js';
import { DEMO_RECIPES } from '../../../src/demo/agent/recipes/index.js';
import { runSampleTests } from '../../../src/demo/agent/run-sample-tests.js';
import { buildPrompt } from '../../../src/runner/cycle/session/prompt.js';
import { git, tempSampleRepo } from '../helpers.js';

// The prompt exactly as the runner builds it, so the agent is tested on what it will really read.
const promptFor = (title: string, body = '') =>
  buildPrompt({ goal: { title, body, comments: [] }, forbidPaths: ['.github/workflows/**'], verifyCommand: 'node --test' });

const EXPECTED_FILES: Record<string, string[]> = {
  'validate-parse-duration': ['src/duration.js', 'test/duration.test.js'],
  'format-coverage': ['test/format.test.js'],
  'parse-date-errors': ['src/dates.js', 'test/dates.test.js'],
};

describe('the demo agent on a real copy of the sample repo', () => {
  it.each(DEMO_RECIPES.map((recipe) => [recipe.goal, recipe.id] as const))('"%s": makes a change that passes the sample\'s tests', async (goal, id) => {
    const repo = await tempSampleRepo();
    const before = await runSampleTests(repo.path);

    const result = await runDemoAgent({ prompt: promptFor(goal, 'See the code.'), workdir: repo.path });

    expect(result).toMatchObject({ outcome: 'changed', recipe: id, files: EXPECTED_FILES[id] });
    const changed = (await git(repo.path, ['diff', '--name-only'])).split('\n').sort();
    expect(changed).toEqual([...EXPECTED_FILES[id]!].sort());
    const after = await runSampleTests(repo.path);
    expect(after.passed).toBe(true);
    expect(after.fail).toBe(0);
    expect(after.pass!).toBeGreaterThan(before.pass!);
    // Never commits: the runner does.
    expect(await git(repo.path, ['rev-parse', 'HEAD'])).toBe(repo.head);
  });

  it('makes all three changes on one tree, each on top of the others', async () => {
    const repo = await tempSampleRepo();
    for (const recipe of DEMO_RECIPES) {
      expect(await runDemoAgent({ prompt: promptFor(recipe.goal), workdir: repo.path })).toMatchObject({ outcome: 'changed' });
    }
    expect(await runSampleTests(repo.path)).toMatchObject({ passed: true, pass: 14, fail: 0 });
  });

  it('reports no changes when the branch already has the change (a revision, a rerun)', async () => {
    const repo = await tempSampleRepo();
    await runDemoAgent({ prompt: promptFor('Add input validation to parseDuration'), workdir: repo.path });
    const diff = await git(repo.path, ['diff']);

    const again = await runDemoAgent({ prompt: promptFor('Add input validation to parseDuration'), workdir: repo.path });

    expect(again).toMatchObject({ outcome: 'no-changes', summary: expect.stringContaining('already has the change') });
    expect(await git(repo.path, ['diff'])).toBe(diff);
  });

  it('changes nothing for a goal it does not know, and says why', async () => {
    const repo = await tempSampleRepo();
    const result = await runDemoAgent({ prompt: promptFor('Port everything to Rust'), workdir: repo.path });
    expect(result.outcome).toBe('no-changes');
    expect(result.summary).toContain('use --agent with a real agent for "Port everything to Rust"');
    expect(await git(repo.path, ['status', '--porcelain'])).toBe('');
  });

  it('fails without guessing when the code is not the sample it knows', async () => {
    const repo = await tempSampleRepo();
    const file = join(repo.path, 'src', 'duration.js');
    await writeFile(file, (await readFile(file, 'utf8')).replace('text.trim()', 'String(text).trim()'));
    const result = await runDemoAgent({ prompt: promptFor('Add input validation to parseDuration'), workdir: repo.path });
    expect(result).toMatchObject({ outcome: 'failed', summary: expect.stringContaining('src/duration.js: the code to change is not there') });
    expect(await git(repo.path, ['diff', '--name-only'])).toBe('src/duration.js');
  });

  it('reports a change that breaks the tests as a failure', async () => {
    const repo = await tempSampleRepo();
    const file = join(repo.path, 'test', 'format.test.js');
    await writeFile(file, `${await readFile(file, 'utf8')}\ntest('broken', () => { throw new Error('boom'); });\n`);
    const result = await runDemoAgent({ prompt: promptFor('Increase test coverage of format.js'), workdir: repo.path });
    expect(result).toMatchObject({ outcome: 'failed', tests: { passed: false, fail: 1 } });
  });

  it('finds the goal by its body when the title names no known change', async () => {
    const repo = await tempSampleRepo();
    const result = await runDemoAgent({ prompt: promptFor('Small cleanup', 'Make parseDate throw real errors instead of a string.'), workdir: repo.path });
    expect(result).toMatchObject({ outcome: 'changed', recipe: 'parse-date-errors' });
  });
});

describe('goalFromPrompt', () => {
  it('reads the title and body out of the runner prompt, not the rules after them', () => {
    expect(goalFromPrompt(promptFor('Add input validation to parseDuration', 'It crashes.\n\nSee #3.'))).toEqual({
      title: 'Add input validation to parseDuration',
      body: 'It crashes.\n\nSee #3.',
    });
  });

  it('takes the first line of a prompt that is not the runner\'s', () => {
    expect(goalFromPrompt('Increase test coverage of format.js\nplease')).toEqual({ title: 'Increase test coverage of format.js', body: 'Increase test coverage of format.js\nplease' });
  });
});

describe('demoAgentMain', () => {
  it('prints what it did and ends with the summary line; exit 0', async () => {
    const repo = await tempSampleRepo();
    const lines: string[] = [];
    const code = await demoAgentMain(['--workdir', repo.path, promptFor('Increase test coverage of format.js')], (line) => lines.push(line));
    expect(code).toBe(0);
    expect(lines).toEqual([
      'Goal: Increase test coverage of format.js',
      'Changed: test/format.test.js (recipe format-coverage)',
      'Tests: node --test: 10 passed, 0 failed',
      expect.stringMatching(/^Summary: format\.js was half tested/),
    ]);
  });

  it('exits 1 when it could not work, 2 without a prompt', async () => {
    const repo = await tempSampleRepo();
    await writeFile(join(repo.path, 'src', 'dates.js'), 'export {};\n');
    const lines: string[] = [];
    expect(await demoAgentMain(['--workdir', repo.path, promptFor('Make parseDate throw real errors')], (line) => lines.push(line))).toBe(1);
    expect(lines.at(-1)).toMatch(/^Summary: Could not make the change/);
    expect(await demoAgentMain(['--workdir', repo.path], () => undefined)).toBe(2);
  });
});
