import { depthOf, isWithin } from './path-within.js';
import type { SandboxPolicy } from './types.js';

/**
 * System directories the agent may read, each only if it exists. Everything else outside the
 * home directory (other users' homes, /var, /srv, /mnt, /media, /run/user with its ssh-agent and
 * D-Bus sockets) is simply absent. `/run/...` are the usual targets of the /etc/resolv.conf symlink.
 */
export const BWRAP_SYSTEM_PATHS: readonly string[] = [
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/etc',
  '/opt',
  '/nix',
  '/sys',
  '/home/linuxbrew/.linuxbrew',
  '/run/systemd/resolve',
  '/run/resolvconf',
  '/run/NetworkManager/resolv.conf',
];

type Mount = { at: string; args: string[] };

/**
 * The bubblewrap command line that runs `command` under `policy`. The root is an empty tmpfs
 * with the system directories bound read-only; the home directory is a read-only empty tmpfs with
 * only the allowed paths bound into it; `/tmp` is a private tmpfs and `/proc` a fresh procfs of
 * the sandbox's own PID namespace, so no runner process is visible or signalable.
 *
 * Lifetime: with `--unshare-pid` the kernel kills every process of the namespace when its pid 1
 * (bwrap's init) dies, and `--die-with-parent` makes that happen when the outer bwrap process dies
 * or the agent's first process exits (bwrap then exits, and its init gets SIGKILL). `setsid`,
 * `nohup` or double forks inside change nothing.
 */
export function bwrapArgs(policy: SandboxPolicy, command: readonly string[]): string[] {
  if (command.length === 0) throw new Error('bwrapArgs: no command to run');
  const mounts: Mount[] = [
    ...BWRAP_SYSTEM_PATHS.map((path) => ({ at: path, args: ['--ro-bind-try', path, path] })),
    { at: '/proc', args: ['--proc', '/proc'] },
    // A fresh procfs is writable where the sysctls are: root inside would still pass the DAC check.
    { at: '/proc/sys', args: ['--ro-bind-try', '/proc/sys', '/proc/sys'] },
    { at: '/proc/sysrq-trigger', args: ['--ro-bind-try', '/proc/sysrq-trigger', '/proc/sysrq-trigger'] },
    { at: '/dev', args: ['--dev', '/dev'] },
    { at: '/tmp', args: ['--tmpfs', '/tmp'] },
    { at: policy.home, args: ['--tmpfs', policy.home] },
    ...policy.read.map(({ path, optional }) => ({ at: path, args: [optional ? '--ro-bind-try' : '--ro-bind', path, path] })),
    ...policy.write.map(({ path, optional }) => ({ at: path, args: [optional ? '--bind-try' : '--bind', path, path] })),
    ...policy.protect.map((path) => ({ at: path, args: ['--ro-bind-try', path, path] })),
    ...maskedDenies(policy).map(({ path, type }) => ({
      at: path,
      args: type === 'directory' ? ['--tmpfs', path] : ['--ro-bind', '/dev/null', path],
    })),
  ];
  // Parents first: a bind inside the home tmpfs must come after the tmpfs, or it is buried by it.
  const ordered = mounts.map((mount, index) => ({ mount, index })).sort((a, b) => depthOf(a.mount.at) - depthOf(b.mount.at) || a.index - b.index);
  // Read-only last: mount points for the binds inside had to be created first.
  const readOnly = [policy.home, ...maskedDenies(policy).filter(({ type }) => type === 'directory').map(({ path }) => path), '/'];
  return [
    '--die-with-parent',
    // Its own session: without a controlling terminal it cannot push keystrokes into ours (TIOCSTI).
    '--new-session',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    // When the runner is root bwrap keeps every capability unless told; CAP_SYS_ADMIN could unmount the masks.
    '--cap-drop',
    'ALL',
    ...ordered.flatMap(({ mount }) => mount.args),
    ...readOnly.flatMap((path) => ['--remount-ro', path]),
    '--chdir',
    policy.workspace,
    '--setenv',
    'HOME',
    policy.home,
    ...['TMPDIR', 'TMP', 'TEMP'].flatMap((name) => ['--setenv', name, policy.tmpDir]),
    '--',
    ...command,
  ];
}

/**
 * Never-readable paths that a system bind would otherwise show (a config file under /etc, a state
 * dir under /opt). Those under the home directory are already hidden by its tmpfs.
 */
function maskedDenies(policy: SandboxPolicy) {
  return policy.deny.filter(
    ({ path, type }) =>
      type !== 'missing' && !isWithin(path, policy.home) && BWRAP_SYSTEM_PATHS.some((system) => isWithin(path, system)),
  );
}
