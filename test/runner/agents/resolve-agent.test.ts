import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runnerConfigSchema, type AgentsConfig } from '../../../src/config/runner-config.js';
import { AgentResolveError, resolveAgent } from '../../../src/runner/agents/index.js';
import { findExecutable, USER_BIN_DIRS } from '../../../src/platform/find-executable.js';
import { createUsageMeter } from '../../../src/runner/agents/usage/index.js';
import { createRedactor } from '../../../src/runner/process/redact.js';
import { runAgent } from '../../../src/runner/process/run-agent.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'agents');
const FAKE_BIN = join(FIXTURES, 'bin');

function agentsConfig(agents: unknown): AgentsConfig {
  return runnerConfigSchema.parse({
    repo: { path: '/r', github: 'o/r' },
    schedule: { timezone: 'UTC', window: { start: '01:00', end: '05:00' }, every: '30m' },
    agents,
  }).agents;
}

const nothingInstalled = () => undefined;
const launchIn = (workdir: string, sandboxed = false) => ({ prompt: 'P', promptFile: '/state/tmp/s/prompt.md', workdir, session: 's', sandboxed });
const installed = (paths: Record<string, string>) => (name: string) => paths[name];

describe('resolveAgent', () => {
  it('resolves a built-in by name with its default binary', () => {
    const agent = resolveAgent('codex', agentsConfig({}), { findBin: installed({ codex: '/opt/homebrew/bin/codex' }) });
    expect(agent).toMatchObject({ name: 'codex', kind: 'codex', bin: '/opt/homebrew/bin/codex', env: {}, passEnv: [], sandbox: { allowRead: [], allowWrite: [] } });
    expect(agent.launch(launchIn('/w'))).toStrictEqual({ args: ['exec', '--json', '-C', '/w', '--sandbox', 'workspace-write', '-'], stdin: 'P' });
  });

  it('uses a named definition: its kind, bin, model, env, passEnv and sandbox paths (with their fields)', () => {
    const config = agentsConfig({
      defs: {
        fast: {
          kind: 'claude-code',
          bin: 'claude-beta',
          model: 'haiku',
          env: { CLAUDE_CONFIG_DIR: '/c' },
          passEnv: ['AWS_PROFILE'],
          sandbox: { allowRead: ['~/.config/tool'], allowWrite: ['/srv/cache'] },
        },
      },
    });
    const agent = resolveAgent('fast', config, { findBin: installed({ 'claude-beta': '/usr/local/bin/claude-beta' }) });
    expect(agent).toMatchObject({
      name: 'fast',
      kind: 'claude-code',
      bin: '/usr/local/bin/claude-beta',
      env: { CLAUDE_CONFIG_DIR: '/c' },
      passEnv: ['AWS_PROFILE'],
      sandbox: {
        allowRead: [{ path: '~/.config/tool', field: 'agents.defs.fast.sandbox.allowRead[0]' }],
        allowWrite: [{ path: '/srv/cache', field: 'agents.defs.fast.sandbox.allowWrite[0]' }],
      },
    });
    expect(agent.launch(launchIn('/w')).args).toContain('haiku');
  });

  it('says where it looked and how to install a missing binary', () => {
    expect(() => resolveAgent('codex', agentsConfig({}), { findBin: nothingInstalled })).toThrow(
      new AgentResolveError(
        'agent "codex": binary `codex` not found on PATH, /opt/homebrew/bin, /usr/local/bin or ~/.local/bin; install it with npm i -g @openai/codex or set agents.defs.codex.bin',
      ),
    );
    expect(() => resolveAgent('claude-code', agentsConfig({}), { findBin: nothingInstalled })).toThrow(
      'install it with npm i -g @anthropic-ai/claude-code or set agents.defs.claude-code.bin',
    );
    expect(() => resolveAgent('aider', agentsConfig({}), { findBin: nothingInstalled })).toThrow('install it with pipx install aider-chat');
  });

  it('names the configured bin when that is what is missing', () => {
    const config = agentsConfig({ defs: { mine: { kind: 'aider', bin: '/home/me/venv/bin/aider' } } });
    expect(() => resolveAgent('mine', config, { findBin: nothingInstalled })).toThrow(
      'agent "mine": binary `/home/me/venv/bin/aider` not found or not executable; set agents.defs.mine.bin',
    );
  });

  it('refuses an unknown agent and a command without a program', () => {
    const config = agentsConfig({ defs: { bare: { kind: 'command' } } });
    expect(() => resolveAgent('gemini', config, { findBin: nothingInstalled })).toThrow(
      'agent "gemini" is not defined in agents.defs and is not a built-in (known: claude-code, codex, aider, bare)',
    );
    expect(() => resolveAgent('bare', config, { findBin: nothingInstalled })).toThrow(
      'agent "bare": kind "command" needs a program; set agents.defs.bare.bin, or make agents.defs.bare.args[0] the program',
    );
  });

  it('finds a command program given as args[0]', () => {
    const config = agentsConfig({ defs: { script: { kind: 'command', args: ['my-agent', '--go', '{prompt}'] } } });
    const agent = resolveAgent('script', config, { findBin: installed({ 'my-agent': '/usr/local/bin/my-agent' }) });
    expect(agent.bin).toBe('/usr/local/bin/my-agent');
    expect(agent.launch(launchIn('/w'))).toStrictEqual({ args: ['--go', 'P'] });
    expect(() => resolveAgent('script', config, { findBin: nothingInstalled })).toThrow('set agents.defs.script.args[0]');
  });
});

describe('resolved agents run against the fake CLIs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'overnight-agents-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const lookUp = (name: string) => findExecutable(name, { env: { PATH: FAKE_BIN }, home: dir, extraDirs: USER_BIN_DIRS });
  const run = async (name: string) => {
    const agent = resolveAgent(name, agentsConfig({ defs: { [name]: { kind: name, model: 'm1' } } }), { findBin: lookUp });
    const launch = agent.launch({ prompt: 'Make parseDuration strict\nmore text', promptFile: join(dir, 'prompt.md'), workdir: dir, session: '20261128-0107-a1b2c3', sandboxed: false });
    const { args } = launch;
    const result = await runAgent({
      bin: agent.bin,
      args,
      ...(launch.stdin !== undefined ? { input: launch.stdin } : {}),
      cwd: dir,
      timeoutMs: 10_000,
      logFile: join(dir, 'session.log'),
      redact: createRedactor([]),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    });
    return { agent, args, result, summary: agent.extractSummary(result.stdout, result.stderr) };
  };

  it('claude-code: the fake claude accepts the argv, edits, and its result is the summary', async () => {
    const { agent, args, result, summary } = await run('claude-code');
    expect(agent.bin).toBe(join(FAKE_BIN, 'claude'));
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stderr)).toStrictEqual({ argv: args });
    expect(readFileSync(join(dir, 'NOTES.md'), 'utf8')).toBe('Make parseDuration strict\n');
    expect(summary).toBe('Added the first line of the prompt to NOTES.md.');
    // Its stream carries the usage the meter reads: the cost is Claude's own.
    const meter = createUsageMeter('claude-code');
    for (const line of result.stdout.split('\n')) meter.push(line);
    expect(meter.final()).toMatchObject({ costUsd: 0.0888504, outputTokens: 312, basis: 'reported', outcome: 'success' });
  });

  it('codex: the fake codex accepts the argv, edits under -C, and its last message is the summary', async () => {
    const { args, result, summary } = await run('codex');
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stderr)).toStrictEqual({ argv: args });
    expect(readFileSync(join(dir, 'NOTES.md'), 'utf8')).toBe('Make parseDuration strict\n');
    expect(summary).toBe('Added the first line of the prompt to NOTES.md.');
    const meter = createUsageMeter('codex');
    for (const line of result.stdout.split('\n')) meter.push(line);
    expect(meter.final()).toMatchObject({ inputTokens: 14906, cacheReadTokens: 3456, outputTokens: 612, basis: 'reported', outcome: 'success' });
  });
});
