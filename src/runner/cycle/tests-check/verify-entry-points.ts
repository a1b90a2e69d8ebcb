export interface VerifyEntryPoints {
  /** package.json scripts the verify command runs, with npm's pre/post hooks. */
  npmScripts: string[];
  /** Makefile targets it runs. */
  makeTargets: string[];
}

const RUNNERS = new Set(['npm', 'pnpm', 'yarn', 'bun']);
/** Words after the package manager that run a script named by the next word. */
const RUN_WORDS = new Set(['run', 'run-script', 'rs']);
/** Package-manager commands that are not scripts (`yarn install`, `pnpm exec ...`). */
const NOT_SCRIPTS = new Set(['install', 'i', 'ci', 'add', 'exec', 'dlx', 'x', 'npx', 'audit', 'build']);

/**
 * What the verify command runs, read from its text: `npm test` and `make test` always count (the
 * conventional entry points); `npm run test:unit`, `pnpm check`, `yarn verify`, `make -C pkg ci`
 * add theirs. Commands chained with `&&`, `||` or `;` are each read.
 */
export function verifyEntryPoints(verifyCommand: string | undefined): VerifyEntryPoints {
  const scripts = new Set(['test']);
  const targets = new Set(['test']);
  for (const segment of (verifyCommand ?? '').split(/&&|\|\||;/)) {
    const words = segment.trim().split(/\s+/).filter((word) => !/^\w+=/.test(word));
    const [tool, ...rest] = words;
    if (tool && RUNNERS.has(tool)) {
      const script = scriptRun(tool, rest.filter((word) => !word.startsWith('-')));
      if (script) scripts.add(script);
    } else if (tool === 'make' || tool === 'gmake') {
      for (const target of operands(rest)) targets.add(target);
    }
  }
  return { npmScripts: [...scripts].flatMap((name) => [`pre${name}`, name, `post${name}`]), makeTargets: [...targets] };
}

function scriptRun(tool: string, [first, second]: string[]): string | undefined {
  if (first === undefined) return undefined;
  if (RUN_WORDS.has(first)) return second;
  if (first === 't' || first === 'test') return tool === 'bun' ? undefined : 'test';
  // `npm <word>` is an npm command, not a script; pnpm, yarn and bun run a script by its name.
  return tool === 'npm' || NOT_SCRIPTS.has(first) ? undefined : first;
}

/** make's operands: flags skipped, with the value of `-C dir`, `-f file`, `-j N`. */
function operands(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (/^-[CfIjlow]$/.test(arg)) i++;
    else if (!arg.startsWith('-') && !arg.includes('=')) out.push(arg);
  }
  return out;
}
