import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClaims } from '../../../../src/runner/cycle/claims/claims.js';
import { giveUpPush } from '../../../../src/runner/cycle/publish/give-up-push.js';
import { createGit } from '../../../../src/runner/git/git.js';
import { openStore, type Store } from '../../../../src/runner/store/index.js';
import { fakeGithub } from '../../helpers/fake-github.js';

let store: Store;
beforeEach(() => {
  store = openStore(':memory:');
});
afterEach(() => store.close());

/** A committed session whose commit the runner no longer has (so no patch can be written). */
function committed(id: string, goal: string, revisionOf?: number) {
  store.createSession({ id, night: '2026-11-28', goal, goalTitle: 'Notes', agent: 'edit', rationale: '', branch: `agent/${id}`, ...(revisionOf ? { revisionOf } : {}) });
  store.moveSession(id, 'running', { baseSha: 'b'.repeat(40) });
  return store.moveSession(id, 'committed');
}

async function giveUp(session: ReturnType<typeof committed>) {
  const github = fakeGithub();
  const claims = createClaims({ github, store, runner: 'mac', ttlMinutes: 180, now: () => new Date() });
  const deps = { git: createGit(), github, store, claims, sessionsDir: '/nonexistent', gitDir: join(process.cwd(), '.git'), now: () => new Date(), runner: 'mac' };
  await giveUpPush(deps, { session, why: 'push failed 5 times, giving up: fatal: unable to access', commitRef: `refs/overnight/sessions/${session.id}` });
  return github.git.posted;
}

describe('giving up a push', () => {
  it('tells the PR a revision was for, not the goal issue', async () => {
    const posted = await giveUp(committed('20261128-0107-a1b2c3', '#12', 20));
    expect(posted.map((comment) => comment.issue)).toStrictEqual([20]);
  });

  it('names the runner’s ref to the commit when no patch could be written', async () => {
    const [comment] = await giveUp(committed('20261128-0107-a1b2c3', '#12'));
    expect(comment!.body).toContain("the commit is kept in the runner's clone on `mac` as `refs/overnight/sessions/20261128-0107-a1b2c3`");
    expect(comment!.body).not.toContain('git apply');
    expect(store.getSession('20261128-0107-a1b2c3')).toMatchObject({ state: 'failed', error: 'push failed 5 times, giving up: fatal: unable to access' });
  });

  it('comments nowhere for a static goal, which has no issue', async () => {
    expect(await giveUp(committed('20261128-0107-a1b2c3', 'config:0'))).toStrictEqual([]);
    expect(store.getSession('20261128-0107-a1b2c3')?.state).toBe('failed');
  });
});
