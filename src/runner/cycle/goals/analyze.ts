import { permissionAtLeast, type PermissionLevel, type RepoConfig } from '../../../config/index.js';
import {
  formatGoalRef,
  hasLabel,
  LABELS,
  parseCommands,
  priorityFromLabels,
  readPrMetadata,
  stripHtmlComments,
  type GoalRef,
} from '../../../protocol/index.js';
import type { AgentPr, CommentInfo, GithubPort, IssueInfo } from '../../github/types.js';
import type { Goal, RevisionRequest, TrustedText } from './goal-types.js';
import type { SetAside } from './set-aside.js';
import { sanitiseText, type UntrustedText } from './sanitise-text.js';
import { trustedLabels } from './trusted-labels.js';

export interface AnalyzeInput {
  github: GithubPort;
  repoConfig: RepoConfig;
  /** Open `agent/*` PRs, already listed for the gate. */
  agentPrs: readonly AgentPr[];
  /** The runner config's static goals. */
  staticGoals: readonly string[];
}

export interface Analysis {
  goals: Goal[];
  /** Candidates left out, with why (an idle cycle records them; `once --dry-run` prints them). */
  setAside: SetAside[];
}

/**
 * Collects the goals a session may work on. This is the trust boundary: text by users
 * below `commandPermission`, and anything by bots, is dropped here, so nothing downstream can put
 * it in a prompt; what is kept loses its HTML comments and has its quotes marked (sanitise-text.ts).
 */
export async function analyze({ github, repoConfig, agentPrs, staticGoals }: AnalyzeInput): Promise<Analysis> {
  const trusted = trustFilter(github, repoConfig.commandPermission);
  const setAside: Analysis['setAside'] = [];
  const prGoals = agentPrs.map((pr) => ({ pr, metadata: readPrMetadata(pr.body) }));
  const hasOpenPr = (ref: GoalRef) => prGoals.some(({ metadata }) => metadata && formatGoalRef(metadata.goal) === formatGoalRef(ref));

  const keepTrustedLabels = trustedLabels({ github, required: repoConfig.commandPermission, userTrusted: (login) => trusted(login, false), setAside });

  const issues: IssueInfo[] = [];
  for (const listed of await github.listGoalIssues(repoConfig.goalLabel)) issues.push(await keepTrustedLabels(listed, formatGoalRef({ kind: 'issue', number: listed.number })));
  const issueGoals: Goal[] = [];
  for (const issue of issues) {
    const ref: GoalRef = { kind: 'issue', number: issue.number };
    const key = formatGoalRef(ref);
    const recurring = hasLabel(issue.labels, LABELS.recurring.name);
    if (hasLabel(issue.labels, LABELS.paused.name)) setAside.push({ key, kind: 'paused', reason: 'paused (overnight:paused)' });
    else if (!recurring && hasOpenPr(ref)) setAside.push({ key, kind: 'open-pr', reason: 'an agent PR for it is open' });
    else {
      const goal = await issueGoal(issue, ref, recurring, github, trusted);
      if (goal) issueGoals.push(goal);
      else setAside.push({ key, kind: 'untrusted', reason: `no text by a user with ${repoConfig.commandPermission} permission or more` });
    }
  }

  const revisions: Goal[] = [];
  for (const { pr: listedPr, metadata } of prGoals) {
    if (!metadata) continue;
    const pr = await keepTrustedLabels(listedPr, formatGoalRef(metadata.goal));
    if (hasLabel(pr.labels, LABELS.paused.name)) continue;
    const revision = await pendingRevision(pr, metadata.agent, github, trusted);
    if (!revision) continue;
    // The revision prompt carries the goal's own (trusted) text as well as the request.
    const issueNumber = metadata.goal.kind === 'issue' ? metadata.goal.number : undefined;
    const issue = issues.find((candidate) => candidate.number === issueNumber);
    const original =
      issueGoals.find((goal) => goal.key === formatGoalRef(metadata.goal)) ??
      (issue ? await issueGoal(issue, metadata.goal, metadata.recurring ?? false, github, trusted) : undefined);
    revisions.push({
      ref: metadata.goal,
      key: formatGoalRef(metadata.goal),
      subject: pr.title,
      title: original?.title ?? `Revise pull request #${pr.number}`,
      body: original?.body ?? '',
      comments: original?.comments ?? [],
      labels: pr.labels,
      priority: priorityFromLabels(pr.labels),
      recurring: metadata.recurring ?? false,
      createdAt: pr.createdAt,
      revision,
    });
  }

  const configGoals: Goal[] = [];
  staticGoals.forEach((text, index) => {
    const ref: GoalRef = { kind: 'config', index };
    if (hasOpenPr(ref)) setAside.push({ key: formatGoalRef(ref), kind: 'open-pr', reason: 'an agent PR for it is open' });
    else configGoals.push(staticGoal(text, ref));
  });

  return { goals: [...revisions, ...issueGoals, ...configGoals], setAside };
}

type Trusted = (author: string, isBot: boolean) => Promise<boolean>;

/** Permission lookups cached for one analysis: authors repeat across issues and comments. */
function trustFilter(github: GithubPort, required: PermissionLevel): Trusted {
  const cache = new Map<string, Promise<boolean>>();
  return (author, isBot) => {
    if (isBot) return Promise.resolve(false);
    let verdict = cache.get(author);
    if (!verdict) {
      verdict = github.permissionOf(author).then((level) => permissionAtLeast(level, required));
      cache.set(author, verdict);
    }
    return verdict;
  };
}

/** The thread split by trust: the trusted comments (commands-only ones dropped), and what the others wrote. */
async function splitComments(comments: readonly CommentInfo[], trusted: Trusted): Promise<{ kept: CommentInfo[]; untrusted: UntrustedText[] }> {
  const kept: CommentInfo[] = [];
  const untrusted: UntrustedText[] = [];
  for (const comment of comments) {
    if (!(await trusted(comment.author, comment.authorIsBot))) {
      untrusted.push({ author: comment.author, body: comment.body });
      continue;
    }
    // A comment that only carries /overnight commands is orchestration, not instructions.
    const visible = stripHtmlComments(comment.body);
    const onlyCommands = visible.split('\n').every((line) => line.trim() === '' || /^\s{0,3}\/overnight\b/i.test(line));
    if (!onlyCommands) kept.push(comment);
  }
  return { kept, untrusted };
}

const sanitised = (text: { author: string; body: string }, untrusted: readonly UntrustedText[]): TrustedText => ({
  author: text.author,
  body: sanitiseText(text.body, { author: text.author, untrusted }),
});

async function issueGoal(
  issue: IssueInfo,
  ref: GoalRef,
  recurring: boolean,
  github: GithubPort,
  trusted: Trusted,
): Promise<Goal | undefined> {
  const authorTrusted = await trusted(issue.author, issue.authorIsBot);
  const thread = await splitComments(await github.listComments(issue.number), trusted);
  const untrusted = authorTrusted ? thread.untrusted : [{ author: issue.author, body: issue.body }, ...thread.untrusted];
  const comments = thread.kept.map((comment) => sanitised(comment, untrusted));
  if (!authorTrusted && comments.length === 0) return undefined;
  return {
    ref,
    key: formatGoalRef(ref),
    subject: issue.title,
    // An untrusted author's title and body stay out; trusted comments carry the goal.
    title: authorTrusted ? issue.title : `Issue #${issue.number}`,
    body: authorTrusted ? sanitised(issue, untrusted).body : '',
    comments,
    labels: issue.labels,
    priority: priorityFromLabels(issue.labels),
    recurring,
    createdAt: issue.createdAt,
  };
}

/**
 * The newest trusted `/overnight revise` on a PR, when it came after the last push to the PR's
 * branch: a revision pushes a new head, which answers every request before it. Both times are
 * GitHub's (the comment's `created_at`, the push as GitHub recorded it), so neither the runner's
 * clock nor a date written into a commit decides; a branch GitHub has no push record of counts as
 * pushed when the PR was opened.
 */
async function pendingRevision(pr: AgentPr, agent: string, github: GithubPort, trusted: Trusted): Promise<RevisionRequest | undefined> {
  const comments = await github.listComments(pr.number);
  const untrusted: UntrustedText[] = [];
  let latest: { comment: CommentInfo; instructions: string } | undefined;
  for (const comment of comments) {
    if (!(await trusted(comment.author, comment.authorIsBot))) {
      untrusted.push({ author: comment.author, body: comment.body });
      continue;
    }
    // parseCommands drops HTML comments: a revise hidden in one is no request.
    const revise = parseCommands(comment.body).find((command) => command.kind === 'revise');
    if (revise) latest = { comment, instructions: revise.instructions };
  }
  if (!latest) return undefined;
  const pushedAt = (await github.branchPushedAt(pr.headRef, pr.number)) ?? pr.createdAt;
  if (Date.parse(latest.comment.createdAt) <= Date.parse(pushedAt)) return undefined;
  const reviews = await github.listReviewComments(pr.number);
  const kept: CommentInfo[] = [];
  for (const comment of reviews) {
    if (await trusted(comment.author, comment.authorIsBot)) kept.push(comment);
    else untrusted.push({ author: comment.author, body: comment.body });
  }
  const reviewComments = kept.map((comment) => sanitised(comment, untrusted));
  return {
    prNumber: pr.number,
    branch: pr.headRef,
    instructions: sanitiseText(latest.instructions, { author: latest.comment.author, untrusted }),
    requestedBy: latest.comment.author,
    requestedAt: latest.comment.createdAt,
    reviewComments,
    agent,
  };
}

function staticGoal(text: string, ref: GoalRef): Goal {
  const [firstLine = text] = text.trim().split('\n');
  return {
    ref,
    key: formatGoalRef(ref),
    subject: firstLine,
    title: firstLine,
    body: text,
    comments: [],
    labels: [],
    priority: 'normal',
    recurring: true,
  };
}
