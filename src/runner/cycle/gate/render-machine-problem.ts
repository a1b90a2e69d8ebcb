/**
 * The runner's note on the dashboard issue while its machine cannot work. The dashboard's body is
 * the bot's, rebuilt on every event, and the bot cannot see the runner's machine: so the runner
 * says it in a comment of its own, found again by a hidden marker naming the runner.
 */

/** The hidden line that marks a runner's note; the name is percent-encoded so it cannot close the comment. */
export function machineProblemMarker(runner: string): string {
  return `<!-- overnight:runner-problem runner="${encodeURIComponent(runner)}" -->`;
}

/** Whether a comment ends with `runner`'s marker (anyone can paste one: the caller decides what to trust). */
export function isMachineProblemNote(body: string, runner: string): boolean {
  return body.trimEnd().endsWith(machineProblemMarker(runner));
}

/** A note already turned into "works again": left alone when the runner is healthy. */
export function isResolvedNote(body: string): boolean {
  return body.startsWith(RESOLVED);
}

export interface MachineProblemNoteInput {
  runner: string;
  /** Each problem with its fix, as the preflight words it; already redacted. */
  problems: readonly string[];
  /** When the runner's unbroken run of failed preflights began. */
  since: Date;
  /** The runner's schedule zone: the clock its user reads. */
  timeZone: string;
}

export function renderMachineProblemNote({ runner, problems, since, timeZone }: MachineProblemNoteInput): string {
  return [
    `⚠️ **Runner ${inlineCode(runner)} cannot work** (since ${localTime(since, timeZone)} ${timeZone}):`,
    '',
    ...problems.map((problem) => `- ${quietText(problem)}`),
    '',
    '`overnight status` on that machine has the details; goals are not charged for this. ' +
      "This note goes away once a cycle's checks pass again.",
    '',
    machineProblemMarker(runner),
  ].join('\n');
}

const RESOLVED = '✅ ';

/** What a note says when it could not be deleted once the runner works again. */
export function renderResolvedNote({ runner, at, timeZone }: { runner: string; at: Date; timeZone: string }): string {
  return `${RESOLVED}**Runner ${inlineCode(runner)} works again**: its checks passed at ${localTime(at, timeZone)} ${timeZone}.\n\n${machineProblemMarker(runner)}`;
}

/** "Sat 28 Nov, 01:30": the date too, since a machine can stay broken for days. */
function localTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(at);
}

/** `text` as a code span, fenced with more backticks than it holds. */
function inlineCode(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${flat} ${fence}` : `${fence}${flat}${fence}`;
}

/**
 * A problem as one list line that can ping no one and run nothing: on one line, no line of the
 * note starts with `/overnight` (a command the bot would take from the runner's token); `@name`
 * and `#12` (or `acme/widgets#12`) get a zero-width space, invisible even in code spans, so GitHub
 * neither mentions nor cross-references; outside code spans `<` is escaped, so no HTML (a comment
 * hiding the rest, an image) gets in.
 */
export function quietText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/(^|[^\w])@(?=\w)/g, `$1@${ZWSP}`)
    .replace(/#(?=\d)/g, `#${ZWSP}`)
    .split(/(`[^`]*`)/)
    .map((part) => (part.length > 1 && part.startsWith('`') && part.endsWith('`') ? part : part.replace(/</g, '&lt;')))
    .join('');
}

const ZWSP = '\u200b';
