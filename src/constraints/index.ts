export { runChecks, CHECK_TIMEOUT_MS, CPU_SAMPLE_MS, type RunChecksOptions } from './run-checks.js';
export { formatChecksReport, type ReportedCheck } from './format-checks-report.js';
export type { CheckResult, ChecksReport, ConstraintDeps } from './types.js';
