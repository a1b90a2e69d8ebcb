import { access } from 'node:fs/promises';
import type { Command } from 'commander';
import { formatProblems, loadRunnerConfig, platformPaths } from '../config/index.js';

interface AuthTarget {
  apiUrl: string;
  host: string;
  /** `github.token` of the config, when there is one. */
  mode?: string;
  file: string;
}

const DEFAULT_API = 'https://api.github.com';

/**
 * `overnight auth login|status|logout`: the GitHub token in the OS credential store, where the
 * login agent reads it (`github.token: "store"`). Which GitHub comes from the config's
 * `github.apiUrl`; without a config, github.com.
 */
export function registerAuth(program: Command): void {
  const auth = program.command('auth').description('keep the GitHub token where the login agent can read it (github.token "store")');
  auth
    .command('login')
    .description('check a GitHub token and store it: from stdin with --with-token, else from `gh auth token`, else typed')
    .option('--with-token', 'read the token from stdin (e.g. `gh auth token | overnight auth login --with-token`)')
    .option('--config <file>', 'runner config whose github.apiUrl to use (default: the platform config path)')
    .action(async (flags: { withToken?: boolean; config?: string }) => {
      const target = await authTarget(flags.config);
      if (!target) return;
      await login(target, flags.withToken === true);
    });
  auth
    .command('status')
    .description('where the token is stored, and whether GitHub still accepts it; exit 1 when there is none to use')
    .option('--config <file>', 'runner config whose github.apiUrl to use (default: the platform config path)')
    .action(async (flags: { config?: string }) => {
      const target = await authTarget(flags.config);
      if (!target) return;
      await status(target);
    });
  auth
    .command('logout')
    .description('remove the stored token from every store that has it')
    .action(async () => {
      const { authLogout } = await import('../setup/index.js');
      const removed = await authLogout();
      process.stdout.write(removed.length === 0 ? 'no token was stored\n' : removed.map((store) => `removed the token from ${store.where}\n`).join(''));
    });
}

async function authTarget(file = platformPaths().configFile): Promise<AuthTarget | undefined> {
  const { webHostOf } = await import('../runner/index.js');
  const present = await access(file).then(() => true, () => false);
  if (!present) return { apiUrl: DEFAULT_API, host: webHostOf(DEFAULT_API), file };
  const loaded = await loadRunnerConfig(file);
  if (!loaded.ok) {
    process.stderr.write(`${formatProblems(loaded.problems, file)}\n`);
    process.exitCode = 2;
    return undefined;
  }
  const { apiUrl, token } = loaded.config.github;
  return { apiUrl, host: webHostOf(apiUrl), mode: token, file };
}

async function login(target: AuthTarget, withToken: boolean): Promise<void> {
  const { authLogin, readSecret } = await import('../setup/index.js');
  const { findToken } = await import('../runner/index.js');
  let token: string;
  if (withToken) {
    token = await readSecret(process.stdin, process.stderr, process.stdin.isTTY ? 'GitHub token: ' : '');
  } else {
    const fromGh = await findToken({ mode: 'gh', host: target.host });
    if (fromGh.ok) {
      process.stderr.write(`using the token of ${fromGh.source}\n`);
      token = fromGh.token;
    } else if (process.stdin.isTTY) {
      process.stderr.write(
        `Create a token at https://${target.host}/settings/tokens: classic with the "repo" scope, or fine-grained for the repository with Contents, Issues and Pull requests: read and write.\n`,
      );
      token = await readSecret(process.stdin, process.stderr, 'GitHub token (not shown): ');
    } else {
      process.stderr.write(`overnight auth login: no token given and ${fromGh.reason}: pipe one in with \`overnight auth login --with-token\`, or run \`gh auth login\` first\n`);
      process.exitCode = 2;
      return;
    }
  }
  if (token === '') {
    process.stderr.write('overnight auth login: the token is empty\n');
    process.exitCode = 2;
    return;
  }
  try {
    const result = await authLogin(token, { apiUrl: target.apiUrl });
    process.stdout.write(`logged in to ${target.host} as ${result.login}; the token is in ${result.stored.where}\n`);
    for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
    if (target.mode !== undefined && target.mode !== 'store') {
      process.stderr.write(`note: ${target.file} has github.token "${target.mode}"; set it to "store" for the runner to use this token\n`);
    }
  } catch (error) {
    process.stderr.write(`overnight auth login: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}

async function status(target: AuthTarget): Promise<void> {
  const { authStatus } = await import('../setup/index.js');
  const result = await authStatus({ apiUrl: target.apiUrl });
  const notes = result.status.unusable.map((store) => `  (${store.backend} not used: ${store.why})\n`).join('');
  if (!result.status.found) {
    process.stdout.write(`no token is stored; \`overnight auth login\` would put it in ${result.status.target.where}\n${notes}`);
    process.exitCode = 1;
  } else if (result.problem !== undefined) {
    process.stdout.write(`the token in ${result.status.found.where} cannot be used: ${result.problem}\n${notes}`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`logged in to ${target.host} as ${result.login ?? 'an unknown user'}; the token is in ${result.status.found.where}\n${notes}`);
  }
  if (target.mode !== undefined && target.mode !== 'store') {
    process.stdout.write(`note: ${target.file} has github.token "${target.mode}", so the runner does not use the stored token\n`);
  }
}
