import { readFileSync } from 'node:fs';

/**
 * This package's version, from its own package.json (two levels above `lib/cli/` and `src/cli/`),
 * so `overnight --version` is right however it was started: installed, npx, or a checkout.
 */
export function packageVersion(read: (url: URL) => string = (url) => readFileSync(url, 'utf8')): string {
  try {
    const { version } = JSON.parse(read(new URL('../../package.json', import.meta.url))) as { version?: unknown };
    if (typeof version === 'string') return version;
  } catch {
    // A damaged install: say so rather than fail every command.
  }
  return 'unknown';
}
