import type { ChecksReport } from '../../constraints/index.js';
import { fail, ok, warn, type DoctorCheck } from './types.js';

/** What the sandbox detector reports: the containment tool agents will run in, or why there is none. */
export interface SandboxFacts {
  ok: boolean;
  /** "sandbox-exec", "bwrap", ... */
  tool: string;
  reason?: string;
  fix?: string;
}

/** What the service installer knows about the login agent (launchd agent or systemd user unit). */
export interface LoginAgentFacts {
  manager: 'launchd' | 'systemd';
  /** Its plist or unit file. */
  file: string;
  installed: boolean;
  running: boolean;
  /** Whether the service, in its own session, can read the token; undefined when not checked. */
  tokenReadable?: boolean;
  /** Why it cannot, when it cannot. */
  tokenProblem?: string;
}

export function checkSandbox(facts: SandboxFacts): DoctorCheck {
  if (facts.ok) return ok('sandbox', `agents and the verify command run inside ${facts.tool}`);
  return fail('sandbox', `${facts.tool} cannot contain the agent: ${facts.reason ?? 'unavailable'}`, facts.fix ?? `install ${facts.tool}`);
}

/** Constraints failing now are normal in the daytime: a warning naming what a cycle would skip on. */
export function checkConstraintsNow(report: ChecksReport): DoctorCheck {
  const failing = report.checks.filter((check) => check.required && !check.ok);
  if (failing.length === 0) {
    const required = report.checks.filter((check) => check.required).map((check) => check.name);
    return ok('constraints', required.length > 0 ? `${required.join(', ')} pass now` : 'no constraint is required');
  }
  return warn(
    'constraints',
    `a cycle now would be skipped: ${failing.map((check) => check.reason).join('; ')}`,
    'nothing to do if this is only true now; `overnight check --config FILE` shows every fact',
  );
}

export function checkLoginAgent(facts: LoginAgentFacts): DoctorCheck {
  const what = facts.manager === 'launchd' ? 'launchd agent' : 'systemd user unit';
  if (!facts.installed) {
    return warn('login-agent', `no ${what} is installed (${facts.file}): nothing starts the runner at night`, 'run `overnight install`');
  }
  if (!facts.running) {
    return fail('login-agent', `the ${what} is installed but not running`, 'run `overnight status` and read its log, then `overnight install` again');
  }
  if (facts.tokenReadable === false) {
    return fail('login-agent', `the ${what} runs but cannot read the GitHub token: ${facts.tokenProblem ?? 'unknown reason'}`, 'run `overnight auth login` again from your desktop session');
  }
  return ok('login-agent', `the ${what} is running${facts.tokenReadable ? ' and can read the token' : ''}`);
}
