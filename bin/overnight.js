#!/usr/bin/env node
// Thin launcher: the CLI is compiled to lib/ by `npm run build` (run by `prepare` on `npm ci`).
import '../lib/cli/entry.js';
