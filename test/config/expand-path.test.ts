import { describe, expect, it } from 'vitest';
import { expandPath } from '../../src/config/expand-path.js';
import { parseRunnerConfig } from '../../src/config/load-config.js';
import { validConfig } from './valid-config.js';

const options = { env: { HOME: '/home/env-home', WORKSPACE: '/work/space', EMPTY: '' }, home: '/home/os-home', baseDir: '/etc/overnight' };

describe('expandPath', () => {
  it.each([
    ['~', '/home/os-home'],
    ['~/code/app', '/home/os-home/code/app'],
    ['$HOME/code/app', '/home/env-home/code/app'],
    ['${HOME}/code', '/home/env-home/code'],
    ['$WORKSPACE/app', '/work/space/app'],
    ['${WORKSPACE}-copy/app', '/work/space-copy/app'],
    ['/abs/path', '/abs/path'],
    ['repos/app', '/etc/overnight/repos/app'],
    ['../app', '/etc/app'],
    ['~other/app', '/etc/overnight/~other/app'],
  ])('expands %s to %s', (input, expected) => {
    expect(expandPath(input, options)).toStrictEqual({ ok: true, path: expected });
  });

  it('falls back to the home option when HOME is not in the environment', () => {
    expect(expandPath('$HOME/x', { ...options, env: {} })).toStrictEqual({ ok: true, path: '/home/os-home/x' });
  });

  it('refuses unset and empty variables instead of expanding them to nothing', () => {
    expect(expandPath('$NOPE/app/${EMPTY}', options)).toStrictEqual({
      ok: false,
      message: 'expected $NOPE and $EMPTY to be set in the environment, got it unset (in "$NOPE/app/${EMPTY}")',
    });
  });
});

describe('path expansion in the loader', () => {
  it('expands repo.path and stateDir, relative to the config file', () => {
    const config = validConfig();
    config.stateDir = 'state';
    config.repo.path = '$WORKSPACE/app';
    const result = parseRunnerConfig(JSON.stringify(config), { file: '/etc/overnight/config.json', env: { WORKSPACE: '/w' }, home: '/h' });
    expect(result.ok && [result.config.repo.path, result.config.stateDir]).toStrictEqual(['/w/app', '/etc/overnight/state']);
  });

  it('reports an unset variable at the field path, alongside other problems', () => {
    const config = validConfig();
    config.stateDir = '~/state';
    config.repo.path = '$WORKSPACE/app';
    config.schedule.every = 'often';
    const result = parseRunnerConfig(JSON.stringify(config), { file: 'config.json', env: {}, home: '/h' });
    expect(result.ok || result.problems).toStrictEqual([
      { path: 'repo.path', message: 'expected $WORKSPACE to be set in the environment, got it unset (in "$WORKSPACE/app")' },
      { path: 'schedule.every', message: 'expected a duration such as "20s", "30m" or "1h", got "often"' },
    ]);
  });

  it('leaves a path of the wrong type to the schema', () => {
    const config = validConfig();
    config.repo.path = ['~/app'];
    const result = parseRunnerConfig(JSON.stringify(config), { file: 'config.json', env: {}, home: '/h' });
    expect(result.ok || result.problems).toStrictEqual([{ path: 'repo.path', message: 'expected a string, got ["~/app"]' }]);
  });
});
