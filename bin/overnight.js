#!/usr/bin/env node
// Thin launcher: the CLI is compiled to lib/ by `npm run build` (run by `prepare` on `npm ci`).
import { main } from '../lib/cli/main.js';

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
