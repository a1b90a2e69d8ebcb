import type { ScheduleConfig } from '../config/index.js';

/**
 * What the schedule math reads from the runner config. `ScheduleConfig` (the parsed config)
 * satisfies it; `missed` is left out because it is the daemon's policy, not window math.
 */
export type ScheduleSpec = Pick<ScheduleConfig, 'timezone' | 'window' | 'every' | 'expression' | 'jitterMs' | 'days'>;
