import { execFileSync } from 'node:child_process';
import { parseCommitMessage, readPrMetadata, type PrMetadata, type SessionTrailers } from '../../../src/protocol/index.js';
import type { SandboxSnapshot } from '../../../src/sandbox/state/snapshot.js';
import type { Delivery } from '../../../src/sandbox/http/webhook-deliverer.js';

type Pull = SandboxSnapshot['pulls'][number];

export function labelsOf(state: SandboxSnapshot, issue: number): string[] {
  const found = state.issues.find((candidate) => candidate.number === issue);
  return (found?.labels ?? []).map((label) => (typeof label === 'string' ? label : (label.name ?? ''))).sort();
}

/** The pull requests whose hidden metadata names goal issue `issue`. */
export function pullsForGoal(state: SandboxSnapshot, issue: number): Array<{ pull: Pull; metadata: PrMetadata }> {
  return state.pulls.flatMap((pull) => {
    const metadata = readPrMetadata(pull.body ?? '');
    return metadata?.goal.kind === 'issue' && metadata.goal.number === issue ? [{ pull, metadata }] : [];
  });
}

/**
 * The `overnight*` labels issue `issue` gained (+) and lost (-), in the order the webhooks went
 * out: GitHub's own record of a goal's transitions.
 */
export function labelHistory(deliveries: Delivery[], issue: number): string[] {
  return deliveries.flatMap((delivery) => {
    const payload = delivery.payload as { issue?: { number?: number }; label?: { name?: string } };
    if (delivery.event !== 'issues' || payload.issue?.number !== issue || !payload.label?.name?.startsWith('overnight')) return [];
    if (delivery.action === 'labeled') return [`+${payload.label.name}`];
    if (delivery.action === 'unlabeled') return [`-${payload.label.name}`];
    return [];
  });
}

/** The trailers of a commit in the bare remote, read back with the protocol's own parser. */
export function trailersOf(remotePath: string, sha: string): { subject: string; trailers: SessionTrailers } {
  const message = execFileSync('git', ['-C', remotePath, 'log', '-1', '--format=%B', sha], { encoding: 'utf8' });
  const parsed = parseCommitMessage(message);
  if (!parsed) throw new Error(`commit ${sha} carries no overnight trailers:\n${message}`);
  return parsed;
}

/** Paths a commit changed, relative to the repository root. */
export function filesChangedBy(remotePath: string, sha: string): string[] {
  return execFileSync('git', ['-C', remotePath, 'diff-tree', '--no-commit-id', '--name-only', '-r', sha], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
}
