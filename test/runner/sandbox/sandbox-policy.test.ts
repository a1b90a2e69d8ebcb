import { describe, expect, it } from 'vitest';
import { SandboxPolicyError } from '../../../src/runner/sandbox/types.js';
import { fakeFs, HOME, policyFor } from './policy-fixture.js';

const paths = (entries: { path: string }[]) => entries.map(({ path }) => path);
const WS = '/home/dev/.local/share/overnight/worktrees/20261128-0107-a1b2c3';
const TMP = '/home/dev/.local/share/overnight/tmp/20261128-0107-a1b2c3';

function refusal(run: () => unknown): SandboxPolicyError {
  try {
    run();
  } catch (error) {
    if (error instanceof SandboxPolicyError) return error;
    throw error;
  }
  throw new Error('expected a SandboxPolicyError');
}

describe('sandboxPolicy', () => {
  it('lets claude-code write its workspace, temp dir and own state, and read its binary and the toolchains', () => {
    const policy = policyFor();
    expect(policy.workspace).toBe(WS);
    expect(policy.tmpDir).toBe(TMP);
    expect(policy.write).toEqual([
      { path: WS, optional: false },
      { path: TMP, optional: false },
      { path: `${HOME}/.claude`, optional: true },
      { path: `${HOME}/.claude.json`, optional: true },
    ]);
    expect(paths(policy.read)).toEqual(
      expect.arrayContaining([`${HOME}/.local/share/claude`, `${HOME}/.npm`, `${HOME}/.cargo/bin`, `${HOME}/.rustup`, `${HOME}/.pyenv`, `${HOME}/.nvm`]),
    );
    expect(policy.read.every(({ optional }) => optional)).toBe(true);
    expect(policy.protect).toEqual(expect.arrayContaining([`${HOME}/.claude/settings.json`, `${HOME}/.claude/hooks`]));
    expect(policy.network).toBe('open');
  });

  it('gives each agent kind its own state and nothing of the others', () => {
    expect(paths(policyFor({ kind: 'codex' }).write).slice(2)).toEqual([`${HOME}/.codex`]);
    expect(policyFor({ kind: 'codex' }).protect).toContain(`${HOME}/.codex/config.toml`);
    expect(paths(policyFor({ kind: 'aider' }).write).slice(2)).toEqual([`${HOME}/.aider`]);
    expect(paths(policyFor({ kind: 'command' }).write)).toEqual([WS, TMP]);
    expect(policyFor({ kind: 'command' }).protect).toEqual([]);
    expect(paths(policyFor({ kind: 'codex' }).read)).not.toContain(`${HOME}/.local/share/claude`);
  });

  it('never exposes the git config, the top of ~/.cargo, or the home directory itself', () => {
    for (const kind of ['claude-code', 'codex', 'aider', 'command'] as const) {
      const policy = policyFor({ kind });
      const exposed = [...paths(policy.read), ...paths(policy.write)];
      expect(exposed).not.toContain(`${HOME}/.gitconfig`);
      expect(exposed).not.toContain(`${HOME}/.cargo`);
      expect(exposed).not.toContain(HOME);
    }
  });

  it('denies the credential stores and the runner state and config, with what each is', () => {
    const fs = fakeFs({ dirs: [`${HOME}/.ssh`, '/home/dev/.local/share/overnight'], files: ['/home/dev/.config/overnight/config.json'] });
    const deny = policyFor({}, fs).deny;
    expect(deny).toEqual(
      expect.arrayContaining([
        { path: `${HOME}/.ssh`, type: 'directory' },
        { path: `${HOME}/.aws`, type: 'missing' },
        { path: `${HOME}/.config/gh`, type: 'missing' },
        { path: `${HOME}/.gnupg`, type: 'missing' },
        { path: `${HOME}/Library/Keychains`, type: 'missing' },
        { path: '/Library/Keychains', type: 'missing' },
        { path: '/home/dev/.local/share/overnight', type: 'directory' },
        { path: '/home/dev/.config/overnight/config.json', type: 'file' },
      ]),
    );
  });

  it('refuses a never-readable path in allowRead or allowWrite, naming the field and the path', () => {
    const error = refusal(() => policyFor({ allowRead: ['/usr/share/dict', '~/.ssh'] }));
    expect(error.field).toBe('allowRead[1]');
    expect(error.message).toBe(`allowRead[1]: ${HOME}/.ssh is ${HOME}/.ssh, which is never readable`);
    expect(refusal(() => policyFor({ allowWrite: ['~/.aws/credentials'] })).message).toBe(
      `allowWrite[0]: ${HOME}/.aws/credentials is inside ${HOME}/.aws, which is never readable`,
    );
    expect(refusal(() => policyFor({ allowRead: ['/home/dev/.config/overnight/config.json'] })).field).toBe('allowRead[0]');
    expect(refusal(() => policyFor({ allowRead: ['/home/dev/.local/share/overnight/state.db'] })).message).toContain(
      'is inside /home/dev/.local/share/overnight, which is never readable',
    );
  });

  it('refuses a parent of a never-readable path: the home directory, ~/.config, ~/.cargo', () => {
    expect(refusal(() => policyFor({ allowRead: ['~'] })).message).toContain(`${HOME} contains ${HOME}/.ssh, which is never readable`);
    expect(refusal(() => policyFor({ allowRead: ['~/.config'] })).message).toBe(
      `allowRead[0]: ${HOME}/.config contains ${HOME}/.config/gh, which is never readable; list the paths inside it that the agent needs instead`,
    );
    expect(refusal(() => policyFor({ allowWrite: ['~/.cargo'] })).message).toContain(`contains ${HOME}/.cargo/credentials`);
    expect(refusal(() => policyFor({ workspace: HOME })).field).toBe('workspace');
    expect(refusal(() => policyFor({ allowRead: ['/'] })).field).toBe('allowRead[0]');
    expect(refusal(() => policyFor({ home: '/', neverRead: [] })).field).toBe('home');
  });

  it('sees through symlinks before deciding', () => {
    const fs = fakeFs({ links: { [`${HOME}/keys`]: `${HOME}/.ssh` } });
    const error = refusal(() => policyFor({ allowRead: ['~/keys'] }, fs));
    expect(error.message).toBe(`allowRead[0]: ${HOME}/.ssh is ${HOME}/.ssh, which is never readable`);
    // On macOS /tmp is /private/tmp: rules must name the real path.
    const mac = policyFor({ workspace: '/tmp/ws', allowRead: ['/tmp/data'] }, fakeFs({ links: { '/tmp': '/private/tmp' } }));
    expect(mac.workspace).toBe('/private/tmp/ws');
    expect(paths(mac.read)).toContain('/private/tmp/data');
  });

  it("allows the session's own dirs inside the runner state dir, but not inside a credential store", () => {
    expect(policyFor().workspace).toBe(WS);
    expect(refusal(() => policyFor({ workspace: `${HOME}/.ssh/work` })).message).toBe(
      `workspace: ${HOME}/.ssh/work is inside ${HOME}/.ssh, which is never readable`,
    );
    // The same carve-out is not open to what the user lists.
    expect(refusal(() => policyFor({ allowWrite: [`${WS}-other`] })).field).toBe('allowWrite[0]');
  });

  it("reads the workspace's object store even inside the runner state dir, required, never writable", () => {
    const store = '/home/dev/.local/share/overnight/repo.git/objects';
    const clone = '/home/dev/src/app/.git';
    const policy = policyFor({ sessionRead: [store, clone] });
    expect(policy.read).toContainEqual({ path: store, optional: false });
    expect(policy.read).toContainEqual({ path: clone, optional: false });
    expect(paths(policy.write)).not.toContain(store);
    // Not a way to expose the state dir itself, nor a credential store.
    expect(refusal(() => policyFor({ sessionRead: ['/home/dev/.local/share/overnight'] })).field).toBe('sessionRead[0]');
    expect(refusal(() => policyFor({ sessionRead: [`${HOME}/.ssh`] })).message).toBe(`sessionRead[0]: ${HOME}/.ssh is ${HOME}/.ssh, which is never readable`);
  });

  it('drops its own defaults that would expose a never-readable path instead of failing', () => {
    const policy = policyFor({ neverRead: ['/home/dev/.local'], workspace: '/srv/ws', tmpDir: '/srv/tmp' });
    expect(paths(policy.read)).not.toContain(`${HOME}/.local/bin`);
    expect(paths(policy.read)).not.toContain(`${HOME}/.local/share/claude`);
    expect(paths(policy.read)).toContain(`${HOME}/.npm`);
  });

  it('expands ~/, keeps spaces, and folds what is already writable out of the read list', () => {
    const policy = policyFor({
      workspace: '/Users/dev/My Projects/app',
      allowRead: ['~/Shared Data/', '/Users/dev/My Projects/app/vendor'],
      allowWrite: ['~/.cache/my tool'],
    });
    expect(paths(policy.read)).toContain(`${HOME}/Shared Data`);
    expect(paths(policy.read)).not.toContain('/Users/dev/My Projects/app/vendor');
    expect(policy.write).toContainEqual({ path: `${HOME}/.cache/my tool`, optional: true });
    expect(policy.write[0]).toEqual({ path: '/Users/dev/My Projects/app', optional: false });
  });

  it('keeps the workspace required when it is listed again in allowWrite', () => {
    const policy = policyFor({ workspace: '/srv/ws', allowWrite: ['/srv/ws/'] });
    expect(policy.write.filter(({ path }) => path === '/srv/ws')).toEqual([{ path: '/srv/ws', optional: false }]);
  });

  it('refuses relative paths and control characters', () => {
    expect(refusal(() => policyFor({ allowRead: ['data'] })).message).toBe(
      'allowRead[0]: expected an absolute path or one starting with ~/, got "data"',
    );
    expect(refusal(() => policyFor({ allowWrite: ['/tmp/a\nb'] })).message).toContain('contains a control character');
  });

  it('refuses a host allowlist for the network, saying why neither tool can enforce one', () => {
    const error = refusal(() => policyFor({ network: 'allowlist' }));
    expect(error.field).toBe('network');
    expect(error.message).toContain('never by host name');
    expect(error.message).toContain('Use "open"');
    expect(policyFor({ network: 'open' }).network).toBe('open');
  });
});
