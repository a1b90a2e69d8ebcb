import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadRunnerConfig } from '../../src/config/load-config.js';
import type { RunnerConfig } from '../../src/config/runner-config.js';
import { PACKAGE_SCHEMA_URL, renderStarterConfig, type InitAnswers } from '../../src/setup/render-config.js';

let dir: string;
const home = '/home/dev';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'overnight-render-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const answers: InitAnswers = {
  repoPath: '/home/dev/code/widgets',
  remote: 'origin',
  github: 'acme/widgets',
  apiUrl: 'https://api.github.com',
  base: 'trunk',
  timezone: 'Europe/Berlin',
  verifyCommand: 'pnpm test',
  defaultAgent: 'codex',
  agentsFound: ['codex', 'aider'],
};

/** Loads the rendered text the way every runner command does: it must load as written. */
async function load(text: string): Promise<RunnerConfig> {
  const file = join(dir, 'config.json');
  writeFileSync(file, text);
  const loaded = await loadRunnerConfig(file, { home, env: {} });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.config;
}

describe('renderStarterConfig', () => {
  it('renders a config the loader accepts, with the answers and the starter defaults', async () => {
    const text = renderStarterConfig(answers, { home });
    const config = await load(text);
    expect(config.repo).toStrictEqual({ path: '/home/dev/code/widgets', remote: 'origin', base: 'trunk', github: 'acme/widgets' });
    expect(config.github).toStrictEqual({ apiUrl: 'https://api.github.com', token: 'store' });
    expect(config.schedule).toMatchObject({ timezone: 'Europe/Berlin', window: { start: '01:00', end: '05:00' }, every: '30m', jitterMs: 600_000 });
    expect(config.constraints).toMatchObject({ pluggedIn: true, wifiOnly: true });
    expect(config.agents.default).toBe('codex');
    expect(config.budget.perSessionMinutes).toBe(30);
    expect(config.verify.command).toBe('pnpm test');
    expect(config.pr.openedBy).toBe('bot');
    expect(text).toContain('"path": "~/code/widgets"');
    expect(text).toContain('"github": { "token": "store" }');
    expect(text).toContain('found on this machine: codex, aider');
  });

  it('comments every section', () => {
    const lines = renderStarterConfig(answers, { home }).split('\n');
    for (const section of ['repo', 'github', 'schedule', 'constraints', 'agents', 'budget', 'verify', 'pr']) {
      const index = lines.findIndex((line) => line.startsWith(`  "${section}"`));
      expect(index, section).toBeGreaterThan(0);
      expect(lines[index - 1]?.trim().startsWith('//'), section).toBe(true);
    }
  });

  it('points $schema at the package’s schema file', () => {
    expect(renderStarterConfig(answers, { home })).toContain(`"$schema": "${PACKAGE_SCHEMA_URL}"`);
    expect(PACKAGE_SCHEMA_URL.startsWith('file:///')).toBe(true);
    expect(existsSync(fileURLToPath(PACKAGE_SCHEMA_URL))).toBe(true);
  });

  it('leaves verify as a comment when no test command is known, and names the GHE API', async () => {
    const { verifyCommand: _, ...rest } = answers;
    const text = renderStarterConfig({ ...rest, apiUrl: 'https://ghe.acme.test/api/v3', agentsFound: [], defaultAgent: 'claude-code' }, { home });
    const config = await load(text);
    expect(config.verify.command).toBeUndefined();
    expect(config.github.apiUrl).toBe('https://ghe.acme.test/api/v3');
    expect(text).toContain('// "verify": { "command": "npm test" },');
    expect(text).toContain('none was found on this machine yet');
  });

  it('escapes what it writes: a path with quotes outside the home directory', async () => {
    const odd = join(dir, 'my "odd" clone');
    const config = await load(renderStarterConfig({ ...answers, repoPath: odd, verifyCommand: 'make test ARGS="-v"' }, { home }));
    expect(config.repo.path).toBe(odd);
    expect(config.verify.command).toBe('make test ARGS="-v"');
  });
});
