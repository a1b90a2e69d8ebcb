import type { Command } from 'commander';
import { registerAuth } from './auth.js';
import { registerBot } from './bot.js';
import { registerAction } from './action.js';
import { registerDoctor } from './doctor.js';
import { registerInit } from './init.js';
import { registerInstall, registerUninstall } from './install.js';
import { registerRun } from './run.js';
import { registerStatus } from './status.js';
import { registerValidate } from './validate.js';
import { registerSchema } from './schema.js';
import { registerCheck } from './check.js';
import { registerSchedule } from './schedule.js';
import { registerOnce } from './once/once.js';
import { registerReport } from './report.js';
import { registerSandbox } from './sandbox.js';
import { registerDemo } from './demo.js';

/** Every subcommand, in the order `overnight --help` lists them. One line per command file. */
export function registerCommands(program: Command): void {
  registerInit(program);
  registerAuth(program);
  registerDoctor(program);
  registerValidate(program);
  registerSchema(program);
  registerCheck(program);
  registerSchedule(program);
  registerRun(program);
  registerOnce(program);
  registerReport(program);
  registerStatus(program);
  registerInstall(program);
  registerUninstall(program);
  registerBot(program);
  registerAction(program);
  registerSandbox(program);
  registerDemo(program);
  void program;
}
