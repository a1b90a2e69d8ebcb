/**
 * Coding agents: one adapter per kind, and the resolution of a configured agent name into the
 * binary and argv to run. Interfaces other runner stages code against:
 *
 * - `resolveAgent(name, agentsConfig, { findBin? })` -> `ResolvedAgent`
 *   `{ name, kind, bin, env, args(input), extractSummary(stdout, stderr) }`, or throws
 *   `AgentResolveError` with a message fit for the user (unknown agent, binary not found and how to
 *   install it, a `command` without a program).
 * - `ResolvedAgent.args({ prompt, workdir, session })` -> argv after `bin`, for `runAgent`
 *   (../run-agent.ts) and for `overnight once --dry-run` to print.
 * - `ResolvedAgent.extractSummary(stdout, stderr)` -> the agent's final summary from the output
 *   tails `runAgent` returns, or undefined.
 * - `ADAPTERS[kind]` -> the `AgentAdapter` (`kind`, `defaultBin`, `installHint`, `buildArgv`,
 *   `extractSummary`).
 *
 * The rest of the execute step, beside this directory:
 * - `findBin(name, { env, exists, home })` -> absolute path | undefined (../find-bin.ts)
 * - `runAgent({ bin, args, cwd, env, timeoutMs, graceMs = 10_000, logFile, redact, signal? })` ->
 *   `{ exitCode, signal, timedOut, aborted, stdout, stderr, output, durationMs, groupGone }`;
 *   `scrubEnv(env)`, `processGroupAlive(pgid)`, `killProcessGroup(pgid, { graceMs })` (../run-agent.ts)
 * - `createRedactor(secrets)` -> `(text) => string`; `redactSecrets` (../redact.ts)
 * - `buildPrompt({ goal, repoInstructions?, forbidPaths, verifyCommand? })`,
 *   `readRepoInstructions(workdir, { readFile? })` (../prompt.ts)
 * - `runVerify({ command?, cwd, timeoutMs, logFile, redact, env? })` ->
 *   `{ result: 'passed' | 'failed' | 'skipped', exitCode?, timedOut, outputTail }` (../verify.ts)
 * - `checkGuard(changes, guard)` -> `{ ok, reasons }`, `parseNumstat(gitDiffNumstatZ)` (../guard.ts)
 */
export { resolveAgent, AgentResolveError, ADAPTERS } from './resolve-agent.js';
export type { ResolvedAgent, ResolveAgentOptions } from './resolve-agent.js';
export type { AgentAdapter, AgentInput, AgentKind } from './types.js';
