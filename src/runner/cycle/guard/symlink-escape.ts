/** Links followed at most before a chain counts as a loop, as the kernel's ELOOP limit does. */
const MAX_LINKS = 40;

/**
 * Whether the symlink at `linkPath` (repository-relative), pointing at `target`, leads outside
 * the repository: an absolute target, a `..` above the root, or another symlink of the tree
 * (looked up with `readLink`) that does. Each component is resolved in turn, as the kernel does,
 * so `a/../..` is judged by where `a` really points. A chain too long to follow counts as leaving.
 */
export async function symlinkLeaves(linkPath: string, target: string, readLink: (path: string) => Promise<string | undefined>): Promise<boolean> {
  let followed = 0;
  const resolve = async (dir: string[], to: string): Promise<string[] | undefined> => {
    if (to.startsWith('/')) return undefined;
    const stack = [...dir];
    for (const part of to.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (stack.length === 0) return undefined;
        stack.pop();
        continue;
      }
      stack.push(part);
      const next = await readLink(stack.join('/'));
      if (next === undefined) continue;
      if (++followed > MAX_LINKS) return undefined;
      const resolved = await resolve(stack.slice(0, -1), next);
      if (resolved === undefined) return undefined;
      stack.splice(0, stack.length, ...resolved);
    }
    return stack;
  };
  return (await resolve(linkPath.split('/').slice(0, -1), target)) === undefined;
}
