import { hasLabel, type LabelDef } from '../../protocol/index.js';
import { addLabels } from './add-labels.js';
import { removeLabel } from './ensure-labels.js';
import type { Octokit, Repo } from '../github.js';
import type { GoalIssue } from './goal-issue.js';

/**
 * Label edits on one issue that keep `issue.labels` current, so later commands in the same comment
 * (and its `status` reply) see the effect of earlier ones, and no call is made for a no-op.
 * `changed` hears each edit (the event's view of the repository, for the dashboard).
 */
export function issueLabels(octokit: Octokit, repo: Repo, issue: GoalIssue, changed: (issue: GoalIssue) => void = () => {}) {
  return {
    has: (name: string) => hasLabel(issue.labels, name),
    names: () => [...issue.labels],
    async add(label: LabelDef): Promise<void> {
      if (hasLabel(issue.labels, label.name)) return;
      await addLabels(octokit, repo, issue.number, [label]);
      issue.labels.push(label.name);
      changed(issue);
    },
    async remove(name: string): Promise<void> {
      if (!hasLabel(issue.labels, name)) return;
      await removeLabel(octokit, repo, issue.number, name);
      issue.labels = issue.labels.filter((label) => label.toLowerCase() !== name.toLowerCase());
      changed(issue);
    },
  };
}
