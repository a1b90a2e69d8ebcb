#!/usr/bin/env node
// Thin launcher: the CLI is compiled to lib/ by `npm run build` (run by `prepare` on `npm ci`).
import { main } from '../lib/cli/main.js';

// `overnight schedule | head`: a reader that went away is not an error worth a stack trace.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
