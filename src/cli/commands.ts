import type { Command } from 'commander';
import { registerValidate } from './validate.js';
import { registerSchema } from './schema.js';
import { registerCheck } from './check.js';
import { registerSchedule } from './schedule.js';

/** Every subcommand, in the order `overnight --help` lists them. One line per command file. */
export function registerCommands(program: Command): void {
  registerValidate(program);
  registerSchema(program);
  registerCheck(program);
  registerSchedule(program);
}
