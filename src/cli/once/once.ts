import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { platformPaths, type RunnerConfig } from '../../config/index.js';
import { createRunnerLogger, dryRunComplete, dryRunOnce, formatDryRun, runOnce, unknownAgent, type DryRun } from '../../runner/index.js';
import { loadRunnerConfigOrExit } from '../load-runner-config.js';
import { onceExitCode, resultLines } from './once-lines.js';
import { createOnceView } from './once-view.js';
import { openTerminal, paint } from './terminal.js';

interface OnceFlags {
  config?: string;
  goal?: string;
  agent?: string;
  ignoreWindow?: boolean;
  ignoreConstraints?: boolean;
  dryRun?: boolean;
  json?: boolean;
  verbose?: boolean;
}

const EXIT_CODES = `
Exit codes:
  0  a PR was opened (a draft when verify failed), the branch was pushed for the bot,
     or there was nothing to do (gate closed, no goal ready, no changes)
  1  the session failed, ran out of time, was stopped or could not be pushed; the
     runner could not work (agent, clone, remote, token, GitHub); another runner holds
     the lock. With --dry-run: something could not be checked
  2  the config is invalid, or --agent names no agent`;

/** `overnight once`: one cycle now, shown as it goes. The exit codes are in its help. */
export function registerOnce(program: Command): void {
  program
    .command('once')
    .description('run one cycle now: gate, analyze, decide, execute, verify, publish')
    .option('--config <file>', 'runner config (default: the platform config path)')
    .option('--goal <n>', 'work on this goal: an issue number or config:<n>')
    .option('--agent <name>', 'use this agent')
    .option('--ignore-window', 'run outside the schedule window')
    .option('--ignore-constraints', 'run whatever the power, network, CPU, idle and disk checks say')
    .option('--dry-run', 'print the preflight, the gate, the decision and the agent argv; change nothing')
    .option('--json', 'print one JSON object (docs/cli.md) instead of the lines')
    .option('--verbose', "also print the runner's log lines on stderr")
    .addHelpText('after', EXIT_CODES)
    .action(async (flags: OnceFlags) => {
      const config = await loadRunnerConfigOrExit(flags.config);
      if (!config) return;
      const unknown = flags.agent === undefined ? undefined : unknownAgent(flags.agent, config.agents);
      if (unknown) return fail(unknown, 2);
      if (flags.dryRun) return dryRunCommand(config, flags);
      return onceCommand(config, flags);
    });
}

function fail(line: string, code: 1 | 2): void {
  process.stderr.write(`overnight once: ${line}\n`);
  process.exitCode = code;
}

const switchesOf = ({ goal, agent, ignoreWindow, ignoreConstraints }: OnceFlags) => ({ goal, agent, ignoreWindow, ignoreConstraints });

async function dryRunCommand(config: RunnerConfig, flags: OnceFlags): Promise<void> {
  const run = await dryRunOnce({ config, ...switchesOf(flags) });
  const complete = dryRunComplete(run);
  process.stdout.write(flags.json ? `${JSON.stringify(dryRunJson(run, complete), null, 2)}\n` : formatDryRun(run));
  if (!complete) fail([...(run.preflight?.problems ?? []), run.gate.unknown, run.agentError].filter(Boolean).join('; '), 1);
}

async function onceCommand(config: RunnerConfig, flags: OnceFlags): Promise<void> {
  // The log file gets the runner's JSON lines whoever runs the cycle; the terminal gets the view.
  const logDir = config.stateDir ? join(config.stateDir, 'logs') : platformPaths().logDir;
  const log = await createRunnerLogger({ logDir, pretty: flags.verbose ? process.stderr : false });
  const view = flags.json ? undefined : createOnceView(openTerminal());
  try {
    const configFile = resolve(flags.config ?? platformPaths().configFile);
    const result = await runOnce({ config, configFile, logger: log.logger, ...switchesOf(flags), ...(view ? { onProgress: view.progress } : {}) });
    const failure = view ? view.finish(result) : resultLines(result, paint(false)).failure;
    if (flags.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    const code = onceExitCode(result);
    if (code !== 0) return fail(failure ?? result.detail ?? result.outcome, code);
  } finally {
    await log.close();
  }
}

/** `once --dry-run --json`: the goal by key and title (its body and comments stay out). */
function dryRunJson(run: DryRun, complete: boolean) {
  const { decision } = run;
  return {
    complete,
    preflight: run.preflight ?? null,
    gate: run.gate,
    setAside: run.setAside,
    decision:
      decision.kind === 'run'
        ? { kind: 'run', goal: decision.goal.key, title: decision.goal.subject, agent: decision.agent, rationale: decision.rationale }
        : { kind: 'none', reason: decision.reason },
    argv: run.argv ?? null,
    agentError: run.agentError ?? null,
  };
}
