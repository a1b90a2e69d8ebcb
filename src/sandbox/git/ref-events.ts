import { ZERO_SHA } from './bare-remote.js';
import { emit, repositoryShape, type SandboxEnv } from '../sandbox-env.js';
import { pushPayload, type RefUpdate } from './push-payload.js';
import { pullRequest, isPull } from '../shapes/pull.js';
import { simpleUser } from '../shapes/user.js';

/**
 * What GitHub does after refs move, whether by `git push` (the post-receive hook reports it) or by
 * the API: a `push` webhook per ref and `pull_request.synchronize` for open PRs whose head moved.
 */
export async function announceRefUpdates(env: SandboxEnv, updates: RefUpdate[], pusher: string): Promise<void> {
  env.pushedAt = env.now();
  for (const update of updates) {
    await recordActivity(env, update, pusher);
    const payload = await pushPayload(update, {
      remote: env.remote,
      urls: env.urls,
      repository: repositoryShape(env),
      pusher: simpleUser(env.urls, env.records.user(pusher)),
      isLogin: (name) => env.records.users.has(name),
    });
    emit(env, 'push', pusher, payload);
    await synchronizePulls(env, update, pusher);
  }
}

/** GitHub's record of a branch change, with its own time: what the activity API answers. */
async function recordActivity(env: SandboxEnv, update: RefUpdate, actor: string): Promise<void> {
  if (!update.ref.startsWith('refs/heads/')) return;
  const type =
    update.before === ZERO_SHA
      ? 'branch_creation'
      : update.after === ZERO_SHA
        ? 'branch_deletion'
        : (await env.remote.isAncestor(update.before, update.after))
          ? 'push'
          : 'force_push';
  env.records.activities.push({ id: env.records.nextId(), ref: update.ref, before: update.before, after: update.after, type, actor, at: env.now() });
}

async function synchronizePulls(env: SandboxEnv, update: RefUpdate, sender: string): Promise<void> {
  const branch = update.ref.replace(/^refs\/heads\//, '');
  for (const record of env.records.issues.values()) {
    if (!isPull(record) || record.state !== 'open' || record.pull.headOwner !== env.urls.owner || record.pull.head !== branch || update.after === record.pull.headSha) continue;
    if (update.after === ZERO_SHA) continue;
    record.pull.headSha = update.after;
    record.updatedAt = env.now();
    emit(env, 'pull_request', sender, {
      action: 'synchronize',
      number: record.number,
      before: update.before,
      after: update.after,
      pull_request: await pullRequest(env, record),
    });
  }
}
