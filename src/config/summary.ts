import { formatDuration, parseDuration } from './duration.js';
import { BUILTIN_AGENTS, nominalWindowMs, type ConstraintsConfig, type RunnerConfig, type ScheduleConfig } from './runner-config.js';

/**
 * One line saying what a valid config will do, for `overnight validate`:
 * "01:00-05:00 Europe/Berlin, every 30m = 8 ticks a night, jitter up to 5m; constraints: pluggedIn,
 * wifiOnly; agents: claude-code (default), codex". Tick counts are nominal (no DST).
 */
export function summarizeConfig(config: RunnerConfig): string {
  return [
    `${config.schedule.window.start}-${config.schedule.window.end} ${config.schedule.timezone}, ${cadence(config.schedule)}`,
    `constraints: ${constraintList(config.constraints)}`,
    `agents: ${agentList(config)}`,
    // Said only when it is the unusual, unsafe choice.
    ...(config.sandbox.mode === 'off' ? ['sandbox: off (agents run uncontained)'] : []),
  ].join('; ');
}

function cadence(schedule: ScheduleConfig): string {
  const parts: string[] = [];
  if (schedule.expression !== undefined) {
    parts.push(`cron ${schedule.expression}`);
  } else if (schedule.every !== undefined) {
    const everyMs = parseDuration(schedule.every) ?? Number.POSITIVE_INFINITY;
    const ticks = Math.ceil(nominalWindowMs(schedule.window.start, schedule.window.end) / everyMs);
    parts.push(`every ${schedule.every} = ${ticks} ${ticks === 1 ? 'tick' : 'ticks'} a night`);
  }
  if (schedule.jitterMs > 0) parts.push(`jitter up to ${formatDuration(schedule.jitterMs)}`);
  if (schedule.days) parts.push(`nights opening ${schedule.days.join(', ')}`);
  return parts.join(', ');
}

function constraintList(constraints: ConstraintsConfig): string {
  const on: string[] = [];
  if (constraints.pluggedIn) on.push('pluggedIn');
  if (constraints.wifiOnly) on.push('wifiOnly');
  if (constraints.minBatteryPercent !== undefined) on.push(`battery >= ${constraints.minBatteryPercent}%`);
  if (constraints.maxCpuPercent !== undefined) on.push(`cpu <= ${constraints.maxCpuPercent}%`);
  if (constraints.userIdleMinutes !== undefined) on.push(`idle >= ${constraints.userIdleMinutes} min`);
  if (constraints.minFreeDiskGb !== undefined) on.push(`free disk >= ${constraints.minFreeDiskGb} GB`);
  if (constraints.denySsids.length > 0) on.push(`${constraints.denySsids.length} denied SSIDs`);
  return on.length > 0 ? on.join(', ') : 'none';
}

/** The default first, then every other agent a rule or a definition names. */
function agentList({ agents }: RunnerConfig): string {
  const others = [...agents.prefer.map((rule) => rule.agent), ...Object.keys(agents.defs)];
  const unique = [...new Set(others)].filter((name) => name !== agents.default);
  const label = (name: string) => {
    const kind = agents.defs[name]?.kind;
    return kind && kind !== name && !(BUILTIN_AGENTS as readonly string[]).includes(name) ? `${name} (${kind})` : name;
  };
  return [`${label(agents.default)} (default)`, ...unique.map(label)].join(', ');
}
