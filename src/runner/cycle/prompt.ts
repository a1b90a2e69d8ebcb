import { readFile as fsReadFile, realpath as fsRealpath } from 'node:fs/promises';
import { join, relative, isAbsolute } from 'node:path';

/** Any one piece of goal text longer than this is cut: the prompt is one argv element, and the OS caps those (128 KiB on Linux). */
export const MAX_SECTION_CHARS = 20_000;

/** Files a repository uses to instruct coding agents, read in this order. */
export const REPO_INSTRUCTION_FILES = ['AGENTS.md', 'CLAUDE.md'] as const;

export interface PromptGoal {
  title: string;
  body: string;
  /** Comments already filtered to trusted authors (analyze's job). */
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
}

/**
 * The agent's whole prompt: the goal, any revision request, the repository's own agent
 * instructions, then the rules. It contains exactly the text it is given; deciding whose text
 * may reach an agent happens before, in analyze.
 */
export function buildPrompt({ goal, repoInstructions, forbidPaths, verifyCommand }: BuildPromptInput): string {
  const sections = [
    'You are working unattended in a git worktree of this repository. Nobody will answer questions: use your judgement and finish the task.',
    `# Goal: ${goal.title.trim()}\n\n${clip(goal.body.trim()) || '(no description)'}`,
  ];
  if (goal.comments.length > 0) {
    sections.push(`## Comments on the goal\n\n${goal.comments.map((comment, i) => `### Comment ${i + 1}\n\n${clip(comment.trim())}`).join('\n\n')}`);
  }
  if (goal.revision) {
    const { instructions, reviewComments } = goal.revision;
    const parts = [
      '## Revision requested',
      'This goal already has a pull request and its branch is checked out here. Revise that work; do not start over.',
      clip(instructions.trim()) || 'Address the review comments below.',
    ];
    if (reviewComments.length > 0) {
      parts.push(`### Review comments\n\n${reviewComments.map((comment) => `- ${clip(comment.trim()).replaceAll('\n', '\n  ')}`).join('\n')}`);
    }
    sections.push(parts.join('\n\n'));
  }
  if (repoInstructions?.trim()) {
    sections.push(`# Repository instructions\n\n${repoInstructions.trim()}`);
  }
  sections.push(rules(forbidPaths, verifyCommand));
  return `${sections.join('\n\n')}\n`;
}

function rules(forbidPaths: readonly string[], verifyCommand: string | undefined): string {
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
