import { mkdir, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MachineFacts } from './machine-facts.js';
import { standinFacts } from './standin-facts.js';
import { STANDIN_COMMANDS, STANDIN_QUERIES } from './standin-queries.js';
import { standinScript } from './standin-script.js';

/** Where the stand-ins go (first on PATH) and where their rendered answers live. */
export interface StandinsLayout {
  binDir: string;
  answersDir: string;
}

const CURRENT = 'current';

/**
 * Writes the stand-in scripts into `binDir` and renders `facts` as their first answers. Everything
 * is generated here, so the stand-ins work from a built package as well as from the source tree.
 */
export async function installStandins(layout: StandinsLayout, facts: MachineFacts): Promise<void> {
  await mkdir(layout.binDir, { recursive: true });
  // Answers left by an earlier run in the same directory describe facts that no longer hold.
  await rm(layout.answersDir, { recursive: true, force: true });
  await writeStandinAnswers(layout.answersDir, facts);
  for (const command of STANDIN_COMMANDS) {
    // Replaced, not rewritten in place: sh reads a script as it runs it, and a fresh file gets the mode.
    const file = join(layout.binDir, command);
    await rm(`${file}.tmp`, { force: true });
    await writeFile(`${file}.tmp`, standinScript(command, join(layout.answersDir, CURRENT)), { mode: 0o755 });
    await rename(`${file}.tmp`, file);
  }
}

/**
 * Renders every answer for `facts` into a new version directory, then points `current` at it with
 * one rename, so a stand-in never sees half of a change. The version before stays, for a stand-in
 * still reading it; older ones go. Calls must not overlap (the sandbox runs them one at a time).
 */
export async function writeStandinAnswers(answersDir: string, facts: MachineFacts): Promise<void> {
  await mkdir(answersDir, { recursive: true });
  const versions = (await readdir(answersDir)).filter((name) => /^v\d+$/.test(name)).map((name) => Number(name.slice(1)));
  const next = Math.max(0, ...versions) + 1;
  const target = join(answersDir, `v${next}`);
  await mkdir(target);
  const rendered = standinFacts(facts);
  for (const query of STANDIN_QUERIES) {
    const { stdout, stderr, exitCode } = query.answer(rendered);
    await writeFile(join(target, `${query.file}.out`), stdout);
    await writeFile(join(target, `${query.file}.err`), stderr);
    await writeFile(join(target, `${query.file}.code`), `${exitCode}\n`);
  }
  const link = join(answersDir, `${CURRENT}.tmp`);
  await rm(link, { force: true });
  await symlink(`v${next}`, link);
  await rename(link, join(answersDir, CURRENT));
  for (const old of versions.filter((version) => version < next - 1)) {
    await rm(join(answersDir, `v${old}`), { recursive: true, force: true });
  }
}
