import { posix } from 'node:path';
import { changedSections, makeRule, sections } from './config-sections.js';
import type { VerifyEntryPoints } from './verify-entry-points.js';

/** One file's two sides; `undefined` text on a side where the file exists means it could not be read. */
export interface FileSides {
  path: string;
  before?: string;
  after?: string;
  existedBefore: boolean;
  existsAfter: boolean;
  /** Added and removed lines, for the files judged by what changed rather than by parsing. */
  changedLines: readonly string[];
}

/**
 * Test-runner configuration where any change decides which tests run or how they pass: test
 * includes and excludes, timeouts, retries, reporters, setup files.
 */
const RUNNER_CONFIG =
  /^(?:(?:jest\.config|vitest\.config|vitest\.workspace|vitest\.projects|karma\.conf|ava\.config|playwright\.config|cypress\.config)\.[cm]?[jt]s|jest\.config\.json|\.mocharc(?:\.(?:[cm]?js|json|jsonc|ya?ml))?|pytest\.ini|noxfile\.py|\.rspec|phpunit\.xml(?:\.dist)?)$/;
/** Vitest also reads the `test` block of the Vite config, which mostly configures other things. */
const VITE_CONFIG = /^vite\.config\.[cm]?[jt]s$/;
const VITE_TEST_KEYS = /\b(?:test|include|exclude|passWithNoTests|bail|retry|testTimeout)\b/;
const PACKAGE_RUNNER_KEYS = ['jest', 'mocha', 'ava'];
const MAKEFILES = new Set(['Makefile', 'makefile', 'GNUmakefile']);

/** Files whose before and after text `testCommandChanges` needs (the rest are judged by path or diff lines). */
export function needsContent(path: string): boolean {
  const name = posix.basename(path);
  return name === 'package.json' || name === 'pyproject.toml' || name === 'setup.cfg' || name === 'tox.ini' || MAKEFILES.has(name);
}

/** Files whose added and removed lines `testCommandChanges` reads. */
export function needsLines(path: string): boolean {
  return VITE_CONFIG.test(posix.basename(path));
}

/** What changed in how the verify command selects or passes tests, one sentence per change. */
export function testCommandChanges(file: FileSides, entry: VerifyEntryPoints): string[] {
  const name = posix.basename(file.path);
  const unreadable = (file.existedBefore && file.before === undefined) || (file.existsAfter && file.after === undefined);
  if (RUNNER_CONFIG.test(name)) return [`${file.path} ${how(file)}`];
  if (VITE_CONFIG.test(name)) {
    return file.changedLines.some((line) => VITE_TEST_KEYS.test(line)) ? [`${file.path} changed lines that configure tests`] : [];
  }
  if (!needsContent(file.path)) return [];
  if (unreadable) return [`${file.path} ${how(file)}; its test settings could not be compared`];
  if (name === 'package.json') return packageJsonChanges(file, entry);
  if (MAKEFILES.has(name)) {
    return entry.makeTargets.filter((target) => makeRule(file.before, target) !== makeRule(file.after, target)).map((target) => `${file.path} target "${target}" ${how(file)}`);
  }
  const wanted = name === 'pyproject.toml' ? isPyprojectTestSection : name === 'setup.cfg' ? (s: string) => s === 'tool:pytest' : isToxTestSection;
  return changedSections(sections(file.before, wanted), sections(file.after, wanted)).map((section) => `${file.path} [${section}] changed`);
}

function how(file: FileSides): string {
  return !file.existedBefore ? 'added' : !file.existsAfter ? 'deleted' : 'changed';
}

function isPyprojectTestSection(name: string): boolean {
  return name === 'tool.pytest' || name === 'tool.pytest.ini_options' || name === 'tool.tox' || name.startsWith('tool.tox.');
}

/** pytest reads `[pytest]` from tox.ini; tox runs each `[testenv*]`'s `commands`. */
function isToxTestSection(name: string): boolean {
  return name === 'pytest' || name === 'tox' || name === 'testenv' || name.startsWith('testenv:');
}

function packageJsonChanges(file: FileSides, entry: VerifyEntryPoints): string[] {
  const before = parseJsonObject(file.before);
  const after = parseJsonObject(file.after);
  if ((file.existedBefore && !before) || (file.existsAfter && !after)) {
    return file.before === file.after ? [] : [`${file.path} changed and does not parse as JSON, so its test script cannot be compared`];
  }
  const scripts = (pkg: Record<string, unknown> | undefined) => asObject(pkg?.scripts);
  const changes: string[] = [];
  for (const script of entry.npmScripts) {
    const was = scripts(before)?.[script];
    const now = scripts(after)?.[script];
    if (JSON.stringify(was) !== JSON.stringify(now)) changes.push(`${file.path} scripts.${script}: ${show(was)} -> ${show(now)}`);
  }
  for (const key of PACKAGE_RUNNER_KEYS) {
    if (JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key])) changes.push(`${file.path} "${key}" settings changed`);
  }
  return changes;
}

function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    return asObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}
