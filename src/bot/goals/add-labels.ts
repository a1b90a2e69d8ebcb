import type { LabelDef } from '../../protocol/index.js';
import type { Octokit, Repo } from '../github.js';
import { labelNames } from './goal-issue.js';

/** What GitHub gives a label it creates because an issue was given a name no label has. */
const CREATED_COLOR = 'ededed';

/**
 * Adds labels to an issue or PR and returns its labels as GitHub answers. GitHub creates a label
 * that does not exist yet, grey (`ededed`) and undescribed; ours then get their colour and
 * description, once, when the answer shows one came back like that. So no event lists the
 * repository's labels first.
 */
export async function addLabels(octokit: Octokit, repo: Repo, issue: number, labels: readonly LabelDef[]): Promise<string[]> {
  if (labels.length === 0) return [];
  const { data } = await octokit.rest.issues.addLabels({ ...repo, issue_number: issue, labels: labels.map((label) => label.name) });
  for (const wanted of labels) {
    const got = data.find((label) => label.name.toLowerCase() === wanted.name.toLowerCase());
    const fresh = got !== undefined && got.color.toLowerCase() === CREATED_COLOR && !got.description;
    if (!fresh || (wanted.color.toLowerCase() === CREATED_COLOR && !wanted.description)) continue;
    await octokit.rest.issues.updateLabel({ ...repo, name: got.name, color: wanted.color, description: wanted.description });
  }
  return labelNames(data);
}
