import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { onTestFinished } from 'vitest';
import { createSampleRepo, type SampleRepo } from '../../src/demo/sample-repo/write-sample-repo.js';

/** A fresh sample clone pushed to its own bare remote, both in a new temp dir removed after the test. */
export async function tempSampleRepo(): Promise<SampleRepo & { remote: string }> {
  const root = await mkdtemp(join(tmpdir(), 'overnight-demo-sample-'));
  onTestFinished(() => rm(root, { recursive: true, force: true }));
  const remote = join(root, 'remote.git');
  await execa('git', ['init', '--bare', '--quiet', '--initial-branch=main', remote]);
  const repo = await createSampleRepo({ dir: join(root, 'clone'), remoteUrl: remote });
  return { ...repo, remote };
}

export async function git(cwd: string, args: string[]): Promise<string> {
  return (await execa('git', args, { cwd })).stdout;
}
