import type { SandboxSnapshot } from '../../sandbox/index.js';
import type { Print } from './printer.js';

export interface SandboxWatcher {
  /** Prints what GitHub (the sandbox) saw since the last call: bot comments, reactions, PRs, label changes. */
  show(state: SandboxSnapshot): void;
}

const firstLine = (text: string | null | undefined) => (text ?? '').trim().split('\n')[0] ?? '';

/** The maintainer's view of the repository: what the bot did, as it lands on "GitHub". */
export function watchSandbox(print: Print, isBot: (login: string) => boolean): SandboxWatcher {
  const labelsOf = new Map<number, string>();
  const seenComments = new Set<number>();
  const seenPulls = new Set<number>();
  let seenReactions = 0;

  return {
    show(state) {
      for (const pull of state.pulls) {
        if (seenPulls.has(pull.number)) continue;
        seenPulls.add(pull.number);
        print(`  bot opened PR #${pull.number} "${pull.title}" (${pull.head.ref} -> ${pull.base.ref}) by @${pull.user?.login ?? '?'}`);
      }
      for (const issue of state.issues) {
        const labels = issue.labels.map((label) => (typeof label === 'string' ? label : label.name)).join(', ');
        const before = labelsOf.get(issue.number);
        labelsOf.set(issue.number, labels);
        if (before !== undefined && before !== labels) print(`  #${issue.number} labels now: ${labels || '(none)'}`);
      }
      const issueOfComment = new Map(state.comments.map((comment) => [comment.id, Number(comment.issue_url.split('/').pop())]));
      for (const comment of state.comments) {
        if (seenComments.has(comment.id)) continue;
        seenComments.add(comment.id);
        const login = comment.user?.login ?? '?';
        if (isBot(login)) print(`  bot commented on #${issueOfComment.get(comment.id)}: ${firstLine(comment.body)}`);
      }
      for (const reaction of state.reactions.slice(seenReactions)) {
        const where = reaction.subject.kind === 'issue' ? `#${reaction.subject.number}` : `a comment on #${issueOfComment.get(reaction.subject.id) ?? '?'}`;
        print(`  @${reaction.user} reacted ${reaction.content} to ${where}`);
      }
      seenReactions = state.reactions.length;
    },
  };
}
