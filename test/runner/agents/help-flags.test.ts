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
const input = (def: AgentDef) => ({ prompt: 'Do it', workdir: '/w', session: 's', def });

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
    const argv = ADAPTERS['claude-code'].buildArgv(input(full('claude-code')));
    expect(flagsOf(argv)).toStrictEqual(['-p', '--output-format', '--permission-mode', '--model', '--max-turns']);
    for (const flag of flagsOf(argv)) expect(defined, flag).toContain(flag);
    expect(text).toMatch(/--output-format <format>[\s\S]*?choices: "text", "json"/);
    expect(text).toMatch(/--permission-mode <mode>[\s\S]*?choices: "acceptEdits"/);
  });

  it('codex', () => {
    const execHelp = help('codex-exec-help.txt');
    const defined = definedOptions(execHelp);
    const argv = ADAPTERS.codex.buildArgv(input(full('codex')));
    expect(argv[0]).toBe('exec');
    expect(help('codex-help.txt')).toMatch(/^ {2}exec {2,}Run Codex non-interactively/m);
    expect(flagsOf(argv)).toStrictEqual(['--json', '-C', '--sandbox', '-m']);
    for (const flag of flagsOf(argv)) expect(defined, flag).toContain(flag);
    expect(execHelp).toMatch(/--sandbox <SANDBOX_MODE>[\s\S]*?possible values: read-only, workspace-write/);
  });

  it('aider (documented options, kept by hand)', () => {
    const defined = definedOptions(help('aider-options.txt'));
    const argv = ADAPTERS.aider.buildArgv(input(full('aider')));
    expect(flagsOf(argv)).toStrictEqual(['--yes-always', '--no-auto-commits', '--model', '--message']);
    for (const flag of flagsOf(argv)) expect(defined, flag).toContain(flag);
  });
});
