import { Command, CommanderError } from 'commander';
import { registerAction } from './action.js';

/**
 * `overnight action` alone. A workflow starts a new process for every event, so this command's
 * start-up is paid on each one: it is built without the other commands, whose modules (the runner,
 * its process and store libraries, the constraint checkers) it never uses.
 */
export async function actionMain(argv: string[]): Promise<number> {
  process.exitCode = 0;
  const program = new Command('overnight').exitOverride();
  registerAction(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
}
