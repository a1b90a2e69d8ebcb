import type { Command } from 'commander';

/** Every subcommand, in the order `overnight --help` lists them. One line per command file. */
export function registerCommands(program: Command): void {
  void program;
}
