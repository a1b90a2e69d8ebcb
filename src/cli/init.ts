import type { Command } from 'commander';
import { platformPaths } from '../config/index.js';
import { shellQuote } from '../platform/index.js';

interface InitFlags {
  repo?: string;
  remote?: string;
  github?: string;
  base?: string;
  timezone?: string;
  verify?: string;
  agent?: string;
  yes?: boolean;
  force?: boolean;
  config?: string;
}

/**
 * `overnight init`: a starter config from what the repository and this machine say. Asks on a
 * terminal (prompts on stderr), takes the detected answers with --yes or when stdin is not a
 * terminal. Exit 2 when it cannot go on, saying what to do.
 */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description('write a starter runner config from your repository (remote, base branch, test command, agents found)')
    .option('--repo <path>', 'the clone agents work from (default: the git repository around the current directory)')
    .option('--remote <name>', 'git remote to push agent branches to (default: origin, else the only remote)')
    .option('--github <owner/name>', 'the GitHub repository (default: read from the remote URL)')
    .option('--base <branch>', "branch sessions start from (default: the remote's HEAD)")
    .option('--timezone <zone>', 'IANA time zone of the nightly window (default: the system time zone)')
    .option('--verify <command>', 'test command run after each agent, "-" for none (default: found in the repository)')
    .option('--agent <name>', 'default agent: claude-code, codex or aider (default: the first one installed)')
    .option('-y, --yes', 'take the detected answers without asking')
    .option('--force', 'replace an existing config')
    .option('--config <file>', 'where to write it (default: the platform config path, where every command looks)')
    .action(async (flags: InitFlags) => {
      const { initConfig, InitError } = await import('../setup/index.js');
      const given = {
        ...(flags.github === undefined ? {} : { github: flags.github }),
        ...(flags.remote === undefined ? {} : { remote: flags.remote }),
        ...(flags.base === undefined ? {} : { base: flags.base }),
        ...(flags.timezone === undefined ? {} : { timezone: flags.timezone }),
        ...(flags.verify === undefined ? {} : { verifyCommand: flags.verify === '-' ? undefined : flags.verify }),
        ...(flags.agent === undefined ? {} : { defaultAgent: flags.agent }),
      };
      try {
        const result = await initConfig({
          ...(flags.config === undefined ? {} : { configFile: flags.config }),
          yes: flags.yes === true || process.stdin.isTTY !== true,
          force: flags.force === true,
          input: process.stdin,
          output: process.stderr,
          given,
          detectOptions: { ...(flags.repo === undefined ? {} : { repoPath: flags.repo }), ...(flags.remote === undefined ? {} : { remote: flags.remote }) },
        });
        process.stdout.write(nextSteps(result.file, result.answers.github, flags.config !== undefined && result.file !== platformPaths().configFile));
      } catch (error) {
        if (!(error instanceof InitError)) throw error;
        process.stderr.write(`overnight init: ${error.message}\n`);
        process.exitCode = 2;
      }
    });
}

function nextSteps(file: string, github: string, custom: boolean): string {
  const config = custom ? ` --config ${/^[\w@%+=:,./-]+$/.test(file) ? file : shellQuote(file)}` : '';
  return [
    `wrote ${file} for ${github}`,
    '',
    'Next:',
    `  1. overnight auth login${config}`,
    '     store a GitHub token where the login agent can read it',
    `  2. overnight doctor${config}`,
    '     check everything a night needs, each problem with its fix',
    `  3. overnight once --dry-run${config}`,
    `     see what a cycle would do; then \`overnight install${config}\` runs it every night`,
    '',
  ].join('\n');
}
