import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bypassedFrontDoors, cycles, forbiddenTrees, readEdges, wrongArrows, type Edge } from './import-graph.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('the import graph of src/', () => {
  const edges = readEdges(ROOT, ['src', 'bench', 'test']);
  const inSrc = edges.filter(({ from }) => from.startsWith('src/'));

  it('has no cycle, type-only imports included', () => {
    expect(cycles(inSrc)).toEqual([]);
  });

  it('runs one way: cli -> demo -> runner | bot | sandbox -> constraints | keepalive -> schedule | protocol -> config -> platform', () => {
    expect(wrongArrows(inSrc)).toEqual([]);
  });

  it("enters another folder only through its index.ts", () => {
    expect(bypassedFrontDoors(inSrc)).toEqual([]);
  });

  it('keeps src and bench off test helpers, and tests off bench', () => {
    expect(forbiddenTrees(edges, { src: ['test', 'bench'], bench: ['test'], test: ['bench'] })).toEqual([]);
  });

  it('reads imports from the real tree (a check that found no edges would pass anything)', () => {
    expect(inSrc.length).toBeGreaterThan(500);
    expect(inSrc).toContainEqual({ from: 'src/cli/once/once.ts', to: 'src/runner/index.ts' });
  });
});

describe('the checks themselves', () => {
  const edge = (from: string, to: string): Edge => ({ from, to });

  it('find a cycle through type-only imports and a file importing itself', () => {
    const found = cycles([edge('src/bot/a.ts', 'src/bot/b.ts'), edge('src/bot/b.ts', 'src/bot/a.ts'), edge('src/x/c.ts', 'src/x/c.ts'), edge('src/bot/a.ts', 'src/bot/d.ts')]);
    expect(found).toEqual([['src/bot/a.ts', 'src/bot/b.ts'], ['src/x/c.ts']]);
  });

  it('flag an arrow upwards, one sideways, and a folder no layer names', () => {
    expect(wrongArrows([edge('src/config/a.ts', 'src/cli/index.ts'), edge('src/runner/a.ts', 'src/bot/index.ts'), edge('src/cli/a.ts', 'src/runner/index.ts')])).toEqual([
      'src/config/a.ts imports src/cli/index.ts: src/config may not import src/cli',
      'src/runner/a.ts imports src/bot/index.ts: src/runner may not import src/bot',
    ]);
    expect(wrongArrows([edge('src/newthing/a.ts', 'src/config/index.ts')])).toEqual(['src/newthing is in no layer of the import graph test']);
  });

  it('flag a reach past a front door but not an import within a folder', () => {
    expect(bypassedFrontDoors([edge('src/cli/a.ts', 'src/runner/cycle/cycle.ts'), edge('src/runner/a.ts', 'src/runner/cycle/cycle.ts')])).toEqual([
      'src/cli/a.ts imports src/runner/cycle/cycle.ts: go through src/runner/index.ts',
    ]);
  });
});
