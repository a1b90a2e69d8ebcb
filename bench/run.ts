/**
 * `npm run bench [-- name...]`: runs each benchmark in turn and prints its figures.
 * Benchmarks measure; they never fail on a number. The figures go into the issues' closing notes.
 */
const BENCHES = ['constraints', 'daemon', 'cycle', 'bot', 'action', 'night'] as const;

async function main(names: string[]): Promise<void> {
  const selected = names.length > 0 ? names : [...BENCHES];
  for (const name of selected) {
    if (!(BENCHES as readonly string[]).includes(name)) {
      throw new Error(`unknown benchmark "${name}"; expected one of ${BENCHES.join(', ')}`);
    }
    console.log(`\n## ${name}`);
    const bench = (await import(`./${name}.js`)) as { run: () => Promise<void> };
    await bench.run();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
