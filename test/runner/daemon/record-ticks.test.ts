import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createRecordTickCycle } from '../../../src/runner/daemon/record-ticks.js';

const logger = pino({ level: 'silent' });
const tick = { scheduledAt: new Date('2026-11-28T01:00:00Z'), firedAt: new Date('2026-11-28T01:00:00.012Z'), catchUp: false, night: '2026-11-28' };

describe('the default cycle of `overnight run`', () => {
  it('appends one JSON line per tick to ticks.jsonl', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'overnight-ticks-')), 'data', 'ticks.jsonl');
    const cycle = createRecordTickCycle({ file, now: () => new Date('2026-11-28T01:00:00.020Z') });
    const signal = new AbortController().signal;
    expect(await cycle(tick, { signal, logger, cycleId: 'a1' })).toEqual({ outcome: 'recorded', detail: `appended to ${file}` });
    await cycle({ ...tick, catchUp: true }, { signal, logger, cycleId: 'a2' });
    const records = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(records).toEqual([
      { cycle: 'a1', night: '2026-11-28', scheduledAt: '2026-11-28T01:00:00.000Z', firedAt: '2026-11-28T01:00:00.012Z', catchUp: false, recordedAt: '2026-11-28T01:00:00.020Z' },
      { cycle: 'a2', night: '2026-11-28', scheduledAt: '2026-11-28T01:00:00.000Z', firedAt: '2026-11-28T01:00:00.012Z', catchUp: true, recordedAt: '2026-11-28T01:00:00.020Z' },
    ]);
  });

  it('records nothing once the daemon is stopping', async () => {
    const writes: string[] = [];
    const cycle = createRecordTickCycle({ file: '/nonexistent/ticks.jsonl', appendFile: async (_path, text) => void writes.push(text) });
    const controller = new AbortController();
    controller.abort();
    expect((await cycle(tick, { signal: controller.signal, logger, cycleId: 'a1' })).outcome).toBe('aborted');
    expect(writes).toEqual([]);
  });
});
