import { hasLabel, type LabelDef } from '../../protocol/index.js';
import { ensureLabels, removeLabel } from './ensure-labels.js';
import type { Octokit, Repo } from '../github.js';
import type { GoalIssue } from './goal-issue.js';

/**
 * Label edits on one issue that keep `issue.labels` current, so later commands in the same comment
 * (and its `status` reply) see the effect of earlier ones, and no call is made for a no-op.
 */
export function issueLabels(octokit: Octokit, repo: Repo, issue: GoalIssue) {
  return {
    has: (name: string) => hasLabel(issue.labels, name),
    names: () => [...issue.labels],
    async add(label: LabelDef): Promise<void> {
      if (hasLabel(issue.labels, label.name)) return;
      await ensureLabels(octokit, repo, [label]);
      await octokit.rest.issues.addLabels({ ...repo, issue_number: issue.number, labels: [label.name] });
      issue.labels.push(label.name);
    },
    async remove(name: string): Promise<void> {
      if (!hasLabel(issue.labels, name)) return;
      await removeLabel(octokit, repo, issue.number, name);
      issue.labels = issue.labels.filter((label) => label.toLowerCase() !== name.toLowerCase());
    },
  };
}
