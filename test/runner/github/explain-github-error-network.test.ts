import { createServer, type AddressInfo, type Server } from 'node:net';
import { Octokit } from '@octokit/rest';
import { describe, expect, it } from 'vitest';
import { explainGithubError } from '../../../src/runner/github/explain-github-error.js';

// Real sockets on 127.0.0.1, so this file must not load nock.
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};
const failure = async (octokit: Octokit) => octokit.rest.users.getAuthenticated().then(() => { throw new Error('succeeded'); }, (error: unknown) => error);

describe('explainGithubError on real connections', () => {
  it('a closed port: connection refused', async () => {
    const server = createServer();
    const port = await listen(server);
    await new Promise((resolve) => server.close(resolve));
    const apiUrl = `http://127.0.0.1:${port}`;
    const error = await failure(new Octokit({ baseUrl: apiUrl, log: quiet }));
    expect(explainGithubError(error, { apiUrl })).toBe(`cannot reach github.apiUrl ${apiUrl}: connection refused (ECONNREFUSED)`);
  });

  it('a server that never answers: the request timeout', async () => {
    const sockets: Array<import('node:net').Socket> = [];
    const server = createServer((socket) => sockets.push(socket));
    const apiUrl = `http://127.0.0.1:${await listen(server)}`;
    try {
      const error = await failure(new Octokit({ baseUrl: apiUrl, log: quiet, request: { signal: AbortSignal.timeout(200) } }));
      expect(explainGithubError(error, { apiUrl })).toBe(`cannot reach github.apiUrl ${apiUrl}: no answer before the timeout`);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
