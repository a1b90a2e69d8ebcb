import { homedir } from 'node:os';
import { sep } from 'node:path';
import type { TokenMode } from '../runner/index.js';

/** The answers `overnight init` writes into the starter config. */
export interface InitAnswers {
  repoPath: string;
  remote: string;
  github: string;
  apiUrl: string;
  base: string;
  timezone: string;
  /** Undefined: no verify command (work is committed unverified; the line stays as a comment). */
  verifyCommand?: string;
  defaultAgent: string;
  /** Agent CLIs found on this machine, named in a comment. */
  agentsFound?: readonly string[];
  tokenMode?: TokenMode;
}

/** What every starter config gets: a four-hour night, half-hourly cycles, a 10-minute jitter. */
export const STARTER_SCHEDULE = { window: { start: '01:00', end: '05:00' }, every: '30m', jitterMs: 10 * 60_000 } as const;
export const STARTER_BUDGET_MINUTES = 30;

/**
 * The package's JSON Schema as an absolute file URL. The config lives in the user's config
 * directory, far from wherever npm put this package, so a relative path would be a long climb
 * that breaks just as surely when the package moves; `overnight init` rewrites it on each run.
 */
export const PACKAGE_SCHEMA_URL = new URL('../../schema/runner-config.schema.json', import.meta.url).href;

export interface RenderOptions {
  schemaUrl?: string;
  /** Paths under it are written with `~`, which the loader expands. */
  home?: string;
}

const json = (value: unknown) => JSON.stringify(value);

/** A commented JSONC runner config built from the answers; `loadRunnerConfig` accepts it as written. */
export function renderStarterConfig(answers: InitAnswers, { schemaUrl = PACKAGE_SCHEMA_URL, home = homedir() }: RenderOptions = {}): string {
  const { window, every, jitterMs } = STARTER_SCHEDULE;
  const apiLine = answers.apiUrl === 'https://api.github.com' ? '' : `"apiUrl": ${json(answers.apiUrl)}, `;
  const found = answers.agentsFound ?? [];
  const agentNote = found.length > 0
    ? `found on this machine: ${found.join(', ')}`
    : 'none was found on this machine yet: install it (`npm i -g @anthropic-ai/claude-code`)';
  const verify = answers.verifyCommand === undefined
    ? [
        '  // No test command was found: agent work is committed unverified. Name one to check every session:',
        '  // "verify": { "command": "npm test" },',
      ]
    : [
        '  // Run in the agent\'s worktree after it finishes, inside the sandbox; the result goes on the PR.',
        `  "verify": { "command": ${json(answers.verifyCommand)} },`,
      ];
  return [
    '// overnight runner config, written by `overnight init`. Check it with `overnight validate`;',
    '// `overnight doctor` checks everything around it. Every field is described in the $schema below.',
    '{',
    `  "$schema": ${json(schemaUrl)},`,
    '',
    '  // The clone sessions start from (never written to: each session gets its own worktree), and the',
    '  // GitHub repository whose issues labelled `overnight` are the goals.',
    '  "repo": {',
    `    "path": ${json(tildePath(answers.repoPath, home))},`,
    `    "remote": ${json(answers.remote)},`,
    `    "base": ${json(answers.base)},`,
    `    "github": ${json(answers.github)}`,
    '  },',
    '',
    '  // The token the runner reads issues and pushes agent/* branches with. "store": the one',
    '  // `overnight auth login` saved in the OS credential store; "env": GITHUB_TOKEN; "gh": `gh auth token`.',
    `  "github": { ${apiLine}"token": ${json(answers.tokenMode ?? 'store')} },`,
    '',
    `  // Each night from ${window.start} to ${window.end} in ${answers.timezone}: a cycle every ${every.replace('m', ' minutes')},`,
    `  // each delayed by a random 0-${jitterMs / 60_000} minutes so runs do not start on the dot.`,
    '  "schedule": {',
    `    "timezone": ${json(answers.timezone)},`,
    `    "window": { "start": ${json(window.start)}, "end": ${json(window.end)} },`,
    `    "every": ${json(every)},`,
    `    "jitterMs": ${jitterMs}`,
    '  },',
    '',
    '  // Start a session only on AC power and on an unmetered network (Wi-Fi or wired, never a hotspot).',
    '  "constraints": { "pluggedIn": true, "wifiOnly": true },',
    '',
    `  // The coding agent that works on goals; ${agentNote}.`,
    `  "agents": { "default": ${json(answers.defaultAgent)} },`,
    '',
    `  // Each agent run may take ${STARTER_BUDGET_MINUTES} minutes; unfinished work is pushed as a draft.`,
    `  "budget": { "perSessionMinutes": ${STARTER_BUDGET_MINUTES} },`,
    '',
    ...verify,
    '',
    '  // The overnight GitHub App opens the PRs; without the app installed, set "runner".',
    '  "pr": { "openedBy": "bot" }',
    '}',
    '',
  ].join('\n');
}

function tildePath(path: string, home: string): string {
  const prefix = home.endsWith(sep) ? home : `${home}${sep}`;
  return home !== '' && path.startsWith(prefix) ? `~/${path.slice(prefix.length)}` : path;
}
