import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledCli } from '../e2e/helpers/compiled-cli.js';
import { ACTIONS_LOGIN, OWNER, startActionStage, type ActionStage } from './action-stage.js';

// `overnight action` as a workflow step runs it: the compiled CLI as its own process, its job's
// environment and nothing else, against the local GitHub stand-in over real HTTP (so no nock).

const SESSION = '20261201-0330-c0ffee';
let stage: ActionStage;
let goal: number;

beforeAll(async () => {
  stage = await startActionStage();
  goal = (await stage.sandbox.createIssue(OWNER, { title: 'Write the release notes', labels: ['overnight'] })).number;
});

afterAll(async () => {
  await stage?.cleanup();
});

interface Step {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `overnight action` with exactly this environment (PATH aside), as the runner starts a step. */
async function step(env: NodeJS.ProcessEnv, args: string[] = ['--no-throttle']): Promise<Step> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [compiledCli(), 'action', ...args], { env: { PATH: process.env.PATH, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe('overnight action, the compiled CLI as a process', () => {
  it('a push to agent/<session>: exit 0, the PR is open with its labels, the goal links it', async () => {
    await stage.pushSession(SESSION, goal);
    const { path } = await stage.eventFile('push');

    const result = await step(stage.env('push', path));

    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^agent push \{"ref":"refs\/heads\/agent\/20261201-0330-c0ffee","result":\{"status":"opened","pr":\d+\}\}$/m);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('push: handled');
    const state = await stage.sandbox.snapshot();
    const [pull] = state.pulls;
    expect(pull).toMatchObject({ head: { ref: `agent/${SESSION}` }, user: { login: ACTIONS_LOGIN } });
    expect(pull!.labels.map((label) => label.name)).toEqual(expect.arrayContaining(['overnight', 'agent:notes']));
    expect(state.issues.find((issue) => issue.number === goal)?.labels.map((label) => (typeof label === 'string' ? label : label.name))).toContain('overnight:pr-open');
  });

  it('a token GitHub rejects: exit 1 and an error annotation that names GITHUB_TOKEN', async () => {
    const { path } = await stage.eventFile('push');

    const result = await step({ ...stage.env('push', path), GITHUB_TOKEN: 'ghp_revoked' });

    expect(result.code).toBe(1);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/^::error::push: GitHub rejected GITHUB_TOKEN \(GET \/repos\/alice\/nightly\/contents\/.+\): pass the job's token/);
    expect(result.stdout).not.toContain('ghp_revoked');
  });

  it('outside a workflow: exit 2 saying what a job provides', async () => {
    const result = await step({});

    expect(result.code).toBe(2);
    expect(result.stdout).toBe(
      '::error::GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_REPOSITORY are not set: `overnight action` handles the event of a GitHub Actions ' +
        'job and reads the variables every job has; run it as a step of a workflow (see examples/workflows/overnight.yml).\n',
    );
  });
});
