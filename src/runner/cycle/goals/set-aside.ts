/** Why analyze or decide left a goal out of this cycle. */
export type SetAsideKind = 'paused' | 'open-pr' | 'untrusted' | 'resting' | 'claimed' | 'untrusted-label' | 'in-progress' | 'publishing';

/** A goal left out of this cycle, with the full reason (logged, and printed by `once --dry-run`). */
export interface SetAside {
  key: string;
  kind: SetAsideKind;
  reason: string;
}

/** Failed attempts a night after which a goal rests until the next night. */
export const FAILURES_BEFORE_REST = 2;

// Grouped by kind, in this order, so one line reads "#3 paused; #1, #2 have open PRs; ...".
const PHRASES: Record<SetAsideKind, (many: boolean) => string> = {
  paused: () => 'paused',
  'open-pr': (many) => (many ? 'have open PRs' : 'has an open PR'),
  untrusted: (many) => `${many ? 'have' : 'has'} no text by a trusted user`,
  resting: (many) => `${many ? 'rest' : 'rests'} after ${FAILURES_BEFORE_REST} failures tonight`,
  claimed: (many) => (many ? 'are claimed' : 'is claimed'),
  'untrusted-label': (many) => `${many ? 'carry' : 'carries'} steering labels added without permission (ignored)`,
  'in-progress': (many) => (many ? 'are being worked on in other slots' : 'is being worked on in another slot'),
  publishing: (many) => (many ? 'wait for their PRs' : 'waits for its PR'),
};

export const NO_GOALS = 'no open issue labelled as a goal, no revision requested, no static goal';

/**
 * Why a cycle found nothing to do (pure): one part per kind of set-aside goal, naming the goals,
 * e.g. `["#3 paused", "#1, #2 have open PRs"]`; `[NO_GOALS]` when there was no candidate at all.
 */
export function setAsideParts(setAside: readonly SetAside[]): string[] {
  const parts: string[] = [];
  for (const kind of Object.keys(PHRASES) as SetAsideKind[]) {
    const keys = [...new Set(setAside.filter((item) => item.kind === kind).map((item) => item.key))].sort(byGoalKey);
    if (keys.length > 0) parts.push(`${keys.join(', ')} ${PHRASES[kind](keys.length > 1)}`);
  }
  return parts.length > 0 ? parts : [NO_GOALS];
}

/** Issues by number, then static goals by index. */
function byGoalKey(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
