// The runner's front door: the CLI and the demo import the runner from here and nowhere else.
export { openRunner, type Runner, type OpenRunnerOptions } from './open-runner.js';
export { runOnce, dryRunOnce, FAILED_OUTCOMES, type OnceOutcome, type RunOnceOptions } from './run-once.js';
export { formatDryRun, type DryRun } from './cycle/dry-run.js';
export { runDaemon, type RunDaemonOptions } from './daemon/run-daemon.js';
export { buildStatusReport, formatStatusReport, type StatusReport } from './daemon/status-report.js';
export { statusFilePath } from './daemon/status-file.js';
export { lockFilePath } from './daemon/lock.js';
export { buildNightReport, formatNightReport, type NightReport } from './report/night-report.js';
export { planService, installService, uninstallService, type ServicePlan } from './service/plan-service.js';
export { pmsetWakeCommand } from './service/pmset-wake.js';
export { resolveAgent, AgentResolveError } from './agents/index.js';
export { stateDbPath } from './data-layout.js';
export { openStateStore, type Store, type CycleRow, type SessionRow } from './store/index.js';
