import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../../../../src/platform/wait-until.js';
import { createUsageMeter, tailCodexRollout } from '../../../../src/runner/agents/usage/index.js';
import { fixtureLines } from './feed.js';

const THREAD = '019a7c3e-5b21-7d40-9e8a-4f2c6b1d3e57';
let home: string;
let day: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'overnight-codex-home-'));
  day = join(home, 'sessions', '2026', '11', '28');
  mkdirSync(day, { recursive: true });
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('tailCodexRollout', () => {
  it('follows the thread\'s rollout once the thread id is known, feeding the running totals to the meter', async () => {
    const meter = createUsageMeter('codex');
    let threadId: string | undefined;
    const tail = tailCodexRollout({ codexHome: home, threadId: () => threadId, onLine: (line) => meter.push(line), everyMs: 10 });
    const [meta, ...rest] = fixtureLines('codex-rollout.jsonl').filter((line) => line !== '');
    // Another thread's rollout on the same day is never read.
    writeFileSync(join(day, 'rollout-2026-11-28T00-01-00-019a0000-0000-7000-8000-000000000000.jsonl'), rest.at(-1)!.replace('187342', '999999999'));
    const file = join(day, `rollout-2026-11-28T00-07-12-${THREAD}.jsonl`);
    writeFileSync(file, `${meta}\n`);
    threadId = THREAD;
    // Written as Codex writes it: a line at a time, the last one cut mid-write for a while.
    for (const line of rest.slice(0, -1)) appendFileSync(file, `${line}\n`);
    const last = rest.at(-1)!;
    appendFileSync(file, last.slice(0, 40));
    await waitUntil('the first totals', () => meter.current().inputTokens > 0, { timeoutMs: 5_000, intervalMs: 10 });
    appendFileSync(file, `${last.slice(40)}\n`);
    await tail.stop();
    expect(meter.current()).toMatchObject({ inputTokens: 187_342, cacheReadTokens: 161_280, outputTokens: 6_911 });
  });

  it('reads nothing through a symlink or from a FIFO the agent put in its place, and never blocks on one', async () => {
    const secret = join(home, 'secret.jsonl');
    writeFileSync(secret, '{"type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":5,"output_tokens":5}}}}\n');
    symlinkSync(secret, join(day, `rollout-2026-11-28T00-07-12-${THREAD}.jsonl`));
    const lines: string[] = [];
    const viaLink = tailCodexRollout({ codexHome: home, threadId: () => THREAD, onLine: (line) => lines.push(line), everyMs: 10 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await viaLink.stop();
    expect(lines).toStrictEqual([]);

    const fifoThread = '019a7c3e-0000-7000-8000-00000000f1f0';
    execFileSync('mkfifo', [join(day, `rollout-2026-11-28T00-07-12-${fifoThread}.jsonl`)]);
    const viaFifo = tailCodexRollout({ codexHome: home, threadId: () => fifoThread, onLine: (line) => lines.push(line), everyMs: 10 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await viaFifo.stop();
    expect(lines).toStrictEqual([]);
  });

  it('does nothing without a thread id or a sessions dir', async () => {
    const lines: string[] = [];
    const tail = tailCodexRollout({ codexHome: join(home, 'missing'), threadId: () => THREAD, onLine: (line) => lines.push(line), everyMs: 10 });
    await tail.stop();
    const none = tailCodexRollout({ codexHome: home, threadId: () => undefined, onLine: (line) => lines.push(line), everyMs: 10 });
    await none.stop();
    expect(lines).toStrictEqual([]);
  });
});
