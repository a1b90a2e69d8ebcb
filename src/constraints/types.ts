/** What every probe may touch. Production passes nothing; tests pass fakes or stand-in commands. */
export interface ConstraintDeps {
  /** Runs a command found on PATH; never rejects (see `ExecResult`). */
  exec: ProbeExec;
  readFile: (path: string) => Promise<string>;
  readdir: (path: string) => Promise<string[]>;
  statfs: (path: string) => Promise<{ bavail: number; bsize: number }>;
  /** Per-CPU cumulative times in ms, as `os.cpus()` reports them. */
  cpuTimes: () => CpuTimes[];
  sleep: (ms: number) => Promise<void>;
  /** A monotonic clock in ms, for the `ms` each check took. */
  now: () => number;
  /** Which platform's probes run: `darwin` or `linux`. */
  platform: string;
  env: NodeJS.ProcessEnv;
}

export interface CpuTimes {
  user: number;
  nice: number;
  sys: number;
  idle: number;
  irq: number;
}

export interface ExecOptions {
  /** The child is killed after this long and the result is a timeout. */
  timeoutMs: number;
}

/**
 * A finished command. `failure` is set when no usable exit happened: the command is not on PATH,
 * it ran past its timeout, or it could not be started.
 */
export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
  failure?: 'missing' | 'timeout' | 'error';
}

export type ProbeExec = (file: string, args: readonly string[], options: ExecOptions) => Promise<ExecResult>;

/** A fact that could not be read carries why, so every verdict can say what went wrong. */
export type Reading<T> = { known: true; value: T } | { known: false; why: string };

/**
 * Unknown as a whole, with what was read on the way (the route's interface when only the Wi-Fi
 * summary failed), so the report still shows it.
 */
export type PartlyRead<T> = { known: false; why: string; partial: Partial<T> };

export type PowerSource = 'ac' | 'battery' | 'ups' | 'unknown';

export interface PowerFacts {
  source: PowerSource;
  percent: number | null;
  charging: boolean | null;
  /** The raw state words (e.g. "discharging", "AC attached; not charging"), for reasons. */
  state?: string;
}

export type NetworkKind = 'wifi' | 'ethernet' | 'cellular' | 'hotspot' | 'other' | 'none' | 'unknown';

export interface NetworkFacts {
  interface: string | null;
  kind: NetworkKind;
  metered: boolean | null;
  ssid: string | null;
  /** Why the kind or metered value was chosen ("router 172.20.10.1 is an iPhone Personal Hotspot"). */
  evidence?: string;
}

export interface CheckResult {
  name: CheckName;
  required: boolean;
  ok: boolean;
  reason: string;
  ms: number;
  seen: string;
}

export const CHECK_NAMES = [
  'pluggedIn',
  'wifiOnly',
  'minBatteryPercent',
  'maxCpuPercent',
  'userIdleMinutes',
  'minFreeDiskGb',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export interface ChecksReport {
  ok: boolean;
  checks: CheckResult[];
  facts: {
    power: { source: PowerSource; percent: number | null; charging: boolean | null };
    network: { interface: string | null; kind: NetworkKind; metered: boolean | null; ssid: string | null };
  };
}
