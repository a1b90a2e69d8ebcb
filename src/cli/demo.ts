import type { Command } from 'commander';
import { onStopSignals } from '../platform/index.js';

interface DemoFlags {
  agent?: string;
  fast?: boolean;
  dir?: string;
}

/**
 * `overnight demo` (`npm run demo`): the whole product on this machine in about three minutes.
 * Exit 0 when the night went as the demo expects, 1 with the reason when it did not, 130 on Ctrl-C.
 * `--fast` (or OVERNIGHT_DEMO_FAST=1) ticks every few seconds instead of every 20 s.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('run a compressed night end to end: sample repo, stand-in GitHub, bot, runner, agent; ends with the morning report')
    .option('--agent <name>', 'use this installed agent CLI (claude-code, codex, aider) instead of the built-in demo agent')
    .option('--fast', 'tick every few seconds (for tests)')
    .option('--dir <path>', 'work in this directory instead of a new temp dir')
    .action(async (flags: DemoFlags) => {
      // Loaded on use: the demo brings the bot, the stand-in and probot, which other commands never need.
      const { runDemo, DemoError, FAST_PACE } = await import('../demo/index.js');
      const controller = new AbortController();
      const offSignals = onStopSignals(() => controller.abort());
      try {
        const fast = flags.fast ?? process.env.OVERNIGHT_DEMO_FAST === '1';
        await runDemo({
          signal: controller.signal,
          ...(flags.agent ? { agent: flags.agent } : {}),
          ...(fast ? { pace: FAST_PACE } : {}),
          ...(flags.dir ? { dir: flags.dir } : {}),
        });
        process.stdout.write('demo finished: every goal has its pull request\n');
      } catch (error) {
        const reason = error instanceof DemoError || error instanceof Error ? error.message : String(error);
        process.stderr.write(`overnight demo failed: ${reason}\n`);
        process.exitCode = controller.signal.aborted ? 130 : 1;
      } finally {
        offSignals();
      }
    });
}
