// The `overnight` executable: bin/overnight.js loads this from lib/, and the demo and the
// end-to-end test start it from wherever this very build was compiled to.
import { main } from './main.js';

// `overnight schedule | head`: a reader that went away is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
