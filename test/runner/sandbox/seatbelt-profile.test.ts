import { describe, expect, it } from 'vitest';
import { sbplString, seatbeltProfile } from '../../../src/runner/sandbox/seatbelt-profile.js';
import { fakeFs, HOME, policyFor } from './policy-fixture.js';

const WS = '/home/dev/.local/share/overnight/worktrees/20261128-0107-a1b2c3';

/** Top-level forms of an SBPL text: `;` comments, strings and `#"..."` regexes respected. */
function forms(profile: string): string[] {
  const found: string[] = [];
  let depth = 0;
  let start = -1;
  for (let i = 0; i < profile.length; i++) {
    const char = profile[i];
    if (char === ';') {
      while (i < profile.length && profile[i] !== '\n') i++;
    } else if (char === '"') {
      for (i++; profile[i] !== '"'; i++) if (profile[i] === '\\') i++;
    } else if (char === '(') {
      if (depth++ === 0) start = i;
    } else if (char === ')') {
      if (--depth === 0) found.push(profile.slice(start, i + 1));
      if (depth < 0) throw new Error(`unbalanced ) at ${i}`);
    }
  }
  if (depth !== 0) throw new Error('unbalanced (');
  return found;
}

const indexOfForm = (all: string[], predicate: (form: string) => boolean) => all.findIndex(predicate);

describe('seatbeltProfile', () => {
  const profile = seatbeltProfile(policyFor());
  const all = forms(profile);

  it('is well-formed SBPL that starts closed', () => {
    expect(all[0]).toBe('(version 1)');
    expect(all[1]).toBe('(deny default)');
    for (const form of all.slice(1)) expect(form).toMatch(/^\((allow|deny) /);
  });

  it('lets processes touch only their own sandbox', () => {
    expect(all).toContain('(allow signal (target same-sandbox))');
    expect(all).toContain('(allow process-info* (target same-sandbox))');
    for (const form of all) {
      expect(form).not.toMatch(/^\(allow (signal|mach-lookup|sysctl-read|network\*|process-info\*|file-read\*|file-write\*)\)$/);
    }
    expect(profile).not.toContain('kern.procargs');
    expect(profile).not.toContain('com.apple.securityd.xpc');
  });

  it('reads system paths, reads toolchains, and writes only the workspace, temp dir and agent state', () => {
    const systemRead = all.find((form) => form.startsWith('(allow file-read*\n') && form.includes('(subpath "/usr")'));
    expect(systemRead).toContain('(subpath "/System")');
    expect(systemRead).toContain('(subpath "/private/etc")');
    const write = all.find((form) => form.startsWith('(allow file-read* file-write*\n'));
    expect(write).toBe(
      [
        '(allow file-read* file-write*',
        `  (subpath "${WS}")`,
        '  (subpath "/home/dev/.local/share/overnight/tmp/20261128-0107-a1b2c3")',
        `  (subpath "${HOME}/.claude")`,
        `  (subpath "${HOME}/.claude.json")`,
        ')',
      ].join('\n'),
    );
    const read = all.find((form) => form.startsWith('(allow file-read*\n') && form.includes('.npm'));
    expect(read).toContain(`(subpath "${HOME}/.local/share/claude")`);
    expect(read).not.toContain('.gitconfig');
  });

  it('denies the secrets and the agent hook files after every allow (the last matching rule wins)', () => {
    const secrets = indexOfForm(all, (form) => form.startsWith('(deny file-read* file-write*'));
    const protect = indexOfForm(all, (form) => form.startsWith('(deny file-write*\n'));
    const lastAllowedPath = Math.max(
      ...all.map((form, i) => (/^\(allow file-read\*( file-write\*)?\n/.test(form) && !form.includes(WS) ? i : -1)),
    );
    expect(secrets).toBeGreaterThan(lastAllowedPath);
    expect(protect).toBeGreaterThan(lastAllowedPath);
    for (const secret of ['.ssh', '.aws', '.config/gh', '.gnupg', 'Library/Keychains']) {
      expect(all[secrets]).toContain(`(subpath "${HOME}/${secret}")`);
    }
    expect(all[secrets]).toContain('(subpath "/home/dev/.local/share/overnight")');
    expect(all[secrets]).toContain('(subpath "/home/dev/.config/overnight/config.json")');
    expect(all[protect]).toContain(`(subpath "${HOME}/.claude/settings.json")`);
  });

  it('re-allows the session dirs the runner made inside its own denied state dir, and only those', () => {
    const secrets = indexOfForm(all, (form) => form.startsWith('(deny file-read* file-write*'));
    const carveOut = indexOfForm(all, (form) => form.startsWith('(allow file-read* file-write*') && form.includes(WS) && !form.includes('.claude'));
    expect(carveOut).toBeGreaterThan(secrets);
    expect(all[carveOut]).not.toContain('/home/dev/.local/share/overnight")');
    const metadata = all.find((form) => form.startsWith('(allow file-read-metadata\n'));
    expect(metadata).toContain('(literal "/home/dev/.local/share/overnight/worktrees")');
    expect(metadata).not.toContain('(literal "/home/dev/.local/share")');

    // The workspace's object store inside the state dir: readable after the deny, never writable.
    const store = '/home/dev/.local/share/overnight/repo.git/objects';
    const withStore = forms(seatbeltProfile(policyFor({ sessionRead: [store] })));
    const readCarveOut = withStore.findLastIndex((form) => form.startsWith('(allow file-read*\n') && form.includes(`"${store}"`));
    expect(readCarveOut).toBeGreaterThan(indexOfForm(withStore, (form) => form.startsWith('(deny file-read* file-write*')));
    expect(withStore.filter((form) => form.includes('file-write') && form.includes(store))).toEqual([]);
    expect(withStore.find((form) => form.startsWith('(allow file-read-metadata\n'))).toContain('(literal "/home/dev/.local/share/overnight/repo.git")');

    const outside = forms(seatbeltProfile(policyFor({ workspace: '/Users/dev/src/app', tmpDir: '/Users/dev/tmp/s1' })));
    const afterDeny = outside.slice(indexOfForm(outside, (form) => form.startsWith('(deny file-read* file-write*')) + 1);
    expect(afterDeny.some((form) => form.startsWith('(allow file-read* file-write*'))).toBe(false);
  });

  it('opens the network by IP only: the resolver socket and sockets in writable dirs, not ssh-agent or Docker', () => {
    expect(all).toContain('(allow network-outbound (remote ip "*:*"))');
    expect(all).toContain('(allow network-outbound (remote unix-socket (path-literal "/private/var/run/mDNSResponder")))');
    expect(all).toContain(`(allow network-outbound (remote unix-socket (subpath "${WS}")))`);
    const unixSockets = all.filter((form) => form.includes('unix-socket'));
    for (const form of unixSockets) expect(form).not.toMatch(/\/tmp\/com\.apple\.launchd|docker\.sock|path-regex/);
  });

  it('escapes quotes and backslashes in paths', () => {
    expect(sbplString('/Users/dev/a "b"\\c')).toBe('"/Users/dev/a \\"b\\"\\\\c"');
    const odd = seatbeltProfile(policyFor({ workspace: '/Users/dev/My "Projects"/a\\b', tmpDir: '/Users/dev/tmp dir' }));
    expect(() => forms(odd)).not.toThrow();
    expect(odd).toContain('(subpath "/Users/dev/My \\"Projects\\"/a\\\\b")');
    expect(odd).toContain('(subpath "/Users/dev/tmp dir")');
  });

  it('names real paths, as Seatbelt matches them', () => {
    const mac = seatbeltProfile(policyFor({ workspace: '/tmp/ws', tmpDir: '/var/folders/x/T/s1' }, fakeFs({ links: { '/tmp': '/private/tmp', '/var': '/private/var' } })));
    expect(mac).toContain('(subpath "/private/tmp/ws")');
    expect(mac).toContain('(subpath "/private/var/folders/x/T/s1")');
    expect(mac).not.toContain('(subpath "/tmp/ws")');
  });
});
