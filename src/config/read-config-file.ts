import { readFile as fsReadFile } from 'node:fs/promises';
import type { ConfigProblem } from './config-problem.js';

export type ReadFile = (file: string) => Promise<string>;
export type ReadResult = { ok: true; text: string } | { ok: false; problems: ConfigProblem[] };

const defaultReadFile: ReadFile = (file) => fsReadFile(file, 'utf8');

/** Reads a config file; a failure becomes a problem saying why, never a thrown error. */
export async function readConfigFile(file: string, readFile: ReadFile = defaultReadFile): Promise<ReadResult> {
  try {
    return { ok: true, text: await readFile(file) };
  } catch (error) {
    return { ok: false, problems: [{ path: '', message: `cannot read the file: ${readFailure(error)}` }] };
  }
}

function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory, expected a file';
  return error instanceof Error ? error.message : String(error);
}
