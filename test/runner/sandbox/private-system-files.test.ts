import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { privateSystemFiles } from '../../../src/runner/sandbox/private-system-files.js';

// A fake /etc in a temp dir, its owners and modes real; the runner's uid and groups are passed in,
// so the same tree is judged for root, for the files' owner, for a group member and for a stranger.
let etc: string;
const uid = process.getuid?.() ?? 0;
const gid = process.getgid?.() ?? 0;
beforeEach(() => {
  etc = join(realpathSync(mkdtempSync(join(tmpdir(), 'overnight-etc-'))), 'etc');
  const file = (path: string, mode: number) => {
    writeFileSync(join(etc, path), 'x\n');
    chmodSync(join(etc, path), mode);
  };
  mkdirSync(join(etc, 'ssl', 'private'), { recursive: true });
  mkdirSync(join(etc, 'ssh'), { recursive: true });
  file('passwd', 0o644);
  file('shadow', 0o640);
  file('gshadow', 0o600);
  file('ssh/ssh_host_ed25519_key', 0o600);
  file('ssh/ssh_host_ed25519_key.pub', 0o644);
  file('ssl/private/server.key', 0o600);
  chmodSync(join(etc, 'ssl', 'private'), 0o700);
  symlinkSync('shadow', join(etc, 'shadow-link'));
});
afterEach(() => {
  chmodSync(join(etc, 'ssl', 'private'), 0o755);
  rmSync(join(etc, '..'), { recursive: true, force: true });
});

const rel = (paths: string[]) => paths.map((path) => path.slice(etc.length + 1)).sort();

describe('privateSystemFiles', () => {
  it("finds what the files' owner can read and others cannot: files, and a private directory whole", () => {
    expect(rel(privateSystemFiles({ uid, groups: [], roots: [etc] }))).toStrictEqual(['gshadow', 'shadow', 'ssh/ssh_host_ed25519_key', 'ssl/private']);
  });

  it('finds the same for root (uid 0), whoever owns the files', () => {
    expect(rel(privateSystemFiles({ uid: 0, groups: [], roots: [etc] }))).toStrictEqual(['gshadow', 'shadow', 'ssh/ssh_host_ed25519_key', 'ssl/private']);
  });

  it("finds only the group-readable ones for a member of the files' group, and nothing for a stranger", () => {
    const stranger = uid + 4242;
    expect(rel(privateSystemFiles({ uid: stranger, groups: [gid], roots: [etc] }))).toStrictEqual(['shadow']);
    expect(privateSystemFiles({ uid: stranger, groups: [gid + 4242], roots: [etc] })).toStrictEqual([]);
  });

  it('skips roots that do not exist, and never follows a symlink', () => {
    expect(rel(privateSystemFiles({ uid, groups: [], roots: [join(etc, 'missing'), join(etc, 'shadow-link'), etc] }))).not.toContain('shadow-link');
  });
});
