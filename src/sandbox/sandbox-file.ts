import { readFile, rm, writeFile, mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

/** What a running `overnight sandbox` leaves for the commands that drive it (`sandbox issue`, `sandbox comment`). */
const runningSandbox = z.object({
  pid: z.int(),
  dir: z.string(),
  webUrl: z.string(),
  apiUrl: z.string(),
  remoteUrl: z.string(),
  owner: z.string(),
  repo: z.string(),
});
export type RunningSandbox = z.output<typeof runningSandbox>;

/** Written via a temp file and rename, so a reader never sees half of it; 0600 like any local secret's neighbour. */
export async function writeSandboxFile(path: string, sandbox: RunningSandbox): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(sandbox, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, path);
}

export type SandboxLookup = { found: RunningSandbox } | { missing: string };

/** The sandbox a file describes, if its process still runs. */
export async function readSandboxFile(path: string, isAlive: (pid: number) => boolean = pidAlive): Promise<SandboxLookup> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return { missing: `no sandbox has written ${path}` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = runningSandbox.safeParse(json);
  if (!parsed.success) return { missing: `${path} does not describe a sandbox` };
  if (!isAlive(parsed.data.pid)) return { missing: `the sandbox that wrote ${path} (pid ${parsed.data.pid}) is no longer running` };
  return { found: parsed.data };
}

/** Removes the file if it still describes this process's sandbox (a newer one may have replaced it). */
export async function removeSandboxFile(path: string, pid = process.pid): Promise<void> {
  const current = await readSandboxFile(path, () => true);
  if ('found' in current && current.found.pid === pid) await rm(path, { force: true });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
