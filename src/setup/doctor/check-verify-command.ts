import { isAbsolute, resolve } from 'node:path';
import type { RunnerConfig } from '../../config/index.js';
import { fail, ok, warn, type DoctorCheck } from './types.js';

// Shell builtins a verify command may start with; `sh -c` runs them, so there is no binary to find.
const BUILTINS = new Set(['cd', 'exec', 'export', 'set', 'test', '[', 'true', 'false', '.', 'source', 'command', 'env']);

/** The program the verify command starts with, skipping `VAR=value` assignments. */
export function verifyProgram(command: string): string | undefined {
  return command.trim().split(/\s+/).find((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word));
}

/** The verify command's program exists where the runner will look (PATH plus the usual install dirs). */
export function checkVerifyCommand(config: RunnerConfig, findBin: (name: string) => string | undefined): DoctorCheck {
  const command = config.verify.command;
  if (command === undefined) return warn('verify-command', 'verify.command is not set: agent work is committed without running the tests', 'set verify.command, e.g. "npm test"');
  const program = verifyProgram(command);
  if (program === undefined) return fail('verify-command', 'verify.command is empty', 'set verify.command, e.g. "npm test"');
  if (BUILTINS.has(program)) return ok('verify-command', `"${command}" starts with the shell builtin ${program}`);
  // A relative path (./gradlew) is relative to the worktree, which mirrors repo.path.
  const lookup = program.includes('/') && !isAbsolute(program) && !program.startsWith('~/') ? resolve(config.repo.path, program) : program;
  const found = findBin(lookup);
  if (found) return ok('verify-command', `"${command}" runs ${found}`);
  return fail('verify-command', `verify.command "${command}" starts with ${program}, which was not found`, `install ${program}, or change verify.command`);
}
