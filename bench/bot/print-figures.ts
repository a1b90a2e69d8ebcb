import { spread, type EventRequests } from './count-requests.js';
import type { CommandFigures } from './measure-commands.js';
import type { PhaseOutcome, PushFigures, PushPlan } from './measure-pushes.js';

/** GitHub API requests a push that opens a PR should cost the bot at most. */
export const REQUESTS_TARGET = 8;

export interface BotFigures {
  plan: PushPlan;
  branches: number;
  pushDeliveries: number;
  pushSeconds: number;
  opened: number;
  pushes: PushFigures;
  commands: CommandFigures[];
  /** One-minute load average before and after: the machine is shared, and the sandbox's git runs feel it. */
  load: [number, number];
  firstBotError?: string;
}

export function printBotFigures(figures: BotFigures): void {
  const { plan, pushes } = figures;
  const ms = (values: number[], p: number) => `${percentile(values, p).toFixed(1)} ms`;
  const total = plan.warmUp + plan.latency + plan.throughput;
  console.log(`bot: signed push webhook -> PR created, bot side, against the sandbox GitHub on loopback (${process.platform}, Node ${process.version})`);
  console.log(`  load average ${figures.load[0].toFixed(1)} before, ${figures.load[1].toFixed(1)} after`);
  console.log(`  ${figures.branches} agent branches in one git push; the sandbox recorded ${figures.pushDeliveries} push deliveries in ${figures.pushSeconds.toFixed(0)} s, replayed to the bot signed`);
  console.log(
    `  latency over ${plan.latency} sequential deliveries: p50 ${ms(pushes.latenciesMs, 50)}, p99 ${ms(pushes.latenciesMs, 99)}, ${outcome(pushes.sequential)}; ` +
      `minus the sandbox's time answering the bot: p50 ${ms(pushes.botSideMs, 50)}, p99 ${ms(pushes.botSideMs, 99)}`,
  );
  console.log(
    `  sustained: ${plan.throughput} deliveries, ${plan.concurrency} in flight, ${pushes.deliveriesPerSecond.toFixed(1)} deliveries/s ` +
      `(wall time until the last PR existed, the maintainer closing each PR included), ${outcome(pushes.concurrent)}`,
  );
  console.log(`  PRs opened ${figures.opened} of ${total} deliveries`);

  const requests = spread(pushes.requests.map((counted) => counted.total));
  const dashboard = spread(pushes.requests.map((counted) => counted.dashboard));
  const refreshes = spread(pushes.requests.map((counted) => counted.refreshes));
  console.log(
    `  GitHub API requests per push that opens a PR (${pushes.requests.length} sequential): mean ${requests.mean.toFixed(1)}, max ${requests.max} ` +
      `(target <= ${REQUESTS_TARGET}: ${requests.max <= REQUESTS_TARGET ? 'met' : 'missed'}); dashboard reads/writes among them mean ${dashboard.mean.toFixed(1)}, ` +
      `max ${dashboard.max}; dashboard refreshes per push max ${refreshes.max}`,
  );
  const typical = pushes.requests.find((counted) => counted.total === requests.max);
  if (typical) console.log(`    a push: ${typical.calls.join(', ')}`);
  console.log(
    '  (dashboard reads/writes: finding the dashboard issue, the goal and PR lists it is rendered from, and the issue itself; ' +
      'a refresh is one read of the goal list. `status` also reads the PR list and the dashboard for its own reply.)',
  );

  for (const { command, requests: counted, errors } of figures.commands) {
    const all = spread(counted.map((one) => one.total));
    console.log(
      `  requests per \`/overnight ${command}\` comment (${counted.length + errors} issue_comment.created deliveries): mean ${all.mean.toFixed(1)}, max ${all.max}; ` +
        `dashboard reads/writes mean ${spread(counted.map((one) => one.dashboard)).mean.toFixed(1)}, refreshes max ${spread(counted.map((one) => one.refreshes)).max}; errors ${errors}`,
    );
    const example: EventRequests | undefined = counted.find((one) => one.total === all.max);
    if (example) console.log(`    a \`${command}\`: ${example.calls.join(', ')}`);
  }
  if (figures.firstBotError) console.log(`  the bot's first logged error: ${figures.firstBotError}`);
}

function outcome(phase: PhaseOutcome): string {
  return `errors ${phase.errors}` + (phase.late > 0 ? `, ${phase.late} answered 202 "still processing" after 9 s` : '');
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
