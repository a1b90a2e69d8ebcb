import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { currentSandboxFile } from './current-sandbox-file.js';

interface Where {
  dir?: string;
  url?: string;
}

/**
 * `overnight sandbox issue` and `overnight sandbox comment`: play the repository's owner (or
 * anyone, with --as) against a running `overnight sandbox`, found through the file it writes
 * (the current one, or the one in --dir) or at --url.
 */
export function registerSandboxGoals(sandbox: Command): void {
  const where = (command: Command) =>
    command
      .option('--dir <dir>', "the running sandbox's --dir (default: the sandbox started last)")
      .option('--url <url>', "the running sandbox's address, http://127.0.0.1:PORT");
  where(
    sandbox
      .command('issue')
      .description('file a goal: an issue labelled overnight, as the owner')
      .argument('<title>', 'the goal, as an issue title')
      .option('--body <text>', 'the issue body: what done looks like')
      .option('--label <name>', 'another label (repeatable), e.g. priority:high or agent:codex', (value: string, list: string[]) => [...list, value], [] as string[])
      .option('--as <login>', 'file it as this user (default: the owner)'),
  ).action(async (title: string, flags: Where & { body?: string; label: string[]; as?: string }) => {
    await withSandbox(flags, async (client, owner) => {
      const labels = [...new Set(['overnight', ...flags.label])];
      const issue = await client.createIssue(flags.as ?? owner, { title, ...(flags.body === undefined ? {} : { body: flags.body }), labels });
      process.stdout.write(`#${issue.number} ${issue.title} [${labels.join(', ')}] by @${flags.as ?? owner}\n`);
    });
  });
  where(
    sandbox
      .command('comment')
      .description('comment on an issue or PR, e.g. an /overnight command, as the owner')
      .argument('<number>', 'issue or PR number')
      .argument('<text>', 'the comment')
      .option('--as <login>', 'comment as this user (default: the owner; others have read permission)'),
  ).action(async (number: string, text: string, flags: Where & { as?: string }) => {
    if (!/^[1-9]\d*$/.test(number)) {
      process.stderr.write(`overnight sandbox comment: "${number}" is not an issue number\n`);
      process.exitCode = 2;
      return;
    }
    await withSandbox(flags, async (client, owner) => {
      const comment = await client.createComment(flags.as ?? owner, Number(number), text);
      process.stdout.write(`commented on #${number} as @${flags.as ?? owner}: ${comment.html_url}\n`);
    });
  });
}

async function withSandbox(where: Where, work: (client: import('../sandbox/index.js').SandboxClient, owner: string) => Promise<void>): Promise<void> {
  const { readSandboxFile, SandboxClient } = await import('../sandbox/index.js');
  let url = where.url;
  if (url === undefined) {
    const file = where.dir === undefined ? currentSandboxFile() : join(resolve(where.dir), 'sandbox.json');
    const lookup = await readSandboxFile(file);
    if ('missing' in lookup) {
      process.stderr.write(`overnight sandbox: ${lookup.missing}; start one with \`overnight sandbox --repo PATH\`, or pass --url\n`);
      process.exitCode = 2;
      return;
    }
    url = lookup.found.webUrl;
  }
  const client = new SandboxClient(url.replace(/\/+$/, ''));
  try {
    const { owner } = await client.info();
    await work(client, owner);
  } catch (error) {
    process.stderr.write(`overnight sandbox: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
