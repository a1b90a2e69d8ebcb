import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createGithub } from '../../../src/runner/github/index.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A real server that never answers its first request (a GitHub that hangs), then answers. */
async function hangsOnce(): Promise<{ url: string; requests: string[] }> {
  const requests: string[] = [];
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    requests.push(`${request.method} ${request.url}`);
    if (requests.length === 1) return;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([]));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, requests };
}

describe("the runner's GitHub client against a GitHub that hangs", () => {
  it('gives up on a request after its timeout and retries it', async () => {
    const { url, requests } = await hangsOnce();
    const github = createGithub({ apiUrl: url, token: 't', repo: 'acme/widgets', requestTimeoutMs: 200, secondMs: 1 });
    expect(await github.listGoalIssues('overnight')).toStrictEqual([]);
    expect(requests).toStrictEqual([
      'GET /repos/acme/widgets/issues?state=open&labels=overnight&per_page=100',
      'GET /repos/acme/widgets/issues?state=open&labels=overnight&per_page=100',
    ]);
  });
});
