import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runSandbox } from '../../src/cli/sandbox.js';
import { SandboxClient } from '../../src/sandbox/client.js';
import { git, makeClone, runCli, writeScript } from './cli-harness.js';

let root: string;
let clone: string;
let stop: (reason: string) => void;
let running: Promise<void> | undefined;
let printed: string;

/** `overnight sandbox --repo <clone> ...` until the test stops it, as in its own terminal. */
async function startSandbox(...extra: Array<[string, string]>): Promise<{ dir: string; webUrl: string; remotePath: string }> {
  const dir = join(root, 'sandbox');
  const stopped = new Promise<string>((resolve) => (stop = resolve));
  const output: string[] = [];
  running = runSandbox({ repo: clone, dir, port: 0, appId: 1, ...Object.fromEntries(extra) }, { until: () => stopped, write: (text) => void output.push(text) });
  await vi.waitFor(() => expect(output.length).toBeGreaterThan(0), { timeout: 20_000 });
  printed = output.join('');
  const webUrl = /REST API {5}(http:\/\/127\.0\.0\.1:\d+)\/api\/v3/.exec(printed)?.[1] ?? '';
  return { dir, webUrl, remotePath: join(dir, 'remote.git') };
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'overnight-sandbox-repo-'));
  vi.stubEnv('OVERNIGHT_HOME', join(root, 'home'));
  clone = makeClone(root, 'widgets', { 'package.json': '{"scripts":{"test":"node --test"}}\n' });
  writeFileSync(join(clone, 'second.txt'), 'two\n');
  git(clone, 'add', '--all');
  git(clone, 'commit', '--quiet', '-m', 'second');
  git(clone, 'push', '--quiet', 'origin', 'main');
  // Work in progress on another branch, with a local change: none of it is the base.
  git(clone, 'checkout', '--quiet', '-b', 'feature');
  writeFileSync(join(clone, 'wip.txt'), 'wip\n');
  git(clone, 'add', '--all');
  git(clone, 'commit', '--quiet', '-m', 'wip');
  writeFileSync(join(clone, 'README.md'), 'edited, not committed\n');
});
afterEach(async () => {
  stop?.('test over');
  await running;
  running = undefined;
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

describe('overnight sandbox --repo PATH', () => {
  it("seeds the stand-in's remote with the base branch's own history, reads the clone only, and prints the config lines", async () => {
    const gitConfig = readFileSync(join(clone, '.git', 'config'), 'utf8');
    const { remotePath, webUrl } = await startSandbox();
    const base = git(clone, 'rev-parse', 'origin/main');
    expect(git(remotePath, 'rev-parse', 'refs/heads/main')).toBe(base);
    expect(git(remotePath, 'log', '--format=%s', 'main')).toBe('second\ninitial');
    expect(git(remotePath, 'for-each-ref', '--format=%(refname)')).toBe('refs/heads/main');
    expect(git(remotePath, 'symbolic-ref', 'HEAD')).toBe('refs/heads/main');
    expect(readFileSync(join(clone, '.git', 'config'), 'utf8')).toBe(gitConfig);
    expect(git(clone, 'status', '--porcelain')).toBe('M README.md');

    expect(printed).toContain('  repository   acme/widgets\n');
    expect(printed).toContain(`The stand-in's main is refs/heads/main of ${clone}: its history, nothing added.\n`);
    expect(printed).toContain(`  git -C ${clone} remote add overnight-sandbox file://${remotePath}\n`);
    expect(printed).toContain(`  "repo": { "path": "${clone}", "remote": "overnight-sandbox", "base": "main", "github": "acme/widgets" },\n`);
    expect(printed).toContain(`  "github": { "apiUrl": "${webUrl}/api/v3", "token": "env" },\n`);
    expect(printed).toMatch(/then run it with GITHUB_TOKEN=ghp_[0-9a-f]+\n/);
    const repo = await (await fetch(`${webUrl}/api/v3/repos/acme/widgets`, { headers: { authorization: `token ${/GITHUB_TOKEN=(\S+)/.exec(printed)?.[1]}` } })).json();
    expect(repo).toMatchObject({ full_name: 'acme/widgets', default_branch: 'main' });
  });

  it('sandbox issue files a goal as the owner and sandbox comment comments, found without flags, by --dir or by --url', async () => {
    const { dir, webUrl } = await startSandbox(['base', 'feature']);
    const client = new SandboxClient(webUrl);
    expect((await client.info()).owner).toBe('acme');

    let result = await runCli('sandbox', 'issue', 'Add a --verbose flag', '--body', 'Print each step.', '--label', 'priority:high');
    expect(result).toStrictEqual({ code: 0, stdout: '#1 Add a --verbose flag [overnight, priority:high] by @acme\n', stderr: '' });
    result = await runCli('sandbox', 'comment', '1', '/overnight agent codex', '--dir', dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^commented on #1 as @acme: http:\/\/127\.0\.0\.1:\d+\/acme\/widgets\/issues\/1#issuecomment-\d+\n$/);
    result = await runCli('sandbox', 'comment', '1', 'me too', '--as', 'mallory', '--url', webUrl);
    expect(result.code).toBe(0);

    const state = await client.snapshot();
    const issue = state.issues.find((entry) => entry.number === 1);
    expect({ title: issue?.title, body: issue?.body, user: issue?.user?.login, labels: issue?.labels.map((label) => (typeof label === 'string' ? label : label.name)) }).toStrictEqual({
      title: 'Add a --verbose flag',
      body: 'Print each step.',
      user: 'acme',
      labels: ['overnight', 'priority:high'],
    });
    expect(state.comments.filter((comment) => comment.issue_url.endsWith('/issues/1')).map((comment) => `${comment.user?.login}: ${comment.body}`)).toStrictEqual([
      'acme: /overnight agent codex',
      'mallory: me too',
    ]);
    // --base feature: the stand-in's default branch is that branch, history and all.
    expect((await client.info()).remotePath).toBe(join(dir, 'remote.git'));
    expect(git(join(dir, 'remote.git'), 'log', '--format=%s', 'feature')).toBe('wip\nsecond\ninitial');
  });

  it('the walk of docs/try-it.md: a goal filed with `sandbox issue`, `once` with a command agent, a PR whose branch sits on the clone\'s own base', async () => {
    const { dir, remotePath } = await startSandbox();
    const token = /GITHUB_TOKEN=(\S+)/.exec(printed)?.[1] ?? '';
    git(clone, 'remote', 'add', 'overnight-sandbox', `file://${remotePath}`);
    // The agent's program sits in its own dir, which the sandbox may read (the stand-in's dir holds the runner's state).
    const agentDir = join(dir, 'agent');
    mkdirSync(agentDir);
    const agent = writeScript(agentDir, 'note-agent.sh', `goal=$(printf '%s\\n' "$1" | sed -n 's/^# Goal: //p' | head -n 1)\nprintf -- '- %s\\n' "$goal" >> NOTES.md\necho "Noted $goal."`);
    const config = join(dir, 'config.json');
    const lines = printed.slice(printed.indexOf('  "repo"'), printed.indexOf('then run it')).trim();
    writeFileSync(config, `{\n${lines},\n"schedule": { "window": { "start": "01:00", "end": "05:00" }, "every": "30m" },\n"agents": { "default": "note", "defs": { "note": { "kind": "command", "bin": ${JSON.stringify(agent)}, "args": ["{prompt}"], "sandbox": { "allowRead": [${JSON.stringify(agentDir)}] } } } }\n}\n`);
    expect((await runCli('sandbox', 'issue', 'Add a --verbose flag')).code).toBe(0);
    vi.stubEnv('GITHUB_TOKEN', token);
    const once = await runCli('once', '--config', config, '--ignore-window');
    expect(once.stdout, once.stderr).toMatch(/\n✓ PR #2: http:\/\/127\.0\.0\.1:\d+\/acme\/widgets\/pull\/2\n$/);
    const branch = /agent\/\d{8}-\d{4}-[0-9a-f]{6}/.exec(git(remotePath, 'for-each-ref', '--format=%(refname:short)', 'refs/heads/agent'))?.[0] ?? '';
    expect(git(remotePath, 'rev-parse', `${branch}^`)).toBe(git(clone, 'rev-parse', 'main'));
    expect(git(remotePath, 'show', `${branch}:NOTES.md`)).toBe('- Add a --verbose flag');
    expect(git(clone, 'status', '--porcelain')).toBe('M README.md');
  });

  it('says how to start one when no sandbox runs (exit 2), and a missing issue is exit 1', async () => {
    let result = await runCli('sandbox', 'issue', 'Add a --verbose flag');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`overnight sandbox: no sandbox has written ${join(root, 'home', 'data', 'sandbox.json')}; start one with \`overnight sandbox --repo PATH\`, or pass --url\n`);
    await startSandbox();
    result = await runCli('sandbox', 'comment', '7', 'hello');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('overnight sandbox: ');
    stop('done');
    await running;
    running = undefined;
    result = await runCli('sandbox', 'issue', 'again');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no sandbox has written');
  });

  it('refuses a directory that is no clone, and a base branch the clone lacks (exit 2)', async () => {
    let result = await runCli('sandbox', '--repo', root);
    expect(result).toMatchObject({ code: 2, stderr: `overnight sandbox: ${root} is not a git repository: pass --repo the path of your clone\n` });
    result = await runCli('sandbox', '--repo', clone, '--base', 'release');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`overnight sandbox: ${clone} has no branch "release" (looked for refs/heads/release, refs/remotes/origin/release): pass --base BRANCH\n`);
  });
});
