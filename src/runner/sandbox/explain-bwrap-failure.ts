import type { ToolResult as ExecResult } from '../../platform/index.js';

export interface BwrapHostFacts {
  /** /proc/sys/kernel/apparmor_restrict_unprivileged_userns (Ubuntu 23.10 and later), trimmed. */
  apparmorRestrictUserns?: string | undefined;
  /** /proc/sys/kernel/unprivileged_userns_clone (Debian kernels before 5.10's default flip), trimmed. */
  unprivilegedUsernsClone?: string | undefined;
  /** Where bwrap is, for the AppArmor profile. */
  bwrapPath: string;
}

/** The AppArmor profile that lets bwrap alone create user namespaces under Ubuntu's restriction. */
export function apparmorProfile(bwrapPath: string): string {
  return [
    'abi <abi/4.0>,',
    'include <tunables/global>',
    `profile bwrap ${bwrapPath} flags=(unconfined) {`,
    '  userns,',
    '  include if exists <local/bwrap>',
    '}',
  ].join('\n');
}

/**
 * Why bwrap's self-test failed and what the user should do, from its stderr (the messages come
 * from bubblewrap.c; see test/fixtures/runner/sandbox/README.md) and the host's userns settings.
 */
export function explainBwrapFailure(result: ExecResult, facts: BwrapHostFacts, timeoutMs: number): { reason: string; fix: string } {
  const message = result.stderr.trim().split('\n').find((line) => line.startsWith('bwrap:')) ?? result.stderr.trim().split('\n')[0] ?? '';
  const seen = message ? ` (bwrap said: "${message}")` : '';
  if (result.failure === 'timeout') {
    return {
      reason: `bwrap did not finish its self-test within ${timeoutMs} ms`,
      fix: 'check that the machine is not overloaded and that `bwrap --ro-bind / / true` returns at once; then retry',
    };
  }
  if (result.failure === 'missing') {
    return { reason: `bwrap disappeared while it was being tested`, fix: 'reinstall bubblewrap' };
  }
  const permission = /Permission denied|Operation not permitted|No permissions to creat/.test(message);
  if (facts.apparmorRestrictUserns === '1' && (permission || /uid map|gid map|RTM_NEWADDR/.test(message))) {
    return {
      reason:
        'AppArmor blocks unprivileged user namespaces on this system (kernel.apparmor_restrict_unprivileged_userns = 1, ' +
        `the Ubuntu 23.10+ default), so bwrap cannot set up its sandbox${seen}`,
      fix:
        `either allow user namespaces for bwrap alone: write this to /etc/apparmor.d/bwrap and run ` +
        `\`sudo apparmor_parser -r /etc/apparmor.d/bwrap\`:\n${apparmorProfile(facts.bwrapPath)}\n` +
        'or lift the restriction for every program: `sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0` ' +
        '(add `kernel.apparmor_restrict_unprivileged_userns=0` to /etc/sysctl.d/60-userns.conf to keep it after a reboot)',
    };
  }
  if (/No permissions to creat/.test(message)) {
    return {
      reason: `the kernel does not let unprivileged users create user namespaces, which bwrap needs${seen}`,
      fix:
        facts.unprivilegedUsernsClone === '0'
          ? 'run `sudo sysctl -w kernel.unprivileged_userns_clone=1` (and add it to /etc/sysctl.d/ to keep it)'
          : 'allow unprivileged user namespaces: check `sysctl user.max_user_namespaces` (must be > 0); inside a container, ' +
            'run overnight on the host or give the container a seccomp profile that permits clone/unshare of namespaces',
    };
  }
  if (/max_\*_namespaces exceeded|ENOSPC/.test(message)) {
    return {
      reason: `the limit on user namespaces is reached${seen}`,
      fix: 'raise it: `sudo sysctl -w user.max_user_namespaces=15000` (0 disables them altogether)',
    };
  }
  if (/Can't mount proc/.test(message)) {
    return {
      reason: `bwrap cannot mount a fresh /proc for the sandbox's PID namespace${seen}; this happens inside containers that mask parts of /proc`,
      fix: 'run overnight directly on the host, not inside a container',
    };
  }
  return {
    reason: `bwrap could not start a sandbox${seen || ` (exit ${result.exitCode ?? 'unknown'}, no message)`}`,
    fix: 'run `bwrap --ro-bind / / --unshare-pid --proc /proc --dev /dev true` to see the error, and fix what it names',
  };
}
