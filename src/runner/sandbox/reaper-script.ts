/**
 * The first process inside a Seatbelt sandbox: runs the agent, and makes every process the agent
 * started die with the session, including those that called setsid() and were reparented to
 * launchd, which no walk of the process table can attribute to the session afterwards.
 *
 * It relies on one kernel rule: `kill(-1, sig)` signals every process the caller may signal, and
 * the profile lets a sandboxed process signal only processes of its own sandbox, which nothing
 * started inside can leave. Before relying on it, the script checks it on its parent (the runner,
 * outside): if that signal were allowed, a sweep would hit the user's whole session, so it refuses
 * to start (exit 125) instead.
 *
 * - The agent exits: its status is kept, a sweeper is left behind and the script exits; once the
 *   runner has reaped the script, the sweeper sends SIGKILL to everything left, itself included
 *   (on macOS `kill(-1)` includes the caller, which is why the script cannot sweep and still
 *   report the status).
 * - SIGTERM (timeout, abort): every process of the sandbox gets SIGTERM, and after `grace` seconds
 *   whatever is left gets SIGKILL.
 *
 * Arguments: `sh -c SCRIPT overnight-sandbox <grace seconds> <runner pid> <command...>`. The runner
 * pid is the self-check's target: the script's parent in production, another outside process in
 * the Linux test that runs the script inside a bubblewrap PID namespace.
 */
export const SEATBELT_REAPER_SCRIPT = [
  'grace=$1; runner=$2; shift 2',
  'if kill -0 "$runner" 2>/dev/null; then',
  '  echo "overnight: sandbox self-check failed: a sandboxed process could signal the runner (pid $runner); not starting" >&2',
  '  exit 125',
  'fi',
  'stop() {',
  "  trap '' TERM INT HUP",
  '  kill -TERM -1 2>/dev/null',
  "  ( sleep \"$grace\"; kill -KILL -1 2>/dev/null ) &",
  '}',
  'trap stop TERM INT HUP',
  '"$@" &',
  'child=$!',
  'wait "$child"; status=$?',
  // A trapped signal interrupts wait; the agent may still be finishing.
  'while kill -0 "$child" 2>/dev/null; do wait "$child"; status=$?; done',
  "( trap '' TERM INT HUP; while kill -0 $$ 2>/dev/null; do sleep 0.05; done; kill -KILL -1 2>/dev/null ) &",
  'exit "$status"',
].join('\n');

/** The reaper's SIGKILL comes before the runner's, which would take the reaper down first. */
export function reaperGraceSeconds(graceMs: number): string {
  const ms = graceMs > 2_000 ? graceMs - 1_000 : graceMs / 2;
  return (Math.max(0, ms) / 1000).toFixed(3);
}
