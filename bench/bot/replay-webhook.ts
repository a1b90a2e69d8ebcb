import type { Webhooks } from '@octokit/webhooks';
import type { Delivery } from '../../src/sandbox/index.js';

export interface Replayed {
  /**
   * From sending the request to the bot's answer, which probot gives once the handlers are done,
   * or with 202 "still processing" after 9 s while they go on.
   */
  ms: number;
  /** 0 when the bot could not be reached. */
  status: number;
}

/**
 * Sends a delivery the sandbox recorded to the bot as GitHub sends a webhook: the same JSON,
 * signed with the App's secret, under a delivery id of its own. Signing is not timed (GitHub does
 * it, not the bot).
 */
export async function replayWebhook(url: string, webhooks: Webhooks, delivery: Delivery): Promise<Replayed> {
  const body = JSON.stringify(delivery.payload);
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/overnight-bench',
    'x-github-event': delivery.event,
    'x-github-delivery': delivery.id,
    'x-hub-signature-256': await webhooks.sign(body),
  };
  const started = performance.now();
  try {
    const response = await fetch(url, { method: 'POST', headers, body });
    await response.arrayBuffer();
    return { ms: performance.now() - started, status: response.status };
  } catch {
    // A refused or reset connection is a failed delivery, as GitHub would record it.
    return { ms: performance.now() - started, status: 0 };
  }
}
