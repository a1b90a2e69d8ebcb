import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createSleepAssertion } from '../../src/keepalive/assertion.js';
import { waitFor } from './helpers.js';

const pmsetAssertions = () => execFileSync('pmset', ['-g', 'assertions'], { encoding: 'utf8' });

/** The pid of the real caffeinate this process started, found by its exact arguments. */
function ourCaffeinate(): number | undefined {
  try {
    const pid = execFileSync('pgrep', ['-f', `caffeinate -i -s -w ${process.pid}`], { encoding: 'utf8' }).trim().split('\n')[0];
    return pid ? Number(pid) : undefined;
  } catch {
    return undefined;
  }
}

describe('the real macOS assertion', () => {
  it.runIf(process.platform === 'darwin')('appears in `pmset -g assertions` while held and is gone after release', async () => {
    const assertion = createSleepAssertion();
    expect(await assertion.hold('overnight test')).toBe(true);
    await waitFor(() => ourCaffeinate() !== undefined, 'caffeinate to run');
    const pid = ourCaffeinate()!;
    await waitFor(() => pmsetAssertions().includes(`pid ${pid}(caffeinate)`), 'pmset to list the assertion');
    expect(pmsetAssertions()).toMatch(new RegExp(`pid ${pid}\\(caffeinate\\): .*PreventUserIdleSystemSleep`));

    await assertion.release();
    await waitFor(() => !pmsetAssertions().includes(`pid ${pid}(caffeinate)`), 'the assertion to disappear');
    expect(ourCaffeinate()).toBeUndefined();
  });
});
