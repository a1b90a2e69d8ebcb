/**
 * One thing wrong with a config file. `path` is the dotted field path (`schedule.window.start`,
 * `agents.prefer.0.agent`), or "" for the file as a whole; JSON syntax errors carry a position.
 */
export interface ConfigProblem {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export type ConfigResult<T> = { ok: true; config: T; file: string } | { ok: false; problems: ConfigProblem[] };

/** Joins a zod-style path: ["agents", "prefer", 0, "agent"] -> "agents.prefer.0.agent". */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** The CLI's rendering: a header naming the file, then one problem a line. */
export function formatProblems(problems: readonly ConfigProblem[], file: string): string {
  const [only] = problems;
  if (problems.length === 1 && only && only.path === '' && only.line === undefined) return `${file}: ${only.message}`;
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const lines = problems.map((problem) => `  ${locate(problem)}${problem.message}`);
  return [`${file}: ${count}`, ...lines].join('\n');
}

function locate(problem: ConfigProblem): string {
  if (problem.line !== undefined) return `line ${problem.line}, column ${problem.column ?? 1}: `;
  return problem.path === '' ? '' : `${problem.path}: `;
}
