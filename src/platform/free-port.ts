import { createServer } from 'node:net';

/**
 * A TCP port free on `host` right now. Probot's Server reads port 0 as 3000, so the bot (and
 * anything started beside it) needs a real free port chosen up front.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
