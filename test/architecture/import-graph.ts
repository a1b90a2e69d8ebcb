import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The allowed direction between the folders of `src/`: a folder may import only folders of a
 * lower rank, never a sibling of the same rank. The runner and the bot share nothing but
 * `protocol` and `config`; the GitHub stand-in shares nothing with either.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['cli'],
  ['demo', 'setup'],
  ['runner', 'bot', 'sandbox'],
  ['constraints', 'keepalive'],
  ['schedule', 'protocol'],
  ['config'],
  ['platform'],
];

export interface Edge {
  from: string;
  to: string;
}

// Static imports, `export ... from` and dynamic `import()`; type-only ones count too, since a
// type cycle is a design cycle all the same.
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'";]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Every relative import of every `.ts` file under `dirs` (paths relative to `root`, `.ts`). */
export function readEdges(root: string, dirs: readonly string[]): Edge[] {
  const edges: Edge[] = [];
  for (const dir of dirs) {
    for (const file of walk(join(root, dir))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(IMPORT)) {
        const spec = (match[1] ?? match[2]) as string;
        const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
        edges.push({ from: toKey(root, file), to: toKey(root, target) });
      }
    }
  }
  return edges;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : walk(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const toKey = (root: string, path: string) => relative(root, path).split(sep).join('/');

/** `src/<folder>/...` -> folder, else undefined. */
export function folderOf(path: string): string | undefined {
  const [first, second] = path.split('/');
  return first === 'src' && second !== undefined && path.split('/').length > 2 ? second : undefined;
}

/** Arrows that go up or sideways between the folders of `src/`, and folders no layer names. */
export function wrongArrows(edges: readonly Edge[], layers = LAYERS): string[] {
  const rank = new Map(layers.flatMap((names, index) => names.map((name) => [name, index] as const)));
  const problems = new Set<string>();
  for (const { from, to } of edges) {
    const a = folderOf(from);
    const b = folderOf(to);
    if (a === undefined || b === undefined || a === b) continue;
    const ra = rank.get(a);
    const rb = rank.get(b);
    if (ra === undefined || rb === undefined) problems.add(`src/${ra === undefined ? a : b} is in no layer of the import graph test`);
    else if (rb <= ra) problems.add(`${from} imports ${to}: src/${a} may not import src/${b}`);
  }
  return [...problems];
}

/** Imports from another folder of `src/` that bypass its front door, `index.ts`. */
export function bypassedFrontDoors(edges: readonly Edge[]): string[] {
  return edges
    .filter(({ from, to }) => {
      const a = folderOf(from);
      const b = folderOf(to);
      return a !== undefined && b !== undefined && a !== b && to !== `src/${b}/index.ts`;
    })
    .map(({ from, to }) => `${from} imports ${to}: go through src/${folderOf(to)}/index.ts`);
}

/** Imports across the top-level trees that must stay apart (`src`/`bench` never import `test`...). */
export function forbiddenTrees(edges: readonly Edge[], rules: Readonly<Record<string, readonly string[]>>): string[] {
  return edges
    .filter(({ from, to }) => (rules[from.split('/')[0] as string] ?? []).includes(to.split('/')[0] as string))
    .map(({ from, to }) => `${from} imports ${to}`);
}

/** Every import cycle among files, each as the files it passes through (Tarjan's SCCs). */
export function cycles(edges: readonly Edge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  let counter = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      const selfLoop = (next.get(node) ?? []).includes(node);
      if (component.length > 1 || selfLoop) found.push(component.sort());
    }
  };
  for (const node of next.keys()) if (!index.has(node)) visit(node);
  return found;
}
