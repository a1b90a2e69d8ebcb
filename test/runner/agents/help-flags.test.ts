import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgentDef } from '../../../src/config/runner-config.js';
import { ADAPTERS } from '../../../src/runner/agents/index.js';

/**
 * Every flag an adapter passes must be defined by the real CLI, as captured in
 * test/fixtures/agents/help/ by scripts/refresh-agent-help.sh (aider: from its documented options).
 */
const HELP = join(import.meta.dirname, '..', '..', 'fixtures', 'agents', 'help');
const help = (...names: string[]) => names.map((name) => readFileSync(join(HELP, name), 'utf8')).join('\n');

/** Option names defined in help text: on option lines (indented at most 6), before the description. */
function definedOptions(text: string): Set<string> {
  const options = new Set<string>();
  for (const line of text.split('\n')) {
    const match = /^( {0,6})(-.*)$/.exec(line);
    if (!match) continue;
    const column = (match[2] as string).split(/ {2,}|\t/)[0] as string;
    for (const flag of column.match(/(?<![\w-])--?[A-Za-z0-9][\w-]*/g) ?? []) options.add(flag);
  }
  return options;
}

const flagsOf = (argv: string[]) => argv.filter((arg) => arg.startsWith('-'));
const full = (kind: AgentDef['kind']): AgentDef => ({ kind, model: 'some-model', maxTurns: 5 });
const input = (def: AgentDef, sandboxed = true) => ({ prompt: 'Do it', promptFile: '/t/prompt.md', workdir: '/w', session: 's', sandboxed, def });

describe('adapter flags exist in the real CLIs', () => {
  it('parses option names from help text', () => {
    expect([...definedOptions('  -p, --print   Print\n      --json\n  --allowedTools, --allowed-tools <tools...>\n            --not-an-option here')]).toStrictEqual([
      '-p',
      '--print',
      '--json',
      '--allowedTools',
      '--allowed-tools',
    ]);
  });

  it('claude-code', () => {
    const text = help('claude-help.txt', 'claude-hidden-options.txt');
    const defined = definedOptions(text);
    const argv = ADAPTERS['claude-code'].buildLaunch({ ...input(full('claude-code')), maxBudgetUsd: 0.5, repair: { text: 'r', file: '/t/f', resumeId: 'abc' } }).args;
    expect(flagsOf(argv)).toStrictEqual(['-p', '--output-format', '--verbose', '--include-partial-messages', '--permission-mode', '--resume', '--max-budget-usd', '--model', '--max-turns']);
    for (const flag of flagsOf(argv)) expect(defined, flag).toContain(flag);
    expect(text).toMatch(/--output-format <format>[\s\S]*?"stream-json"/);
    expect(text).toMatch(/--include-partial-messages[\s\S]*?only works with --print and\s+--output-format=stream-json/);
    expect(text).toMatch(/--max-budget-usd <amount>\s+Maximum dollar amount to spend on API\s+calls \(only works with --print\)/);
    expect(text).toMatch(/-r, --resume \[value\]\s+Resume a conversation by session ID/);
    // No prompt argument: print mode takes the prompt from stdin ("Input must be provided either
    // through stdin or as a prompt argument when using --print"); the positional is optional.
    expect(text).toMatch(/^Usage: claude \[options\] \[command\] \[prompt\]$/m);
    expect(argv.some((arg) => !arg.startsWith('-') && !['stream-json', 'acceptEdits', 'some-model', '5', 'abc', '0.5'].includes(arg))).toBe(false);
    expect(text).toMatch(/--output-format <format>[\s\S]*?choices: "text", "json"/);
    expect(text).toMatch(/--permission-mode <mode>[\s\S]*?choices: "acceptEdits"/);
  });

  it('codex', () => {
    const execHelp = help('codex-exec-help.txt');
    const defined = definedOptions(execHelp);
    const argv = ADAPTERS.codex.buildLaunch(input(full('codex'))).args;
    expect(argv[0]).toBe('exec');
    expect(help('codex-help.txt')).toMatch(/^ {2}exec {2,}Run Codex non-interactively/m);
    expect(flagsOf(argv).filter((flag) => flag !== '-')).toStrictEqual(['--json', '-C', '--sandbox', '-m']);
    for (const flag of flagsOf(argv).filter((flag) => flag !== '-')) expect(defined, flag).toContain(flag);
    expect(execHelp).toMatch(/--sandbox <SANDBOX_MODE>[\s\S]*?possible values: read-only, workspace-write, danger-full-access/);
    expect(argv[argv.indexOf('--sandbox') + 1]).toBe('danger-full-access');
    expect(ADAPTERS.codex.buildLaunch(input(full('codex'), false)).args).toContain('workspace-write');
    // `-` as the prompt reads it from stdin.
    expect(argv.at(-1)).toBe('-');
    expect(execHelp).toMatch(/If not provided as an argument \(or if `-` is used\),\s+instructions are read from stdin/);
  });

  it('codex exec resume', () => {
    const resumeHelp = help('codex-exec-resume-help.txt');
    const argv = ADAPTERS.codex.buildLaunch({ ...input(full('codex')), repair: { text: 'r', file: '/t/f', resumeId: '019a7c3e-5b21-7d40-9e8a-4f2c6b1d3e57' } }).args;
    // The exec options come before the subcommand, which takes the thread id and `-` for stdin.
    expect(help('codex-exec-help.txt')).toMatch(/^ {7}codex exec \[OPTIONS\] <COMMAND> \[ARGS\]$/m);
    expect(help('codex-exec-help.txt')).toMatch(/^ {2}resume {2}Resume a previous session by id/m);
    expect(argv.slice(-3)).toStrictEqual(['resume', '019a7c3e-5b21-7d40-9e8a-4f2c6b1d3e57', '-']);
    expect(resumeHelp).toMatch(/^Usage: codex exec resume \[OPTIONS\] \[SESSION_ID\] \[PROMPT\]$/m);
    expect(resumeHelp).toMatch(/Prompt to send after resuming the session. If `-` is used, read from stdin/);
  });

  it('aider (documented options, kept by hand)', () => {
    const defined = definedOptions(help('aider-options.txt'));
    const argv = ADAPTERS.aider.buildLaunch(input(full('aider'))).args;
    expect(flagsOf(argv)).toStrictEqual(['--yes-always', '--no-auto-commits', '--model', '--message-file']);
    for (const flag of flagsOf(argv)) expect(defined, flag).toContain(flag);
  });
});
