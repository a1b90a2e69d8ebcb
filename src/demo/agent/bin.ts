#!/usr/bin/env node
// The demo agent as a program, for the runner's `command` agent kind (see demo-agent-main.ts).
import { demoAgentMain } from './main.js';

process.exitCode = await demoAgentMain(process.argv.slice(2));
