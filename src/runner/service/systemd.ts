import { SERVICE_STOP_TIMEOUT_SEC, type ServiceSpec } from './launchd.js';

export const SYSTEMD_UNIT = 'overnight-runner.service';

/**
 * A systemd user unit (systemd.service(5)). Restart=on-failure mirrors launchd's
 * `SuccessfulExit: false`. KillMode=mixed sends SIGTERM to the daemon alone, which stops its
 * agent (TERM, then KILL after grace) itself; systemd KILLs whatever remains after TimeoutStopSec.
 */
export function renderSystemdUnit(spec: ServiceSpec, stopTimeoutSec = SERVICE_STOP_TIMEOUT_SEC): string {
  return `[Unit]
Description=overnight runner: coding agents that work while you sleep
After=network-online.target

[Service]
Type=simple
ExecStart=${spec.programArguments.map(quoteArg).join(' ')}
WorkingDirectory=${spec.workingDirectory}
${Object.entries(spec.environment).map(([name, value]) => `Environment=${quoteArg(`${name}=${value}`)}\n`).join('')}Restart=on-failure
RestartSec=30
KillMode=mixed
TimeoutStopSec=${stopTimeoutSec}
StandardOutput=append:${spec.stdoutPath}
StandardError=append:${spec.stderrPath}

[Install]
WantedBy=default.target
`;
}

/** systemd's command-line quoting: double quotes, with backslash, quote, `$` and `%` escaped. */
function quoteArg(arg: string): string {
  if (/^[A-Za-z0-9_@+=:,./-]+$/.test(arg)) return arg;
  return `"${arg.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '$$$$').replace(/%/g, '%%')}"`;
}
