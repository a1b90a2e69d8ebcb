import { describe, expect, it } from 'vitest';
import { R, botComment, capture, dashboardRefresh, github, issue, listedPr, noRepoConfig, permission, repoConfig, type Sent } from './github-mock.js';
import { BRANCH, GOAL, OWNER, REPO, REPO_ID, issueComment, prBody, reviewSubmitted } from './payloads.js';
import { deliver, testProbot, useNock } from './probot.js';

useNock();

type Scope = ReturnType<typeof github>;
const COMMENT_ID = 492700400;

interface Case {
  body: string;
  /** Labels of the issue the comment is on (for PR comments: of the goal issue). */
  labels: string[];
  pr?: boolean;
  /** The requests an allowed command makes, after the permission check. */
  effects: (scope: Scope, sent: Sent) => void;
  reply?: boolean;
  /** What the event's one listing of the newest PRs shows (the reply and the dashboard share it). */
  pulls?: unknown[];
  /** The open goals the event's listing shows (a PR's goal is found there, not read on its own). */
  goals?: unknown[];
  check?: (sent: Sent) => void;
}

const CASES: Record<string, Case> = {
  goal: {
    body: '/overnight',
    labels: ['bug'],
    effects: (scope, sent) => {
      scope.post(`${R}/issues/${GOAL}/labels`).reply(capture(sent, 'add', 200, []));
    },
    check: (sent) => expect(sent.add).toStrictEqual([{ labels: ['overnight'] }]),
  },
  pause: {
    body: '/overnight pause',
    labels: ['overnight'],
    effects: (scope, sent) => {
      scope.post(`${R}/issues/${GOAL}/labels`).reply(capture(sent, 'add', 200, []));
    },
    check: (sent) => expect(sent.add).toStrictEqual([{ labels: ['overnight:paused'] }]),
  },
  resume: {
    body: '/overnight resume',
    labels: ['overnight', 'overnight:paused'],
    effects: (scope) => {
      scope.delete(`${R}/issues/${GOAL}/labels/overnight%3Apaused`).reply(200, []);
    },
  },
  stop: {
    body: '/overnight stop',
    labels: ['overnight', 'agent:codex'],
    effects: (scope) => {
      scope.delete(`${R}/issues/${GOAL}/labels/overnight`).reply(200, []);
    },
  },
  agent: {
    body: '/overnight agent codex',
    labels: ['overnight', 'agent:aider'],
    effects: (scope, sent) => {
      scope.delete(`${R}/issues/${GOAL}/labels/agent%3Aaider`).reply(200, []);
      scope.post(`${R}/issues/${GOAL}/labels`).reply(capture(sent, 'add', 200, []));
    },
    check: (sent) => expect(sent.add).toStrictEqual([{ labels: ['agent:codex'] }]),
  },
  priority: {
    body: '/overnight priority high',
    labels: ['overnight', 'priority:low'],
    effects: (scope, sent) => {
      scope.post(`${R}/issues/${GOAL}/labels`).reply(capture(sent, 'add', 200, []));
      scope.delete(`${R}/issues/${GOAL}/labels/priority%3Alow`).reply(200, []);
    },
    check: (sent) => expect(sent.add).toStrictEqual([{ labels: ['priority:high'] }]),
  },
  retry: {
    body: '/overnight retry',
    labels: ['overnight', 'overnight:pr-open', 'overnight:paused'],
    effects: (scope) => {
      scope
        .delete(`${R}/issues/${GOAL}/labels/overnight%3Apaused`)
        .reply(200, [])
        .delete(`${R}/issues/${GOAL}/labels/overnight%3Apr-open`)
        .reply(200, []);
    },
  },
  revise: {
    body: '/overnight revise keep the public API\nand add a test.',
    labels: ['overnight', 'agent:claude-code'],
    pr: true,
    // The runner reads the comment itself; the bot only checks it can apply and reacts.
    goals: [issue(GOAL, ['overnight', 'overnight:pr-open'])],
    effects: () => {},
  },
  status: {
    body: '/overnight status',
    labels: ['overnight', 'priority:high'],
    reply: true,
    pulls: [listedPr(41, { body: prBody(), state: 'closed' })],
    effects: () => {},
    check: (sent) => {
      expect(sent.reply![0].body).toContain('#12 is **queued** (priority high)');
      expect(sent.reply![0].body).toContain('| #41 | `20261128-0107-a1b2c3` | claude-code | complete | passed | closed |');
    },
  },
  help: {
    body: '/overnight help',
    labels: ['overnight'],
    reply: true,
    effects: () => {},
    check: (sent) => expect(sent.reply![0].body).toContain('/overnight priority high\\|normal\\|low'),
  },
};

/** PR comments: the payload has no head branch, so the bot asks for it. */
function prHead(scope: Scope, number = GOAL, ref = BRANCH) {
  const repo = { id: REPO_ID, full_name: `${OWNER}/${REPO}` };
  scope.get(`${R}/pulls/${number}`).reply(200, { number, head: { ref, repo }, base: { ref: 'master', repo } });
}

function replyMocks(scope: Scope, sent: Sent, number = GOAL, existing: unknown[] = []) {
  scope
    .get(`${R}/issues/${number}/comments`)
    .query({ per_page: '100', since: '2019-05-15T15:20:21Z' })
    .reply(200, existing)
    .post(`${R}/issues/${number}/comments`)
    .reply(capture(sent, 'reply', 201, {}));
}

const ALLOWED = ['admin', 'maintain', 'write'];
const MATRIX = Object.keys(CASES).flatMap((command) =>
  ['admin', 'maintain', 'write', 'triage', 'read', 'none', 'bot'].map((who) => [command, who] as const),
);

describe('permission matrix: every command, every permission level (default level write)', () => {
  it.each(MATRIX)('%s by %s', async (command, who) => {
    const spec = CASES[command]!;
    const scope = github();
    const sent: Sent = {};
    const payload = issueComment(spec.body, {
      login: who === 'bot' ? 'overnight[bot]' : 'maintainer',
      type: who === 'bot' ? 'Bot' : 'User',
      labels: spec.labels,
      ...(spec.pr ? { pr: true } : {}),
    });
    if (who !== 'bot') {
      if (spec.pr) prHead(scope);
      noRepoConfig(scope);
      permission(scope, 'maintainer', who);
      if (ALLOWED.includes(who)) {
        spec.effects(scope, sent);
        scope.post(`${R}/issues/comments/${COMMENT_ID}/reactions`).reply(capture(sent, 'reaction', 201, {}));
        if (spec.reply) replyMocks(scope, sent);
        dashboardRefresh(scope, sent, { existing: { number: 100 }, ...(spec.goals ? { goals: spec.goals } : {}), ...(spec.pulls ? { pulls: spec.pulls } : {}) });
      } else {
        replyMocks(scope, sent);
      }
    }

    await deliver(await testProbot(), 'issue_comment', payload);

    if (who === 'bot') return; // no request at all: useNock would fail on any unmatched call
    if (ALLOWED.includes(who)) {
      expect(sent.reaction).toStrictEqual([{ content: '+1' }]);
      spec.check?.(sent);
    } else {
      expect(sent.reply).toHaveLength(1);
      expect(sent.reply![0].body).toContain(`only people with **write** permission or higher`);
      expect(sent.reply![0].body).toContain(`(yours: ${who})`);
      expect(sent.reply![0].body).toMatch(/<!-- overnight:reply-comment-492700400 -->$/);
    }
  });
});

describe('permission level from the repo config', () => {
  it('refuses write when the config asks for maintain', async () => {
    const scope = github();
    const sent: Sent = {};
    repoConfig(scope, 'commandPermission: maintain\n');
    permission(scope, 'maintainer', 'write');
    replyMocks(scope, sent);
    await deliver(await testProbot(), 'issue_comment', issueComment('/overnight pause'));
    expect(sent.reply![0].body).toContain('**maintain** permission');
  });

  it('reads maintain and triage from role_name, and a custom role from the legacy permission', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    scope.get(`${R}/collaborators/maintainer/permission`).reply(200, { permission: 'read', role_name: 'security-reviewer' });
    replyMocks(scope, sent);
    await deliver(await testProbot(), 'issue_comment', issueComment('/overnight pause'));
    expect(sent.reply![0].body).toContain('(yours: read)');
  });

  it('treats a user GitHub does not know as none', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    scope.get(`${R}/collaborators/maintainer/permission`).reply(404, { message: 'Not Found' });
    replyMocks(scope, sent);
    await deliver(await testProbot(), 'issue_comment', issueComment('/overnight pause'));
    expect(sent.reply![0].body).toContain('(yours: none)');
  });

  it('never trusts author_association', async () => {
    const scope = github();
    const sent: Sent = {};
    const payload = issueComment('/overnight stop');
    payload.comment.author_association = 'OWNER';
    noRepoConfig(scope);
    permission(scope, 'maintainer', 'read');
    replyMocks(scope, sent);
    await deliver(await testProbot(), 'issue_comment', payload);
    expect(sent.reply![0].body).toContain('Nothing was changed');
  });
});

describe('comments', () => {
  it('makes no API call for comments without commands, quoted, fenced or hidden in an HTML comment ones included', async () => {
    const probot = await testProbot();
    for (const body of ['Looks good!', '> /overnight stop', '```\n/overnight stop\n```', 'please /overnight stop', '<!--\n/overnight stop\n-->', 'Thanks!\n<!-- unclosed\n/overnight stop']) {
      await deliver(probot, 'issue_comment', issueComment(body));
    }
  });

  it('ignores a bot even when its name has no [bot] suffix', async () => {
    await deliver(await testProbot(), 'issue_comment', issueComment('/overnight stop', { login: 'renovate', type: 'Bot' }));
  });

  it('answers an unknown command with the help text and a confused reaction', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    permission(scope, 'maintainer', 'write');
    scope.post(`${R}/issues/comments/${COMMENT_ID}/reactions`).reply(capture(sent, 'reaction', 201, {}));
    replyMocks(scope, sent);
    dashboardRefresh(scope, sent, { existing: { number: 100 } });
    await deliver(await testProbot(), 'issue_comment', issueComment('/overnight frobnicate'));
    expect(sent.reaction).toStrictEqual([{ content: 'confused' }]);
    expect(sent.reply![0].body).toContain('"frobnicate" is not an overnight command');
    expect(sent.reply![0].body).toContain('/overnight revise [instructions]');
  });

  it('applies several commands in order and replies once', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    permission(scope, 'maintainer', 'admin');
    scope.post(`${R}/issues/${GOAL}/labels`).reply(capture(sent, 'add', 200, []));
    scope.post(`${R}/issues/${GOAL}/labels`).reply(capture(sent, 'add', 200, []));
    scope.post(`${R}/issues/comments/${COMMENT_ID}/reactions`).reply(capture(sent, 'reaction', 201, {}));
    scope.post(`${R}/issues/comments/${COMMENT_ID}/reactions`).reply(capture(sent, 'reaction', 201, {}));
    replyMocks(scope, sent);
    // The status reply and the dashboard rebuild share one reading of the dashboard and the PRs.
    dashboardRefresh(scope, sent, { existing: { number: 100, labels: ['overnight:dashboard', 'overnight:paused'] } });

    const body = 'Thanks!\n/overnight agent codex\n/OVERNIGHT   priority  HIGH\n/overnight status\n/overnight revise now';
    await deliver(await testProbot(), 'issue_comment', issueComment(body));

    expect(sent.add).toStrictEqual([{ labels: ['agent:codex'] }, { labels: ['priority:high'] }]);
    expect(sent.reaction).toStrictEqual([{ content: '+1' }, { content: 'confused' }]);
    const reply = sent.reply![0].body as string;
    // status sees the labels the earlier commands set, and the global pause.
    expect(reply).toContain('#12 is **queued** (priority high, agent codex).');
    expect(reply).toContain('Every goal is paused from the dashboard (#100).');
    expect(reply).toContain('`revise` works on a pull request opened by overnight.');
  });

  it('replies only once when a comment is delivered twice', async () => {
    const probot = await testProbot();
    const scope = github();
    const sent: Sent = {};
    for (const existing of [[], [botComment(`help\n\n<!-- overnight:reply-comment-${COMMENT_ID} -->`)]]) {
      noRepoConfig(scope);
      permission(scope, 'maintainer', 'write');
      scope.post(`${R}/issues/comments/${COMMENT_ID}/reactions`).reply(capture(sent, 'reaction', 200, {}));
      scope.get(`${R}/issues/${GOAL}/comments`).query(true).reply(200, existing);
      if (existing.length === 0) scope.post(`${R}/issues/${GOAL}/comments`).reply(capture(sent, 'reply', 201, {}));
      dashboardRefresh(scope, sent, { existing: { number: 100 } });
    }
    await deliver(probot, 'issue_comment', issueComment('/overnight help'), 'same');
    await deliver(probot, 'issue_comment', issueComment('/overnight help'), 'same');
    expect(sent.reply).toHaveLength(1);
  });

  it('refuses goal commands on a PR overnight did not open', async () => {
    const scope = github();
    const sent: Sent = {};
    prHead(scope, GOAL, 'feature/login');
    noRepoConfig(scope);
    permission(scope, 'maintainer', 'write');
    scope.post(`${R}/issues/comments/${COMMENT_ID}/reactions`).reply(capture(sent, 'reaction', 201, {}));
    replyMocks(scope, sent);
    dashboardRefresh(scope, sent, { existing: { number: 100 } });
    await deliver(await testProbot(), 'issue_comment', issueComment('/overnight pause', { pr: true }));
    expect(sent.reaction).toStrictEqual([{ content: 'confused' }]);
    expect(sent.reply![0].body).toContain('not opened by overnight');
  });

  it('refuses to stop a static goal from its PR', async () => {
    const scope = github();
    const sent: Sent = {};
    const payload = issueComment('/overnight stop', { pr: true });
    payload.issue.body = prBody({ goal: { kind: 'config', index: 2 } });
    prHead(scope);
    noRepoConfig(scope);
    permission(scope, 'maintainer', 'write');
    scope.post(`${R}/issues/comments/${COMMENT_ID}/reactions`).reply(capture(sent, 'reaction', 201, {}));
    replyMocks(scope, sent);
    dashboardRefresh(scope, sent, { existing: { number: 100 } });
    await deliver(await testProbot(), 'issue_comment', payload);
    expect(sent.reply![0].body).toContain('`config:2` is a static goal of the runner config');
  });
});

describe('the dashboard issue', () => {
  const dashboardComment = (body: string, labels: string[]) => issueComment(body, { number: 100, labels });

  it('pause there pauses everything: the dashboard gets overnight:paused', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    permission(scope, 'maintainer', 'maintain');
    scope.post(`${R}/issues/100/labels`).reply(capture(sent, 'add', 200, []));
    scope.post(`${R}/issues/comments/${COMMENT_ID}/reactions`).reply(200, {});
    dashboardRefresh(scope, sent, { existing: { number: 100, labels: ['overnight:dashboard', 'overnight:paused'] } });
    await deliver(await testProbot(), 'issue_comment', dashboardComment('/overnight pause', ['overnight:dashboard']));
    expect(sent.add).toStrictEqual([{ labels: ['overnight:paused'] }]);
    expect(sent.dashboard![0].body).toContain('Paused for every goal');
  });

  it('resume there lifts the global pause', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    permission(scope, 'maintainer', 'write');
    scope.delete(`${R}/issues/100/labels/overnight%3Apaused`).reply(200, []);
    scope.post(`${R}/issues/comments/${COMMENT_ID}/reactions`).reply(200, {});
    dashboardRefresh(scope, sent, { existing: { number: 100 } });
    await deliver(await testProbot(), 'issue_comment', dashboardComment('/overnight resume', ['overnight:dashboard', 'overnight:paused']));
    expect(sent.dashboard![0].body).toContain('▶️ Active');
  });

  it('status there summarises every goal; goal commands are refused', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    permission(scope, 'maintainer', 'write');
    scope.post(`${R}/issues/comments/${COMMENT_ID}/reactions`).reply(capture(sent, 'reaction', 200, {}));
    scope.post(`${R}/issues/comments/${COMMENT_ID}/reactions`).reply(capture(sent, 'reaction', 200, {}));
    replyMocks(scope, sent, 100);
    dashboardRefresh(scope, sent, {
      existing: { number: 100 },
      goals: [issue(12, ['overnight']), issue(13, ['overnight', 'overnight:running']), { ...issue(42, ['overnight']), pull_request: {} }],
      pulls: [listedPr(41, { body: prBody() })],
    });
    await deliver(await testProbot(), 'issue_comment', dashboardComment('/overnight status\n/overnight stop', ['overnight:dashboard']));
    expect(sent.reply![0].body).toContain('1 running, 1 queued, 0 paused, 0 waiting for review; 1 overnight PRs open.');
    expect(sent.reply![0].body).toContain('on the dashboard only pause, resume, status and help work');
  });
});

describe('overnight PRs', () => {
  it('pause on a PR pauses the PR (runners check it before revising) and its goal', async () => {
    const scope = github();
    const sent: Sent = {};
    prHead(scope, 42);
    noRepoConfig(scope);
    permission(scope, 'maintainer', 'write');
    scope.post(`${R}/issues/42/labels`).reply(capture(sent, 'prAdd', 200, []));
    scope.post(`${R}/issues/${GOAL}/labels`).reply(capture(sent, 'goalAdd', 200, []));
    scope.post(`${R}/issues/comments/${COMMENT_ID}/reactions`).reply(capture(sent, 'reaction', 201, {}));
    // The PR's goal comes from the event's listing of open goals, which the dashboard reuses.
    dashboardRefresh(scope, sent, { existing: { number: 100 }, goals: [issue(GOAL, ['overnight', 'overnight:pr-open'])] });
    await deliver(await testProbot(), 'issue_comment', issueComment('/overnight pause', { pr: true, number: 42, labels: ['overnight', 'agent:claude-code'] }));
    expect(sent.prAdd).toStrictEqual([{ labels: ['overnight:paused'] }]);
    expect(sent.goalAdd).toStrictEqual([{ labels: ['overnight:paused'] }]);
    expect(sent.reaction).toStrictEqual([{ content: '+1' }]);
  });

  it('revise on a paused PR is accepted with a hint to resume', async () => {
    const scope = github();
    const sent: Sent = {};
    prHead(scope, 42);
    noRepoConfig(scope);
    permission(scope, 'maintainer', 'write');
    scope.post(`${R}/issues/comments/${COMMENT_ID}/reactions`).reply(capture(sent, 'reaction', 201, {}));
    replyMocks(scope, sent, 42);
    dashboardRefresh(scope, sent, { existing: { number: 100 }, goals: [issue(GOAL, ['overnight'])] });
    const payload = issueComment('/overnight revise smaller please', { pr: true, number: 42, labels: ['overnight', 'overnight:paused'] });
    await deliver(await testProbot(), 'issue_comment', payload);
    expect(sent.reaction).toStrictEqual([{ content: '+1' }]);
    expect(sent.reply![0].body).toContain('this PR is paused');
  });

  it('refuses revise on a closed PR', async () => {
    const scope = github();
    const sent: Sent = {};
    prHead(scope, 42);
    noRepoConfig(scope);
    permission(scope, 'maintainer', 'write');
    scope.post(`${R}/issues/comments/${COMMENT_ID}/reactions`).reply(capture(sent, 'reaction', 201, {}));
    replyMocks(scope, sent, 42);
    dashboardRefresh(scope, sent, { existing: { number: 100 }, goals: [issue(GOAL, ['overnight'])] });
    const payload = issueComment('/overnight revise', { pr: true, number: 42 });
    payload.issue.state = 'closed';
    await deliver(await testProbot(), 'issue_comment', payload);
    expect(sent.reaction).toStrictEqual([{ content: 'confused' }]);
    expect(sent.reply![0].body).toContain('needs the pull request to be open');
  });
});

describe('review bodies', () => {
  it('take label commands, without reactions (reviews cannot have any)', async () => {
    const scope = github();
    const sent: Sent = {};
    const payload = reviewSubmitted('Not now.\n/overnight priority low');
    noRepoConfig(scope);
    permission(scope, 'maintainer', 'write');
    scope.post(`${R}/issues/${payload.pull_request.number}/labels`).reply(capture(sent, 'prAdd', 200, []));
    scope.post(`${R}/issues/${GOAL}/labels`).reply(capture(sent, 'goalAdd', 200, []));
    dashboardRefresh(scope, sent, { existing: { number: 100 }, goals: [issue(GOAL, ['overnight', 'overnight:pr-open'])] });
    await deliver(await testProbot(), 'pull_request_review', payload);
    expect(sent.prAdd).toStrictEqual([{ labels: ['priority:low'] }]);
    expect(sent.goalAdd).toStrictEqual([{ labels: ['priority:low'] }]);
  });

  it('send revise to a PR comment, where runners read it', async () => {
    const scope = github();
    const sent: Sent = {};
    const payload = reviewSubmitted('Close, but:\n/overnight revise use the logger');
    noRepoConfig(scope);
    permission(scope, 'maintainer', 'write');
    scope
      .get(`${R}/issues/${payload.pull_request.number}/comments`)
      .query({ per_page: '100', since: payload.review.submitted_at })
      .reply(200, [])
      .post(`${R}/issues/${payload.pull_request.number}/comments`)
      .reply(capture(sent, 'reply', 201, {}));
    dashboardRefresh(scope, sent, { existing: { number: 100 }, goals: [issue(GOAL, ['overnight', 'overnight:pr-open'])] });
    await deliver(await testProbot(), 'pull_request_review', payload);
    expect(sent.reply![0].body).toContain('as a comment on the pull request');
    expect(sent.reply![0].body).toMatch(/<!-- overnight:reply-review-237895671 -->$/);
  });
});

describe('a goal /overnight made, where the bot hears no event for its own label (Actions)', () => {
  it('is acknowledged in the comment\'s own handling, from the labels its command left', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    permission(scope, 'maintainer', 'write');
    scope.post(`${R}/issues/${GOAL}/labels`).reply(capture(sent, 'add', 200, []));
    scope.post(`${R}/issues/comments/${COMMENT_ID}/reactions`).reply(capture(sent, 'reaction', 201, {}));
    dashboardRefresh(scope, sent, { existing: { number: 100 } });
    scope
      .get(`${R}/issues/${GOAL}/comments`)
      .query({ per_page: '100' })
      .reply(200, [])
      .post(`${R}/issues/${GOAL}/comments`)
      .reply(capture(sent, 'ack', 201, {}));

    await deliver(await testProbot({ acknowledgeOwnGoals: true }), 'issue_comment', issueComment('/overnight', { labels: ['bug'] }));

    expect(sent.add).toStrictEqual([{ labels: ['overnight'] }]);
    expect(sent.ack![0].body).toMatch(/^🌙 \*\*This issue is now an overnight goal\.\*\*/);
  });

  it('is not acknowledged when the same comment stops it again', async () => {
    const scope = github();
    const sent: Sent = {};
    noRepoConfig(scope);
    permission(scope, 'maintainer', 'write');
    scope.post(`${R}/issues/${GOAL}/labels`).reply(capture(sent, 'add', 200, []));
    scope.delete(`${R}/issues/${GOAL}/labels/overnight`).reply(200, []);
    scope.post(`${R}/issues/comments/${COMMENT_ID}/reactions`).reply(capture(sent, 'reaction', 201, {}));
    dashboardRefresh(scope, sent, { existing: { number: 100 } });

    await deliver(await testProbot({ acknowledgeOwnGoals: true }), 'issue_comment', issueComment('/overnight\n/overnight stop', { labels: ['bug'] }));

    expect(sent.reaction).toStrictEqual([{ content: '+1' }]);
  });
});
