import { pathExists } from './path-exists.js';
import { gitValue, type Git } from './git.js';

/**
 * The developer's object directory, when the runner repository may borrow from it for its first
 * fetch: a shallow or partial clone lacks objects its refs imply, so a fetch that trusted them would
 * leave the runner repository incomplete. Only read-only git commands run in the clone.
 */
export async function findLender(git: Git, clonePath: string): Promise<string | undefined> {
  const inClone = { cwd: clonePath };
  if ((await gitValue(git, ['rev-parse', '--is-shallow-repository'], inClone)) !== 'false') return undefined;
  const partial = await git(['config', '--get', 'extensions.partialClone'], { ...inClone, allowFailure: true });
  if (partial.stdout.trim() !== '') return undefined;
  const objects = await gitValue(git, ['rev-parse', '--path-format=absolute', '--git-path', 'objects'], inClone);
  return (await pathExists(objects)) ? objects : undefined;
}
