import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The test build's `bin/overnight.js` (test/setup/compile-cli.ts compiled it once for the run). */
export function compiledCli(): string {
  return inject('cliBin');
}

/** The test build's lib/ (compiled src/). */
export function compiledLib(): string {
  return inject('cliLib');
}
