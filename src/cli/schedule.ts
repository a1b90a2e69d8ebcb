import type { Command } from 'commander';
import { checkTickFloor, formatProblems, type ConfigProblem, loadRunnerConfig, platformPaths, runnerConfigSchema, zodProblems } from '../config/index.js';
import { renderTickTable, ticksAsJson, ticksFrom } from '../schedule/index.js';
import { FLAG_FOR_FIELD, parseCount, parseFrom, scheduleOverrides, type ScheduleFlags } from './schedule-flags.js';

export interface ScheduleCommandOptions {
  write?: (text: string) => void;
  writeError?: (text: string) => void;
  now?: () => Date;
  random?: () => number;
  configFile?: () => string;
}

// Without a config file the schema still needs a repo; this one only lets the schedule section be
// checked by the very rules `overnight validate` applies. It never leaves this command.
const PLACEHOLDER_REPO = { path: '.', github: 'example/example' };
const NO_CONFIG_HINT = 'pass --config, or --window and --every to explore a schedule without one';

/** `overnight schedule`: the next ticks of the configured schedule, or of one given by flags. */
export function registerSchedule(program: Command, options: ScheduleCommandOptions = {}): void {
  program
    .command('schedule')
    .description('print the next ticks: local times per night, and the nights DST shortens or lengthens')
    .option('--config <file>', 'runner config (default: the platform config path, unless --window is given)')
    .option('--from <iso>', 'list ticks at or after this instant (default: now); without an offset, local to the zone')
    .option('--count <n>', 'how many ticks (default: 10)')
    .option('--json', 'print [{"at": UTC, "local": with offset}, ...]')
    .option('--timezone <iana>', 'replace schedule.timezone')
    .option('--window <HH:MM-HH:MM>', 'replace schedule.window')
    .option('--every <duration>', 'replace the tick interval, e.g. 30m')
    .option('--expression <cron>', 'replace the tick interval with a 5-field cron expression')
    .option('--days <list>', 'replace schedule.days, e.g. mon,tue,wed')
    .option('--jitter <ms|duration>', 'replace schedule.jitterMs, e.g. 300000 or 5m')
    .option('--no-jitter', 'list the scheduled times without jitter')
    .action(async (flags: ScheduleFlags) => {
      process.exitCode = await runSchedule(flags, options);
    });
}

/** The command's body; resolves to the exit code. */
export async function runSchedule(
  flags: ScheduleFlags,
  {
    write = (text) => process.stdout.write(text),
    writeError = (text) => process.stderr.write(text),
    now = () => new Date(),
    random = Math.random,
    configFile = () => platformPaths().configFile,
  }: ScheduleCommandOptions = {},
): Promise<number> {
  const fail = (problems: ConfigProblem[], source: string) => {
    writeError(`${formatProblems(problems, source)}\n`);
    return 2;
  };
  // A window on the command line is enough to explore a schedule; otherwise the config supplies it.
  const file = flags.config ?? (flags.window === undefined ? configFile() : undefined);
  let base: Record<string, unknown> = { repo: PLACEHOLDER_REPO, schedule: {} };
  if (file !== undefined) {
    const loaded = await loadRunnerConfig(file);
    if (!loaded.ok) {
      const code = fail(loaded.problems, file);
      if (flags.config === undefined) writeError(`(that is the default config path: ${NO_CONFIG_HINT})\n`);
      return code;
    }
    base = loaded.config;
  }

  const { overrides, problems } = scheduleOverrides(flags);
  const candidate = { ...base, schedule: { ...(base.schedule as object), ...overrides } };
  const parsed = runnerConfigSchema.safeParse(candidate, { reportInput: true });
  const flagged = new Set(problems.map((problem) => problem.path));
  if (!parsed.success) {
    for (const problem of zodProblems(parsed.error.issues, runnerConfigSchema)) {
      if (!flagged.has(problem.path.split('.').slice(0, 2).join('.'))) problems.push(namingFlag(problem, overrides));
    }
  } else {
    problems.push(...checkTickFloor(parsed.data.schedule, process.env).map((problem) => namingFlag(problem, overrides)));
  }
  const source = file ?? 'overnight schedule';
  if (!parsed.success || problems.length > 0) return fail(problems, source);

  const { schedule } = parsed.data;
  const count = parseCount(flags.count);
  const from = parseFrom(flags.from, schedule.timezone, now());
  if (isProblem(count) || isProblem(from)) return fail([count, from].filter(isProblem), source);

  const jitter = flags.jitter !== false;
  const ticks = ticksFrom(schedule, from, count, jitter ? { random } : {});
  const text = flags.json
    ? JSON.stringify(ticksAsJson(ticks, schedule.timezone), null, 2)
    : renderTickTable(schedule, ticks, { jitter });
  write(`${text}\n`);
  return 0;
}

/** "schedule.every: expected ..." -> "... (from --every)" when a flag supplied the value. */
function namingFlag(problem: ConfigProblem, overrides: Record<string, unknown>): ConfigProblem {
  const [section, field] = problem.path.split('.');
  const flag = section === 'schedule' && field !== undefined && field in overrides ? FLAG_FOR_FIELD[field] : undefined;
  return flag === undefined ? problem : { ...problem, message: `${problem.message} (from ${flag})` };
}

function isProblem(value: unknown): value is ConfigProblem {
  return typeof value === 'object' && value !== null && 'message' in value && 'path' in value;
}
