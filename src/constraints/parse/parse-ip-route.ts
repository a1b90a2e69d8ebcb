import type { DefaultRoute } from './parse-route-get.js';

/**
 * Reads Linux `ip route show default`:
 *
 *     default via 192.0.2.1 dev eth0
 *     default via 10.0.0.1 dev wlp2s0 proto dhcp src 10.0.0.23 metric 600
 *
 * With several default routes the kernel uses the lowest metric (absent = 0). Empty output means
 * there is no default route (null).
 */
export function parseIpRoute(output: string): DefaultRoute | null {
  const routes = output
    .split('\n')
    .filter((line) => /^default\b/.test(line))
    .map((line) => ({
      interface: /\bdev (\S+)/.exec(line)?.[1],
      gateway: /\bvia (\S+)/.exec(line)?.[1] ?? null,
      metric: Number(/\bmetric (\d+)/.exec(line)?.[1] ?? 0),
    }))
    .filter((route): route is { interface: string; gateway: string | null; metric: number } => route.interface !== undefined)
    .sort((a, b) => a.metric - b.metric);
  const best = routes[0];
  return best ? { interface: best.interface, gateway: best.gateway } : null;
}
