import type { PermissionLevel } from '../config/index.js';
import type { Schema } from './shapes/github-types.js';
import type { MachineFacts, MachineFactsPatch } from './standins/machine-facts.js';
import type { MergeOptions } from './state/pull-actions.js';
import type { SandboxInfo } from './sandbox-types.js';
import type { SandboxSnapshot } from './state/snapshot.js';
import { waitUntil } from '../platform/index.js';
import type { WaitOptions } from './wait-options.js';
import type { Delivery, DeliveryAttempt } from './http/webhook-deliverer.js';
import type { Fault, NewFault } from './http/faults.js';
import type { RequestRecord } from './http/request-log.js';

/**
 * Drives a sandbox running in another process (`overnight sandbox`) through its `/_sandbox/` API:
 * the same operations as the Sandbox object, for the e2e test and the demo.
 */
export class SandboxClient {
  constructor(
    /** `http://127.0.0.1:PORT`, the sandbox's web URL. */
    readonly baseUrl: string,
    private readonly fetchImpl: typeof globalThis.fetch = fetch,
  ) {}

  info(): Promise<SandboxInfo> {
    return this.call('GET', '/info');
  }

  snapshot(): Promise<SandboxSnapshot> {
    return this.call('GET', '/state');
  }

  async setPermission(login: string, permission: PermissionLevel): Promise<void> {
    await this.call('PUT', `/permissions/${encodeURIComponent(login)}`, { permission });
  }

  setFacts(patch: MachineFactsPatch): Promise<MachineFacts> {
    return this.call('PATCH', '/facts', patch);
  }

  async userToken(login: string): Promise<string> {
    return (await this.call<{ token: string }>('POST', `/users/${encodeURIComponent(login)}/token`)).token;
  }

  async setWebhookUrl(url: string | undefined): Promise<void> {
    await this.call('PUT', '/webhook', { url: url ?? null });
  }

  createIssue(as: string, input: { title: string; body?: string; labels?: string[] }): Promise<Schema<'issue'>> {
    return this.call('POST', '/issues', { as, ...input });
  }

  createComment(as: string, issueNumber: number, body: string): Promise<Schema<'issue-comment'>> {
    return this.call('POST', `/issues/${issueNumber}/comments`, { as, body });
  }

  createReviewComment(as: string, pullNumber: number, input: { body: string; path: string; line: number }): Promise<Schema<'pull-request-review-comment'>> {
    return this.call('POST', `/pulls/${pullNumber}/comments`, { as, ...input });
  }

  async mergePull(number: number, options: Omit<MergeOptions, 'title' | 'message'> & { as?: string } = {}): Promise<string> {
    return (await this.call<{ sha: string }>('POST', `/pulls/${number}/merge`, options)).sha;
  }

  /** Arms a fault on the sandbox's REST API (see http/faults.ts). */
  addFault(fault: NewFault): Promise<Fault> {
    return this.call('POST', '/faults', fault);
  }

  faults(): Promise<Fault[]> {
    return this.call('GET', '/faults');
  }

  /** Disarms one fault, or every one. */
  async clearFaults(id?: number): Promise<void> {
    await this.call('DELETE', id === undefined ? '/faults' : `/faults/${id}`);
  }

  clock(): Promise<{ now: string; offsetMs: number }> {
    return this.call('GET', '/clock');
  }

  /** Moves GitHub's clock `offsetMs` from the real one (0 puts it back). */
  setClockOffset(offsetMs: number): Promise<{ now: string; offsetMs: number }> {
    return this.call('PUT', '/clock', { offsetMs });
  }

  deliveries(): Promise<Delivery[]> {
    return this.call('GET', '/deliveries');
  }

  redeliver(deliveryId: string): Promise<DeliveryAttempt> {
    return this.call('POST', `/deliveries/${encodeURIComponent(deliveryId)}/redeliver`);
  }

  requests(since?: number): Promise<RequestRecord[]> {
    return this.call('GET', since === undefined ? '/requests' : `/requests?since=${since}`);
  }

  async requestMark(): Promise<number> {
    return (await this.call<{ seq: number }>('GET', '/requests/mark')).seq;
  }

  waitFor<T>(check: (state: SandboxSnapshot) => T | undefined | false | null, options?: WaitOptions): Promise<T> {
    return waitUntil(options?.what ?? 'a condition', async () => check(await this.snapshot()), { timeoutMs: 10_000, intervalMs: 200, ...options }) as Promise<T>;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.fetchImpl(`${this.baseUrl}/_sandbox${path}`, {
      method,
      ...(body !== undefined && { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`sandbox ${method} ${path}: HTTP ${response.status} ${text}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
}
