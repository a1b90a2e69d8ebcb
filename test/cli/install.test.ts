import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCli, writeScript } from './cli-harness.js';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TOKEN = ['ghp', 'In5'.repeat(12)].join('_');
let root: string;
let bin: string;
let config: string;

function writeConfig(github: Record<string, unknown>): void {
  writeFileSync(
    config,
    JSON.stringify({
      repo: { path: root, github: 'acme/widgets' },
      github,
      schedule: { timezone: 'UTC', window: { start: '01:00', end: '05:00' }, every: '30m' },
      agents: { default: 'claude-code' },
      verify: { command: 'cargo test' },
      stateDir: join(root, 'state'),
    }),
  );
}

beforeEach(() => {
  // Not under the temp dir: install leaves temporary directories off the service's PATH, and the
  // stand-in keyrings below must stay on it, so no real keyring is ever asked.
  mkdirSync(join(PACKAGE_ROOT, 'node_modules', '.cache'), { recursive: true });
  root = mkdtempSync(join(PACKAGE_ROOT, 'node_modules', '.cache', 'overnight-install-cli-'));
  bin = join(root, 'tools');
  writeScript(bin, 'secret-tool', 'echo "Cannot autolaunch D-Bus without X11 \\$DISPLAY" >&2; exit 1');
  writeScript(bin, 'security', 'echo "security: User interaction is not allowed." >&2; exit 36');
  writeScript(join(root, 'agents'), 'claude', 'echo 2.1.3');
  writeScript(join(root, 'cargo-home', 'bin'), 'cargo', 'echo cargo');
  vi.stubEnv('PATH', [bin, join(root, 'agents'), join(root, 'cargo-home', 'bin'), '/usr/bin', '/bin'].join(':'));
  vi.stubEnv('HOME', join(root, 'home'));
  vi.stubEnv('XDG_CONFIG_HOME', join(root, 'xdg'));
  vi.stubEnv('OVERNIGHT_HOME', join(root, 'overnight'));
  // install refuses to run from the temp dir; this checkout may itself be a clone under /tmp.
  mkdirSync(join(root, 'tmp'));
  vi.stubEnv('TMPDIR', join(root, 'tmp'));
  // The token is in this shell, as it is for most people trying `"env"`: the service would not get it.
  vi.stubEnv('GITHUB_TOKEN', TOKEN);
  vi.stubEnv('GH_TOKEN', '');
  config = join(root, 'config.json');
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

describe('overnight install --print', () => {
  it('refuses github.token "env" (exit 2, saying what to do) and writes nothing', async () => {
    writeConfig({ token: 'env' });
    const result = await runCli('install', '--config', config, '--print');
    expect(result).toStrictEqual({
      code: 2,
      stdout: '',
      stderr: [
        'overnight install: github.token is "env", but the login agent starts with only PATH in its environment: it would never see GITHUB_TOKEN or GH_TOKEN and would stop at every start',
        `  fix: run \`overnight auth login\`, then set "github": { "token": "store" } in ${config}`,
        '',
      ].join('\n'),
    });
  });

  it('refuses "store" with nothing stored, and accepts it once `overnight auth login` stored a token', async () => {
    writeConfig({ token: 'store' });
    let result = await runCli('install', '--config', config, '--print');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('overnight install: the login agent could not read the token: github.token is "store" but no token is stored');
    expect(result.stderr).toContain('  fix: run `overnight auth login`\n');

    mkdirSync(join(root, 'overnight'), { mode: 0o700 });
    writeFileSync(join(root, 'overnight', 'token'), `${TOKEN}\n`, { mode: 0o600 });
    result = await runCli('install', '--config', config, '--print');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`reads the GitHub token from ${join(root, 'overnight', 'token')}`);
    expect(result.stdout).toContain(`its log: ${join(root, 'state', 'logs')}/current.log`);
    expect(result.stdout).not.toContain(TOKEN);
    const contents = result.stdout.slice(result.stdout.indexOf('\n') + 1, result.stdout.indexOf('# then:'));
    // The node running this, the installed bin, the tools found here first on PATH, the same config dirs.
    expect(contents).toContain(process.execPath);
    expect(contents).toContain(join(PACKAGE_ROOT, 'bin', 'overnight.js'));
    const path = /PATH(?:=|<\/key>\s*<string>)([^"\n<]+)/.exec(contents)?.[1] ?? '';
    const dirs = path.split(':');
    expect(dirs[0]).toBe(dirname(process.execPath));
    // Where claude and cargo were found, ahead of the rest of this shell's PATH.
    expect(dirs.indexOf(join(root, 'agents'))).toBeGreaterThan(0);
    expect(dirs.indexOf(join(root, 'cargo-home', 'bin'))).toBeGreaterThan(0);
    expect(dirs.indexOf(join(root, 'cargo-home', 'bin'))).toBeLessThan(dirs.indexOf(bin));
    expect(contents).toContain(join(root, 'overnight'));
    expect(contents).toContain(join(root, 'state', 'logs', 'service.err.log'));
    expect(existsSync(join(root, 'xdg', 'systemd'))).toBe(false);
  });

  it('accepts "gh" when gh is found where the service looks and answers there', async () => {
    writeScript(bin, 'gh', `[ "$*" = "auth token" ] && echo ${TOKEN}`);
    writeConfig({ token: 'gh' });
    const result = await runCli('install', '--config', config, '--print');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('reads the GitHub token from `gh auth token`');
  });

  it('refuses to install a CLI that runs from npm’s cache, saying how to install it', async () => {
    writeConfig({ token: 'store' });
    vi.stubEnv('npm_config_cache', PACKAGE_ROOT);
    const result = await runCli('install', '--config', config, '--print');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^overnight install: overnight runs from npm's cache \(.*\) \(.*bin\/overnight\.js\), which will not be there for the login agent\n {2}fix: install the CLI first \(in a checkout of overnight: `npm pack`, then `npm install -g \.\/overnight-\d+\.\d+\.\d+\.tgz`\)/);
  });

  it('warns about an agent the service would not find, and still installs', async () => {
    mkdirSync(join(root, 'overnight'), { mode: 0o700 });
    writeFileSync(join(root, 'overnight', 'token'), `${TOKEN}\n`, { mode: 0o600 });
    writeConfig({ token: 'store' });
    rmSync(join(root, 'agents'), { recursive: true });
    const result = await runCli('install', '--config', config, '--print');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warning: agent "claude-code": binary `claude` not found on .* \(the login agent looks on .*\)\n$/);
  });
});
