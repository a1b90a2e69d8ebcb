import { existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRollingFile } from '../../../src/runner/daemon/rolling-file.js';

const dirIn = () => join(mkdtempSync(join(tmpdir(), 'overnight-roll-')), 'logs');
const logs = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.log')).sort();
const line = (n: number) => `${JSON.stringify({ n, msg: 'x'.repeat(30) })}\n`;

describe('the rolling log file', () => {
  it('starts runner.1.log with current.log linking it', () => {
    const dir = dirIn();
    const file = createRollingFile({ dir });
    file.write(line(1));
    file.end();
    expect(logs(dir)).toStrictEqual(['current.log', 'runner.1.log']);
    expect(readlinkSync(join(dir, 'current.log'))).toBe('runner.1.log');
    expect(readFileSync(join(dir, 'current.log'), 'utf8')).toBe(line(1));
  });

  it('moves to the next file before a line would pass maxBytes, never splitting a line, and keeps the newest `keep`', () => {
    const dir = dirIn();
    const size = Buffer.byteLength(line(1));
    const file = createRollingFile({ dir, maxBytes: size * 2, keep: 3 });
    for (let n = 1; n <= 9; n++) file.write(line(n));
    file.end();
    expect(logs(dir)).toStrictEqual(['current.log', 'runner.3.log', 'runner.4.log', 'runner.5.log']);
    expect(readFileSync(join(dir, 'runner.4.log'), 'utf8')).toBe(line(7) + line(8));
    expect(readFileSync(join(dir, 'current.log'), 'utf8')).toBe(line(9));
  });

  it('starts a new file on a new local day, with no timer: at the first write of the day', () => {
    const dir = dirIn();
    let now = new Date(2026, 10, 28, 23, 59, 0);
    const file = createRollingFile({ dir, now: () => now });
    file.write(line(1));
    now = new Date(2026, 10, 29, 0, 0, 30);
    file.write(line(2));
    file.end();
    expect(readFileSync(join(dir, 'runner.1.log'), 'utf8')).toBe(line(1));
    expect(readFileSync(join(dir, 'runner.2.log'), 'utf8')).toBe(line(2));
    expect(readlinkSync(join(dir, 'current.log'))).toBe('runner.2.log');
  });

  it('after a restart appends to the newest file when it is from today and not full, else starts the next', () => {
    const dir = dirIn();
    const first = createRollingFile({ dir });
    first.write(line(1));
    first.end();
    const again = createRollingFile({ dir });
    again.write(line(2));
    again.end();
    expect(readFileSync(join(dir, 'runner.1.log'), 'utf8')).toBe(line(1) + line(2));

    // Yesterday's file is left as it is.
    const yesterday = new Date(Date.now() - 86_400_000);
    utimesSync(join(dir, 'runner.1.log'), yesterday, yesterday);
    const nextDay = createRollingFile({ dir });
    nextDay.write(line(3));
    nextDay.end();
    expect(readFileSync(join(dir, 'runner.2.log'), 'utf8')).toBe(line(3));
    expect(readlinkSync(join(dir, 'current.log'))).toBe('runner.2.log');
  });

  it('counts on from the highest number present, and leaves other files alone', () => {
    const dir = dirIn();
    createRollingFile({ dir }).end();
    writeFileSync(join(dir, 'runner.7.log'), 'x'.repeat(100));
    writeFileSync(join(dir, 'service.err.log'), 'launchd output');
    const file = createRollingFile({ dir, maxBytes: 50 });
    file.write(line(1));
    file.end();
    expect(readlinkSync(join(dir, 'current.log'))).toBe('runner.8.log');
    expect(existsSync(join(dir, 'service.err.log'))).toBe(true);
  });
});
