import { z } from 'zod';
import { formatTrailers, splitTrailers, trailerValue, type Trailer } from './git-trailers.js';
import { formatGoalRef, parseGoalRef, type GoalRef } from './goal-ref.js';
import { graphemePrefix } from './graphemes.js';
import { isSessionId } from './session-id.js';
import { formatRunnerNotes, splitRunnerNotes, type RunnerNotes } from './commit-notes.js';
import { formatExtraTrailers, parseExtraTrailers, type SessionExtras } from './session-extras.js';

/** The metadata every session commit carries as git trailers. */
export interface SessionTrailers extends SessionExtras {
  session: string;
  goal: GoalRef;
  agent: string;
  runner: string;
  cycle: number;
  durationSec: number;
  verify: 'passed' | 'failed' | 'skipped';
  outcome: 'complete' | 'timeout';
  /** The runner's window, "01:00-05:00", and its time zone: `Overnight-Window: 01:00-05:00 Europe/Berlin`. */
  window?: string;
  timezone?: string;
  /** What contained the agent: `Overnight-Sandbox: bwrap`, or `off` when it ran uncontained. */
  sandbox?: SandboxTrailer;
}

export const SANDBOX_VALUES = ['bwrap', 'sandbox-exec', 'off'] as const;
export type SandboxTrailer = (typeof SANDBOX_VALUES)[number];

export const SUBJECT_MAX = 72;

type RequiredTrailer = Exclude<keyof SessionTrailers, 'window' | 'timezone' | 'sandbox' | keyof SessionExtras>;

/**
 * Optional, added after the first release: a commit without it still parses, and a bot that
 * predates it ignores it (unknown trailers are skipped).
 */
const WINDOW_KEY = 'Overnight-Window';
const WINDOW = /^(\d{2}:\d{2}-\d{2}:\d{2})(?: ([A-Za-z0-9_+\-/]+))?$/;
const SANDBOX_KEY = 'Overnight-Sandbox';

const TRAILER_KEYS = {
  session: 'Overnight-Session',
  goal: 'Overnight-Goal',
  agent: 'Overnight-Agent',
  runner: 'Overnight-Runner',
  cycle: 'Overnight-Cycle',
  durationSec: 'Overnight-Duration',
  verify: 'Overnight-Verify',
  outcome: 'Overnight-Outcome',
} as const satisfies Record<RequiredTrailer, string>;

const singleLine = z.string().trim().min(1).regex(/^[^\r\n]+$/);
const count = z.coerce.number().int().min(0);

/** Trailer text is untrusted once it has been through git: parse it once, here. */
const trailersSchema = z.strictObject({
  session: z.string().refine(isSessionId, 'expected a session id'),
  goal: z.string().transform((text, ctx) => {
    const goal = parseGoalRef(text);
    if (!goal) ctx.addIssue({ code: 'custom', message: 'expected "#<issue>" or "config:<n>"' });
    return goal as GoalRef;
  }),
  agent: singleLine,
  runner: singleLine,
  cycle: count,
  durationSec: count,
  verify: z.enum(['passed', 'failed', 'skipped']),
  outcome: z.enum(['complete', 'timeout']),
});

/**
 * One line, at most 72 characters (UTF-16 units, so never more than 72 of anything); a longer
 * subject is cut between graphemes, never inside an emoji or an accented letter, and ends in "…"
 * so the cut is visible.
 */
export function truncateSubject(subject: string): string {
  const line = subject.replace(/\s+/g, ' ').trim();
  if (line.length === 0) throw new Error('a commit subject must not be empty');
  return line.length <= SUBJECT_MAX ? line : `${graphemePrefix(line, SUBJECT_MAX - 1).trimEnd()}…`;
}

export function formatCommitMessage(input: { subject: string; body: string; trailers: SessionTrailers }): string {
  const parsed = trailersSchema.parse(toStrings(input.trailers));
  const lines: Trailer[] = (Object.keys(TRAILER_KEYS) as RequiredTrailer[]).map((field) => ({
    key: TRAILER_KEYS[field],
    value: field === 'goal' ? formatGoalRef(parsed.goal) : String(parsed[field]),
  }));
  const window = windowTrailer(input.trailers);
  if (window !== undefined) lines.push({ key: WINDOW_KEY, value: window });
  if (input.trailers.sandbox !== undefined) {
    if (!SANDBOX_VALUES.includes(input.trailers.sandbox)) throw new Error(`${SANDBOX_KEY}: expected one of ${SANDBOX_VALUES.join(', ')}`);
    lines.push({ key: SANDBOX_KEY, value: input.trailers.sandbox });
  }
  lines.push(...formatExtraTrailers(input.trailers));
  const body = input.body.replace(/\r\n?/g, '\n').trim();
  return [truncateSubject(input.subject), body, formatTrailers(lines)].filter((part) => part !== '').join('\n\n') + '\n';
}

export function parseCommitMessage(
  message: string,
): { subject: string; body: string; trailers: SessionTrailers } | undefined {
  const { text, trailers } = splitTrailers(message);
  const raw = Object.fromEntries(
    Object.entries(TRAILER_KEYS).map(([field, key]) => [field, trailerValue(trailers, key)]),
  );
  const parsed = trailersSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const [subject = '', ...rest] = text.split('\n');
  const window = parseWindow(trailerValue(trailers, WINDOW_KEY));
  const sandbox = SANDBOX_VALUES.find((value) => value === trailerValue(trailers, SANDBOX_KEY));
  const trailersOut = { ...parsed.data, ...window, ...(sandbox ? { sandbox } : {}), ...parseExtraTrailers(trailers) };
  return { subject: subject.trim(), body: rest.join('\n').trim(), trailers: trailersOut };
}

function windowTrailer({ window, timezone }: SessionTrailers): string | undefined {
  if (window === undefined) {
    if (timezone !== undefined) throw new Error('Overnight-Window: a timezone needs a window');
    return undefined;
  }
  const value = timezone === undefined ? window : `${window} ${timezone}`;
  if (!WINDOW.test(value)) throw new Error(`Overnight-Window: expected "HH:MM-HH:MM [Area/City]", got "${value}"`);
  return value;
}

/** A malformed window is dropped, not fatal: it only feeds the PR's session table. */
function parseWindow(value: string | undefined): Pick<SessionTrailers, 'window' | 'timezone'> {
  const match = value === undefined ? null : WINDOW.exec(value);
  if (!match) return {};
  return { window: match[1]!, ...(match[2] ? { timezone: match[2] } : {}) };
}

function toStrings(trailers: SessionTrailers): Record<RequiredTrailer, string> {
  return {
    session: trailers.session,
    goal: formatGoalRef(trailers.goal),
    agent: trailers.agent,
    runner: trailers.runner,
    cycle: String(trailers.cycle),
    durationSec: String(trailers.durationSec),
    verify: trailers.verify,
    outcome: trailers.outcome,
  };
}

/**
 * The commit body is the agent summary, then the runner's notes (commit-notes.ts), then the
 * decision rationale as a last paragraph that starts with "Rationale:", so the bot can put each in
 * its own PR section.
 */
export function formatCommitBody(input: { summary: string; rationale: string } & RunnerNotes): string {
  const summary = input.summary.replace(/\r\n?/g, '\n').trim();
  const rationale = input.rationale.replace(/\s+/g, ' ').trim();
  const notes = formatRunnerNotes(input);
  return [summary, notes, rationale === '' ? '' : `Rationale: ${rationale}`].filter((part) => part !== '').join('\n\n');
}

export function splitCommitBody(body: string): { summary: string; rationale: string } & RunnerNotes {
  const normalised = body.replace(/\r\n?/g, '\n').trim();
  const match = /(?:^|\n\n)Rationale:[ \t]*([^\n]*(?:\n(?!\n)[^\n]*)*)$/.exec(normalised);
  const rest = match ? normalised.slice(0, match.index) : normalised;
  const { text, ...notes } = splitRunnerNotes(rest);
  return { summary: text.trim(), rationale: match ? match[1]!.replace(/\s+/g, ' ').trim() : '', ...notes };
}
