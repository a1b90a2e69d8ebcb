/**
 * The session state machine (docs/architecture.md draws it). A timeout whose partial work is kept as a draft goes
 * `running -> committed` (its outcome column says "timeout"); the `timeout` state means the work
 * was discarded or there was none.
 */
export const SESSION_STATES = [
  'queued',
  'running',
  'committed',
  'pushed',
  'pr-open',
  'no-changes',
  'failed',
  'timeout',
  'abandoned',
] as const;
export type SessionState = (typeof SESSION_STATES)[number];

const NEXT: Record<SessionState, readonly SessionState[]> = {
  // A session that cannot get a worktree fails before it runs; a crash before the agent starts abandons it.
  queued: ['running', 'failed', 'abandoned'],
  running: ['committed', 'no-changes', 'failed', 'timeout', 'abandoned'],
  // A committed session is pushed; it fails only when GitHub refuses the push for good, or the
  // push kept failing, and then only after its work was saved as a patch.
  committed: ['pushed', 'failed'],
  pushed: ['pr-open'],
  'pr-open': [],
  'no-changes': [],
  failed: [],
  timeout: [],
  abandoned: [],
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: SessionState,
    readonly to: SessionState,
  ) {
    super(`illegal session transition ${from} -> ${to} (allowed from ${from}: ${NEXT[from].join(', ') || 'none, it is final'})`);
    this.name = 'IllegalTransitionError';
  }
}

export function canTransition(from: SessionState, to: SessionState): boolean {
  return NEXT[from].includes(to);
}

/** Returns `to` when the table allows `from -> to`, else throws. */
export function transition(from: SessionState, to: SessionState): SessionState {
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
  return to;
}

export function isFinal(state: SessionState): boolean {
  return NEXT[state].length === 0;
}

export function isSessionState(value: string): value is SessionState {
  return (SESSION_STATES as readonly string[]).includes(value);
}
