// The `overnight` CLI of this very build, wherever it was compiled to: the demo starts the runner
// (`run`) and the morning report (`report`) through it, as a user would from a terminal.
import { main } from '../cli/main.js';

process.exitCode = await main(process.argv);
