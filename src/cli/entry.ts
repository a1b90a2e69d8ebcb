// The `overnight` executable: bin/overnight.js loads this from lib/, and the demo and the
// end-to-end test start it from wherever this very build was compiled to.

// `overnight schedule | head`: a reader that went away is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// `overnight action` runs once per GitHub Actions event: it skips loading every other command.
const run = process.argv[2] === 'action' ? (await import('./action-main.js')).actionMain : (await import('./main.js')).main;

run(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
