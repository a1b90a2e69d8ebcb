import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * The first executable `name` on `PATH`, or undefined. Probes look a command up before running
 * it because forking a child only to learn it does not exist costs more than the whole check on a
 * busy machine (nmcli and xprintidle are absent on most servers).
 */
export async function findCommand(name: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const candidates = isAbsolute(name) ? [name] : (env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, name));
  const found = await Promise.all(
    candidates.map((candidate) =>
      access(candidate, constants.X_OK).then(
        () => candidate,
        () => undefined,
      ),
    ),
  );
  return found.find((candidate) => candidate !== undefined);
}
