import { sessionIdFromRef } from '../../src/protocol/index.js';
import type { Delivery } from '../../src/sandbox/index.js';
import type { BenchStage } from './bench-stage.js';
import { countEventRequests, type EventRequests } from './count-requests.js';

export interface PhaseOutcome {
  /** Answered 200: handled in full before the answer. */
  ok: number;
  /** Answered 202 "still processing": probot gave up waiting after 9 s, the handler went on. */
  late: number;
  /** Any other answer, or none. */
  errors: number;
}

export interface PushFigures {
  latenciesMs: number[];
  /** Each latency minus the time the sandbox spent answering the bot's requests for it. */
  botSideMs: number[];
  sequential: PhaseOutcome;
  /** Deliveries per second until the last of the batch's PRs existed. */
  deliveriesPerSecond: number;
  concurrent: PhaseOutcome;
  /** The bot's requests for each sequential delivery answered 200 that opened a PR. */
  requests: EventRequests[];
}

export interface PushPlan {
  warmUp: number;
  latency: number;
  throughput: number;
  concurrency: number;
}

/** How long a late delivery's PR may take to appear before the benchmark gives up on it. */
const LATE_PR_MS = 120_000;

/**
 * Replays the recorded push deliveries: a warm-up (JIT, installation token, the dashboard's
 * creation), then one at a time for latency and the API requests each cost, then `concurrency`
 * at a time for throughput. Each PR is closed by the maintainer once the bot has made it.
 */
export async function measurePushes(stage: BenchStage, pushes: readonly Delivery[], plan: PushPlan): Promise<PushFigures> {
  const needed = plan.warmUp + plan.latency + plan.throughput;
  if (pushes.length < needed) throw new Error(`the plan needs ${needed} push deliveries, the sandbox recorded ${pushes.length}`);
  const warmUp = pushes.slice(0, plan.warmUp);
  const sequential = pushes.slice(plan.warmUp, plan.warmUp + plan.latency);
  const batch = pushes.slice(plan.warmUp + plan.latency, needed);
  const outcome = (): PhaseOutcome => ({ ok: 0, late: 0, errors: 0 });
  const tally = (into: PhaseOutcome, status: number) => {
    if (status === 200) into.ok += 1;
    else if (status === 202) into.late += 1;
    else into.errors += 1;
  };
  const close = async (delivery: Delivery, status: number) => {
    const session = sessionIdFromRef(String(delivery.payload.ref));
    if (session !== undefined && (status === 200 || status === 202)) await stage.closeAgentPr(session, status === 202 ? LATE_PR_MS : 0);
  };

  for (const delivery of warmUp) await close(delivery, (await stage.replay(delivery)).status);
  await stage.settle();
  const dashboard = await stage.dashboardShape();

  const figures: PushFigures = { latenciesMs: [], botSideMs: [], sequential: outcome(), deliveriesPerSecond: 0, concurrent: outcome(), requests: [] };
  for (const delivery of sequential) {
    const mark = stage.sandbox.requestMark();
    const { ms, status } = await stage.replay(delivery);
    // Sliced before the maintainer closes the PR, and only the bot's own requests counted.
    const counted = countEventRequests(stage.sandbox.requests(mark), dashboard);
    await close(delivery, status);
    if (status !== 200) await stage.settle();
    tally(figures.sequential, status);
    figures.latenciesMs.push(ms);
    figures.botSideMs.push(ms - counted.sandboxMs);
    if (status === 200 && counted.calls.includes('POST /repos/:owner/:repo/pulls 201')) figures.requests.push(counted);
  }

  const queue = [...batch];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: plan.concurrency }, async () => {
      for (let delivery = queue.shift(); delivery; delivery = queue.shift()) {
        const { status } = await stage.replay(delivery);
        tally(figures.concurrent, status);
        await close(delivery, status);
      }
    }),
  );
  figures.deliveriesPerSecond = batch.length / ((performance.now() - started) / 1000);
  await stage.settle();
  return figures;
}
