import { readFile as fsReadFile, writeFile as fsWriteFile } from 'node:fs/promises';
import { join } from 'node:path';
import { applyEdits } from './apply-edits.js';
import { DEMO_RECIPES, recipeFor } from './recipes/index.js';
import { runSampleTests, type TestRun } from './run-sample-tests.js';

/**
 * The built-in demo agent: deterministic, offline, and honest. It reads the goal from the prompt
 * the runner builds (src/runner/prompt.ts), makes the recipe's change to the working tree, runs
 * the project's tests as a real agent would, and reports. It never commits or pushes: that is
 * the runner's job.
 */
export interface DemoAgentOptions {
  prompt: string;
  workdir: string;
  readFile?: (path: string) => Promise<string | undefined>;
  writeFile?: (path: string, text: string) => Promise<void>;
  runTests?: (workdir: string) => Promise<TestRun>;
}

export type DemoAgentResult =
  | { outcome: 'changed'; goal: string; recipe: string; files: string[]; tests: TestRun; summary: string }
  | { outcome: 'no-changes'; goal: string; summary: string }
  | { outcome: 'failed'; goal: string; summary: string; tests?: TestRun };

export async function runDemoAgent({
  prompt,
  workdir,
  readFile = readIfExists,
  writeFile = (path, text) => fsWriteFile(path, text),
  runTests = (cwd) => runSampleTests(cwd),
}: DemoAgentOptions): Promise<DemoAgentResult> {
  const { title, body } = goalFromPrompt(prompt);
  const recipe = recipeFor(title, body);
  if (!recipe) {
    const known = DEMO_RECIPES.map((known) => `"${known.goal}"`).join(', ');
    return { outcome: 'no-changes', goal: title, summary: `No changes: the demo agent only knows the demo goals (${known}); use --agent with a real agent for "${title}".` };
  }
  const paths = [...new Set(recipe.edits.map((edit) => edit.path))];
  const texts = new Map<string, string>();
  for (const path of paths) {
    const text = await readFile(join(workdir, path));
    if (text !== undefined) texts.set(path, text);
  }
  const result = applyEdits(texts, recipe.edits);
  if (result.kind === 'already-done') {
    return { outcome: 'no-changes', goal: title, summary: `No changes: this branch already has the change for "${recipe.goal}".` };
  }
  if (result.kind === 'mismatch') return { outcome: 'failed', goal: title, summary: `Could not make the change: ${result.reason}.` };
  for (const [path, text] of result.files) await writeFile(join(workdir, path), text);
  const tests = await runTests(workdir);
  if (!tests.passed) {
    return { outcome: 'failed', goal: title, tests, summary: `The change broke the tests (${countText(tests)}); see the output above.` };
  }
  return { outcome: 'changed', goal: title, recipe: recipe.id, files: [...result.files.keys()], tests, summary: recipe.summary };
}

/** The goal's title and body from a prompt built by buildPrompt; the first line when it has no "# Goal:". */
export function goalFromPrompt(prompt: string): { title: string; body: string } {
  const match = /^# Goal: (.*)$/m.exec(prompt);
  if (!match) return { title: prompt.trim().split('\n')[0] ?? '', body: prompt };
  const rest = prompt.slice(match.index + match[0].length);
  const end = rest.search(/^#{1,2} /m);
  return { title: (match[1] ?? '').trim(), body: (end === -1 ? rest : rest.slice(0, end)).trim() };
}

export function countText(tests: TestRun): string {
  return tests.pass === undefined ? (tests.passed ? 'passed' : 'failed') : `${tests.pass} passed, ${tests.fail ?? 0} failed`;
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await fsReadFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
