import type { LabelDef } from '../../protocol/index.js';
import { hasStatus, isUnprocessable, type Octokit, type Repo } from '../github.js';

/**
 * Creates the labels that are missing, with our colours and descriptions, before they are used:
 * adding an unknown label to an issue would create it grey and undescribed.
 */
export async function ensureLabels(octokit: Octokit, repo: Repo, labels: readonly LabelDef[]): Promise<void> {
  if (labels.length === 0) return;
  const existing = await octokit.paginate(octokit.rest.issues.listLabelsForRepo, { ...repo, per_page: 100 });
  const have = new Set(existing.map((label) => label.name.toLowerCase()));
  for (const label of labels) {
    if (have.has(label.name.toLowerCase())) continue;
    try {
      await octokit.rest.issues.createLabel({ ...repo, ...label });
    } catch (error) {
      // Another delivery created it between our list and create.
      if (!isUnprocessable(error, /already_exists|already exists/i)) throw error;
    }
    have.add(label.name.toLowerCase());
  }
}

/** Removing a label that is not there is success: the state we want holds. */
export async function removeLabel(octokit: Octokit, repo: Repo, issue: number, name: string): Promise<void> {
  try {
    await octokit.rest.issues.removeLabel({ ...repo, issue_number: issue, name });
  } catch (error) {
    if (!hasStatus(error, 404)) throw error;
  }
}
