import { chmod, copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MachineFacts } from './machine-facts.js';
import { standinFacts } from './standin-facts.js';

export const STANDIN_COMMANDS = ['pmset', 'route', 'networksetup', 'ipconfig'] as const;

// The scripts are plain JavaScript kept in src/; this path resolves to them both from
// src/sandbox/*.ts (tests) and from the built lib/sandbox/*.js.
const SOURCE_DIR = fileURLToPath(new URL('../../src/sandbox/standins/', import.meta.url));

/** Copies the stand-in commands into `dir` (to go first on PATH) and writes their facts beside them. */
export async function installStandins(dir: string, facts: MachineFacts): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const command of STANDIN_COMMANDS) {
    await copyFile(join(SOURCE_DIR, command), join(dir, command));
    await chmod(join(dir, command), 0o755);
  }
  await writeStandinFacts(dir, facts);
}

/** Replaces facts.json atomically, so a stand-in never reads half a file. */
export async function writeStandinFacts(dir: string, facts: MachineFacts): Promise<void> {
  const file = join(dir, 'facts.json');
  await writeFile(`${file}.tmp`, `${JSON.stringify(standinFacts(facts), null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}
