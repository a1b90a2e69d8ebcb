/** What a check concluded, before the runner adds its name, whether it is required and its time. */
export interface Verdict {
  ok: boolean;
  reason: string;
  seen: string;
}

export type UnknownPolicy = 'fail' | 'pass';

/**
 * A fact that could not be read. It fails the check (fail closed) unless the config says
 * `constraints.unknown: "pass"`, and the reason says which it was and why the fact is unknown.
 */
export function unknownVerdict(what: string, why: string, policy: UnknownPolicy): Verdict {
  const outcome = policy === 'pass' ? 'passing, as constraints.unknown is "pass"' : 'failing closed, as constraints.unknown is "fail"';
  return { ok: policy === 'pass', reason: `${what} unknown (${why}): ${outcome}`, seen: 'unknown' };
}
