/**
 * Linux: `systemd-inhibit` holds a logind "block" inhibitor for the lifetime of the command it
 * runs. The command is a shell loop that exits once the runner's pid is gone, so the inhibitor
 * ends by itself if the runner dies, even by SIGKILL.
 *
 * Why `sh -c 'while kill -0 ...; do sleep N; done'` and not `tail --pid=PID -f /dev/null`:
 * `--pid` is a GNU coreutils extension that busybox `tail` lacks, while `kill -0` and `sleep`
 * are POSIX and exist in every `sh` (dash, bash, busybox ash). The pid is passed as `$0` rather
 * than spliced into the script, so nothing is ever interpreted by the shell.
 */
export function systemdInhibitArgs(runnerPid: number, reason: string, pollSeconds = 5): string[] {
  return [
    '--what=sleep:idle',
    '--who=overnight',
    `--why=${reason}`,
    '--mode=block',
    'sh',
    '-c',
    `while kill -0 "$0" 2>/dev/null; do sleep ${pollSeconds}; done`,
    String(runnerPid),
  ];
}
