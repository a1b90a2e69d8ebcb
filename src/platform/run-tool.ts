export interface RunToolOptions {
  /** Written to the tool's stdin, then closed: how a secret reaches a tool without entering its argv. */
  input?: string;
  cwd?: string;
  /** Replaces the environment when given (PATH included). */
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/**
 * A finished tool run; never rejects. `failure` is set when no usable exit happened: the binary is
 * missing, it outlived its timeout, or it could not be started.
 */
export interface ToolResult {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  failure?: 'missing' | 'timeout' | 'error';
}

export type RunTool = (file: string, args: readonly string[], options: RunToolOptions) => Promise<ToolResult>;

export const runTool: RunTool = async (file, args, { input, cwd, env, timeoutMs }) => {
  // Loaded on first use: execa is ~130 modules, and the bot's `overnight action` (a process per
  // GitHub event) reaches this file through the platform index without ever running a tool.
  const { execa } = await import('execa');
  const result = await execa(file, [...args], {
    reject: false,
    timeout: timeoutMs,
    forceKillAfterDelay: 1_000,
    // An empty stdin instead of the terminal: a tool that would prompt gets EOF, never a hang.
    input: input ?? '',
    ...(cwd === undefined ? {} : { cwd }),
    ...(env === undefined ? {} : { env, extendEnv: false }),
    stripFinalNewline: false,
  });
  const out = { exitCode: result.exitCode, stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? '') };
  if (result.timedOut) return { ...out, exitCode: undefined, failure: 'timeout' };
  if ((result as { code?: string }).code === 'ENOENT') return { ...out, exitCode: undefined, failure: 'missing' };
  if (result.exitCode === undefined) return { ...out, failure: 'error', stderr: out.stderr || (result.message ?? '') };
  return out;
};
