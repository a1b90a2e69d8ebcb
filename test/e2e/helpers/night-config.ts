import { dirname } from 'node:path';
import type { RunnerConfigInput } from '../../../src/config/runner-config.js';

export interface NightConfigInput {
  now: Date;
  /** The local clone the runner works in. */
  repoPath: string;
  /** "owner/name" in the stand-in. */
  github: string;
  apiUrl: string;
  /** The fake agent's script (test/fixtures/e2e/slow-note.mjs): `<file> <seconds>`. */
  agentScript: string;
  agentSeconds: number;
  every: string;
  jitterMs: number;
  windowMinutes: number;
}

/**
 * A compressed night in UTC: a window that opened at the start of the current minute, a tick
 * every few seconds, the constraints the sandbox's stand-ins answer, and a fake `command` agent
 * that writes `notes/<session>.md` (so every session makes its own real, reviewable change).
 */
export function nightConfig(input: NightConfigInput): RunnerConfigInput {
  return {
    repo: { path: input.repoPath, remote: 'origin', base: 'main', github: input.github },
    github: { apiUrl: input.apiUrl, token: 'env' },
    schedule: {
      timezone: 'UTC',
      window: utcWindow(input.now, input.windowMinutes),
      every: input.every,
      jitterMs: input.jitterMs,
      // Ticks between the window's opening and the runner's start are not owed a cycle.
      missed: 'skip',
    },
    constraints: { pluggedIn: true, wifiOnly: true },
    agents: {
      default: 'notes',
      prefer: [],
      defs: {
        notes: {
          kind: 'command',
          bin: process.execPath,
          args: [input.agentScript, 'notes/{session}.md', String(input.agentSeconds)],
          // The agent runs in the sandbox (sandbox.mode is "required" by default), where its script,
          // outside the system dirs, is readable only when listed.
          sandbox: { allowRead: [dirname(input.agentScript)] },
        },
      },
    },
    budget: { perSessionMinutes: 2, maxSessionsPerNight: 10 },
    // A real check of the agent's work, run in the worktree: the note it was to write is there.
    verify: { command: 'ls notes/*.md', timeoutMinutes: 1 },
    guard: { maxChangedFiles: 5, maxChangedLines: 50 },
    // The bot opens the PRs; the runner's fallback stays far away so the test sees the bot's.
    pr: { openedBy: 'bot', fallbackAfterMinutes: 30 },
    runnerName: 'e2e-runner',
  };
}

function utcWindow(now: Date, minutes: number): { start: string; end: string } {
  const minute = Math.floor(now.getTime() / 60_000) * 60_000;
  const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
  return { start: hhmm(minute), end: hhmm(minute + minutes * 60_000) };
}
