import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildPrompt, composePrompt, MAX_PROMPT_BYTES, readRepoInstructions } from '../../../../src/runner/cycle/session/prompt.js';

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
      'You are working unattended in a git checkout of this repository. Nobody will answer questions: use your judgement and finish the task.\n\n# Goal: T\n\nB\n\n',
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

  it('states the guard limits in the rules', () => {
    const prompt = buildPrompt({ goal, forbidPaths: ['.github/**'], guard: { maxChangedFiles: 200, maxFileBytes: 1_048_576, allowBinary: false } });
    expect(prompt).toContain(
      '- A change with more is rejected: at most 200 changed files, no file over 1 MB, no binary files, no git submodules, no symlinks pointing outside the repository.',
    );
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

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

describe('buildPrompt size cap', () => {
  // A goal as it really arrives: a long body and a long thread of comments.
  const longBody = `Steps to reproduce:\n${'The importer drops rows whose date column uses a two-digit year. '.repeat(1_100)}`;
  const thread = Array.from({ length: 45 }, (_, i) => `Comment ${i + 1}: ${'more context about the failing import and what we tried. '.repeat(30)}`);

  it('leaves a prompt under the cap exactly as it was', () => {
    const small = buildPrompt({ goal, forbidPaths: [] });
    expect(small).not.toContain('[overnight:');
    expect(bytes(small)).toBeLessThan(MAX_PROMPT_BYTES);
  });

  it('fits a 141 KB goal under 100 KB by leaving out the oldest comments first, and says so', () => {
    const input = { goal: { title: 'Importer drops rows', body: longBody, comments: thread }, forbidPaths: ['.github/**'] };
    expect(bytes(longBody) + thread.reduce((sum, comment) => sum + bytes(comment), 0)).toBeGreaterThan(141 * 1024);
    const prompt = buildPrompt(input);
    expect(bytes(prompt)).toBeLessThanOrEqual(MAX_PROMPT_BYTES);
    // The body is whole; the newest comments are kept, numbered as in the thread.
    expect(prompt).toContain(longBody.trim());
    expect(prompt).toContain(`### Comment 45\n\n${thread[44]!.trim()}`);
    expect(prompt).not.toContain(`### Comment 1\n\n`);
    const note = /\[overnight: the (\d+) oldest comments \((\d+) KB\) were left out to keep this prompt under 100 KB; the issue has them all\.\]/.exec(prompt);
    expect(note).not.toBeNull();
    const dropped = Number(note![1]);
    expect(prompt).not.toContain(`### Comment ${dropped}\n\n`);
    expect(prompt).toContain(`### Comment ${dropped + 1}\n\n`);
    // The rules are never what goes.
    expect(prompt).toContain('# Rules');
    expect(prompt.trimEnd().endsWith('It goes into the pull request.')).toBe(true);
  });

  it('cuts 136 KB of CJK text by bytes, never inside a character, and says how much was left out', () => {
    const cjk = '導入処理で二桁の年を含む行が失われる問題を修正してください。'.repeat(1_550);
    expect(bytes(cjk)).toBeGreaterThan(136 * 1024);
    expect(cjk.length).toBeLessThan(MAX_PROMPT_BYTES);
    const prompt = buildPrompt({ goal: { title: '取り込みの不具合', body: cjk, comments: ['短いコメント'] }, forbidPaths: [] });
    expect(bytes(prompt)).toBeLessThanOrEqual(MAX_PROMPT_BYTES);
    expect(bytes(prompt)).toBeGreaterThan(MAX_PROMPT_BYTES - 1024);
    expect(prompt).not.toContain('\ufffd');
    expect(Buffer.from(prompt, 'utf8').toString('utf8')).toBe(prompt);
    // The comment went first; then the description was cut, and the prompt says by how much.
    expect(prompt).toContain('[overnight: the 1 oldest comments');
    expect(prompt).toMatch(/\n\n\[overnight: the description is cut here; \d+ KB of it was left out to keep this prompt under 100 KB\.\]/);
    const kept = prompt.slice(prompt.indexOf('# Goal: 取り込みの不具合\n\n') + '# Goal: 取り込みの不具合\n\n'.length, prompt.indexOf('\n\n[overnight: the description'));
    expect(cjk.startsWith(kept)).toBe(true);
    expect(prompt).toContain('# Rules');
  });

  it('says what it trimmed, for the session log, in the numbers the prompt itself gives', () => {
    const cjk = '導入処理で二桁の年を含む行が失われる問題を修正してください。'.repeat(1_550);
    const composed = composePrompt({ goal: { title: '取り込みの不具合', body: cjk, comments: ['短いコメント', '二つ目'] }, forbidPaths: [] });
    expect(composed.text).toBe(buildPrompt({ goal: { title: '取り込みの不具合', body: cjk, comments: ['短いコメント', '二つ目'] }, forbidPaths: [] }));
    const cut = /the description is cut here; (\d+ KB) of it was left out/.exec(composed.text)![1];
    expect(composed.trimmed).toStrictEqual(['the 2 oldest comments (1 KB)', `${cut} of the description`]);
    expect(composePrompt({ goal, forbidPaths: [] }).trimmed).toStrictEqual([]);
  });

  it('drops review comments after the goal comments, then cuts the revision request', () => {
    const reviews = Array.from({ length: 10 }, (_, i) => `review ${i + 1}: ${'x'.repeat(6_000)}`);
    const prompt = buildPrompt(
      {
        goal: { title: 'T', body: 'B', comments: ['old comment '.repeat(500)], revision: { instructions: 'i'.repeat(110_000), reviewComments: reviews } },
        forbidPaths: [],
      },
    );
    expect(bytes(prompt)).toBeLessThanOrEqual(MAX_PROMPT_BYTES);
    expect(prompt).toContain('[overnight: the 1 oldest comments');
    expect(prompt).toContain('oldest review comments');
    expect(prompt).toContain('the pull request has them all');
    expect(prompt).toMatch(/\[overnight: the revision request is cut here; \d+ KB of it was left out/);
  });

  it('takes a smaller cap', () => {
    const prompt = buildPrompt({ goal: { title: 'T', body: 'y'.repeat(5_000), comments: [] }, forbidPaths: [], maxBytes: 2_048 });
    expect(bytes(prompt)).toBeLessThanOrEqual(2_048);
    expect(prompt).toContain('under 2 KB');
  });
});
