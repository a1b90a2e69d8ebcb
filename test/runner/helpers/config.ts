import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runnerConfigSchema, type RunnerConfig, type RunnerConfigInput } from '../../../src/config/runner-config.js';

export const fixtureAgent = (name: string) => fileURLToPath(new URL(`../../fixtures/agents/${name}`, import.meta.url));

/** A fake agent run by node: `command` kind, the script path first; its dir readable inside the sandbox. */
export const nodeAgent = (script: string, ...args: string[]) => ({
  kind: 'command' as const,
  bin: process.execPath,
  args: [fixtureAgent(script), ...args],
  sandbox: { allowRead: [dirname(fixtureAgent(script))] },
});

export const shellAgent = (script: string) => ({ kind: 'command' as const, bin: '/bin/sh', args: ['-c', script] });

export function testConfig(repoPath: string, dataDir: string, overrides: Partial<RunnerConfigInput> = {}): RunnerConfig {
  return runnerConfigSchema.parse({
    repo: { path: repoPath, github: 'acme/widgets' },
    schedule: { timezone: 'UTC', window: { start: '01:00', end: '05:00' }, every: '30m' },
    stateDir: dataDir,
    runnerName: 'test-runner',
    // These tests are about the cycle; the sandbox has its own (cycle-sandbox.test.ts among them).
    sandbox: { mode: 'off' },
    agents: {
      default: 'edit',
      defs: {
        edit: nodeAgent('edit-file.mjs'),
        'no-change': nodeAgent('no-change.mjs'),
        hang: nodeAgent('hang.mjs'),
        workflow: nodeAgent('touch-workflow.mjs'),
        leak: nodeAgent('leak-token.mjs'),
        fail: nodeAgent('fail.mjs'),
      },
    },
    ...overrides,
  });
}
