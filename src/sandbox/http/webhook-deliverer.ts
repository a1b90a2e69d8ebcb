import { randomUUID } from 'node:crypto';
import { Webhooks } from '@octokit/webhooks';
import { githubTime, type WebhookPayload } from '../shapes/github-types.js';

export interface DeliveryAttempt {
  at: string;
  /** HTTP status the receiver answered, or null when it could not be reached. */
  status: number | null;
  error?: string;
  redelivery: boolean;
}

export interface Delivery {
  id: string;
  event: string;
  action?: string;
  payload: WebhookPayload;
  attempts: DeliveryAttempt[];
}

export interface DelivererOptions {
  secret: string;
  url?: string;
  hookId: number;
  appId: number;
  now: () => Date;
  fetch?: typeof globalThis.fetch;
}

/**
 * Signs and POSTs webhooks one at a time, in the order they happened, and keeps every delivery
 * so a test can read the status codes and redeliver one byte for byte (same delivery id).
 */
export class WebhookDeliverer {
  private readonly deliveries: Delivery[] = [];
  private readonly bodies = new Map<string, { body: string; signature: string }>();
  private readonly webhooks: Webhooks;
  private queue: Promise<void> = Promise.resolve();
  private url: string | undefined;

  constructor(private readonly options: DelivererOptions) {
    this.webhooks = new Webhooks({ secret: options.secret });
    this.url = options.url;
  }

  setUrl(url: string | undefined): void {
    this.url = url;
  }

  list(): Delivery[] {
    return [...this.deliveries];
  }

  emit(event: string, payload: WebhookPayload): Delivery {
    const action = typeof payload.action === 'string' ? payload.action : undefined;
    const delivery: Delivery = { id: randomUUID(), event, ...(action && { action }), payload, attempts: [] };
    this.deliveries.push(delivery);
    const body = JSON.stringify(payload);
    this.enqueue(async () => {
      this.bodies.set(delivery.id, { body, signature: await this.webhooks.sign(body) });
      await this.send(delivery, false);
    });
    return delivery;
  }

  async redeliver(id: string): Promise<DeliveryAttempt> {
    const delivery = this.deliveries.find((candidate) => candidate.id === id);
    if (!delivery) throw new Error(`no delivery with id ${id}`);
    await this.idle();
    await this.send(delivery, true);
    const attempt = delivery.attempts.at(-1);
    if (!attempt) throw new Error(`delivery ${id} was not attempted`);
    return attempt;
  }

  /** Resolves once every delivery emitted so far has been attempted. */
  idle(): Promise<void> {
    return this.queue;
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task, task);
  }

  private async send(delivery: Delivery, redelivery: boolean): Promise<void> {
    const signed = this.bodies.get(delivery.id);
    const at = githubTime(this.options.now());
    if (!this.url || !signed) {
      delivery.attempts.push({ at, status: null, error: 'no webhook URL configured', redelivery });
      return;
    }
    try {
      const response = await (this.options.fetch ?? fetch)(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'GitHub-Hookshot/overnight-sandbox',
          'x-github-event': delivery.event,
          'x-github-delivery': delivery.id,
          'x-github-hook-id': String(this.options.hookId),
          'x-github-hook-installation-target-type': 'integration',
          'x-github-hook-installation-target-id': String(this.options.appId),
          'x-hub-signature-256': signed.signature,
        },
        body: signed.body,
        // GitHub gives a receiver 10 seconds before it counts the delivery as failed.
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      delivery.attempts.push({ at, status: response.status, redelivery });
    } catch (error) {
      delivery.attempts.push({ at, status: null, error: error instanceof Error ? error.message : String(error), redelivery });
    }
  }
}
