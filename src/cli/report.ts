import type { Command } from 'commander';
import { dataDirFor } from '../config/index.js';
import { buildNightReport, describeMovedAside, formatNightReport, listMovedAside, openStateStore, stateDbPath } from '../runner/index.js';
import { loadRunnerConfigOrExit } from './load-runner-config.js';

/** `overnight report [--night YYYY-MM-DD] [--json]`: the morning review of one night (the latest by default). */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description("the morning review: a night's cycles, sessions, PRs and agent minutes")
    .option('--config <file>', 'runner config (default: the platform config path)')
    .option('--night <date>', 'the night, by the date its window opened (default: the latest)')
    .option('--json', 'print JSON (docs/cli.md)')
    .action(async (flags: { config?: string; night?: string; json?: boolean }) => {
      const config = await loadRunnerConfigOrExit(flags.config);
      if (!config) return;
      if (flags.night !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(flags.night)) {
        process.stderr.write(`--night: expected a date YYYY-MM-DD, got "${flags.night}"\n`);
        process.exitCode = 2;
        return;
      }
      const dbPath = stateDbPath(dataDirFor(config));
      // On stderr, so `--json` output stays one JSON document.
      for (const moved of listMovedAside(dbPath)) process.stderr.write(`note: ${describeMovedAside(moved)}\n`);
      const store = openStateStore(dbPath, true);
      try {
        const night = flags.night ?? store.nights()[0];
        if (night === undefined) {
          process.stdout.write(flags.json ? 'null\n' : 'no cycles recorded yet\n');
          return;
        }
        const sessions = store.sessionsOfNight(night);
        const context = { timezone: config.schedule.timezone, apiUrl: config.github.apiUrl, repo: config.repo.github };
        const ids = sessions.map((session) => session.id);
        const report = buildNightReport(night, store.cyclesOfNight(night), sessions, context, store.claims.ofSessions(ids), { rounds: store.rounds.of(ids), budget: config.budget });
        process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatNightReport(report));
      } finally {
        store.close();
      }
    });
}
