/**
 * macOS: `caffeinate -i -s -w <pid>` prevents idle sleep (-i) and, on AC power, system sleep
 * (-s) for as long as process <pid> lives, so the assertion ends by itself if the runner dies,
 * even by SIGKILL. See caffeinate(8).
 */
export function caffeinateArgs(runnerPid: number): string[] {
  return ['-i', '-s', '-w', String(runnerPid)];
}
