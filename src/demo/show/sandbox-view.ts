import type { MachineFacts, SandboxSnapshot } from '../../sandbox/index.js';
import { formatGoalRef, readPrMetadata } from '../../protocol/index.js';

/** Reading the stand-in GitHub the way a maintainer would look at it (pure). */

export function labelNames(state: SandboxSnapshot, number: number): string[] {
  const issue = state.issues.find((candidate) => candidate.number === number);
  return (issue?.labels ?? []).map((label) => (typeof label === 'string' ? label : (label.name ?? '')));
}

export function hasLabel(state: SandboxSnapshot, number: number, label: string): boolean {
  return labelNames(state, number).includes(label);
}

/** The PR whose hidden metadata names goal issue `issue`: the bot's link, not a guess from titles. */
export function pullFor(state: SandboxSnapshot, issue: number): number | undefined {
  const wanted = formatGoalRef({ kind: 'issue', number: issue });
  return state.pulls.find((pull) => {
    const metadata = readPrMetadata(pull.body);
    return metadata !== undefined && formatGoalRef(metadata.goal) === wanted;
  })?.number;
}

/** A comment by a bot on `issue` newer than comment `after`. */
export function botReplyAfter(state: SandboxSnapshot, issue: number, after: number): SandboxSnapshot['comments'][number] | undefined {
  return state.comments.find((comment) => comment.id > after && comment.user?.type === 'Bot' && comment.issue_url.endsWith(`/issues/${issue}`));
}

export function describeFacts({ power, network }: MachineFacts): string {
  return `${power.source === 'ac' ? 'AC power' : 'battery'} (${power.percent}%), ${network.kind} "${network.ssid}"`;
}
