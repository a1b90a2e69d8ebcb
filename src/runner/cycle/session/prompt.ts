import { readFile as fsReadFile, realpath as fsRealpath } from 'node:fs/promises';
import { join, relative, isAbsolute } from 'node:path';
import { clipUtf8, utf8Bytes } from '../../agents/index.js';
import type { GuardConfig } from '../../../config/index.js';
import { formatBytes } from '../guard/guard.js';

/**
 * The whole prompt at most, in bytes of UTF-8. Agents read it from stdin or a file, so no argv
 * limit applies; this keeps one goal with a huge thread from filling the model's context before
 * the agent has read a line of code.
 */
export const MAX_PROMPT_BYTES = 100 * 1024;

/** Each repository instruction file (AGENTS.md, CLAUDE.md) is cut at this many characters. */
export const MAX_SECTION_CHARS = 20_000;

/** Files a repository uses to instruct coding agents, read in this order. */
export const REPO_INSTRUCTION_FILES = ['AGENTS.md', 'CLAUDE.md'] as const;

export interface PromptGoal {
  title: string;
  body: string;
  /** Comments already filtered to trusted authors and sanitised (analyze's job), oldest first. */
  comments: string[];
  /** Set when revising an open PR after `/overnight revise`. */
  revision?: { instructions: string; reviewComments: string[] };
}

export interface BuildPromptInput {
  goal: PromptGoal;
  /** From readRepoInstructions. */
  repoInstructions?: string | undefined;
  forbidPaths: readonly string[];
  verifyCommand?: string | undefined;
  /** The guard's other limits, so the agent knows them before it trips them. */
  guard?: Pick<GuardConfig, 'maxChangedFiles' | 'maxFileBytes' | 'allowBinary'>;
  maxBytes?: number;
}

interface Parts {
  body: string;
  /** Comments kept, with their number in the whole thread. */
  comments: { n: number; text: string }[];
  droppedComments: { count: number; bytes: number };
  instructions: string;
  reviewComments: string[];
  droppedReviews: { count: number; bytes: number };
  repo: string;
  /** Set for each text that had to be cut: the note that says so, and how many bytes went. */
  notes: Partial<Record<CutField, string>>;
  cut: Partial<Record<CutField, number>>;
}

type CutField = 'body' | 'instructions' | 'repo';
const CUT_NAMES: Record<CutField, string> = { body: 'description', instructions: 'revision request', repo: 'repository instructions' };

/** A prompt, and what was left out of it to fit `MAX_PROMPT_BYTES` (empty when nothing was). */
export interface ComposedPrompt {
  text: string;
  /** For the session log: "the 3 oldest comments (2 KB)", "52 KB of the description". */
  trimmed: string[];
}

/**
 * The agent's whole prompt: the goal, any revision request, the repository's own agent
 * instructions, then the rules. It contains exactly the text it is given (deciding whose text
 * may reach an agent happens before, in analyze), up to `MAX_PROMPT_BYTES`: past that the oldest
 * comments go first, then the oldest review comments, and last the description is cut; the
 * prompt says what was left out.
 */
export function buildPrompt(input: BuildPromptInput): string {
  return composePrompt(input).text;
}

/** `buildPrompt`, saying what it trimmed. */
export function composePrompt(input: BuildPromptInput): ComposedPrompt {
  const { goal, maxBytes = MAX_PROMPT_BYTES } = input;
  const parts: Parts = {
    body: goal.body.trim(),
    comments: goal.comments.map((text, i) => ({ n: i + 1, text: text.trim() })),
    droppedComments: { count: 0, bytes: 0 },
    instructions: goal.revision?.instructions.trim() ?? '',
    reviewComments: goal.revision?.reviewComments.map((text) => text.trim()) ?? [],
    droppedReviews: { count: 0, bytes: 0 },
    repo: input.repoInstructions?.trim() ?? '',
    notes: {},
    cut: {},
  };
  let prompt = render(input, parts);
  while (utf8Bytes(prompt) > maxBytes && (parts.comments.length > 0 || parts.reviewComments.length > 0)) {
    let excess = utf8Bytes(prompt) - maxBytes;
    while (excess > 0 && parts.comments.length > 0) {
      const bytes = utf8Bytes(parts.comments.shift()!.text);
      parts.droppedComments = { count: parts.droppedComments.count + 1, bytes: parts.droppedComments.bytes + bytes };
      excess -= bytes;
    }
    while (excess > 0 && parts.comments.length === 0 && parts.reviewComments.length > 0) {
      const bytes = utf8Bytes(parts.reviewComments.shift()!);
      parts.droppedReviews = { count: parts.droppedReviews.count + 1, bytes: parts.droppedReviews.bytes + bytes };
      excess -= bytes;
    }
    prompt = render(input, parts);
  }
  // Still too big: the description, then the revision request, then the repository's
  // instructions are cut to what is left.
  for (const field of ['body', 'instructions', 'repo'] as const) {
    const whole = parts[field];
    for (let excess = utf8Bytes(prompt) - maxBytes; excess > 0 && parts[field] !== ''; excess = utf8Bytes(prompt) - maxBytes) {
      const note = (left: string) =>
        `\n\n[overnight: the ${CUT_NAMES[field]} is cut here; ${kb(utf8Bytes(whole) - utf8Bytes(left))} of it was left out to keep this prompt under ${kb(maxBytes)}.]`;
      // The note is in the prompt from the first cut on; its length barely changes after.
      const room = utf8Bytes(parts[field]) - excess - (parts.notes[field] === undefined ? utf8Bytes(note(parts[field])) : 0);
      const kept = clipUtf8(parts[field], Math.max(0, room));
      parts[field] = kept;
      parts.notes[field] = note(kept);
      parts.cut[field] = utf8Bytes(whole) - utf8Bytes(kept);
      prompt = render(input, parts);
    }
  }
  const trimmed = [
    ...(parts.droppedComments.count > 0 ? [`the ${parts.droppedComments.count} oldest comments (${kb(parts.droppedComments.bytes)})`] : []),
    ...(parts.droppedReviews.count > 0 ? [`the ${parts.droppedReviews.count} oldest review comments (${kb(parts.droppedReviews.bytes)})`] : []),
    ...Object.entries(parts.cut).map(([field, bytes]) => `${kb(bytes)} of the ${CUT_NAMES[field as CutField]}`),
  ];
  return { text: prompt, trimmed };
}

function render({ goal, forbidPaths, verifyCommand, guard, maxBytes = MAX_PROMPT_BYTES }: BuildPromptInput, parts: Parts): string {
  const text = (field: CutField) => `${parts[field]}${parts.notes[field] ?? ''}`;
  const sections = [
    'You are working unattended in a git checkout of this repository. Nobody will answer questions: use your judgement and finish the task.',
    `# Goal: ${goal.title.trim()}\n\n${goal.body.trim() ? text('body') : '(no description)'}`,
  ];
  if (goal.comments.length > 0) {
    const dropped = parts.droppedComments.count > 0 ? [omitted(parts.droppedComments, 'oldest comments', maxBytes, 'the issue has them all')] : [];
    const kept = parts.comments.map(({ n, text }) => `### Comment ${n}\n\n${text}`);
    sections.push(`## Comments on the goal\n\n${[...dropped, ...kept].join('\n\n')}`);
  }
  if (goal.revision) {
    const sectionParts = [
      '## Revision requested',
      'This goal already has a pull request and its branch is checked out here. Revise that work; do not start over.',
      goal.revision.instructions.trim() ? text('instructions') : 'Address the review comments below.',
    ];
    if (goal.revision.reviewComments.length > 0) {
      const dropped = parts.droppedReviews.count > 0 ? [omitted(parts.droppedReviews, 'oldest review comments', maxBytes, 'the pull request has them all')] : [];
      const kept = parts.reviewComments.map((comment) => `- ${comment.replaceAll('\n', '\n  ')}`);
      sectionParts.push(`### Review comments\n\n${[...dropped, ...kept].join('\n')}`);
    }
    sections.push(sectionParts.join('\n\n'));
  }
  if (parts.repo || parts.notes.repo) {
    sections.push(`# Repository instructions\n\n${text('repo')}`);
  }
  sections.push(rules(forbidPaths, verifyCommand, guard));
  return `${sections.join('\n\n')}\n`;
}

function omitted({ count, bytes }: { count: number; bytes: number }, what: string, maxBytes: number, where: string): string {
  return `[overnight: the ${count} ${what} (${kb(bytes)}) were left out to keep this prompt under ${kb(maxBytes)}; ${where}.]`;
}

const kb = (bytes: number) => `${Math.ceil(bytes / 1024)} KB`;

function rules(forbidPaths: readonly string[], verifyCommand: string | undefined, guard: BuildPromptInput['guard']): string {
  const lines = [
    '# Rules',
    '- Make a small, focused change that achieves the goal. Do not refactor, reformat or rename unrelated code.',
    verifyCommand
      ? `- Run the tests (\`${verifyCommand}\`) and make them pass before you finish; add or update tests for what you change.`
      : "- Run the project's tests if it has any and make them pass before you finish; add or update tests for what you change.",
  ];
  if (forbidPaths.length > 0) {
    lines.push(
      `- Leave these paths alone (do not create, edit or delete anything matching them; such a change is rejected): ${forbidPaths.map((glob) => `\`${glob}\``).join(', ')}.`,
    );
  }
  if (guard) {
    const limits = [
      `at most ${guard.maxChangedFiles} changed files`,
      `no file over ${formatBytes(guard.maxFileBytes)}`,
      ...(guard.allowBinary ? [] : ['no binary files']),
      'no git submodules',
      'no symlinks pointing outside the repository',
    ];
    lines.push(`- A change with more is rejected: ${limits.join(', ')}.`);
  }
  lines.push(
    '- Do not commit, push, create branches or open pull requests. Leave your changes in the working tree: the runner reviews, commits and pushes them.',
    '- When you are done, reply with a short summary of what you changed and why. It goes into the pull request.',
  );
  return lines.join('\n');
}

function clip(text: string, max = MAX_SECTION_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n[… ${text.length - max} more characters cut]`;
}

export interface ReadRepoInstructionsOptions {
  readFile?: (path: string) => Promise<string>;
  realpath?: (path: string) => Promise<string>;
}

/**
 * The repository's agent instructions (AGENTS.md, CLAUDE.md at the worktree root), each under its
 * name, or undefined when there are none. A file whose real path leaves the worktree (a symlink to
 * ~/.ssh/... committed on a branch) is skipped: its contents would be sent to the model.
 */
export async function readRepoInstructions(
  workdir: string,
  { readFile = (path) => fsReadFile(path, 'utf8'), realpath = fsRealpath }: ReadRepoInstructionsOptions = {},
): Promise<string | undefined> {
  const root = await realpath(workdir);
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const name of REPO_INSTRUCTION_FILES) {
    const path = join(workdir, name);
    let text: string;
    try {
      const real = await realpath(path);
      const inside = relative(root, real);
      if (inside.startsWith('..') || isAbsolute(inside)) continue;
      text = (await readFile(path)).trim();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') continue;
      throw error;
    }
    // CLAUDE.md is often a copy of (or a link to) AGENTS.md.
    if (text === '' || seen.has(text)) continue;
    seen.add(text);
    parts.push(`## ${name}\n\n${clip(text)}`);
  }
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}
