import { codeBlock } from '../../../protocol/index.js';

export interface PushGaveUpInput {
  sessionId: string;
  /** Why the runner stopped trying (classify-push-failure.ts). */
  reason: string;
  /** What to change before the work can be pushed, for a refusal GitHub will repeat. */
  hint?: string;
  /** Where the work is, on the runner's machine; absent when it could not be saved. */
  patchPath?: string;
  /** The runner's name, so the reader knows which machine holds the patch. */
  runner: string;
  /** The commit the patch applies to. */
  baseSha: string;
  /** The runner's own ref to the unpushed commit, kept when the patch could not be written. */
  commitRef?: string;
}

/**
 * The comment on a goal (or the PR a revision was for) when a session's push gave up: what
 * happened, where the work is, and the commands that bring it back.
 */
export function pushGaveUpComment({ sessionId, reason, hint, patchPath, runner, baseSha, commitRef }: PushGaveUpInput): string {
  const lines = [
    `<!-- overnight:push-gave-up:${sessionId} -->`,
    `**overnight** could not push the work of session \`${sessionId}\` and stopped trying:`,
    '',
    // The reason quotes the remote's words: it must not open an HTML comment and hide the rest.
    `> ${reason.replace(/\s+/g, ' ').replace(/<!--/g, '&lt;!--')}`,
    '',
  ];
  if (patchPath) {
    lines.push(
      `Nothing is lost: the change is saved as a patch on the runner's machine (\`${runner}\`):`,
      '',
      codeBlock(patchPath),
      '',
      'To bring it back, on that machine, in a clone of this repository:',
      '',
      codeBlock(['git fetch origin', `git switch --detach ${baseSha}`, `git apply --index ${patchPath}`].join('\n'), 'sh'),
      '',
    );
  } else if (commitRef) {
    lines.push(`The patch could not be written; the commit is kept in the runner's clone on \`${runner}\` as \`${commitRef}\` (\`git show ${commitRef}\`).`, '');
  }
  if (hint) lines.push(`Before pushing it: ${hint}.`, '');
  lines.push('The goal stays open: a later session may try it again.');
  return lines.join('\n');
}
