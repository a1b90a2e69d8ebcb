import type { Octokit, Repo } from './github.js';

/**
 * Posts a comment unless one carrying the same hidden marker is already there, so a redelivered
 * webhook or a restarted bot never says the same thing twice. The marker goes at the end.
 */
export async function commentOnce(
  octokit: Octokit,
  repo: Repo,
  issue: number,
  input: { marker: string; body: string; since?: string },
): Promise<boolean> {
  const tag = `<!-- overnight:${input.marker} -->`;
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    ...repo,
    issue_number: issue,
    per_page: 100,
    ...(input.since ? { since: input.since } : {}),
  });
  if (comments.some((comment) => comment.body?.includes(tag))) return false;
  await octokit.rest.issues.createComment({ ...repo, issue_number: issue, body: `${input.body}\n\n${tag}` });
  return true;
}
