import type { ConstraintsConfig } from '../config/index.js';
import { checkBattery } from './battery.js';
import { checkCpu, sampleCpuPercent } from './cpu.js';
import { defaultDeps } from './default-deps.js';
import { checkDisk, probeFreeBytes } from './disk.js';
import { checkIdle, probeIdleMs } from './idle.js';
import { checkWifiOnly } from './network.js';
import { checkPluggedIn } from './power.js';
import { probeNetwork } from './probe-network.js';
import { probePower } from './probe-power.js';
import { PROBE_TIMEOUT_MS } from './run-probe.js';
import type { CheckName, CheckResult, ChecksReport, ConstraintDeps, NetworkFacts, PartlyRead, PowerFacts, Reading } from './types.js';
import { unknownVerdict, type Verdict } from './verdict.js';
import { withTimeout } from './with-timeout.js';

export interface RunChecksOptions {
  /** Whose filesystem `minFreeDiskGb` measures. Default: the current directory. */
  repoPath?: string;
  /** A check still running after this long is unknown. Default 2000 ms. */
  checkTimeoutMs?: number;
  /** Each probe command is killed after this long. Default 1000 ms. */
  probeTimeoutMs?: number;
  /** How long the CPU is watched. Default 50 ms (the issue allows at most 200). */
  cpuSampleMs?: number;
}

export const CHECK_TIMEOUT_MS = 2_000;
export const CPU_SAMPLE_MS = 50;

/**
 * May a cycle start now? Every check runs, in parallel, each under its own timeout; with no config
 * none is required and they run for their facts. A fact that cannot be read (missing command,
 * non-zero exit, unparseable output, timeout) fails its check unless `constraints.unknown` is
 * "pass". Never throws, and never hangs past `checkTimeoutMs`. The platform probed is
 * `deps.platform`, else `OVERNIGHT_PLATFORM`, else this machine's.
 */
export async function runChecks(
  constraints: ConstraintsConfig | undefined,
  deps: Partial<ConstraintDeps> = {},
  options: RunChecksOptions = {},
): Promise<ChecksReport> {
  const full = defaultDeps(deps);
  const checkTimeoutMs = options.checkTimeoutMs ?? CHECK_TIMEOUT_MS;
  const probeTimeoutMs = Math.min(options.probeTimeoutMs ?? PROBE_TIMEOUT_MS, checkTimeoutMs);
  const repoPath = options.repoPath ?? process.cwd();
  const policy = constraints?.unknown ?? 'fail';
  const denySsids = constraints?.denySsids ?? [];

  const facts: { power?: Partial<PowerFacts>; network?: Partial<NetworkFacts> } = {};
  const power = once(() => remember(probePower(full, probeTimeoutMs), (value) => (facts.power = value)));
  const network = once(() => remember(probeNetwork(full, denySsids, probeTimeoutMs), (value) => (facts.network = value)));

  const plan: [CheckName, boolean, () => Promise<Verdict>][] = [
    ['pluggedIn', constraints?.pluggedIn ?? false, async () => checkPluggedIn(await power(), policy)],
    ['wifiOnly', (constraints?.wifiOnly ?? false) || denySsids.length > 0, async () => checkWifiOnly(await network(), policy)],
    ['minBatteryPercent', constraints?.minBatteryPercent !== undefined, async () =>
      checkBattery(await power(), constraints?.minBatteryPercent, policy)],
    ['maxCpuPercent', constraints?.maxCpuPercent !== undefined, async () =>
      checkCpu(await sampleCpuPercent(full, options.cpuSampleMs ?? CPU_SAMPLE_MS), constraints?.maxCpuPercent, policy)],
    ['userIdleMinutes', constraints?.userIdleMinutes !== undefined, async () =>
      checkIdle(await probeIdleMs(full, probeTimeoutMs), constraints?.userIdleMinutes, policy)],
    ['minFreeDiskGb', constraints?.minFreeDiskGb !== undefined, async () =>
      checkDisk(await probeFreeBytes(full, repoPath), repoPath, constraints?.minFreeDiskGb, policy)],
  ];

  const checks = await Promise.all(
    plan.map(async ([name, required, run]): Promise<CheckResult> => {
      const started = full.now();
      const verdict = await withTimeoutVerdict(FACT_OF[name], run, checkTimeoutMs, policy);
      return { name, required, ok: verdict.ok, reason: verdict.reason, ms: Math.round(full.now() - started), seen: verdict.seen };
    }),
  );

  return {
    ok: checks.every((check) => !check.required || check.ok),
    checks,
    // What was read, even on the way to an unknown verdict: the interface of a route whose
    // Wi-Fi summary failed is still the interface.
    facts: {
      power: { source: facts.power?.source ?? 'unknown', percent: facts.power?.percent ?? null, charging: facts.power?.charging ?? null },
      network: {
        interface: facts.network?.interface ?? null,
        kind: facts.network?.kind ?? 'unknown',
        metered: facts.network?.metered ?? null,
        ssid: facts.network?.ssid ?? null,
      },
    },
  };
}

const FACT_OF: Record<CheckName, string> = {
  pluggedIn: 'power source',
  wifiOnly: 'network',
  minBatteryPercent: 'battery charge',
  maxCpuPercent: 'CPU load',
  userIdleMinutes: 'user idle time',
  minFreeDiskGb: 'free disk space',
};

function withTimeoutVerdict(what: string, run: () => Promise<Verdict>, ms: number, policy: 'fail' | 'pass'): Promise<Verdict> {
  return withTimeout(
    run,
    ms,
    () => unknownVerdict(what, `no answer within ${ms} ms`, policy),
    (error) => unknownVerdict(what, `probe failed: ${error instanceof Error ? error.message : String(error)}`, policy),
  );
}

/** Runs a probe at most once, however many checks ask for its fact. */
function once<T>(probe: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= probe());
}

async function remember<T>(reading: Promise<Reading<T> | PartlyRead<T>>, keep: (value: Partial<T>) => void): Promise<Reading<T>> {
  const result = await reading;
  if (result.known) keep(result.value);
  else if ('partial' in result) keep(result.partial);
  return result;
}
