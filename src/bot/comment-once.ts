import type { BotLogin } from './bot-login.js';
import type { Octokit, Repo } from './github.js';

/**
 * Posts a comment unless this bot already posted one carrying the same hidden marker, so a
 * redelivered webhook or a restarted bot never says the same thing twice. Only the bot's own
 * comments count: anyone can paste a marker into a comment, and must not silence the bot by it.
 * The marker goes at the end.
 */
export async function commentOnce(
  octokit: Octokit,
  repo: Repo,
  issue: number,
  input: { marker: string; body: string; since?: string; self: BotLogin },
): Promise<boolean> {
  const tag = `<!-- overnight:${input.marker} -->`;
  const comments = await octokit.paginate(octokit.rest.issues.listComments, {
    ...repo,
    issue_number: issue,
    per_page: 100,
    ...(input.since ? { since: input.since } : {}),
  });
  const tagged = comments.filter((comment) => comment.body?.includes(tag));
  // Who the bot is costs a lookup, made only when some comment carries the marker.
  if (tagged.length > 0) {
    const self = await input.self();
    if (tagged.some((comment) => comment.user?.login === self)) return false;
  }
  await octokit.rest.issues.createComment({ ...repo, issue_number: issue, body: `${input.body}\n\n${tag}` });
  return true;
}
