import type { Logger } from 'pino';
import { LABELS, parseGoalRef } from '../../protocol/index.js';
import type { GithubPort } from '../github/types.js';

type Warn = Pick<Logger, 'warn'>;

export interface RunningLabel {
  /** Labels the goal issue; once per session. */
  set(): Promise<void>;
  /** Takes the label off again, once, and only if `set` was called. */
  clear(): Promise<void>;
}

/** The goal issue of a session's goal key (`#12`); static config goals have none. */
const issueOf = (goalKey: string) => {
  const ref = parseGoalRef(goalKey);
  return ref?.kind === 'issue' ? ref.number : undefined;
};

/**
 * `overnight:running` on a session's goal issue while its agent works, so the issue
 * and the dashboard show it. A courtesy: the session's state lives in SQLite and git, so a label
 * call that fails is logged and the session goes on.
 */
export function runningLabel(github: GithubPort, goalKey: string, log: Warn): RunningLabel {
  const issue = issueOf(goalKey);
  let state: 'off' | 'set' | 'cleared' = 'off';
  return {
    async set() {
      if (issue === undefined || state !== 'off') return;
      // Counted as set even when the call fails: a 5xx may still have applied it.
      state = 'set';
      try {
        await github.addLabels(issue, [LABELS.running.name]);
      } catch (error) {
        log.warn({ issue, error: (error as Error).message }, `could not add ${LABELS.running.name} to #${issue}; the session goes on`);
      }
    },
    async clear() {
      if (state !== 'set') return;
      state = 'cleared';
      await clearRunningLabel(github, goalKey, log);
    },
  };
}

/** Removes `overnight:running` from a session's goal issue, warning instead of failing. */
export async function clearRunningLabel(github: GithubPort, goalKey: string, log: Warn | undefined): Promise<void> {
  const issue = issueOf(goalKey);
  if (issue === undefined) return;
  try {
    await github.removeLabel(issue, LABELS.running.name);
  } catch (error) {
    log?.warn({ issue, error: (error as Error).message }, `could not remove ${LABELS.running.name} from #${issue}; remove it by hand`);
  }
}
