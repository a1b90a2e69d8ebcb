import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCommitBody, formatCommitMessage } from '../../src/protocol/index.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.js';
import type { Delivery } from '../../src/sandbox/http/webhook-deliverer.js';
import { cloneRemote, type Clone } from '../sandbox/helpers.js';

export const OWNER = 'alice';
export const REPO = 'nightly';
export const OUTSIDER = 'mallory';
/** The login the Actions token acts as, and so the author of everything the bot writes. */
export const ACTIONS_LOGIN = 'github-actions[bot]';

/**
 * The local GitHub stand-in as an Actions job sees GitHub: no webhook URL (the stand-in keeps
 * every event it would deliver, which the tests hand to `overnight action` as the job's event),
 * a maintainer with write, an outsider with read, and a token for `github-actions[bot]` standing in
 * for the job's GITHUB_TOKEN.
 */
export interface ActionStage {
  sandbox: Sandbox;
  dir: string;
  clone: Clone;
  token: string;
  /** The job's environment for an event file, the stand-in as GitHub Enterprise. */
  env(eventName: string, eventPath: string): NodeJS.ProcessEnv;
  /**
   * Writes the newest event of this name (and action) that would start a workflow run as an Actions
   * event file: what the job's own token did starts none, so those events are passed over.
   */
  eventFile(event: string, action?: string): Promise<{ path: string; delivery: Delivery }>;
  /** Commits a session on `agent/<session>` with the runner's trailers for `goal` and pushes it. */
  pushSession(session: string, goal: number): Promise<void>;
  cleanup(): Promise<void>;
}

export async function startActionStage(): Promise<ActionStage> {
  const dir = await mkdtemp(join(tmpdir(), 'overnight-action-'));
  const sandbox = createSandbox({ dir: join(dir, 'sandbox'), owner: OWNER, repo: REPO, appId: 4242, webhookSecret: 'unused-by-actions' });
  await sandbox.start();
  sandbox.setPermission(OUTSIDER, 'read');
  const token = sandbox.userToken(ACTIONS_LOGIN);
  const clone = await cloneRemote(sandbox, dir);
  let files = 0;
  return {
    sandbox,
    dir,
    clone,
    token,
    env: (eventName, eventPath) => ({
      GITHUB_EVENT_NAME: eventName,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_TOKEN: token,
      GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
      GITHUB_API_URL: sandbox.apiUrl,
      GITHUB_RUN_ID: '7001',
      GITHUB_RUN_ATTEMPT: '1',
    }),
    async eventFile(event, action) {
      const delivery = sandbox
        .deliveries()
        .filter((candidate) => candidate.event === event && candidate.action === action)
        .filter((candidate) => (candidate.payload.sender as { login?: string } | undefined)?.login !== ACTIONS_LOGIN)
        .at(-1);
      if (!delivery) throw new Error(`the stand-in emitted no ${event}${action ? `.${action}` : ''}`);
      // What differs between an App's webhook and an Actions event file: no installation.
      const { installation: _installation, ...payload } = delivery.payload;
      files += 1;
      const path = join(dir, `event-${files}.json`);
      await writeFile(path, JSON.stringify(payload));
      return { path, delivery };
    },
    async pushSession(session, goal) {
      await clone.git('checkout', '--quiet', '-B', `agent/${session}`, 'origin/main');
      await clone.commitFile(
        `notes/${session}.md`,
        `work of ${session}\n`,
        formatCommitMessage({
          subject: 'Write the release notes',
          body: formatCommitBody({ summary: 'Added the notes.', rationale: 'Oldest goal with no attempt.' }),
          trailers: { session, goal: { kind: 'issue', number: goal }, agent: 'notes', runner: 'test-box', cycle: 1, durationSec: 42, verify: 'passed', outcome: 'complete' },
        }),
      );
      await clone.git('push', '--quiet', 'origin', `agent/${session}`);
    },
    async cleanup() {
      await sandbox.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
