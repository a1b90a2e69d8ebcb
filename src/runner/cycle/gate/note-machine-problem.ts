import type { Logger } from 'pino';
import type { CommentInfo, GithubPort } from '../../github/types.js';
import { oneAtATime } from '../one-at-a-time.js';
import { isMachineProblemNote, isResolvedNote, renderMachineProblemNote, renderResolvedNote } from './render-machine-problem.js';

export type NoteGithub = Pick<GithubPort, 'findDashboard' | 'listComments' | 'addComment' | 'updateComment' | 'deleteComment'>;

export interface MachineProblemNoteOptions {
  github: NoteGithub;
  runner: string;
  timeZone: string;
  /** Masks the token (and every token shape) in the problems before they reach GitHub. */
  redact: (text: string) => string;
}

export interface PreflightOutcome {
  /** What the cycle's preflight found; none: the machine can work. */
  problems: readonly string[];
  /** When the cycle started. */
  at: Date;
  /** When the unbroken run of failed preflights before this cycle began; undefined when the previous cycle's passed. */
  failingSince: () => Date | undefined;
}

export interface MachineProblemNote {
  /** Makes the dashboard say what keeps this runner from working, or stop saying it. Never throws. */
  sync(outcome: PreflightOutcome, log: Pick<Logger, 'debug' | 'warn'>): Promise<void>;
}

/** What this process knows of its note. */
type Known =
  /** Nothing yet (a fresh process: the state store says whether to look), or lost to a GitHub failure (look). */
  | { kind: 'unknown'; askStore: boolean }
  | { kind: 'none' }
  /** Failing with no dashboard to write on: not asked again while the problems stay the same. */
  | { kind: 'no-dashboard'; body: string }
  | { kind: 'noted'; id: number; body: string };

// Anyone can paste a runner's marker into comments: at most this many are tried, newest first.
const MAX_CANDIDATES = 3;

/**
 * Keeps one comment of this runner's on the dashboard issue while its preflight fails: created
 * once, edited when the problems change, deleted (or, if that is refused, marked resolved) once a
 * preflight passes. It remembers what it wrote, so an unchanged problem costs no request and a
 * healthy night none either; a fresh process looks only when the last cycle's preflight failed.
 * A marker comment is reused only when GitHub lets this token edit it.
 */
export function createMachineProblemNote({ github, runner, timeZone, redact }: MachineProblemNoteOptions): MachineProblemNote {
  let known: Known = { kind: 'unknown', askStore: true };
  // Parallel slots run their preflights at once: one note, written by one of them at a time.
  const turns = oneAtATime();

  /** The dashboard and this runner's marker comments on it, newest first; undefined when there is no dashboard. */
  const findNotes = async (): Promise<{ dashboard: number; notes: CommentInfo[] } | undefined> => {
    const dashboard = await github.findDashboard();
    if (!dashboard) return undefined;
    const notes = (await github.listComments(dashboard.number))
      .filter((comment) => isMachineProblemNote(comment.body, runner))
      .sort((a, b) => b.id - a.id)
      .slice(0, MAX_CANDIDATES);
    return { dashboard: dashboard.number, notes };
  };

  const failing = async (problems: readonly string[], since: Date, log: Pick<Logger, 'debug'>): Promise<Known> => {
    const body = renderMachineProblemNote({ runner, problems: problems.map(redact), since, timeZone });
    if ((known.kind === 'noted' || known.kind === 'no-dashboard') && known.body === body) return known;
    if (known.kind === 'noted' && (await github.updateComment(known.id, body))) return { kind: 'noted', id: known.id, body };
    const found = await findNotes();
    if (!found) {
      log.debug('no dashboard issue (is the bot installed?): the machine problem is noted nowhere on GitHub');
      return { kind: 'no-dashboard', body };
    }
    // Someone else's marker comment this token may not edit is passed over: a fresh note is made.
    for (const note of found.notes.filter((candidate) => known.kind !== 'noted' || candidate.id !== known.id)) {
      if (note.body === body || (await github.updateComment(note.id, body))) return { kind: 'noted', id: note.id, body };
    }
    return { kind: 'noted', id: await github.addComment(found.dashboard, body), body };
  };

  const healthy = async (at: Date, failedBefore: () => boolean, log: Pick<Logger, 'warn'>): Promise<Known> => {
    if (known.kind === 'none' || known.kind === 'no-dashboard') return { kind: 'none' };
    if (known.kind === 'unknown' && known.askStore && !failedBefore()) return { kind: 'none' };
    const ids = known.kind === 'noted' ? [known.id] : ((await findNotes())?.notes ?? []).filter((note) => !isResolvedNote(note.body)).map((note) => note.id);
    for (const id of ids) {
      if (await github.deleteComment(id)) continue;
      if (!(await github.updateComment(id, renderResolvedNote({ runner, at, timeZone })))) {
        log.warn({ comment: id }, 'could neither delete nor edit the note on the dashboard that this runner could not work');
      }
    }
    return { kind: 'none' };
  };

  return {
    sync: ({ problems, at, failingSince }, log) =>
      turns.run(async () => {
        try {
          known = problems.length > 0 ? await failing(problems, failingSince() ?? at, log) : await healthy(at, () => failingSince() !== undefined, log);
        } catch (error) {
          log.warn({ error: redact((error as Error).message) }, 'could not update the note on the dashboard that this runner cannot work; the next cycle tries again');
          known = { kind: 'unknown', askStore: false };
        }
      }),
  };
}
