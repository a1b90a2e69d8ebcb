import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { compiledCli } from '../e2e/helpers/compiled-cli.js';

// The shipped launcher over the test build of src/ (test/setup/compile-cli.ts).
const BIN = compiledCli();

describe('bin/overnight.js', () => {
  it('exits 0 without a stack trace when the reader of its output goes away (`| head`)', () => {
    // head exits after one byte, so most of the ~80 KB of JSON meets a closed pipe: EPIPE.
    const pipeline = `"${process.execPath}" "${BIN}" schedule --window 01:00-05:00 --every 1m --timezone UTC --count 1000 --json | head -c 1 >/dev/null`;
    const result = spawnSync('bash', ['-c', `set -o pipefail; ${pipeline}`], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
