import type { PermissionLevel } from '../config/index.js';
import type { Schema } from './shapes/github-types.js';
import type { MachineFacts, MachineFactsPatch } from './standins/machine-facts.js';
import type { MergeOptions } from './state/pull-actions.js';
import type { NewReviewComment } from './state/review-comments.js';
import type { SandboxSnapshot } from './state/snapshot.js';
import type { WaitOptions } from './wait-options.js';
import type { Delivery, DeliveryAttempt } from './http/webhook-deliverer.js';
import type { Fault, NewFault } from './http/faults.js';
import type { RequestRecord } from './http/request-log.js';

export interface SandboxOptions {
  /** Holds the bare remote (`remote.git`), the App key and the stand-in commands (`bin/`). */
  dir: string;
  owner: string;
  repo: string;
  appId: number;
  webhookSecret: string;
  /** Where webhooks go; can be set later with setWebhookUrl (the bot may start after the sandbox). */
  webhookUrl?: string;
  /** 0 (default) picks a free port. The sandbox listens on 127.0.0.1 only. */
  port?: number;
  installationId?: number;
  appSlug?: string;
  defaultBranch?: string;
  /** PEM of the App key; default: the one in `dir`, else a new 2048-bit RSA key. */
  privateKey?: string;
  /** Files of the remote's first commit when `dir` holds no remote yet. */
  initialFiles?: Record<string, string>;
  /**
   * Instead of a first commit: `defaultBranch` is seeded from `ref` of the clone at `repoPath`
   * (its history, nothing added), when `dir` holds no remote yet.
   */
  seedFrom?: { repoPath: string; ref: string };
  facts?: MachineFactsPatch;
  now?: () => Date;
  fetch?: typeof globalThis.fetch;
}

export interface SandboxInfo {
  apiUrl: string;
  webUrl: string;
  gheHost: string;
  remotePath: string;
  remoteUrl: string;
  privateKeyPath: string;
  standinsDir: string;
  owner: string;
  repo: string;
  appId: number;
  installationId: number;
  webhookSecret: string;
}

export interface Sandbox {
  start(): Promise<SandboxInfo>;
  stop(): Promise<void>;
  info(): SandboxInfo;
  readonly apiUrl: string;
  readonly gheHost: string;
  readonly remotePath: string;
  readonly remoteUrl: string;
  readonly privateKey: string;
  setWebhookUrl(url: string | undefined): void;
  userToken(login: string): string;
  setPermission(login: string, level: PermissionLevel): void;
  /** Arms a fault on the REST API (http/faults.ts): the next `times` matching requests meet it. */
  addFault(fault: NewFault): Fault;
  /** Every fault armed and not cleared, with the requests each one met. */
  faults(): Fault[];
  /** Disarms one fault, or all; how many were removed. */
  clearFaults(id?: number): number;
  /** GitHub's clock as the stand-in keeps it. */
  clock(): { now: string; offsetMs: number };
  /**
   * Moves GitHub's clock by `offsetMs` from the real (or injected) one: the dates of API-made
   * commits, issues, comments and events, and every answer's `Date` header.
   */
  setClockOffset(offsetMs: number): { now: string; offsetMs: number };
  facts(): MachineFacts;
  setFacts(patch: MachineFactsPatch): Promise<MachineFacts>;
  /** The directory holding pmset, route, networksetup and ipconfig stand-ins: put it first on PATH. */
  standinsDir(): string;
  createIssue(as: string, input: { title: string; body?: string; labels?: string[] }): Promise<Schema<'issue'>>;
  createComment(as: string, issueNumber: number, body: string): Promise<Schema<'issue-comment'>>;
  /** A comment on a line of a pull request's diff (what a maintainer leaves before `/overnight revise`). */
  createReviewComment(as: string, pullNumber: number, input: NewReviewComment): Promise<Schema<'pull-request-review-comment'>>;
  mergePull(number: number, options?: MergeOptions & { as?: string }): Promise<string>;
  snapshot(): Promise<SandboxSnapshot>;
  deliveries(): Delivery[];
  redeliver(deliveryId: string): Promise<DeliveryAttempt>;
  /**
   * The GitHub REST requests served, oldest first, each with its route, status and actor; with
   * `since` (a requestMark()) only the later ones: how many calls one webhook cost the bot.
   */
  requests(since?: number): RequestRecord[];
  /** The sequence number of the last request served so far, to pass to requests() later. */
  requestMark(): number;
  /** Resolves once every webhook emitted so far has been attempted. */
  settled(): Promise<void>;
  waitFor<T>(check: (state: SandboxSnapshot) => T | undefined | false | null, options?: WaitOptions): Promise<T>;
}
