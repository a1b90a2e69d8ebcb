import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { PermissionLevel } from '../config/index.js';
import { apiRoutes } from './rest/api-routes.js';
import { appKeyFrom, authenticate, generateAppKey, TokenRegistry, type AppKey } from './http/app-auth.js';
import { BareRemote } from './git/bare-remote.js';
import { controlRoutes } from './rest/control-routes.js';
import type { Schema } from './shapes/github-types.js';
import { HttpError } from './http/http-error.js';
import { FaultInjector, type Fault, type NewFault } from './http/faults.js';
import { createComment, createIssue } from './state/issue-actions.js';
import { applyFactsPatch, machineFactsSchema, type MachineFacts, type MachineFactsPatch } from './standins/machine-facts.js';
import { postReceiveHook, postReceiveScript } from './git/post-receive-hook.js';
import { mergePull, type MergeOptions } from './state/pull-actions.js';
import { announceRefUpdates } from './git/ref-events.js';
import { createReviewComment, reviewComment, type NewReviewComment } from './state/review-comments.js';
import { createRequestListener } from './http/request-listener.js';
import { RequestLog, type RequestRecord } from './http/request-log.js';
import { githubTime } from './shapes/github-types.js';
import { findIssue, type SandboxEnv } from './sandbox-env.js';
import { comment, issue } from './shapes/issue.js';
import { isPull } from './shapes/pull.js';
import { snapshot, type SandboxSnapshot } from './state/snapshot.js';
import { installStandins, writeStandinAnswers } from './standins/standins-dir.js';
import type { Sandbox, SandboxInfo, SandboxOptions } from './sandbox-types.js';
import { SandboxRecords, type PullRecord } from './state/records.js';
import { waitUntil } from '../platform/index.js';
import type { WaitOptions } from './wait-options.js';
import { WebhookDeliverer, type Delivery, type DeliveryAttempt } from './http/webhook-deliverer.js';

export type { Sandbox, SandboxInfo, SandboxOptions } from './sandbox-types.js';

export function createSandbox(options: SandboxOptions): Sandbox {
  return new LocalSandbox(options);
}

class LocalSandbox implements Sandbox {
  private readonly records = new SandboxRecords();
  private readonly tokens = new TokenRegistry();
  private readonly requestLog = new RequestLog();
  private readonly deliverer: WebhookDeliverer;
  private readonly readClock: () => Date;
  private clockOffsetMs = 0;
  /** GitHub's clock: the injected one (or the real one), moved by setClockOffset. */
  private readonly now = (): Date => new Date(this.readClock().getTime() + this.clockOffsetMs);
  private readonly injector = new FaultInjector(this.now);
  private currentFacts: MachineFacts;
  private running?: { server: Server; env: SandboxEnv; key: AppKey; info: SandboxInfo };
  /** Kept after stop(): the remote, key and stand-ins stay on disk to inspect. */
  private lastInfo?: SandboxInfo;
  /** The stand-ins' answers are rendered one change at a time, in the order the changes came. */
  private answersWritten: Promise<void> = Promise.resolve();

  constructor(private readonly options: SandboxOptions) {
    this.readClock = options.now ?? (() => new Date());
    this.currentFacts = applyFactsPatch(machineFactsSchema.parse({}), options.facts ?? {});
    this.deliverer = new WebhookDeliverer({
      secret: options.webhookSecret,
      url: options.webhookUrl,
      hookId: 1,
      appId: options.appId,
      now: this.now,
      fetch: options.fetch,
    });
  }

  async start(): Promise<SandboxInfo> {
    if (this.running) return this.running.info;
    const { dir, owner, repo } = this.options;
    await mkdir(dir, { recursive: true });
    const key = await this.loadKey(join(dir, 'app-private-key.pem'));
    const remotePath = join(dir, 'remote.git');
    const defaultBranch = this.options.defaultBranch ?? 'main';
    const identity = { name: owner, email: `${owner}@users.noreply.127.0.0.1` };
    const files = this.options.initialFiles ?? { 'README.md': `# ${repo}\n` };
    const remote = existsSync(join(remotePath, 'HEAD'))
      ? new BareRemote(remotePath)
      : this.options.seedFrom
        ? await BareRemote.seed(remotePath, defaultBranch, this.options.seedFrom)
        : await BareRemote.create(remotePath, defaultBranch, files, identity);

    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, '127.0.0.1', resolve);
    });
    const { port } = server.address() as AddressInfo;
    const web = `http://127.0.0.1:${port}`;
    const now = this.now();
    const env: SandboxEnv = {
      urls: { web, api: `${web}/api/v3`, owner, repo },
      records: this.records,
      remote,
      deliverer: this.deliverer,
      now: this.now,
      appId: this.options.appId,
      appSlug: this.options.appSlug ?? 'overnight',
      installationId: this.options.installationId ?? 1,
      defaultBranch,
      repoId: 4242,
      createdAt: now,
      pushedAt: now,
    };
    this.records.user(owner);
    const standinsDir = join(dir, 'bin');
    await installStandins({ binDir: standinsDir, answersDir: this.answersDir() }, this.currentFacts);
    const hookScript = join(remotePath, 'hooks', 'overnight-post-receive.cjs');
    await writeFile(hookScript, postReceiveScript(`${web}/_sandbox/push`));
    await remote.installHook('post-receive', postReceiveHook(process.execPath, hookScript));
    const info: SandboxInfo = {
      apiUrl: env.urls.api,
      webUrl: web,
      gheHost: `127.0.0.1:${port}`,
      remotePath,
      remoteUrl: `file://${remotePath}`,
      privateKeyPath: join(dir, 'app-private-key.pem'),
      standinsDir,
      owner,
      repo,
      appId: env.appId,
      installationId: env.installationId,
      webhookSecret: this.options.webhookSecret,
    };
    server.on(
      'request',
      createRequestListener({
        api: apiRoutes(env, this.tokens),
        control: controlRoutes(this, ({ updates, pusher }) => announceRefUpdates(env, updates, pusher ?? owner)),
        authenticate: (header) => authenticate(header, { appId: env.appId, publicKey: key.publicKey, tokens: this.tokens, now: this.now() }),
        servesRepo: (o, r) => o.toLowerCase() === owner.toLowerCase() && r.toLowerCase() === repo.toLowerCase(),
        now: this.now,
        faults: this.injector,
        onApiRequest: (served) => this.requestLog.add({ at: githubTime(this.now()), ...served }),
      }),
    );
    this.running = { server, env, key, info };
    this.lastInfo = info;
    return info;
  }

  async stop(): Promise<void> {
    const running = this.running;
    if (!running) return;
    this.running = undefined;
    await this.deliverer.idle();
    running.server.closeAllConnections();
    await new Promise<void>((resolve) => running.server.close(() => resolve()));
  }

  info(): SandboxInfo {
    if (!this.lastInfo) throw new Error('the sandbox has not started: call start() first');
    return this.lastInfo;
  }

  get apiUrl(): string {
    return this.info().apiUrl;
  }

  get gheHost(): string {
    return this.info().gheHost;
  }

  get remotePath(): string {
    return this.info().remotePath;
  }

  get remoteUrl(): string {
    return this.info().remoteUrl;
  }

  get privateKey(): string {
    return this.started().key.privateKeyPem;
  }

  setWebhookUrl(url: string | undefined): void {
    this.deliverer.setUrl(url);
  }

  userToken(login: string): string {
    this.records.user(login);
    return this.tokens.issueUser(login);
  }

  setPermission(login: string, level: PermissionLevel): void {
    this.records.user(login);
    this.records.permissions.set(login, level);
  }

  addFault(fault: NewFault): Fault {
    return this.injector.add(fault);
  }

  faults(): Fault[] {
    return this.injector.list();
  }

  clearFaults(id?: number): number {
    return this.injector.clear(id);
  }

  clock(): { now: string; offsetMs: number } {
    return { now: this.now().toISOString(), offsetMs: this.clockOffsetMs };
  }

  setClockOffset(offsetMs: number): { now: string; offsetMs: number } {
    this.clockOffsetMs = offsetMs;
    return this.clock();
  }

  facts(): MachineFacts {
    return this.currentFacts;
  }

  async setFacts(patch: MachineFactsPatch): Promise<MachineFacts> {
    // Before start() there are no stand-ins to update: info() says so.
    this.info();
    const facts = applyFactsPatch(this.currentFacts, patch);
    this.currentFacts = facts;
    const written = this.answersWritten.catch(() => undefined).then(() => writeStandinAnswers(this.answersDir(), facts));
    this.answersWritten = written;
    await written;
    return facts;
  }

  private answersDir(): string {
    return join(this.options.dir, 'standin-answers');
  }

  standinsDir(): string {
    return this.info().standinsDir;
  }

  async createIssue(as: string, input: { title: string; body?: string; labels?: string[] }): Promise<Schema<'issue'>> {
    const { env } = this.started();
    return issue(env, await createIssue(env, as, input));
  }

  async createComment(as: string, issueNumber: number, body: string): Promise<Schema<'issue-comment'>> {
    const { env } = this.started();
    return comment(env, createComment(env, findIssue(env, issueNumber), body, as));
  }

  async createReviewComment(as: string, pullNumber: number, input: NewReviewComment): Promise<Schema<'pull-request-review-comment'>> {
    const { env } = this.started();
    return reviewComment(env, await createReviewComment(env, this.pull(pullNumber), as, input));
  }

  async mergePull(number: number, options: MergeOptions & { as?: string } = {}): Promise<string> {
    return mergePull(this.started().env, this.pull(number), options.as ?? this.options.owner, options);
  }

  snapshot(): Promise<SandboxSnapshot> {
    return snapshot(this.started().env, this.currentFacts);
  }

  deliveries(): Delivery[] {
    return this.deliverer.list();
  }

  redeliver(deliveryId: string): Promise<DeliveryAttempt> {
    return this.deliverer.redeliver(deliveryId);
  }

  requests(since?: number): RequestRecord[] {
    return this.requestLog.since(since);
  }

  requestMark(): number {
    return this.requestLog.mark();
  }

  settled(): Promise<void> {
    return this.deliverer.idle();
  }

  waitFor<T>(check: (state: SandboxSnapshot) => T | undefined | false | null, options?: WaitOptions): Promise<T> {
    return waitUntil(options?.what ?? 'a condition', async () => check(await this.snapshot()), { timeoutMs: 10_000, ...options }) as Promise<T>;
  }

  private pull(number: number): ReturnType<typeof findIssue> & { pull: PullRecord } {
    const record = findIssue(this.started().env, number);
    if (!isPull(record)) throw new HttpError(404, { message: `#${number} is an issue, not a pull request` });
    return record;
  }

  private started(): NonNullable<LocalSandbox['running']> {
    if (!this.running) throw new Error('the sandbox is not running: call start() first');
    return this.running;
  }

  private async loadKey(path: string): Promise<AppKey> {
    if (!this.options.privateKey && existsSync(path)) return appKeyFrom(await readFile(path, 'utf8'));
    const key = this.options.privateKey ? appKeyFrom(this.options.privateKey) : generateAppKey();
    await writeFile(path, key.privateKeyPem, { mode: 0o600 });
    return key;
  }

}
