import { runChecks } from '../src/constraints/index.js';

const RUNS = 50;
/** Goal: every check together, real commands, p95 under 100 ms. */
const TARGET_P95_MS = 100;

/**
 * All checks together with the real probes of this machine (no config, so every one runs for its
 * facts), 50 times after one warm-up run. Prints median and p95 wall time, and each check's own.
 */
export async function run(): Promise<void> {
  await runChecks(undefined);
  const totals: number[] = [];
  const perCheck = new Map<string, number[]>();
  for (let i = 0; i < RUNS; i += 1) {
    const started = performance.now();
    const report = await runChecks(undefined);
    totals.push(performance.now() - started);
    for (const check of report.checks) perCheck.set(check.name, [...(perCheck.get(check.name) ?? []), check.ms]);
  }
  const p95 = percentile(totals, 95);
  console.log(`constraints: all checks together, ${RUNS} runs on ${process.platform}`);
  console.log(`  median ${percentile(totals, 50).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (target p95 < ${TARGET_P95_MS} ms: ${p95 < TARGET_P95_MS ? 'met' : 'missed'})`);
  for (const [name, values] of perCheck) {
    console.log(`  ${name.padEnd(18)} median ${percentile(values, 50)} ms, p95 ${percentile(values, 95)} ms`);
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? Number.NaN;
}
