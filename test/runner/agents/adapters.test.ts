import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentDef } from '../../../src/config/runner-config.js';
import { ADAPTERS, PROMPT_ARG_MAX_BYTES } from '../../../src/runner/agents/index.js';
import { MAX_SUMMARY_CHARS } from '../../../src/runner/agents/summary-text.js';

const OUTPUT = join(import.meta.dirname, '..', '..', 'fixtures', 'agents', 'output');
const sample = (name: string) => readFileSync(join(OUTPUT, name), 'utf8');
const PROMPT_FILE = '/data/tmp/20261128-0107-a1b2c3/prompt.md';
const input = (def: AgentDef, sandboxed = true) => ({
  prompt: 'Fix the bug\nin detail',
  promptFile: PROMPT_FILE,
  workdir: '/data/worktrees/s1',
  session: '20261128-0107-a1b2c3',
  sandboxed,
  def,
});

describe('claude-code adapter', () => {
  const { buildLaunch, extractSummary } = ADAPTERS['claude-code'];

  it('runs print mode streaming every event and a permission mode that edits without asking; the prompt on stdin', () => {
    expect(buildLaunch(input({ kind: 'claude-code' }))).toStrictEqual({
      args: ['-p', '--output-format', 'stream-json', '--verbose', '--include-partial-messages', '--permission-mode', 'acceptEdits'],
      stdin: 'Fix the bug\nin detail',
    });
  });

  it('passes what is left of the budget, rounded down, and resumes its own session for a repair with the failure on stdin', () => {
    const repair = { text: 'The tests fail: ...', file: '/t/feedback.md', resumeId: '8d3f6a2e-4b1c-4e7a-9f05-3c2b1d8e7a64' };
    expect(buildLaunch({ ...input({ kind: 'claude-code' }), maxBudgetUsd: 0.123456, repair })).toStrictEqual({
      args: [
        '-p',
        '--output-format',
        'stream-json',
        '--verbose',
        '--include-partial-messages',
        '--permission-mode',
        'acceptEdits',
        '--resume',
        '8d3f6a2e-4b1c-4e7a-9f05-3c2b1d8e7a64',
        '--max-budget-usd',
        '0.1234',
      ],
      stdin: 'The tests fail: ...',
    });
    // Without a session id to resume (it printed none), the repair is a fresh run of the text the cycle wrote.
    expect(buildLaunch({ ...input({ kind: 'claude-code' }), repair: { text: 'Goal and failure', file: '/t/f.md' } })).toMatchObject({ stdin: 'Goal and failure' });
    expect(buildLaunch({ ...input({ kind: 'claude-code' }), repair: { text: 'x', file: '/t/f.md' } }).args).not.toContain('--resume');
  });

  it('adds the model, max turns and extra args when configured', () => {
    expect(buildLaunch(input({ kind: 'claude-code', model: 'opus', maxTurns: 25, args: ['--allowedTools', 'Bash(npm test:*)'] })).args).toStrictEqual([
      '-p',
      '--output-format',
      'stream-json',
      '--verbose',
      '--include-partial-messages',
      '--permission-mode',
      'acceptEdits',
      '--model',
      'opus',
      '--max-turns',
      '25',
      '--allowedTools',
      'Bash(npm test:*)',
    ]);
  });

  it('takes the summary from the result field', () => {
    const summary = extractSummary(sample('claude-result.json'), '');
    expect(summary).toMatch(/^Added input validation to `parseDuration`/);
    expect(summary).toMatch(/`npm test` passes \(42 tests\)\.$/);
  });

  it('finds the result line among other output lines (e.g. a bounded tail or --verbose)', () => {
    const stdout = `{"type":"system","subtype":"init"}\nnot json\n${sample('claude-result.json')}`;
    expect(extractSummary(stdout, '')).toMatch(/^Added input validation/);
  });

  it('takes the summary from the result event of a stream', () => {
    expect(extractSummary(sample('claude-stream.jsonl'), '')).toMatch(/RangeError/);
  });

  it('falls back to what it last said when it was stopped before its result', () => {
    const summary = extractSummary(sample('claude-stream-no-result.jsonl'), '');
    expect(summary).toBeDefined();
    expect(summary).not.toMatch(/"type"/);
  });

  it('has no summary for an error result or for output that is not JSON', () => {
    expect(extractSummary(sample('claude-error-max-turns.json'), '')).toBeUndefined();
    expect(extractSummary(sample('claude-stream-max-budget.jsonl'), '')).toBeUndefined();
    expect(extractSummary('Error: Invalid API key', '')).toBeUndefined();
    expect(extractSummary('', '')).toBeUndefined();
  });
});

describe('codex adapter', () => {
  const { buildLaunch, extractSummary } = ADAPTERS.codex;

  it("runs exec with JSONL events and the worktree as root, its own sandbox off inside overnight's; the prompt on stdin (-)", () => {
    expect(buildLaunch(input({ kind: 'codex' }))).toStrictEqual({
      args: ['exec', '--json', '-C', '/data/worktrees/s1', '--sandbox', 'danger-full-access', '-'],
      stdin: 'Fix the bug\nin detail',
    });
  });

  it('keeps its own workspace-write sandbox when overnight runs it uncontained (sandbox.mode "off")', () => {
    expect(buildLaunch(input({ kind: 'codex' }, false)).args).toStrictEqual(['exec', '--json', '-C', '/data/worktrees/s1', '--sandbox', 'workspace-write', '-']);
  });

  it('adds the model and extra args before the stdin marker', () => {
    expect(buildLaunch(input({ kind: 'codex', model: 'gpt-5-codex', args: ['--skip-git-repo-check'] })).args).toStrictEqual([
      'exec',
      '--json',
      '-C',
      '/data/worktrees/s1',
      '--sandbox',
      'danger-full-access',
      '-m',
      'gpt-5-codex',
      '--skip-git-repo-check',
      '-',
    ]);
  });

  it('resumes the thread for a repair: the exec options first, then `resume <thread id> -`, the failure on stdin', () => {
    const repair = { text: 'The tests fail: ...', file: '/t/feedback.md', resumeId: '019a7c3e-5b21-7d40-9e8a-4f2c6b1d3e57' };
    expect(buildLaunch({ ...input({ kind: 'codex', model: 'gpt-5-codex' }), repair })).toStrictEqual({
      args: ['exec', '--json', '-C', '/data/worktrees/s1', '--sandbox', 'danger-full-access', '-m', 'gpt-5-codex', 'resume', '019a7c3e-5b21-7d40-9e8a-4f2c6b1d3e57', '-'],
      stdin: 'The tests fail: ...',
    });
    expect(buildLaunch({ ...input({ kind: 'codex' }), repair: { text: 'Goal and failure', file: '/t/f.md' } })).toStrictEqual({
      args: ['exec', '--json', '-C', '/data/worktrees/s1', '--sandbox', 'danger-full-access', '-'],
      stdin: 'Goal and failure',
    });
  });

  it('takes the summary from the last agent message', () => {
    expect(extractSummary(sample('codex-exec.jsonl'), '')).toBe(
      'parseDuration now rejects negative and non-numeric input with a clear error; added 3 tests in test/config/duration.test.ts. `npm test` passes.',
    );
  });

  it('has no summary when the agent never replied', () => {
    const events = sample('codex-exec.jsonl')
      .split('\n')
      .filter((line) => !line.includes('"agent_message"'))
      .join('\n');
    expect(extractSummary(events, '')).toBeUndefined();
    expect(extractSummary('{"type":"error","message":"stream disconnected"}', '')).toBeUndefined();
  });
});

describe('aider adapter', () => {
  const { buildLaunch, extractSummary } = ADAPTERS.aider;

  it('says yes to everything, makes no commits of its own, and sends one message from the prompt file', () => {
    expect(buildLaunch(input({ kind: 'aider' }))).toStrictEqual({ args: ['--yes-always', '--no-auto-commits', '--message-file', PROMPT_FILE] });
    expect(buildLaunch(input({ kind: 'aider', model: 'sonnet', args: ['--no-pretty'] })).args).toStrictEqual([
      '--yes-always',
      '--no-auto-commits',
      '--model',
      'sonnet',
      '--no-pretty',
      '--message-file',
      PROMPT_FILE,
    ]);
  });

  it('runs again for a repair with the repair message (goal and failure) as its message file', () => {
    expect(buildLaunch({ ...input({ kind: 'aider' }), repair: { text: 'x', file: '/t/feedback.md', resumeId: 'ignored' } }).args).toStrictEqual([
      '--yes-always',
      '--no-auto-commits',
      '--message-file',
      '/t/feedback.md',
    ]);
  });

  it('takes its reply and what it applied, without the start-up banner or colours', () => {
    const summary = extractSummary(`\u001b[1mAider v0.86.1\u001b[0m\n${sample('aider-output.txt')}`, '');
    const lines = summary?.split('\n');
    expect(lines?.[0]).toBe("I'll add input validation to `parseDuration`.");
    expect(lines?.at(-2)).toBe('Applied edit to src/config/duration.ts');
    expect(lines?.at(-1)).toBe('Tokens: 5.2k sent, 312 received. Cost: $0.02 message, $0.02 session.');
    expect(summary).not.toMatch(/Aider v|Main model|Git repo|Repo-map|\u001b/);
  });

  it('keeps only the last 20 lines of a long reply', () => {
    const reply = Array.from({ length: 50 }, (_, i) => `step ${i + 1}`).join('\n');
    expect(extractSummary(reply, '')?.split('\n')).toStrictEqual(Array.from({ length: 20 }, (_, i) => `step ${i + 31}`));
  });
});

describe('command adapter', () => {
  const { buildLaunch, extractSummary } = ADAPTERS.command;
  const argvOf = (...args: Parameters<typeof buildLaunch>) => buildLaunch(...args).args;

  it('substitutes placeholders inside each argument, never splitting or shell-quoting; nothing on stdin', () => {
    const def: AgentDef = {
      kind: 'command',
      bin: 'my-agent',
      args: ['--task={prompt}', '--file', '{promptFile}', '--dir', '{workdir}', 'run-{session}-{session}', '{unknown}', '$(rm -rf ~)'],
    };
    expect(buildLaunch(input(def))).toStrictEqual({
      args: [
        '--task=Fix the bug\nin detail',
        '--file',
        PROMPT_FILE,
        '--dir',
        '/data/worktrees/s1',
        'run-20261128-0107-a1b2c3-20261128-0107-a1b2c3',
        '{unknown}',
        '$(rm -rf ~)',
      ],
    });
  });

  it('fills {feedback} and {feedbackFile} in a repair round, the goal still in {prompt}; empty on the first run', () => {
    const def: AgentDef = { kind: 'command', bin: 'my-agent', args: ['{prompt}', '--feedback={feedback}', '--feedback-file', '{feedbackFile}'] };
    expect(argvOf(input(def))).toStrictEqual(['Fix the bug\nin detail', '--feedback=', '--feedback-file', '']);
    expect(argvOf({ ...input(def), repair: { text: 'The tests fail', file: '/t/feedback.md' } })).toStrictEqual([
      'Fix the bug\nin detail',
      '--feedback=The tests fail',
      '--feedback-file',
      '/t/feedback.md',
    ]);
    const long = argvOf({ ...input({ kind: 'command', bin: 'x', args: ['{feedback}'] }), repair: { text: 'y'.repeat(40_000), file: '/t/feedback.md' } });
    expect(long[0]).toMatch(/the whole feedback is in \/t\/feedback\.md\]$/);
  });

  it('treats args[0] as the program when no bin is set', () => {
    expect(argvOf(input({ kind: 'command', args: ['./agent.sh', '{prompt}'] }))).toStrictEqual(['Fix the bug\nin detail']);
  });

  it('inserts values literally, even ones that look like replacement patterns', () => {
    const result = argvOf({ ...input({ kind: 'command', bin: 'x', args: ['{prompt}'] }), prompt: "cost $& and $1 and $'" });
    expect(result).toStrictEqual(["cost $& and $1 and $'"]);
  });

  it('cuts a {prompt} argument over 32 KB on a code point and says where the whole prompt is', () => {
    const prompt = `${'変更'.repeat(20_000)}end`;
    const [arg] = argvOf({ ...input({ kind: 'command', bin: 'x', args: ['{prompt}'] }), prompt });
    expect(Buffer.byteLength(arg!, 'utf8')).toBeLessThanOrEqual(PROMPT_ARG_MAX_BYTES);
    expect(arg).not.toContain('\ufffd');
    expect(prompt.startsWith(arg!.slice(0, arg!.indexOf('\n\n[overnight:')))).toBe(true);
    expect(arg).toMatch(new RegExp(`\\[overnight: the prompt is cut here to fit a command-line argument \\(32 KB\\); the whole prompt is in ${PROMPT_FILE}\\]$`));
    // The file placeholder carries the whole of it.
    expect(argvOf({ ...input({ kind: 'command', bin: 'x', args: ['{promptFile}'] }), prompt })).toStrictEqual([PROMPT_FILE]);
  });

  it('takes the last non-empty lines of stdout as the summary', () => {
    const stdout = `${Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n\n')}\n\n`;
    const summary = extractSummary(stdout, 'ignored stderr');
    expect(summary?.split('\n')).toStrictEqual(Array.from({ length: 20 }, (_, i) => `line ${i + 11}`));
    expect(extractSummary('\n \n', '')).toBeUndefined();
  });

  it('caps a summary', () => {
    const summary = extractSummary('x'.repeat(MAX_SUMMARY_CHARS * 2), '');
    expect(summary).toHaveLength(MAX_SUMMARY_CHARS);
    expect(summary?.startsWith('…')).toBe(true);
  });
});
