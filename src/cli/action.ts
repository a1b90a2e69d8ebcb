import type { Command } from 'commander';

export interface ActionCliOptions {
  botLogin: string;
  throttle: boolean;
}

/**
 * `overnight action`: one step of a GitHub Actions workflow runs the bot for the event that started
 * the job and exits: 0 handled (or nothing to do), 1 a handler failed, 2 the job is not set up for it.
 * Lines are in the Actions log format; errors become annotations on the run.
 */
export function registerAction(program: Command): void {
  program
    .command('action')
    .description('run the bot once for the event that started this GitHub Actions job (no server, no App)')
    .option('--bot-login <login>', "the login the bot's comments carry: an App token's is <app-slug>[bot]", 'github-actions[bot]')
    .option('--no-throttle', "turn off Octokit's write throttle (only against a local stand-in such as the sandbox)")
    .action(async (options: ActionCliOptions) => {
      process.exitCode = await runActionCommand(options);
    });
}

export async function runActionCommand(options: ActionCliOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // Loaded on use: probot is most of this command's start-up, and no other command needs it.
  const { runAction, actionsLogger, ActionSetupError } = await import('../bot/index.js');
  // The runner sets RUNNER_DEBUG=1 when a run is re-run with debug logging.
  const log = actionsLogger({ level: env.RUNNER_DEBUG === '1' ? 'debug' : 'info' });
  try {
    const outcome = await runAction({ env, log, botLogin: options.botLogin, throttle: options.throttle });
    if (outcome.kind === 'failed') {
      log.error(outcome.message);
      return 1;
    }
    log.info(outcome.kind === 'reconciled' ? `${outcome.event}: done` : `${outcome.event}: handled`);
    return 0;
  } catch (error) {
    if (!(error instanceof ActionSetupError)) throw error;
    log.error(error.message);
    return 2;
  }
}
