import { lstat } from 'node:fs/promises';

/** Whether anything is at `path`, a dangling symlink included (it is not followed). */
export async function pathExists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}
