export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One doctor finding. `fix` says what to do; checks that pass have none. */
export interface DoctorCheck {
  /** Stable id for scripts: "config", "token-accepted", "agent:claude-code", ... */
  name: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

/** `overnight doctor --json`: ok is false when any check failed; warnings do not fail it. */
export interface DoctorReport {
  ok: boolean;
  checks: DoctorCheck[];
}

export const ok = (name: string, detail: string): DoctorCheck => ({ name, status: 'ok', detail });
export const warn = (name: string, detail: string, fix?: string): DoctorCheck => ({ name, status: 'warn', detail, ...(fix ? { fix } : {}) });
export const fail = (name: string, detail: string, fix: string): DoctorCheck => ({ name, status: 'fail', detail, fix });
