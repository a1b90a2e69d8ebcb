import { dirname, sep } from 'node:path';

/** Whether `path` is `dir` itself or lies below it (both absolute and normalised). */
export function isWithin(path: string, dir: string): boolean {
  if (path === dir) return true;
  return path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/** `/a/b/c` -> `['/a/b', '/a', '/']`: the directories a path is reached through. */
export function ancestorsOf(path: string): string[] {
  const ancestors: string[] = [];
  for (let current = dirname(path); ; current = dirname(current)) {
    ancestors.push(current);
    if (current === dirname(current)) return ancestors;
  }
}

/** Number of components: parents sort before what is mounted inside them. */
export function depthOf(path: string): number {
  return path.split(sep).filter(Boolean).length;
}
