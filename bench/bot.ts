import { generateKeyPairSync } from 'node:crypto';
import { Webhooks } from '@octokit/webhooks';
import pino from 'pino';
import { startBot } from '../src/bot/index.js';
import { branchForSession, formatCommitBody, formatCommitMessage } from '../src/protocol/index.js';
import { addGoalIssue, startGitHubStandIn } from '../test/bot/github-stand-in.js';
import { agentPush } from '../test/bot/payloads.js';

const LATENCY_DELIVERIES = 500;
const THROUGHPUT_DELIVERIES = 500;
const CONCURRENCY = 8;
const SECRET = 'bench-secret';
const GOAL = 12;

/**
 * A signed push webhook to "PR created", bot side, against an in-memory GitHub stand-in
 * on loopback. Each delivery is a new agent branch, so each one really opens a PR (with labels,
 * the goal comment and a dashboard rebuild). Octokit's write throttle is off: against GitHub it
 * spaces writes 1 s apart per installation by design, which would measure GitHub's policy, not us.
 */
export async function run(): Promise<void> {
  const standIn = await startGitHubStandIn({ owner: 'Codertocat', repo: 'Hello-World' });
  addGoalIssue(standIn, GOAL, 'Replace the retry loop');
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const bot = await startBot({ appId: 1, privateKey, secret: SECRET, baseUrl: standIn.baseUrl, log: pino({ level: 'silent' }), throttle: false });
  await bot.reconciled;
  const webhooks = new Webhooks({ secret: SECRET });
  let sequence = 0;
  // Maintainers merge as PRs arrive, so open lists stay the size of a real repository's instead of
  // growing with the benchmark (closed PRs still fill the dashboard's recent-PR page).
  const merged = (session: string) => {
    const pr = standIn.state.pulls.find((candidate) => candidate.head.ref === branchForSession(session));
    if (!pr) return;
    pr.state = 'closed';
    standIn.state.issues.get(pr.number)!.state = 'closed';
  };

  const deliver = async (): Promise<{ ms: number; ok: boolean }> => {
    const session = `20261128-0107-${(sequence++).toString(16).padStart(6, '0')}`;
    const body = JSON.stringify(
      agentPush({
        ref: `refs/heads/${branchForSession(session)}`,
        message: formatCommitMessage({
          subject: 'Replace the hand-written retry loop',
          body: formatCommitBody({ summary: 'Swapped the loop.', rationale: 'Oldest goal.' }),
          trailers: { session, goal: { kind: 'issue', number: GOAL }, agent: 'claude-code', runner: 'bench', cycle: 1, durationSec: 60, verify: 'passed', outcome: 'complete' },
        }),
      }),
    );
    const headers = {
      'content-type': 'application/json',
      'x-github-event': 'push',
      'x-github-delivery': session,
      'x-hub-signature-256': await webhooks.sign(body),
    };
    const started = performance.now();
    const response = await fetch(bot.webhookUrl, { method: 'POST', headers, body });
    await response.text();
    const ms = performance.now() - started;
    merged(session);
    return { ms, ok: response.status === 200 };
  };

  try {
    for (let i = 0; i < 20; i += 1) await deliver(); // warm-up: JIT, installation token, dashboard
    const latencies: number[] = [];
    let latencyErrors = 0;
    for (let i = 0; i < LATENCY_DELIVERIES; i += 1) {
      const { ms, ok } = await deliver();
      latencies.push(ms);
      if (!ok) latencyErrors += 1;
    }

    let throughputErrors = 0;
    let remaining = THROUGHPUT_DELIVERIES;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (remaining > 0) {
          remaining -= 1;
          if (!(await deliver()).ok) throughputErrors += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const expectedPrs = 20 + LATENCY_DELIVERIES + THROUGHPUT_DELIVERIES;

    console.log(`bot: signed push webhook -> PR created, against a loopback GitHub stand-in (${process.platform}, Node ${process.version})`);
    console.log(`  latency over ${LATENCY_DELIVERIES} sequential deliveries: p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, errors ${latencyErrors}`);
    console.log(`  sustained: ${THROUGHPUT_DELIVERIES} deliveries, ${CONCURRENCY} in flight, ${(THROUGHPUT_DELIVERIES / seconds).toFixed(1)} deliveries/s, errors ${throughputErrors}`);
    console.log(`  PRs opened ${standIn.state.pulls.length} of ${expectedPrs} deliveries; API requests per delivery ${(standIn.requests.length / expectedPrs).toFixed(1)}`);
  } finally {
    await bot.stop();
    await standIn.close();
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
