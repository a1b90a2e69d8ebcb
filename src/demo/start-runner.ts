import { mkdir, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { delimiter, join } from 'node:path';
import { formatProblems, parseRunnerConfig, systemTimeZone, TICK_FLOOR_VARIABLE, type RunnerConfig } from '../config/index.js';
import { startChild, type Child } from './start-child.js';
import { demoRunnerConfig, type DemoAgentArgv, type DemoPace } from './demo-config.js';
import type { Stage } from './set-stage.js';
import { OWNER, REPO } from './set-stage.js';

export interface StartRunnerInput {
  /** The runner's OVERNIGHT_HOME: config.json, data/ (state.db, worktrees), logs/. */
  home: string;
  stage: Stage;
  pace: DemoPace;
  agent: string;
  demoAgent: DemoAgentArgv;
  sandboxMode: 'required' | 'off';
  /** The compiled `overnight` CLI entry. */
  cli: string;
  env: NodeJS.ProcessEnv;
  /** Thrown for a config the runner would reject (a bug in the demo, said plainly). */
  fail(message: string): Error;
}

export interface StartedRunner {
  child: Child;
  config: RunnerConfig;
  configFile: string;
  /** The environment `overnight report` needs too. */
  env: NodeJS.ProcessEnv;
}

/** Writes the compressed-night config and starts `overnight run` as its own process, as launchd or systemd would. */
export async function startRunner({ home, stage, pace, agent, demoAgent, sandboxMode, cli, env, fail }: StartRunnerInput): Promise<StartedRunner> {
  const configFile = join(home, 'config.json');
  const input = demoRunnerConfig({
    now: new Date(),
    timeZone: systemTimeZone(),
    pace,
    repoPath: stage.sample.path,
    github: `${OWNER}/${REPO}`,
    apiUrl: stage.info.apiUrl,
    agent,
    demoAgent,
    sandboxMode,
    runnerName: `${hostname().split('.')[0]}-demo`,
  });
  const runnerEnv = runnerEnvironment(env, { home, standins: stage.sandbox.standinsDir(), token: stage.sandbox.userToken(OWNER) });
  const parsed = parseRunnerConfig(JSON.stringify(input), { file: configFile, env: runnerEnv });
  if (!parsed.ok) throw fail(`the demo wrote a config the runner would reject:\n${formatProblems(parsed.problems, configFile)}`);
  await mkdir(home, { recursive: true });
  await writeFile(configFile, `${JSON.stringify(input, null, 2)}\n`);
  const child = startChild(process.execPath, [cli, 'run', '--config', configFile], { outputFile: join(home, 'runner.out'), env: runnerEnv });
  return { child, config: parsed.config, configFile, env: runnerEnv };
}

/**
 * The runner's environment: the sandbox's pmset/route/networksetup/ipconfig stand-ins first on
 * PATH and OVERNIGHT_PLATFORM=darwin, so its constraint checks read the facts the demo sets; its
 * state under the demo dir; the maintainer's sandbox token as GITHUB_TOKEN (never a real one);
 * and a tick floor of a second, since the demo's night lasts minutes, not hours.
 */
export function runnerEnvironment(env: NodeJS.ProcessEnv, { home, standins, token }: { home: string; standins: string; token: string }): NodeJS.ProcessEnv {
  const { GH_TOKEN: _gh, GITHUB_TOKEN: _github, ...rest } = env;
  return {
    ...rest,
    PATH: [standins, env.PATH ?? ''].join(delimiter),
    OVERNIGHT_PLATFORM: 'darwin',
    OVERNIGHT_HOME: home,
    GITHUB_TOKEN: token,
    [TICK_FLOOR_VARIABLE]: '1s',
  };
}
