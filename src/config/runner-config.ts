import { z } from 'zod';
import { createRequire } from 'node:module';
import { forbiddenEnvReason, GITHUB_TOKEN_VALUE, isForbiddenEnvName, TOKEN_VALUE_PROBLEM } from './agent-env-rules.js';
import { DEFAULT_TEST_PATHS } from './default-test-paths.js';
import { formatDuration, parseDuration } from './duration.js';

/**
 * The runner config. The schema is the single source of truth: types are derived
 * from it, defaults are applied here and nowhere else, and `overnight schema` exports it.
 */

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DURATION_TEXT = /^\d+(\.\d+)?(ms|s|m|h)$/;
const OWNER_NAME = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const AGENT_KINDS = ['claude-code', 'codex', 'aider', 'command'] as const;
/** Agent names usable without a `defs` entry: each is its own kind with default settings. */
export const BUILTIN_AGENTS = ['claude-code', 'codex', 'aider'] as const;

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

// cron-parser (with luxon, ~4 MB) loads only for a config that has an expression: most use
// `every`, and the daemon keeps whatever it loaded for the whole night.
const requireCjs = createRequire(import.meta.url);

/** Five fields exactly: cron-parser also takes a seconds field, which standard cron does not have. */
export function isCronExpression(expression: string): boolean {
  if (expression.trim().split(/\s+/).length !== 5) return false;
  try {
    (requireCjs('cron-parser') as typeof import('cron-parser')).CronExpressionParser.parse(expression);
    return true;
  } catch {
    return false;
  }
}

const wallTime = z.string().regex(HH_MM, { error: 'expected a 24-hour time "HH:MM"' });

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const DAY_MINUTES = 24 * 60;
/**
 * The tick interval's bounds. A cycle checks constraints, and may start an agent, per tick: more
 * than one a minute is never what anyone meant, and "1ms" made `overnight schedule` compute ticks
 * until it ran out of memory. Past a day, an interval ticks once a night, at the open. The schema
 * itself holds the hard floor (a second: nothing below it is ever computed); the one-minute floor
 * is checked after parsing (tick-floor.ts), where a compressed demo night may lower it.
 */
export const EVERY_MIN_MS = MINUTE_MS;
export const EVERY_HARD_MIN_MS = 1_000;
export const EVERY_MAX_MS = DAY_MS;

// The regex also lands in the JSON Schema, so editors flag "30 min"; the refine checks the bounds.
const everyText = z
  .string()
  .regex(DURATION_TEXT, { error: 'expected a duration such as "20s", "30m" or "1h"' })
  .refine((text) => !DURATION_TEXT.test(text) || isWithin(parseDuration(text), EVERY_HARD_MIN_MS, EVERY_MAX_MS), {
    error: `expected a duration from ${formatDuration(EVERY_MIN_MS)} to ${formatDuration(EVERY_MAX_MS)} (one tick a minute at most)`,
  });

/**
 * The pause between back-to-back sessions. It follows a whole session, never an empty cycle, so
 * even the one-second floor cannot make the runner spin; an hour is already longer than any tick.
 */
export const COOLDOWN_MIN_MS = 1_000;
export const COOLDOWN_MAX_MS = 60 * MINUTE_MS;

const cooldownText = z
  .string()
  .regex(DURATION_TEXT, { error: 'expected a duration such as "30s" or "2m"' })
  .refine((text) => !DURATION_TEXT.test(text) || isWithin(parseDuration(text), COOLDOWN_MIN_MS, COOLDOWN_MAX_MS), {
    error: `expected a duration from ${formatDuration(COOLDOWN_MIN_MS)} to ${formatDuration(COOLDOWN_MAX_MS)}`,
  });

function isWithin(ms: number | undefined, min: number, max: number): boolean {
  return ms !== undefined && ms >= min && ms <= max;
}

// A static goal is the whole instruction an agent gets: blank text would send it off with none.
const goalText = z
  .string()
  .min(1, { abort: true })
  .regex(/\S/, { error: 'expected a goal with words in it, not only spaces' });

const repoSchema = z.strictObject({
  path: z.string().min(1).describe('Local clone the worktrees are made from. `~`, $HOME and $WORKSPACE are expanded.'),
  remote: z.string().min(1).default('origin').describe('Git remote to fetch the base from and push agent branches to.'),
  base: z.string().min(1).default('main').describe('Branch every session starts from.'),
  github: z.string().regex(OWNER_NAME, { error: 'expected "owner/name"' }).describe('The GitHub repository, "owner/name".'),
});

const githubSchema = z
  .strictObject({
    apiUrl: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).default('https://api.github.com').describe('REST API root (GitHub Enterprise: https://HOST/api/v3).'),
    token: z
      .enum(['env', 'gh', 'store'])
      .default('env')
      .describe('"store": the token `overnight auth login` saved in the OS credential store (macOS Keychain, Secret Service, else a 0600 file); "env": GITHUB_TOKEN or GH_TOKEN; "gh": the output of `gh auth token`.'),
  })
  .prefault({});

const scheduleSchema = z.strictObject({
  timezone: z
    .string()
    .refine(isValidTimeZone, { error: 'expected an IANA time zone such as "Europe/Berlin"' })
    .default(systemTimeZone)
    .describe('IANA time zone the window is read in. Default: the system time zone.'),
  window: z
    .strictObject({
      start: wallTime.describe('Wall-clock time the window opens.'),
      end: wallTime.describe('Wall-clock time it closes; earlier than start means the next day.'),
    })
    .describe('The nightly window.'),
  every: everyText.optional().describe('Tick interval in elapsed time from the window opening, e.g. "30m"; 1m to 24h.'),
  expression: z
    .string()
    .refine(isCronExpression, { error: 'expected a 5-field cron expression such as "*/30 1-4 * * *"' })
    .optional()
    .describe('A 5-field cron expression read in the time zone, instead of `every`.'),
  // Its ceiling is the window's length, checked with the window below.
  jitterMs: z.int().min(0).default(0).describe('Each tick is delayed by a uniform random 0..jitterMs; less than the window.'),
  days: z.array(z.enum(WEEKDAYS)).min(1).optional().describe('Only nights opening on these days. Default: every day.'),
  missed: z
    .enum(['skip', 'catch-up'])
    .default('catch-up')
    .describe('Ticks missed while asleep or busy: one cycle on wake ("catch-up") or none ("skip").'),
  backToBack: z
    .boolean()
    .default(true)
    .describe('When a session ends and more goals wait, start the next cycle after the cooldown instead of at the next tick.'),
  cooldown: cooldownText.default('30s').describe('Pause between back-to-back sessions (plus up to jitterMs, at most the cooldown again); 1s to 1h.'),
});

const constraintsSchema = z
  .strictObject({
    pluggedIn: z.boolean().default(false).describe('Start only on AC power.'),
    wifiOnly: z.boolean().default(false).describe('Start only on an unmetered network (Wi-Fi or wired; never cellular or a phone hotspot).'),
    minBatteryPercent: z.int().min(0).max(100).optional().describe('On battery, start only above this charge.'),
    maxCpuPercent: z.number().min(0).max(100).optional().describe('Start only while CPU use is at most this percent.'),
    userIdleMinutes: z.number().min(0).max(DAY_MINUTES).optional().describe('Start only when the user has been idle this long.'),
    minFreeDiskGb: z.number().min(0).optional().describe("Start only with this much free space on the repository's disk."),
    denySsids: z.array(z.string().min(1)).default([]).describe('Wi-Fi networks treated as metered.'),
    unknown: z
      .enum(['fail', 'pass'])
      .default('fail')
      .describe('What a fact that cannot be read means for a required check.'),
  })
  .prefault({});

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A variable name an agent may be given: never a GitHub credential. */
const envName = z
  .string()
  .regex(ENV_NAME, { error: 'expected an environment variable name such as "MY_API_KEY"' })
  .refine((name) => !isForbiddenEnvName(name), { error: (issue) => forbiddenEnvReason(String(issue.input)) });

const envValue = z.string().refine((value) => !GITHUB_TOKEN_VALUE.test(value), { error: TOKEN_VALUE_PROBLEM });

/** Extra paths inside the sandbox: absolute, or `~/...` for the home directory. */
const sandboxPaths = (what: string) =>
  z
    .array(z.string().regex(/^(~\/|\/)/, { error: 'expected an absolute path or one starting with ~/' }))
    .default([])
    .describe(what);

const agentSandboxSchema = z.strictObject({
  allowRead: sandboxPaths('More paths this agent may read (absolute or ~/...), on top of sandbox.allowRead.'),
  allowWrite: sandboxPaths('More paths this agent may write (absolute or ~/...), on top of sandbox.allowWrite.'),
});

const perMTok = (what: string) => z.number().min(0).max(10_000).describe(what);

const pricingSchema = z.strictObject({
  inputPerMTok: perMTok('USD per million input tokens.'),
  cachedInputPerMTok: perMTok('USD per million input tokens read from the prompt cache. Default: inputPerMTok.').optional(),
  cacheWritePerMTok: perMTok('USD per million input tokens written to the prompt cache (Anthropic). Default: inputPerMTok.').optional(),
  outputPerMTok: perMTok('USD per million output tokens (reasoning included).'),
});

const agentDefSchema = z.strictObject({
  kind: z.enum(AGENT_KINDS).describe('Which adapter runs it.'),
  bin: z.string().min(1).optional().describe('Binary to run; found on PATH, /opt/homebrew/bin, /usr/local/bin, ~/.local/bin.'),
  args: z
    .array(z.string())
    .optional()
    .describe('Extra arguments; for "command", the whole argv template with {prompt}, {workdir}, {session}.'),
  model: z.string().min(1).optional().describe('Model name passed to the CLI.'),
  maxTurns: z.int().min(1).optional().describe('Claude Code only: --max-turns.'),
  // The names are checked against the credential list in checkCrossFields, where a problem can name the key.
  env: z.record(z.string().regex(ENV_NAME, { error: 'expected an environment variable name such as "MY_API_KEY"' }), envValue).optional().describe('Extra environment for the agent (never a GitHub token).'),
  passEnv: z
    .array(envName)
    .optional()
    .describe("Names of the runner's environment variables this agent also gets (never a GitHub token)."),
  sandbox: agentSandboxSchema.optional().describe('What this agent may read and write beyond the defaults.'),
  pricing: pricingSchema
    .optional()
    .describe("Token prices (USD) for agents that print tokens but no dollars (Codex); without it their cost is unknown and only the token caps apply."),
});

const agentsSchema = z
  .strictObject({
    default: z.string().min(1).default('claude-code').describe('Agent used when no label or `prefer` rule picks one.'),
    prefer: z
      .array(
        z.strictObject({
          match: z.string().min(1).describe('A keyword (case-insensitive) or /regex/flags tested on the goal title and body.'),
          agent: z.string().min(1).describe('Agent name from `defs` or a built-in.'),
        }),
      )
      .default([])
      .describe('First matching rule picks the agent.'),
    defs: z
      .record(
        z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'expected an agent name of lowercase letters, digits and "-"' }),
        agentDefSchema,
      )
      .default({})
      .describe('Named agent definitions.'),
  })
  .prefault({});

const budgetSchema = z
  .strictObject({
    perSessionMinutes: z.number().min(1).max(DAY_MINUTES).default(30).describe("Time budget of a session's agent: its first run and its repair rounds together."),
    maxSessionsPerNight: z.int().min(1).max(1000).optional().describe('Sessions started per night at most.'),
    maxOpenPrs: z.int().min(1).max(1000).optional().describe('No new session while this many agent PRs are open.'),
    maxConcurrent: z.int().min(1).max(4).default(1).describe('Sessions at once (1-4).'),
    onTimeout: z
      .enum(['draft', 'discard'])
      .default('draft')
      .describe('Partial work of a session that ran out of time (or hit a cost cap): push it as a draft, or drop it.'),
    maxCostPerSessionUsd: z
      .number()
      .positive()
      .max(10_000)
      .optional()
      .describe('A session whose cost (repairs included) reaches this many USD is stopped and kept like a timeout.'),
    maxCostPerNightUsd: z.number().positive().max(100_000).optional().describe('No session starts once the night has cost this many USD; a running one is stopped when it would pass it.'),
    maxTokensPerNight: z.int().min(1).optional().describe('No session starts once the night has used this many tokens (input + output); a running one is stopped when it would pass it.'),
    maxAgentMinutesPerNight: z.number().positive().max(DAY_MINUTES).optional().describe('No session starts once agents have run this many minutes tonight; a running one is stopped when it would pass it.'),
  })
  .prefault({});

const verifySchema = z
  .strictObject({
    command: z.string().min(1).optional().describe('Shell command run in the worktree after the agent, e.g. "npm test".'),
    timeoutMinutes: z.number().min(0.1).max(DAY_MINUTES).default(10).describe('Time budget of the verify command.'),
    passEnv: z
      .array(envName)
      .default([])
      .describe("Names of the runner's environment variables the verify command also gets (never a GitHub token)."),
    repairAttempts: z
      .int()
      .min(0)
      .max(10)
      .default(2)
      .describe('When verification fails and the session has time and budget left, the failure goes back to the agent this many times at most.'),
  })
  .prefault({});

const guardSchema = z
  .strictObject({
    maxChangedFiles: z.int().min(1).default(200).describe('Fail closed above this many changed files.'),
    maxChangedLines: z.int().min(1).optional().describe('Fail closed above this many added + deleted lines.'),
    maxFileBytes: z.int().min(1).default(1_048_576).describe('Fail closed when a changed file is bigger than this (bytes).'),
    allowBinary: z.boolean().default(false).describe('Let binary files through (off: a changed binary file trips the guard).'),
    forbidPaths: z
      .array(z.string().min(1))
      // GitHub reads CODEOWNERS from .github/, the root and docs/, whichever it finds first.
      .default(['.github/**', '.gitmodules', 'CODEOWNERS', 'docs/CODEOWNERS'])
      .describe('Globs an agent may not touch.'),
    allowForbidden: z.boolean().default(false).describe('Push anyway when a guard trips (the PR says so).'),
    testPaths: z
      .array(z.string().min(1))
      .default([...DEFAULT_TEST_PATHS])
      .describe('Globs of test files: deleting one, or adding a skip marker to one, weakens the tests.'),
    tests: z
      .enum(['draft', 'fail', 'allow'])
      .default('draft')
      .describe('Tests deleted, skipped or a changed test command: open the PR as a draft with a warning ("draft"), fail the session closed ("fail"), or only report it ("allow").'),
  })
  .prefault({});

const sandboxSchema = z
  .strictObject({
    mode: z
      .enum(['required', 'off'])
      .default('required')
      .describe('"required": no session starts without a working sandbox; "off": agents run uncontained, and every PR says so.'),
    network: z
      .enum(['open', 'allowlist'])
      .default('open')
      .describe('"open": any host (agents need their model API). "allowlist" cannot be enforced by bubblewrap or Seatbelt and is refused.'),
    allowHosts: z.array(z.string().min(1)).optional().describe('Hosts for "allowlist"; refused with it.'),
    allowRead: sandboxPaths('More paths every agent and the verify command may read (absolute or ~/...).'),
    allowWrite: sandboxPaths('More paths every agent and the verify command may write (absolute or ~/...).'),
  })
  .prefault({});

const prSchema = z
  .strictObject({
    openedBy: z.enum(['bot', 'runner']).default('bot').describe('Who opens the PR after a push.'),
    draft: z.boolean().default(false).describe('Open every PR as a draft.'),
    fallbackAfterMinutes: z
      .number()
      .min(0)
      .max(DAY_MINUTES)
      .default(10)
      .describe('The runner opens the PR itself when the bot has not by then.'),
  })
  .prefault({});

const claimsSchema = z
  .strictObject({
    ttlMinutes: z
      .number()
      .min(10)
      .max(7 * 24 * 60)
      .default(180)
      .describe(
        'A goal claim not refreshed for this long is stale and another runner may take the goal over. A session refreshes its claim every ttlMinutes/6.',
      ),
  })
  .prefault({});

const publishSchema = z
  .strictObject({
    maxPushAttempts: z
      .int()
      .min(1)
      .max(100)
      .default(5)
      .describe(
        'Pushes of one session that fail for a passing reason (network, GitHub 5xx) before the runner gives up: the session fails, its work is kept as a patch and the goal gets a comment.',
      ),
    retryBackoffMinutes: z
      .number()
      .min(0)
      .max(24 * 60)
      .default(5)
      .describe('Wait after the first failed push before the next cycle tries again; doubled after each failure, at most 60 min.'),
  })
  .prefault({});

const runnerConfigObject = z.strictObject({
  $schema: z.string().optional().describe('Editor hint; ignored.'),
  repo: repoSchema.describe('The repository the runner works on.'),
  github: githubSchema.describe('How the runner reaches GitHub.'),
  schedule: scheduleSchema.describe('When cycles run: a nightly window and the ticks inside it.'),
  constraints: constraintsSchema.describe('Conditions a cycle needs before it starts a session.'),
  goals: z.array(goalText).default([]).describe('Static goals, in addition to issues labelled `overnight`.'),
  agents: agentsSchema.describe('Which coding agent works on which goal.'),
  budget: budgetSchema.describe('Limits on time, cost, tokens, sessions and open PRs.'),
  verify: verifySchema.describe("The check run on an agent's work before it is committed."),
  guard: guardSchema.describe('Limits on what an agent may change; a tripped guard fails the session closed.'),
  sandbox: sandboxSchema.describe('The sandbox around every agent and the verify command.'),
  pr: prSchema.describe('How pull requests are opened.'),
  claims: claimsSchema.describe('How runners sharing a repository claim goals.'),
  publish: publishSchema.describe('How pushes that fail are retried.'),
  stateDir: z.string().min(1).optional().describe('Where state, worktrees and logs live. Default: the platform data dir.'),
  runnerName: z.string().min(1).optional().describe('Name in the Overnight-Runner trailer. Default: the host name.'),
});

export const runnerConfigSchema = runnerConfigObject
  // zod skips a plain refinement once any field failed; `when` lets these run anyway, and each
  // check reads only fields that parsed, so one typo never hides another problem.
  .superRefine(checkCrossFields, { when: () => true });

function checkCrossFields(config: z.output<typeof runnerConfigObject>, ctx: z.RefinementCtx): void {
  const parsed = (...path: PropertyKey[]) =>
    !ctx.issues.some((issue) => issue.code !== 'unrecognized_keys' && isPrefix(issue.path ?? [], path));
  const report = (path: PropertyKey[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });

  if (parsed('schedule', 'window', 'start') && parsed('schedule', 'window', 'end')) {
    const { start, end } = config.schedule.window;
    if (start === end) {
      report(['schedule', 'window', 'end'], `expected a time different from start, got "${end}" (a window of zero length never opens)`);
    }
    const windowMs = nominalWindowMs(start, end);
    if (parsed('schedule', 'jitterMs') && windowMs > 0 && config.schedule.jitterMs >= windowMs) {
      report(['schedule', 'jitterMs'], `expected less than the window (${windowMs} ms), got ${config.schedule.jitterMs}`);
    }
  }
  if (parsed('schedule') && (config.schedule.every === undefined) === (config.schedule.expression === undefined)) {
    const both = config.schedule.every !== undefined;
    report(['schedule', 'every'], `expected exactly one of \`every\` or \`expression\`, got ${both ? 'both' : 'neither'}`);
  }
  if (parsed('sandbox', 'network') && config.sandbox.network === 'allowlist') {
    report(
      ['sandbox', 'network'],
      'expected "open": a host allowlist cannot be enforced here (bubblewrap can only cut the network off entirely, ' +
        'and Seatbelt filters by IP address and port, never by host name)',
    );
  }
  if (parsed('sandbox', 'allowHosts') && config.sandbox.allowHosts !== undefined && config.sandbox.network !== 'allowlist') {
    report(['sandbox', 'allowHosts'], 'only means something with network "allowlist", which cannot be enforced; remove it');
  }
  if (!parsed('agents', 'defs')) return;
  for (const [name, def] of Object.entries(config.agents.defs)) {
    // These checks run even when a definition failed its own schema: it may be anything here.
    const env: unknown = def !== null && typeof def === 'object' ? def.env : undefined;
    if (env === null || typeof env !== 'object') continue;
    for (const key of Object.keys(env)) {
      if (isForbiddenEnvName(key)) report(['agents', 'defs', name, 'env', key], forbiddenEnvReason(key));
    }
  }
  const known = new Set<string>([...BUILTIN_AGENTS, ...Object.keys(config.agents.defs)]);
  const unknownAgent = (name: string) =>
    `expected an agent defined in agents.defs or a built-in (${[...known].join(', ')}), got "${name}"`;
  if (parsed('agents', 'default') && !known.has(config.agents.default)) {
    report(['agents', 'default'], unknownAgent(config.agents.default));
  }
  if (!parsed('agents', 'prefer')) return;
  config.agents.prefer.forEach((rule, index) => {
    if (parsed('agents', 'prefer', index, 'agent') && !known.has(rule.agent)) {
      report(['agents', 'prefer', index, 'agent'], unknownAgent(rule.agent));
    }
  });
}

function isPrefix(prefix: readonly PropertyKey[], path: readonly PropertyKey[]): boolean {
  return prefix.length <= path.length && prefix.every((key, index) => key === path[index]);
}

/** Window length ignoring DST: for sanity checks and summaries, never for scheduling. */
export function nominalWindowMs(start: string, end: string): number {
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const span = (minutes(end) - minutes(start) + 24 * 60) % (24 * 60);
  return span * 60_000;
}

export type RunnerConfigInput = z.input<typeof runnerConfigSchema>;
export type RunnerConfig = z.output<typeof runnerConfigSchema>;
export type ScheduleConfig = RunnerConfig['schedule'];
export type ConstraintsConfig = RunnerConfig['constraints'];
export type AgentsConfig = RunnerConfig['agents'];
export type AgentDef = z.output<typeof agentDefSchema>;
export type SandboxConfig = RunnerConfig['sandbox'];
export type GuardConfig = RunnerConfig['guard'];
export type BudgetConfig = RunnerConfig['budget'];
export type AgentPricing = z.output<typeof pricingSchema>;
