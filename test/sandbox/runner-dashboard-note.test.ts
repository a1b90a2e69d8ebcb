import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMachineProblemNote } from '../../src/runner/cycle/gate/note-machine-problem.js';
import { createGithub } from '../../src/runner/github/index.js';
import { createRedactor } from '../../src/runner/process/redact.js';
import { OWNER, REPO, startSandbox, userClient, type Started } from './helpers.js';

let started: Started;
const repo = { owner: OWNER, repo: REPO };
beforeAll(async () => {
  started = await startSandbox();
});
afterAll(() => started.cleanup());

const quiet = { debug: () => undefined, warn: () => undefined };

describe("the runner's dashboard note against the local stand-in", () => {
  it('finds the dashboard, notes the problem, edits it, and deletes it once the runner works again', async () => {
    const octokit = userClient(started.sandbox);
    const github = createGithub({ apiUrl: started.sandbox.apiUrl, token: started.sandbox.userToken(OWNER), repo: `${OWNER}/${REPO}` });
    expect(await github.findDashboard()).toBeUndefined();
    const { data: dashboard } = await octokit.rest.issues.create({ ...repo, title: '🌙 Overnight dashboard', labels: ['overnight:dashboard'] });
    expect(await github.findDashboard()).toStrictEqual({ number: dashboard.number, paused: false });

    const note = createMachineProblemNote({ github, runner: 'studio', timeZone: 'UTC', redact: createRedactor([]) });
    const at = new Date('2026-11-28T01:30:00Z');
    const comments = async () => (await octokit.rest.issues.listComments({ ...repo, issue_number: dashboard.number })).data.map((comment) => comment.body ?? '');

    await note.sync({ problems: ['agent "claude-code": binary `claude` not found'], at, failingSince: () => undefined }, quiet);
    expect(await comments()).toStrictEqual([expect.stringContaining('- agent "claude-code": binary `claude` not found\n')]);
    await note.sync({ problems: ['repo.path /gone does not exist'], at, failingSince: () => at }, quiet);
    expect(await comments()).toStrictEqual([expect.stringContaining('- repo.path /gone does not exist\n')]);
    await note.sync({ problems: [], at, failingSince: () => at }, quiet);
    expect(await comments()).toStrictEqual([]);
  });
});
