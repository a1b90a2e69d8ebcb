import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { installService, planService, uninstallService, type CommandExec } from '../../../src/runner/service/plan-service.js';
import { renderLaunchdPlist } from '../../../src/runner/service/launchd.js';
import { pmsetWakeCommand } from '../../../src/runner/service/pmset-wake.js';
import { baseSchedule } from '../daemon/daemon-harness.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/dev.overnight.runner.plist', import.meta.url));

function recordingExec(failing: string[] = []): { exec: CommandExec; calls: string[] } {
  const calls: string[] = [];
  const exec: CommandExec = async (file, args) => {
    const line = [file, ...args].join(' ');
    calls.push(line);
    const fails = failing.some((prefix) => line.startsWith(prefix));
    return { exitCode: fails ? 5 : 0, stdout: '', stderr: fails ? 'Boot-out failed: 3: No such process' : '' };
  };
  return { exec, calls };
}

const fixed = (home: string, platform: NodeJS.Platform) => ({
  platform,
  home,
  uid: 501,
  env: { PATH: '/Users/you/.local/bin:/usr/bin' },
  nodePath: '/opt/homebrew/bin/node',
  binPath: '/Users/you/src/overnight/bin/overnight.js',
});

describe('overnight install on macOS (launchd)', () => {
  it('writes the agent plist that runs `overnight run --config` at login and restarts it after a crash', () => {
    const plan = planService('/Users/you/Library/Application Support/overnight/config.json', fixed('/Users/you', 'darwin'));
    expect(plan.file).toBe('/Users/you/Library/LaunchAgents/dev.overnight.runner.plist');
    expect(plan.contents).toBe(readFileSync(EXAMPLE, 'utf8'));
    expect(plan.load.map(({ argv }) => argv.join(' '))).toEqual([
      'launchctl bootout gui/501/dev.overnight.runner',
      'launchctl bootstrap gui/501 /Users/you/Library/LaunchAgents/dev.overnight.runner.plist',
    ]);
  });

  it('install writes the file and bootstraps it; a not-yet-loaded agent is fine', async () => {
    const home = mkdtempSync(join(tmpdir(), 'overnight-home-'));
    const plan = planService('/cfg/overnight.json', fixed(home, 'darwin'));
    const { exec, calls } = recordingExec(['launchctl bootout']);
    await installService(plan, { exec });
    expect(readFileSync(plan.file, 'utf8')).toBe(plan.contents);
    expect(existsSync(plan.logDir)).toBe(true);
    expect(calls).toEqual([`launchctl bootout gui/501/dev.overnight.runner`, `launchctl bootstrap gui/501 ${plan.file}`]);
  });

  it('install fails with the command and its error when bootstrap fails', async () => {
    const home = mkdtempSync(join(tmpdir(), 'overnight-home-'));
    const plan = planService('/cfg/overnight.json', fixed(home, 'darwin'));
    const { exec } = recordingExec(['launchctl bootstrap']);
    await expect(installService(plan, { exec })).rejects.toThrow(`\`launchctl bootstrap gui/501 ${plan.file}\` failed (exit 5): Boot-out failed: 3: No such process`);
  });

  it('uninstall boots it out and removes the file', async () => {
    const home = mkdtempSync(join(tmpdir(), 'overnight-home-'));
    const plan = planService('/cfg/overnight.json', fixed(home, 'darwin'));
    await installService(plan, recordingExec());
    const { exec, calls } = recordingExec();
    await uninstallService(plan, { exec });
    expect(existsSync(plan.file)).toBe(false);
    expect(calls).toEqual(['launchctl bootout gui/501/dev.overnight.runner']);
  });

  it('escapes XML in paths', () => {
    const plist = renderLaunchdPlist({ programArguments: ['a&b', '<c>'], stdoutPath: 'o', stderrPath: 'e', environment: { PATH: 'p' }, workingDirectory: 'w' });
    expect(plist).toContain('<string>a&amp;b</string>');
    expect(plist).toContain('<string>&lt;c&gt;</string>');
  });
});

describe('overnight install on Linux (systemd user unit)', () => {
  it('writes a user unit and enables it, and uninstall disables and removes it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'overnight-home-'));
    const options = { ...fixed(home, 'linux'), env: { PATH: '/usr/bin', XDG_CONFIG_HOME: join(home, 'cfg') } };
    const plan = planService('/cfg/my config.json', options);
    expect(plan.file).toBe(join(home, 'cfg', 'systemd', 'user', 'overnight-runner.service'));
    expect(plan.contents).toContain('ExecStart=/opt/homebrew/bin/node --max-semi-space-size=1 /Users/you/src/overnight/bin/overnight.js run --config "/cfg/my config.json"\n');
    expect(plan.contents).toContain('Restart=on-failure\n');
    expect(plan.contents).toContain('KillMode=mixed\n');
    expect(plan.contents).toContain(`StandardOutput=append:${join(home, '.local', 'state', 'overnight', 'logs', 'service.out.log')}\n`);
    expect(plan.contents).toContain('WantedBy=default.target\n');

    const install = recordingExec();
    await installService(plan, { exec: install.exec });
    expect(readFileSync(plan.file, 'utf8')).toBe(plan.contents);
    expect(install.calls).toEqual([
      'systemctl --user daemon-reload',
      'systemctl --user enable overnight-runner.service',
      'systemctl --user restart overnight-runner.service',
    ]);
    const uninstall = recordingExec();
    await uninstallService(plan, { exec: uninstall.exec });
    expect(existsSync(plan.file)).toBe(false);
    expect(uninstall.calls).toEqual(['systemctl --user disable --now overnight-runner.service', 'systemctl --user daemon-reload']);
  });

  it('puts node, the tools found and the shell PATH on the service PATH, without what will be gone', () => {
    const home = '/home/dev';
    const plan = planService('/c.json', {
      ...fixed(home, 'linux'),
      nodePath: '/home/dev/.nvm/versions/node/v20.19.0/bin/node',
      toolDirs: ['/home/dev/.cargo/bin', '/home/dev/.local/bin'],
      env: {
        PATH: ['/home/dev/.npm/_npx/6a1f/node_modules/.bin', '/home/dev/code/app/node_modules/.bin', join(tmpdir(), 'x'), 'relative/bin', '/usr/bin', '/snap/bin'].join(':'),
        OVERNIGHT_HOME: '/home/dev/overnight',
        XDG_STATE_HOME: '/home/dev/state',
      },
      logDir: '/srv/overnight/logs',
    });
    expect(plan.environment).toStrictEqual({
      PATH: '/home/dev/.nvm/versions/node/v20.19.0/bin:/home/dev/.cargo/bin:/home/dev/.local/bin:/usr/bin:/snap/bin:/opt/homebrew/bin:/usr/local/bin:/bin:/usr/sbin:/sbin',
      OVERNIGHT_HOME: '/home/dev/overnight',
      XDG_STATE_HOME: '/home/dev/state',
    });
    expect(plan.contents).toContain('Environment=OVERNIGHT_HOME=/home/dev/overnight\n');
    expect(plan.contents).toContain('StandardError=append:/srv/overnight/logs/service.err.log\n');
    expect(plan).toMatchObject({ nodePath: '/home/dev/.nvm/versions/node/v20.19.0/bin/node', binPath: '/Users/you/src/overnight/bin/overnight.js', logDir: '/srv/overnight/logs' });
  });

  it('refuses other platforms', () => {
    expect(() => planService('/c.json', { ...fixed('/h', 'win32') })).toThrow('overnight install supports macOS (launchd) and Linux (systemd user units), not win32');
  });
});

describe('the pmset wake line install prints', () => {
  const now = new Date('2026-11-27T12:00:00Z');
  it('wakes five minutes before the window, every day, in the system time zone', () => {
    expect(pmsetWakeCommand(baseSchedule({ timezone: 'Europe/Berlin' }), { now, systemTimeZone: 'Europe/Berlin' })).toBe('sudo pmset repeat wakeorpoweron MTWRFSU 00:55:00');
    expect(pmsetWakeCommand(baseSchedule({ timezone: 'Europe/Berlin' }), { now, systemTimeZone: 'America/New_York' })).toBe('sudo pmset repeat wakeorpoweron MTWRFSU 18:55:00');
  });

  it('moves the days with a wake that falls on the day before', () => {
    const schedule = baseSchedule({ timezone: 'UTC', window: { start: '00:02', end: '04:00' }, days: ['mon', 'fri'] });
    expect(pmsetWakeCommand(schedule, { now, systemTimeZone: 'UTC' })).toBe('sudo pmset repeat wakeorpoweron RU 23:57:00');
  });
});
