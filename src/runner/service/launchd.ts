export const LAUNCHD_LABEL = 'dev.overnight.runner';

/** How long the service manager waits after SIGTERM before SIGKILL: above the daemon's own stop timeout (60 s). */
export const SERVICE_STOP_TIMEOUT_SEC = 90;

export interface ServiceSpec {
  /** argv of the daemon: node, this package's bin, `run --config <file>`. */
  programArguments: string[];
  /** Where stdout/stderr of the process go (the JSON log is written by the daemon itself). */
  stdoutPath: string;
  stderrPath: string;
  /** The daemon's environment, PATH first: launchd and systemd start it with a minimal one. */
  environment: Record<string, string>;
  workingDirectory: string;
}

/**
 * A launchd user agent (launchd.plist(5)): started at login (RunAtLoad) and restarted after a
 * crash. KeepAlive is `SuccessfulExit: false` rather than `true` so that a clean stop (SIGTERM,
 * exit 0) stays stopped while a crash is restarted; ThrottleInterval spaces restarts out.
 * ExitTimeOut (launchd's default is 20 s) leaves the daemon time to stop a running agent
 * (TERM, then KILL after its grace) before launchd KILLs everything.
 */
export function renderLaunchdPlist(spec: ServiceSpec, label = LAUNCHD_LABEL, stopTimeoutSec = SERVICE_STOP_TIMEOUT_SEC): string {
  const args = spec.programArguments.map((arg) => `    <string>${escapeXml(arg)}</string>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>${escapeXml(label)}</string>
  <key>ProgramArguments</key>
  <array>
${args}
  </array>
  <key>RunAtLoad</key>
  <true/>
  <key>KeepAlive</key>
  <dict>
    <key>SuccessfulExit</key>
    <false/>
  </dict>
  <key>ThrottleInterval</key>
  <integer>30</integer>
  <key>ExitTimeOut</key>
  <integer>${stopTimeoutSec}</integer>
  <key>WorkingDirectory</key>
  <string>${escapeXml(spec.workingDirectory)}</string>
  <key>EnvironmentVariables</key>
  <dict>
${Object.entries(spec.environment).map(([name, value]) => `    <key>${escapeXml(name)}</key>\n    <string>${escapeXml(value)}</string>`).join('\n')}
  </dict>
  <key>StandardOutPath</key>
  <string>${escapeXml(spec.stdoutPath)}</string>
  <key>StandardErrorPath</key>
  <string>${escapeXml(spec.stderrPath)}</string>
</dict>
</plist>
`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
