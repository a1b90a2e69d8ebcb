import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The launcher runs the compiled CLI in lib/ (built by `npm ci` through `prepare`).
const BIN = fileURLToPath(new URL('../../bin/overnight.js', import.meta.url));

describe('bin/overnight.js', () => {
  it('exits 0 without a stack trace when the reader of its output goes away (`| head`)', () => {
    // head exits after one byte, so most of the ~80 KB of JSON meets a closed pipe: EPIPE.
    const pipeline = `"${process.execPath}" "${BIN}" schedule --window 01:00-05:00 --every 1m --timezone UTC --count 1000 --json | head -c 1 >/dev/null`;
    const result = spawnSync('bash', ['-c', `set -o pipefail; ${pipeline}`], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
