import { Command, CommanderError } from 'commander';
import { registerCommands } from './commands.js';
import { packageVersion } from './package-version.js';

/** Builds the `overnight` program. Each command lives in its own file and only parses, calls and prints. */
export function buildProgram(): Command {
  const program = new Command('overnight')
    .description('Coding agents that work while you sleep, on your own plugged-in machine.')
    .version(packageVersion())
    .exitOverride();
  registerCommands(program);
  return program;
}

/** Runs the CLI and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  process.exitCode = 0;
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version arrive here with exitCode 0; usage errors were already printed.
      return error.exitCode === 0 ? 0 : 2;
    }
    throw error;
  }
}
