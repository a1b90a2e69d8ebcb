import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionsLogger, ActionSetupError, runAction, type ActionOutcome } from '../../src/bot/index.js';
import type { SandboxSnapshot } from '../../src/sandbox/index.js';
import { ACTIONS_LOGIN, OUTSIDER, OWNER, startActionStage, type ActionStage } from './action-stage.js';

// `overnight action` in-process against the local GitHub stand-in over real HTTP on 127.0.0.1
// (so no nock here), each run fed an event the stand-in itself emitted, minus `installation`,
// as an Actions event file carries it. The steps build on each other, as one night would.

const SESSION = '20261128-0107-a1b2c3';
let stage: ActionStage;
let goal: number;
const lines: string[] = [];

beforeAll(async () => {
  stage = await startActionStage();
  goal = (await stage.sandbox.createIssue(OWNER, { title: 'Write the release notes', labels: ['overnight'] })).number;
});

afterAll(async () => {
  await stage?.cleanup();
});

/** Runs the action for the newest event of this kind, as the step of a job would. */
async function act(event: string, action?: string, eventName = event): Promise<ActionOutcome> {
  const { path } = await stage.eventFile(event, action);
  return runAction({ env: stage.env(eventName, path), log: actionsLogger({ write: (line) => lines.push(line) }), throttle: false });
}

const state = (): Promise<SandboxSnapshot> => stage.sandbox.snapshot();
const labelsOf = (snapshot: SandboxSnapshot, number: number) => snapshot.issues.find((issue) => issue.number === number)?.labels.map((label) => (typeof label === 'string' ? label : label.name)) ?? [];
const commentsOn = (snapshot: SandboxSnapshot, number: number) => snapshot.comments.filter((comment) => comment.issue_url.endsWith(`/issues/${number}`));

describe('overnight action, in-process, against the stand-in', () => {
  it('push to agent/<session>: opens the PR with its labels and links it from the goal, as github-actions[bot]', async () => {
    await stage.pushSession(SESSION, goal);

    expect(await act('push')).toStrictEqual({ kind: 'handled', event: 'push' });

    const after = await state();
    const [pull] = after.pulls;
    expect(after.pulls).toHaveLength(1);
    expect(pull).toMatchObject({ head: { ref: `agent/${SESSION}` }, base: { ref: 'main' }, user: { login: ACTIONS_LOGIN } });
    expect(labelsOf(after, pull!.number)).toEqual(expect.arrayContaining(['overnight', 'agent:notes']));
    expect(labelsOf(after, goal)).toContain('overnight:pr-open');
    const goalComments = commentsOn(after, goal);
    expect(goalComments.map((comment) => [comment.user?.login, comment.body?.split('\n')[0]])).toEqual([
      [ACTIONS_LOGIN, `🌙 An overnight agent (notes) opened #${pull!.number} for this goal: ${pull!.html_url}`],
    ]);
    const dashboard = after.issues.find((issue) => labelsOf(after, issue.number).includes('overnight:dashboard'));
    expect(dashboard?.body).toContain(`#${pull!.number}`);
  });

  it('the same push again (a re-run of the job) opens no second PR', async () => {
    expect(await act('push')).toStrictEqual({ kind: 'handled', event: 'push' });
    expect((await state()).pulls).toHaveLength(1);
  });

  it('/overnight pause from the maintainer: the goal is paused and the comment gets a 👍', async () => {
    const comment = await stage.sandbox.createComment(OWNER, goal, '/overnight pause');

    expect(await act('issue_comment', 'created')).toStrictEqual({ kind: 'handled', event: 'issue_comment.created' });

    const after = await state();
    expect(labelsOf(after, goal)).toContain('overnight:paused');
    expect(after.reactions).toContainEqual({ subject: { kind: 'comment', id: comment.id }, content: '+1', user: ACTIONS_LOGIN });
  });

  it('/overnight resume from someone with read permission: refused, nothing changes', async () => {
    await stage.sandbox.createComment(OUTSIDER, goal, '/overnight resume');

    expect(await act('issue_comment', 'created')).toMatchObject({ kind: 'handled' });

    const after = await state();
    expect(labelsOf(after, goal)).toContain('overnight:paused');
    expect(commentsOn(after, goal).at(-1)).toMatchObject({ user: { login: ACTIONS_LOGIN }, body: expect.stringContaining(`@${OUTSIDER}, only people with **write**`) });
  });

  it('the PR closed without merging: the goal is back in the queue and says so once', async () => {
    const pull = (await state()).pulls[0]!;
    await fetch(`${stage.sandbox.apiUrl}/repos/${OWNER}/nightly/pulls/${pull.number}`, {
      method: 'PATCH',
      headers: { authorization: `token ${stage.sandbox.userToken(OWNER)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'closed' }),
    });

    expect(await act('pull_request', 'closed')).toStrictEqual({ kind: 'handled', event: 'pull_request.closed' });

    const after = await state();
    expect(labelsOf(after, goal)).not.toContain('overnight:pr-open');
    expect(commentsOn(after, goal).at(-1)).toMatchObject({
      user: { login: ACTIONS_LOGIN },
      body: expect.stringContaining(`#${pull.number} was closed without merging, so this goal is back in the queue`),
    });
  });

  it('/overnight on a plain issue: the label the job adds starts no run, so the same run acknowledges the new goal', async () => {
    const issue = await stage.sandbox.createIssue(OWNER, { title: 'Tidy the changelog' });
    await stage.sandbox.createComment(OWNER, issue.number, '/overnight');

    expect(await act('issue_comment', 'created')).toMatchObject({ kind: 'handled' });

    const after = await state();
    expect(labelsOf(after, issue.number)).toContain('overnight');
    const byBot = commentsOn(after, issue.number).filter((comment) => comment.user?.login === ACTIONS_LOGIN);
    expect(byBot.map((comment) => comment.body?.split('\n')[0])).toEqual(['🌙 **This issue is now an overnight goal.**']);
  });

  it('a scheduled run opens the PR for a push whose own run never happened', async () => {
    const second = (await stage.sandbox.createIssue(OWNER, { title: 'Second goal', labels: ['overnight'] })).number;
    await stage.pushSession('20261128-0207-bbbbbb', second);
    const path = join(stage.dir, 'schedule.json');
    await writeFile(path, JSON.stringify({ schedule: '41 */4 * * *' }));

    const outcome = await runAction({ env: stage.env('schedule', path), log: actionsLogger({ write: (line) => lines.push(line) }), throttle: false });

    expect(outcome).toStrictEqual({ kind: 'reconciled', event: 'schedule', summary: { branches: 2, opened: 1, adopted: 0, revised: 0 } });
    const after = await state();
    expect(after.pulls.map((pull) => pull.head.ref)).toEqual([`agent/${SESSION}`, 'agent/20261128-0207-bbbbbb']);
    expect(labelsOf(after, second)).toContain('overnight:pr-open');
  });

  it('a run that goes well logs plain lines and no annotation', () => {
    expect(lines.some((line) => line.startsWith('agent push {'))).toBe(true);
    expect(lines.filter((line) => line.startsWith('::'))).toEqual([]);
  });
});

describe('overnight action when something is wrong', () => {
  it('a token GitHub rejects: the outcome says which variable, the step fails', async () => {
    const { path } = await stage.eventFile('issue_comment', 'created');
    const errors: string[] = [];

    const outcome = await runAction({
      env: { ...stage.env('issue_comment', path), GITHUB_TOKEN: 'ghp_not-a-token-the-stand-in-issued' },
      log: actionsLogger({ write: (line) => errors.push(line) }),
      throttle: false,
    });

    expect(outcome).toMatchObject({ kind: 'failed', event: 'issue_comment.created' });
    expect((outcome as { message: string }).message).toMatch(/^issue_comment\.created: GitHub rejected GITHUB_TOKEN \(GET \/repos\/alice\/nightly\/contents\/.*\): pass the job's token/);
    expect(errors.some((line) => line.startsWith('::error::'))).toBe(true);
    expect(errors.join('\n')).not.toContain('ghp_not-a-token');
  });

  it.each([
    ['outside a job', {}, /GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_REPOSITORY are not set: `overnight action` handles the event of a GitHub Actions job/],
    ['without the token', { GITHUB_TOKEN: '' }, /GITHUB_TOKEN is not set: pass the job's token to the step with `env: GITHUB_TOKEN: \$\{\{ github.token \}\}`/],
    ['with a repository that is no owner/name', { GITHUB_REPOSITORY: 'alice' }, /GITHUB_REPOSITORY is "alice", expected "owner\/name"/],
    ['with an event file that is not there', { GITHUB_EVENT_PATH: '/nonexistent/event.json' }, /GITHUB_EVENT_PATH \/nonexistent\/event.json cannot be read: ENOENT/],
  ])('%s: a setup error saying what to set', async (_case, overrides, message) => {
    const base = stage.env('issues', join(stage.dir, 'event-1.json'));
    const env = Object.keys(overrides).length === 0 ? {} : { ...base, ...overrides };
    const run = runAction({ env, log: actionsLogger({ write: () => undefined }), throttle: false });
    await expect(run).rejects.toBeInstanceOf(ActionSetupError);
    await expect(run).rejects.toThrow(message);
  });
});
