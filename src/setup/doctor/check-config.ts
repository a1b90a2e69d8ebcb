import type { ConfigResult, RunnerConfig } from '../../config/index.js';
import { fail, ok, type DoctorCheck } from './types.js';

const SHOWN = 3;

/** The config check takes the loader's result, so doctor reports exactly what every command would. */
export function checkConfig(loaded: ConfigResult<RunnerConfig>, file: string): DoctorCheck {
  if (loaded.ok) return ok('config', `${file} is valid`);
  const problems = loaded.problems.map((problem) =>
    problem.line !== undefined ? `line ${problem.line}: ${problem.message}` : problem.path ? `${problem.path}: ${problem.message}` : problem.message,
  );
  const more = problems.length > SHOWN ? ` (and ${problems.length - SHOWN} more)` : '';
  return fail('config', `${file}: ${problems.slice(0, SHOWN).join('; ')}${more}`, `fix the config, then \`overnight validate ${file}\` lists every problem`);
}
