import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentDef } from '../../../src/config/runner-config.js';
import { ADAPTERS } from '../../../src/runner/agents/index.js';
import { MAX_SUMMARY_CHARS } from '../../../src/runner/agents/summary-text.js';

const OUTPUT = join(import.meta.dirname, '..', '..', 'fixtures', 'agents', 'output');
const sample = (name: string) => readFileSync(join(OUTPUT, name), 'utf8');
const input = (def: AgentDef) => ({ prompt: 'Fix the bug\nin detail', workdir: '/data/worktrees/s1', session: '20261128-0107-a1b2c3', def });

describe('claude-code adapter', () => {
  const { buildArgv, extractSummary } = ADAPTERS['claude-code'];

  it('runs print mode with JSON output and a permission mode that edits without asking', () => {
    expect(buildArgv(input({ kind: 'claude-code' }))).toStrictEqual([
      '-p',
      'Fix the bug\nin detail',
      '--output-format',
      'json',
      '--permission-mode',
      'acceptEdits',
    ]);
  });

  it('adds the model, max turns and extra args when configured', () => {
    expect(buildArgv(input({ kind: 'claude-code', model: 'opus', maxTurns: 25, args: ['--allowedTools', 'Bash(npm test:*)'] }))).toStrictEqual([
      '-p',
      'Fix the bug\nin detail',
      '--output-format',
      'json',
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

  it('has no summary for an error result or for output that is not JSON', () => {
    expect(extractSummary(sample('claude-error-max-turns.json'), '')).toBeUndefined();
    expect(extractSummary('Error: Invalid API key', '')).toBeUndefined();
    expect(extractSummary('', '')).toBeUndefined();
  });
});

describe('codex adapter', () => {
  const { buildArgv, extractSummary } = ADAPTERS.codex;

  it('runs exec with JSONL events, the worktree as root and the workspace-write sandbox; the prompt last', () => {
    expect(buildArgv(input({ kind: 'codex' }))).toStrictEqual([
      'exec',
      '--json',
      '-C',
      '/data/worktrees/s1',
      '--sandbox',
      'workspace-write',
      'Fix the bug\nin detail',
    ]);
  });

  it('adds the model and extra args before the prompt', () => {
    expect(buildArgv(input({ kind: 'codex', model: 'gpt-5-codex', args: ['--skip-git-repo-check'] }))).toStrictEqual([
      'exec',
      '--json',
      '-C',
      '/data/worktrees/s1',
      '--sandbox',
      'workspace-write',
      '-m',
      'gpt-5-codex',
      '--skip-git-repo-check',
      'Fix the bug\nin detail',
    ]);
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
  const { buildArgv, extractSummary } = ADAPTERS.aider;

  it('says yes to everything, makes no commits of its own, and sends one message', () => {
    expect(buildArgv(input({ kind: 'aider' }))).toStrictEqual(['--yes-always', '--no-auto-commits', '--message', 'Fix the bug\nin detail']);
    expect(buildArgv(input({ kind: 'aider', model: 'sonnet', args: ['--no-pretty'] }))).toStrictEqual([
      '--yes-always',
      '--no-auto-commits',
      '--model',
      'sonnet',
      '--no-pretty',
      '--message',
      'Fix the bug\nin detail',
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
  const { buildArgv, extractSummary } = ADAPTERS.command;

  it('substitutes placeholders inside each argument, never splitting or shell-quoting', () => {
    const def: AgentDef = { kind: 'command', bin: 'my-agent', args: ['--task={prompt}', '--dir', '{workdir}', 'run-{session}-{session}', '{unknown}', '$(rm -rf ~)'] };
    expect(buildArgv(input(def))).toStrictEqual([
      '--task=Fix the bug\nin detail',
      '--dir',
      '/data/worktrees/s1',
      'run-20261128-0107-a1b2c3-20261128-0107-a1b2c3',
      '{unknown}',
      '$(rm -rf ~)',
    ]);
  });

  it('treats args[0] as the program when no bin is set', () => {
    expect(buildArgv(input({ kind: 'command', args: ['./agent.sh', '{prompt}'] }))).toStrictEqual(['Fix the bug\nin detail']);
  });

  it('inserts values literally, even ones that look like replacement patterns', () => {
    const result = buildArgv({ ...input({ kind: 'command', bin: 'x', args: ['{prompt}'] }), prompt: "cost $& and $1 and $'" });
    expect(result).toStrictEqual(["cost $& and $1 and $'"]);
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
