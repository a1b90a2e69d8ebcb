import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountedRequest {
  method: string;
  /** The path without the query, e.g. `/api/v3/repos/alice/nightly/pulls`. */
  path: string;
  status: number;
}

export interface CountingProxy {
  /** The proxy's address, standing in for the target's: `http://127.0.0.1:PORT`. */
  url: string;
  requests: CountedRequest[];
  close(): Promise<void>;
}

/**
 * Forwards every request to `target` unchanged and notes it: the GitHub API requests a process
 * makes, counted from outside the process, whatever client it uses.
 */
export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const upstream = new URL(target);
  const requests: CountedRequest[] = [];
  let origin = '';
  const server = createServer((incoming, outgoing) => {
    const forwarded = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: upstream.host } },
      (answer) => {
        requests.push({ method: incoming.method ?? 'GET', path: (incoming.url ?? '/').split('?')[0]!, status: answer.statusCode ?? 0 });
        // Pagination links name the target: point them back here so every page is counted.
        const link = [answer.headers.link].flat().join(', ').replaceAll(upstream.origin, origin);
        outgoing.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...(link ? { link } : {}) });
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', (error) => outgoing.destroy(error));
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
