import { describe, expect, it } from 'vitest';
import { checkConstraintsNow, checkLoginAgent, checkSandbox } from '../../../src/setup/doctor/check-facts.js';
import { checkVerifyCommand, verifyProgram } from '../../../src/setup/doctor/check-verify-command.js';
import { doctorJson, formatDoctor, toReport } from '../../../src/setup/doctor/format-doctor.js';
import { fail, ok, warn } from '../../../src/setup/doctor/types.js';
import type { RunnerConfig } from '../../../src/config/runner-config.js';

describe('formatDoctor and doctorJson', () => {
  const report = toReport([
    ok('config', '/home/dev/.config/overnight/config.json is valid'),
    warn('bot', 'cannot tell whether the overnight app is installed', 'install the app'),
    fail('token', 'github.token is "store" but no token is stored', 'run `overnight auth login`'),
  ]);

  it('one line per check, fixes under them, a verdict', () => {
    expect(report.ok).toBe(false);
    expect(formatDoctor(report)).toBe(
      [
        '✓ config  /home/dev/.config/overnight/config.json is valid',
        '! bot     cannot tell whether the overnight app is installed',
        '          → install the app',
        '✗ token   github.token is "store" but no token is stored',
        '          → run `overnight auth login`',
        '',
        '1 problem to fix before tonight, 1 warning',
      ].join('\n'),
    );
    expect(formatDoctor(toReport([ok('config', 'valid'), warn('bot', 'unknown')]))).toMatch(/\nready, with 1 warning$/);
    expect(formatDoctor(toReport([ok('config', 'valid')]))).toMatch(/\nready for tonight$/);
  });

  it('JSON: {ok, checks: [{name, status, detail, fix}]} with fix null when there is none', () => {
    expect(JSON.parse(JSON.stringify(doctorJson(report)))).toStrictEqual({
      ok: false,
      checks: [
        { name: 'config', status: 'ok', detail: '/home/dev/.config/overnight/config.json is valid', fix: null },
        { name: 'bot', status: 'warn', detail: 'cannot tell whether the overnight app is installed', fix: 'install the app' },
        { name: 'token', status: 'fail', detail: 'github.token is "store" but no token is stored', fix: 'run `overnight auth login`' },
      ],
    });
    expect(toReport([warn('bot', 'unknown')]).ok).toBe(true);
  });
});

describe('checks on facts other parts supply', () => {
  it('sandbox', () => {
    expect(checkSandbox({ ok: true, tool: 'sandbox-exec' })).toStrictEqual(ok('sandbox', 'agents and the verify command run inside sandbox-exec'));
    expect(checkSandbox({ ok: false, tool: 'bwrap', reason: 'not installed' })).toStrictEqual(fail('sandbox', 'bwrap cannot contain the agent: not installed', 'install bwrap'));
  });

  it('constraints: no required one is ok; failing now is only a warning', () => {
    const report = { ok: true, checks: [{ name: 'maxCpuPercent' as const, required: false, ok: false, reason: 'cpu 90%', ms: 1, seen: '90' }], facts: { power: { source: 'ac' as const, percent: null, charging: null }, network: { interface: null, kind: 'wifi' as const, metered: false, ssid: null } } };
    expect(checkConstraintsNow(report)).toStrictEqual(ok('constraints', 'no constraint is required'));
    expect(checkConstraintsNow({ ...report, ok: false, checks: [{ ...report.checks[0]!, required: true }] }).status).toBe('warn');
  });

  it('login agent: not installed, installed but stopped, running without the token, running', () => {
    const base = { manager: 'launchd' as const, file: '/Users/dev/Library/LaunchAgents/dev.overnight.runner.plist' };
    expect(checkLoginAgent({ ...base, installed: false, running: false })).toMatchObject({ status: 'warn', fix: 'run `overnight install`' });
    expect(checkLoginAgent({ ...base, installed: true, running: false }).status).toBe('fail');
    expect(checkLoginAgent({ ...base, installed: true, running: true, tokenReadable: false, tokenProblem: 'the keychain is locked' })).toMatchObject({ status: 'fail', detail: 'the launchd agent runs but cannot read the GitHub token: the keychain is locked' });
    expect(checkLoginAgent({ ...base, installed: true, running: true, tokenReadable: true })).toStrictEqual(ok('login-agent', 'the launchd agent is running and can read the token'));
  });
});

describe('checkVerifyCommand', () => {
  const config = (command?: string) => ({ repo: { path: '/home/dev/widgets' }, verify: command === undefined ? {} : { command } }) as unknown as RunnerConfig;
  const installed: Record<string, string> = { npm: '/usr/bin/npm', '/home/dev/widgets/gradlew': '/home/dev/widgets/gradlew' };
  const findBin = (name: string) => installed[name];

  it('finds the program after any VAR=value, a relative path in the repository, a builtin', () => {
    expect(verifyProgram('CI=1 NODE_ENV=test npm test')).toBe('npm');
    expect(checkVerifyCommand(config('CI=1 npm test'), findBin)).toStrictEqual(ok('verify-command', '"CI=1 npm test" runs /usr/bin/npm'));
    expect(checkVerifyCommand(config('./gradlew test'), findBin).status).toBe('ok');
    expect(checkVerifyCommand(config('cd web && npm test'), findBin)).toStrictEqual(ok('verify-command', '"cd web && npm test" starts with the shell builtin cd'));
  });

  it('no command is a warning; a missing program fails', () => {
    expect(checkVerifyCommand(config(), findBin).status).toBe('warn');
    expect(checkVerifyCommand(config('vitest run'), findBin)).toMatchObject({ status: 'fail', fix: 'install vitest, or change verify.command' });
  });
});
