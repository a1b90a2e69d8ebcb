import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPrompt, MAX_SECTION_CHARS, readRepoInstructions } from '../../../src/runner/cycle/prompt.js';

const goal = {
  title: 'Make parseDuration reject negative values',
  body: 'Right now `-5m` parses to a negative number.\n\nIt should be an error.',
  comments: ['Also reject `0s`, please.', 'Keep the error message style of the other config errors.'],
};

describe('buildPrompt', () => {
  it('has the goal, its trusted comments, and the rules', () => {
    const prompt = buildPrompt({ goal, forbidPaths: ['.github/workflows/**', 'secrets/**'], verifyCommand: 'npm test' });
    expect(prompt).toContain('# Goal: Make parseDuration reject negative values\n\nRight now `-5m` parses to a negative number.\n\nIt should be an error.');
    expect(prompt).toContain('### Comment 1\n\nAlso reject `0s`, please.');
    expect(prompt).toContain('### Comment 2\n\nKeep the error message style');
    expect(prompt).toContain('small, focused change');
    expect(prompt).toContain('Run the tests (`npm test`)');
    expect(prompt).toContain('Leave these paths alone');
    expect(prompt).toContain('`.github/workflows/**`, `secrets/**`');
    expect(prompt).toContain('Do not commit, push');
    expect(prompt).not.toContain('Revision requested');
    expect(prompt).not.toContain('Repository instructions');
    // The rules come last, where they weigh most.
    expect(prompt.indexOf('# Rules')).toBeGreaterThan(prompt.indexOf('### Comment 2'));
  });

  it('contains only the text it is given', () => {
    const prompt = buildPrompt({ goal: { title: 'T', body: 'B', comments: [] }, forbidPaths: [] });
    const withoutRules = prompt.slice(0, prompt.indexOf('# Rules'));
    expect(withoutRules).toBe(
      'You are working unattended in a git worktree of this repository. Nobody will answer questions: use your judgement and finish the task.\n\n# Goal: T\n\nB\n\n',
    );
    expect(prompt).not.toContain('Comments on the goal');
    expect(prompt).not.toContain('Leave these paths alone');
    expect(prompt).toContain("Run the project's tests if it has any");
  });

  it('says when the goal has no description', () => {
    expect(buildPrompt({ goal: { title: 'T', body: '  ', comments: [] }, forbidPaths: [] })).toContain('# Goal: T\n\n(no description)');
  });

  it('adds a revision request with its instructions and review comments', () => {
    const prompt = buildPrompt({
      goal: { ...goal, revision: { instructions: 'Use a zod refinement instead.', reviewComments: ['src/config/duration.ts:12 this\nbreaks "0m"', 'Add a test for "1h30m".'] } },
      forbidPaths: [],
    });
    expect(prompt).toContain('## Revision requested');
    expect(prompt).toContain('its branch is checked out here');
    expect(prompt).toContain('Use a zod refinement instead.');
    expect(prompt).toContain('### Review comments\n\n- src/config/duration.ts:12 this\n  breaks "0m"\n- Add a test for "1h30m".');
  });

  it('asks to address the review comments when the revision has no instructions', () => {
    const prompt = buildPrompt({ goal: { ...goal, revision: { instructions: '', reviewComments: ['nit'] } }, forbidPaths: [] });
    expect(prompt).toContain('Address the review comments below.');
  });

  it("includes the repository's agent instructions before the rules", () => {
    const prompt = buildPrompt({ goal, repoInstructions: '## AGENTS.md\n\nUse pnpm.', forbidPaths: [] });
    expect(prompt).toContain('# Repository instructions\n\n## AGENTS.md\n\nUse pnpm.\n\n# Rules');
  });

  it('cuts an oversized body so the prompt stays a valid argument', () => {
    const prompt = buildPrompt({ goal: { title: 'T', body: 'x'.repeat(MAX_SECTION_CHARS + 500), comments: [] }, forbidPaths: [] });
    expect(prompt).toContain(`${'x'.repeat(MAX_SECTION_CHARS)}\n[… 500 more characters cut]`);
    expect(prompt).not.toContain('x'.repeat(MAX_SECTION_CHARS + 1));
  });
});

describe('readRepoInstructions', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'overnight-prompt-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads AGENTS.md then CLAUDE.md, each under its name', async () => {
    writeFileSync(join(dir, 'AGENTS.md'), 'Run `npm test` before finishing.\n');
    writeFileSync(join(dir, 'CLAUDE.md'), 'Prefer small files.\n');
    expect(await readRepoInstructions(dir)).toBe('## AGENTS.md\n\nRun `npm test` before finishing.\n\n## CLAUDE.md\n\nPrefer small files.');
  });

  it('is undefined when there are none, and skips empty files and directories', async () => {
    expect(await readRepoInstructions(dir)).toBeUndefined();
    writeFileSync(join(dir, 'AGENTS.md'), '\n');
    mkdirSync(join(dir, 'CLAUDE.md'));
    expect(await readRepoInstructions(dir)).toBeUndefined();
  });

  it('includes a CLAUDE.md linked to AGENTS.md once', async () => {
    writeFileSync(join(dir, 'AGENTS.md'), 'Same text.');
    symlinkSync('AGENTS.md', join(dir, 'CLAUDE.md'));
    expect(await readRepoInstructions(dir)).toBe('## AGENTS.md\n\nSame text.');
  });

  it('skips a file that links outside the worktree', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'overnight-outside-'));
    try {
      writeFileSync(join(outside, 'id_ed25519'), 'PRIVATE KEY');
      symlinkSync(join(outside, 'id_ed25519'), join(dir, 'AGENTS.md'));
      writeFileSync(join(dir, 'CLAUDE.md'), 'Fine.');
      expect(await readRepoInstructions(dir)).toBe('## CLAUDE.md\n\nFine.');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('reads through the injected readFile', async () => {
    const files: Record<string, string> = { [join('/w', 'CLAUDE.md')]: 'Injected.' };
    const readFile = async (path: string) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return text;
    };
    expect(await readRepoInstructions('/w', { readFile, realpath: async (path) => path })).toBe('## CLAUDE.md\n\nInjected.');
  });

  it('reports other read errors', async () => {
    const readFile = async () => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    };
    await expect(readRepoInstructions('/w', { readFile, realpath: async (path) => path })).rejects.toThrow('permission denied');
  });
});
