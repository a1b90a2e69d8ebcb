import type { Command } from 'commander';

/**
 * `overnight bot` (and `npm start`): runs the GitHub App through probot's own `run`, so the usual
 * environment applies (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, WEBHOOK_PROXY_URL,
 * GHE_HOST/GHE_PROTOCOL, PORT, HOST, LOG_LEVEL, `.env`), and without APP_ID it starts probot's
 * manifest flow, which registers the app from `app.yml` in the current directory. It refuses to
 * start (exit 2) without a webhook secret of the app's own.
 */
export function registerBot(program: Command): void {
  program
    .command('bot')
    .description('run the GitHub App that opens PRs for agent branches and takes /overnight commands')
    .option('--no-reconcile', 'skip opening missing PRs for pushed agent/* branches at start-up')
    .option('--no-throttle', "turn off Octokit's write throttle (only against a local stand-in such as the sandbox)")
    .action(async (options: { reconcile: boolean; throttle: boolean }) => {
      // Loaded on use: probot alone costs ~77 MB, which the runner daemon should not carry.
      const [{ run }, { overnightApp, unthrottledOctokit, checkWebhookSecret, botEnvironment }] = await Promise.all([
        import('probot'),
        import('../bot/index.js'),
      ]);
      const secret = checkWebhookSecret(botEnvironment());
      if (!secret.ok) {
        process.stderr.write(`${secret.problem}\n`);
        process.exitCode = 2;
        return;
      }
      if (secret.warning) process.stderr.write(`\n${secret.warning}\n\n`);
      await run(overnightApp({ reconcileOnStart: options.reconcile }), options.throttle ? {} : { Octokit: unthrottledOctokit() });
    });
}
