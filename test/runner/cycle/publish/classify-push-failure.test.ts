import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { classifyPushFailure } from '../../../../src/runner/cycle/publish/classify-push-failure.js';
import { createGit } from '../../../../src/runner/git/git.js';
import { createTempRepo, type TempRepo } from '../../helpers/temp-repo.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../../fixtures/runner/push-rejections/${name}`, import.meta.url));

let repo: TempRepo;
let server: Server | undefined;
beforeEach(() => {
  repo = createTempRepo();
});
afterEach(async () => {
  repo.cleanup();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A pre-receive hook on the bare origin that prints `file` as GitHub's hooks would, and refuses. */
function refuseWith(file: string): void {
  const hook = join(repo.origin, 'hooks', 'pre-receive');
  writeFileSync(hook, `#!/bin/sh\ncat '${fixture(file)}' >&2\nexit 1\n`);
  chmodSync(hook, 0o755);
}

/**
 * A certificate for 127.0.0.1 that git trusts through GIT_SSL_CAINFO: the runner's git only speaks
 * https to a remote (plain http is refused), so a local "GitHub" must too.
 */
function localCertificate(): { key: string; cert: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'overnight-tls-'));
  const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8'), file: cert };
}

/** The push as the runner makes it (its git, its flags), of a new commit to an agent branch. */
async function push(remote = 'origin', extra: string[] = [], env: Record<string, string> = {}): Promise<string> {
  repo.git(repo.dev, 'commit', '--quiet', '--allow-empty', '-m', 'session work');
  const result = await createGit()(['push', '--no-verify', '--porcelain', ...extra, remote, 'HEAD:refs/heads/agent/20261128-0107-a1b2c3'], {
    cwd: repo.dev,
    env,
    allowFailure: true,
  });
  expect(result.exitCode).not.toBe(0);
  return `${result.stderr}\n${result.stdout}`;
}

describe('a push GitHub refuses for good, through a real git push', () => {
  it.each([
    ['gh001-large-file.txt', "GH001: a file is over GitHub's 100 MB file size limit (File .import_to_pkg_maps_indexed_files is 100.07 MB; this exceeds GitHub's file size limit of 100.00 MB)"],
    ['gh001-large-file-2014.txt', "GH001: a file is over GitHub's 100 MB file size limit (File share/wnjpn-1.1_and_synonyms-1.0.db is 193.70 MB; this exceeds GitHub's file size limit of 100 MB)"],
    ['gh013-push-protection.txt', 'GH013: GitHub push protection found a secret in the commit (GitHub Personal Access Token in src/api/github.ts:34)'],
    ['gh013-ruleset.txt', 'GH013: a repository rule refused the branch (Changes must be made through a pull request.)'],
    ['gh006-protected-branch.txt', 'GH006: the branch is protected (Changes must be made through a pull request. Required status check "Build" is expected.)'],
  ])('%s is permanent', async (file, reason) => {
    refuseWith(file);
    const output = await push();
    // The framing is git's own: remote lines, then the ref status.
    expect(output).toContain('[remote rejected] (pre-receive hook declined)');
    expect(classifyPushFailure(output)).toMatchObject({ permanent: true, reason, hint: expect.any(String) });
  });

  it('a hook that refuses without a GitHub code is permanent too, quoting the remote', async () => {
    const hook = join(repo.origin, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "error: commits must be signed" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    expect(classifyPushFailure(await push())).toMatchObject({ permanent: true, reason: 'a hook on the remote refused the push (commits must be signed)' });
  });

  it('a revision whose branch moved since it was fetched is permanent (the lease is stale)', async () => {
    const branch = 'refs/heads/agent/20261128-0107-a1b2c3';
    repo.git(repo.dev, 'push', '--quiet', 'origin', `HEAD:${branch}`);
    const fetched = repo.git(repo.dev, 'rev-parse', 'HEAD').trim();
    // Someone pushes to the PR branch meanwhile.
    const other = join(repo.root, 'other');
    repo.git(repo.root, 'clone', '--quiet', repo.origin, other);
    repo.git(other, 'checkout', '--quiet', '-b', 'x', `origin/agent/20261128-0107-a1b2c3`);
    repo.git(other, 'commit', '--quiet', '--allow-empty', '-m', 'a fix by hand');
    repo.git(other, 'push', '--quiet', 'origin', `HEAD:${branch}`);
    const output = await push('origin', [`--force-with-lease=${branch}:${fetched}`]);
    expect(output).toContain('(stale info)');
    expect(classifyPushFailure(output)).toMatchObject({ permanent: true, reason: expect.stringMatching(/^the branch moved on GitHub after the session started/) });
  });

  it.each([
    ['workflow-scope.client.txt', 'the token may not change GitHub Actions workflows (it lacks the workflow scope) (.github/workflows/release.yaml)'],
    ['gh013-ruleset.client.txt', 'GH013: a repository rule refused the branch (Changes must be made through a pull request.)'],
  ])('%s (a whole client output as quoted) is permanent', (file, reason) => {
    expect(classifyPushFailure(readFileSync(fixture(file), 'utf8'))).toMatchObject({ permanent: true, reason });
  });
});

describe('a push that may pass, through a real git push', () => {
  it('a host that does not resolve', async () => {
    const failure = classifyPushFailure(await push('https://github.invalid/acme/widgets.git'));
    expect(failure).toStrictEqual({ permanent: false, reason: expect.stringMatching(/^fatal: unable to access 'https:\/\/github\.invalid\/acme\/widgets\.git\/': Could not resolve host/) });
  });

  it('a connection refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const failure = classifyPushFailure(await push(`https://127.0.0.1:${port}/acme/widgets.git`));
    expect(failure).toMatchObject({ permanent: false, reason: expect.stringContaining(`Failed to connect to 127.0.0.1 port ${port}`) });
  });

  it('GitHub answering 502', async () => {
    const tls = localCertificate();
    server = createHttpsServer({ key: tls.key, cert: tls.cert }, (_request, response) => response.writeHead(502, { 'content-type': 'text/html' }).end('<h1>502 Bad Gateway</h1>'));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const failure = classifyPushFailure(await push(`https://127.0.0.1:${port}/acme/widgets.git`, [], { GIT_SSL_CAINFO: tls.file }));
    expect(failure).toStrictEqual({ permanent: false, reason: `fatal: unable to access 'https://127.0.0.1:${port}/acme/widgets.git/': The requested URL returned error: 502` });
  });

  it('a remote that is not there (the runner cannot tell it from a passing fault: retried, within the limit)', async () => {
    expect(classifyPushFailure(await push(join(repo.root, 'gone.git')))).toMatchObject({ permanent: false, reason: expect.stringContaining('does not appear to be a git repository') });
  });
});
