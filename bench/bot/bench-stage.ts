import { Octokit } from '@octokit/rest';
import { Webhooks } from '@octokit/webhooks';
import type { RunningBot } from '../../src/bot/index.js';
import { waitUntil } from '../../src/platform/index.js';
import { LABELS, branchForSession } from '../../src/protocol/index.js';
import type { Delivery, Sandbox } from '../../src/sandbox/index.js';
import type { DashboardShape } from './count-requests.js';
import { replayWebhook, type Replayed } from './replay-webhook.js';

/** The sandbox GitHub, the bot, and the maintainer acting through the REST API. */
export class BenchStage {
  readonly webhooks: Webhooks;
  /** The repository owner's own client: what a maintainer clicking in GitHub's UI amounts to. */
  readonly maintainer: Octokit;

  constructor(
    readonly sandbox: Sandbox,
    readonly bot: RunningBot,
    readonly repo: { owner: string; repo: string },
    secret: string,
  ) {
    this.webhooks = new Webhooks({ secret });
    const quiet = () => undefined;
    this.maintainer = new Octokit({
      auth: sandbox.userToken(repo.owner),
      baseUrl: sandbox.apiUrl,
      log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
      request: { fetch: fetchOnceMore },
    });
  }

  replay(delivery: Delivery): Promise<Replayed> {
    return replayWebhook(this.bot.webhookUrl, this.webhooks, delivery);
  }

  /**
   * Maintainers close (or merge) PRs as they arrive, so the open lists the bot reads stay the size
   * of a real repository's instead of growing with the benchmark. With `waitMs`, waits that long
   * for the PR first: after a 202 the bot is still working on it.
   */
  async closeAgentPr(session: string, waitMs = 0): Promise<void> {
    const head = `${this.repo.owner}:${branchForSession(session)}`;
    const open = async () => (await this.maintainer.rest.pulls.list({ ...this.repo, head, state: 'open' })).data;
    const found = waitMs > 0 ? await waitUntil(`the PR for ${head}`, async () => nonEmpty(await open()), { timeoutMs: waitMs, intervalMs: 100 }) : await open();
    for (const pr of found) await this.maintainer.rest.pulls.update({ ...this.repo, pull_number: pr.number, state: 'closed' });
  }

  /**
   * Waits until the sandbox has served no request for `quietMs`: after a 202 the bot goes on
   * handling (labels, the dashboard), and those requests must not be counted as the next event's.
   */
  async settle(quietMs = 2000): Promise<void> {
    let last = this.sandbox.requestMark();
    let changedAt = performance.now();
    await waitUntil(
      'the bot to finish the deliveries it answered 202',
      () => {
        const mark = this.sandbox.requestMark();
        if (mark !== last) [last, changedAt] = [mark, performance.now()];
        return performance.now() - changedAt >= quietMs;
      },
      { timeoutMs: 5 * 60_000, intervalMs: 100 },
    );
  }

  /** What tells the dashboard's requests apart, once the bot has made it. */
  async dashboardShape(): Promise<DashboardShape> {
    const { data } = await this.maintainer.rest.issues.listForRepo({ ...this.repo, labels: LABELS.dashboard.name, state: 'all' });
    const [dashboard] = data;
    if (!dashboard) throw new Error('the bot made no dashboard issue during the warm-up: see its handling of the first pushes');
    return { number: dashboard.number, label: LABELS.dashboard.name, goalLabel: LABELS.goal.name };
  }
}

function nonEmpty<T>(items: T[]): T[] | undefined {
  return items.length > 0 ? items : undefined;
}

/**
 * On a loaded machine a kept-alive connection can be reused just as the server closes it for
 * idleness ("other side closed"). The maintainer only reads and closes PRs, which are safe to send
 * twice, so a request that failed so is sent once more. The bot gets no such help: a request of
 * its that fails counts against it.
 */
async function fetchOnceMore(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(input, init);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return fetch(input, init);
  }
}
