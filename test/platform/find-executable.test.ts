import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findExecutable, isExecutableFile, USER_BIN_DIRS } from '../../src/platform/find-executable.js';

const findBin = (name: string, { exists, ...options }: { env: NodeJS.ProcessEnv; exists?: (path: string) => boolean; home: string }) =>
  findExecutable(name, { ...options, extraDirs: USER_BIN_DIRS, ...(exists ? { isExecutable: exists } : {}) });

describe('findExecutable with the user bin dirs', () => {
  const home = '/home/dev';
  const existing = (...paths: string[]) => (path: string) => paths.includes(path);

  it('searches PATH first, in order', () => {
    const exists = existing('/b/claude', '/c/claude', '/opt/homebrew/bin/claude');
    expect(findBin('claude', { env: { PATH: '/a:/b:/c' }, exists, home })).toBe('/b/claude');
  });

  it('then /opt/homebrew/bin, /usr/local/bin and ~/.local/bin, in that order', () => {
    const env = { PATH: '/usr/bin:/bin' };
    const all = ['/opt/homebrew/bin/aider', '/usr/local/bin/aider', '/home/dev/.local/bin/aider'];
    expect(findBin('aider', { env, exists: existing(...all), home })).toBe('/opt/homebrew/bin/aider');
    expect(findBin('aider', { env, exists: existing(...all.slice(1)), home })).toBe('/usr/local/bin/aider');
    expect(findBin('aider', { env, exists: existing(...all.slice(2)), home })).toBe('/home/dev/.local/bin/aider');
    expect(findBin('aider', { env, exists: existing(), home })).toBeUndefined();
  });

  it('works with no PATH at all (a bare launchd environment) and ignores relative PATH entries', () => {
    expect(findBin('codex', { env: {}, exists: existing('/usr/local/bin/codex'), home })).toBe('/usr/local/bin/codex');
    expect(findBin('codex', { env: { PATH: '.:bin:' }, exists: (path) => !path.startsWith('/'), home })).toBeUndefined();
  });

  it('checks a path as given, expanding ~', () => {
    expect(findBin('~/tools/agent', { env: { PATH: '/x' }, exists: existing('/home/dev/tools/agent'), home })).toBe('/home/dev/tools/agent');
    expect(findBin('/opt/agent', { env: { PATH: '/x' }, exists: existing('/x/opt/agent'), home })).toBeUndefined();
  });

  describe('against the real file system', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'overnight-find-executable-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('only accepts executable files', () => {
      mkdirSync(join(dir, 'a', 'tool'), { recursive: true }); // a directory named like the tool
      mkdirSync(join(dir, 'b'));
      writeFileSync(join(dir, 'b', 'tool'), '#!/bin/sh\n', { mode: 0o644 }); // not executable
      mkdirSync(join(dir, 'c'));
      writeFileSync(join(dir, 'c', 'tool'), '#!/bin/sh\n', { mode: 0o755 });
      const env = { PATH: ['a', 'b', 'c'].map((sub) => join(dir, sub)).join(':') };
      expect(isExecutableFile(join(dir, 'b', 'tool'))).toBe(false);
      expect(findBin('tool', { env, home: dir })).toBe(join(dir, 'c', 'tool'));
    });
  });
});
