import { rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface FilesystemTraits {
  /** A case-insensitive filesystem (APFS by default): git must not see `Readme` and `README` as two files. */
  ignoreCase: boolean;
  /** macOS hands out decomposed Unicode file names; git stores them composed, as Linux sees them. */
  precomposeUnicode: boolean;
}

/**
 * The whole config of the runner repository, written by the runner and compared against after
 * every agent run. It holds what `git init` would have probed and nothing else: no remote (fetch
 * and push name the URL), no include, no driver, no helper.
 */
export function canonicalRepoConfig({ objectFormat, ignoreCase, precomposeUnicode }: FilesystemTraits & { objectFormat: string }): string {
  const sha1 = objectFormat === 'sha1';
  return [
    '[core]',
    `\trepositoryformatversion = ${sha1 ? 0 : 1}`,
    '\tfilemode = true',
    '\tbare = true',
    '\tlogallrefupdates = false',
    ...(ignoreCase ? ['\tignorecase = true'] : []),
    ...(precomposeUnicode ? ['\tprecomposeunicode = true'] : []),
    ...(sha1 ? [] : ['[extensions]', `\tobjectformat = ${objectFormat}`]),
    '',
  ].join('\n');
}

/** What `git init` would probe, for the filesystem the workspaces live on. */
export async function probeFilesystem(dir: string, platform: NodeJS.Platform): Promise<FilesystemTraits> {
  const name = `.overnight-case-probe-${randomBytes(4).toString('hex')}`;
  const probe = join(dir, `${name}-A`);
  await writeFile(probe, '');
  try {
    const ignoreCase = await stat(join(dir, `${name}-a`)).then(
      () => true,
      () => false,
    );
    return { ignoreCase, precomposeUnicode: platform === 'darwin' };
  } finally {
    await rm(probe, { force: true });
  }
}
