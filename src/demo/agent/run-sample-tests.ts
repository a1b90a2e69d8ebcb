import { execa } from 'execa';

export interface TestRun {
  passed: boolean;
  /** Tests that passed and failed, from the TAP summary; undefined when it printed none. */
  pass?: number;
  fail?: number;
  /** The last lines of output, to show when the run failed. */
  tail: string;
}

/** Runs the sample project's own tests (`node --test`, TAP) in `cwd` and reads the counts. */
export async function runSampleTests(cwd: string, { timeoutMs = 60_000 } = {}): Promise<TestRun> {
  // Inside another test runner NODE_TEST_CONTEXT would make this run report to its parent instead.
  const { NODE_TEST_CONTEXT: _parent, ...env } = process.env;
  const result = await execa(process.execPath, ['--test', '--test-reporter=tap'], {
    cwd,
    env,
    extendEnv: false,
    reject: false,
    all: true,
    timeout: timeoutMs,
  });
  const output = result.all ?? '';
  return {
    passed: result.exitCode === 0,
    ...countOf(output, 'pass'),
    ...countOf(output, 'fail'),
    tail: output.split('\n').slice(-30).join('\n'),
  };
}

function countOf(tap: string, name: 'pass' | 'fail'): Partial<Record<'pass' | 'fail', number>> {
  const match = new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap);
  return match ? { [name]: Number(match[1]) } : {};
}
