import { Temporal } from 'temporal-polyfill';
import type { AgentsConfig, RunnerConfigInput } from '../config/index.js';

export interface DemoPace {
  /** `schedule.every`. */
  every: string;
  jitterMs: number;
  /** `schedule.cooldown`: a session that leaves goals waiting is followed this soon, not at the next tick. */
  cooldown: string;
  /** How long the window stays open; the demo stops the runner once the show is over. */
  windowMinutes: number;
  perSessionMinutes: number;
}

/**
 * About three minutes of show: ticks 20 s apart, with a few seconds of jitter, and a cooldown of a
 * second, so the second goal follows the first back to back instead of waiting for a tick.
 */
export const NORMAL_PACE: DemoPace = { every: '20s', jitterMs: 3_000, cooldown: '1s', windowMinutes: 6, perSessionMinutes: 2 };
/** For the end-to-end test: the same story, ticks 4 s apart. */
export const FAST_PACE: DemoPace = { every: '4s', jitterMs: 1_000, cooldown: '1s', windowMinutes: 4, perSessionMinutes: 2 };
/** A real agent takes minutes per goal; the window is long and ticks that pass while it works are skipped. */
export const REAL_AGENT_PACE: DemoPace = { every: '20s', jitterMs: 3_000, cooldown: '5s', windowMinutes: 60, perSessionMinutes: 15 };

export interface DemoConfigInput {
  now: Date;
  timeZone: string;
  pace: DemoPace;
  repoPath: string;
  /** "owner/name" in the sandbox. */
  github: string;
  apiUrl: string;
  /** The agent the runner uses: "demo" (the built-in) or a real one named with --agent. */
  agent: string;
  /** argv of the built-in demo agent: node and its entry script, and what it must read inside the sandbox. */
  demoAgent: DemoAgentArgv;
  runnerName: string;
  /** Whether the runner puts its agents in a sandbox: "required" when this machine has one. */
  sandboxMode: 'required' | 'off';
}

export interface DemoAgentArgv {
  node: string;
  script: string;
  /** Its compiled code and the packages it imports: outside the system dirs, so not readable in the sandbox unless listed. */
  readPaths: string[];
}

/**
 * The runner config the demo writes: a window that opened at the start of the current minute,
 * constraints that the sandbox's stand-in pmset/route/networksetup/ipconfig answer, the demo agent
 * as a `command` agent, and the sample's own tests as the verify step.
 */
export function demoRunnerConfig(input: DemoConfigInput): RunnerConfigInput {
  const { now, timeZone, pace } = input;
  return {
    repo: { path: input.repoPath, remote: 'origin', base: 'main', github: input.github },
    github: { apiUrl: input.apiUrl, token: 'env' },
    schedule: {
      timezone: timeZone,
      window: demoWindow(now, timeZone, pace.windowMinutes),
      every: pace.every,
      jitterMs: pace.jitterMs,
      // Ticks between the window's opening and the runner's start are not owed a catch-up cycle.
      missed: 'skip',
      backToBack: true,
      cooldown: pace.cooldown,
    },
    constraints: { pluggedIn: true, wifiOnly: true },
    agents: demoAgents(input.agent, input.demoAgent),
    budget: { perSessionMinutes: pace.perSessionMinutes, maxSessionsPerNight: 10 },
    verify: { command: 'node --test', timeoutMinutes: 2 },
    guard: { maxChangedFiles: 10, maxChangedLines: 400 },
    pr: { openedBy: 'bot', fallbackAfterMinutes: 1 },
    sandbox: { mode: input.sandboxMode },
    runnerName: input.runnerName,
  };
}

/** The agents section: the built-in demo agent as a `command` agent, and `agent` as the default. */
export function demoAgents(agent: string, demoAgent: DemoAgentArgv): AgentsConfig {
  return {
    default: agent,
    prefer: [],
    defs: {
      demo: {
        kind: 'command',
        bin: demoAgent.node,
        args: [demoAgent.script, '--workdir', '{workdir}', '{prompt}'],
        sandbox: { allowRead: demoAgent.readPaths, allowWrite: [] },
      },
    },
  };
}

/** "HH:MM" from the start of the current minute (already open) to `minutes` later, in `timeZone`. */
export function demoWindow(now: Date, timeZone: string, minutes: number): { start: string; end: string } {
  const here = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(timeZone);
  const hhmm = (time: Temporal.ZonedDateTime) => time.toPlainTime().toString({ smallestUnit: 'minute' });
  return { start: hhmm(here), end: hhmm(here.add({ minutes })) };
}
