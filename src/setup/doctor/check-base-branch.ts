import type { RunnerConfig } from '../../config/index.js';
import { firstLine } from '../../runner/index.js';
import type { SetupGit } from '../setup-git.js';
import { fail, ok, type DoctorCheck } from './types.js';

export const LS_REMOTE_TIMEOUT_MS = 20_000;

/**
 * `repo.base` exists on the remote, asked the way the runner will fetch it: over the network, with
 * the runner's credential in the environment (`credentialEnv`), so a token that cannot read the
 * repository over git fails here rather than at 1 a.m.
 */
export async function checkBaseBranch(
  git: SetupGit,
  config: RunnerConfig,
  credentialEnv: Record<string, string>,
  timeoutMs = LS_REMOTE_TIMEOUT_MS,
): Promise<DoctorCheck> {
  const { path, remote, base } = config.repo;
  const result = await git(['ls-remote', '--heads', remote, `refs/heads/${base}`], { cwd: path, env: credentialEnv, timeoutMs });
  if (result.failure === 'timeout') {
    return fail('base-branch', `${remote} did not answer \`git ls-remote\` within ${seconds(timeoutMs)}`, 'check the network and that the remote URL is right');
  }
  if (result.exitCode !== 0) {
    return fail('base-branch', `\`git ls-remote ${remote}\` failed: ${firstLine(result.stderr) || `exit ${result.exitCode}`}`, 'check that the token (or your SSH key) can read the repository');
  }
  if (!result.stdout.split('\n').some((line) => line.endsWith(`\trefs/heads/${base}`))) {
    return fail('base-branch', `repo.base "${base}" is not a branch on ${remote}`, `push ${base} to ${remote}, or set repo.base to its default branch`);
  }
  return ok('base-branch', `${base} exists on ${remote}`);
}

const seconds = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);
