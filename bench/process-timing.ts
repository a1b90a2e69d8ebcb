import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run$ = promisify(execFile);

// Reports the process's own CPU time on exit: unlike wall time, it hardly moves when other work
// shares the machine's cores.
const CPU_PROBE = 'data:text/javascript,process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write(`\\ncpu-us:${u.user+u.system}\\n`)})';

/** Spawn to exit, and the CPU time it took, for `command` run `runs` times after one warm-up. */
export async function coldStarts(runs: number, [node, ...args]: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ wall: number[]; cpu: number[] }> {
  const once = async () => {
    const began = performance.now();
    const { stderr } = await run$(node!, ['--import', CPU_PROBE, ...args], { env });
    const wall = performance.now() - began;
    const cpu = Number(/cpu-us:(\d+)/.exec(stderr)?.[1] ?? Number.NaN) / 1000;
    return { wall, cpu };
  };
  await once(); // the file system cache warm, as on a runner that just installed the CLI
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const measured = await once();
    wall.push(measured.wall);
    cpu.push(measured.cpu);
  }
  return { wall, cpu };
}

export function describeRuns({ wall, cpu }: { wall: number[]; cpu: number[] }): string {
  return `wall median ${percentile(wall, 50).toFixed(0)} ms, p95 ${percentile(wall, 95).toFixed(0)} ms; CPU median ${percentile(cpu, 50).toFixed(0)} ms`;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
