export { findExecutable, isExecutableFile, USER_BIN_DIRS, USER_BIN_SEARCH, type FindExecutableOptions } from './find-executable.js';
export { freePort } from './free-port.js';
export { onStopSignals, STOP_SIGNALS, type StopSignal } from './on-stop-signals.js';
export { waitUntil, type Found, type WaitUntilOptions } from './wait-until.js';
export { shellQuote } from './shell-quote.js';
export { runTool, type RunTool, type RunToolOptions, type ToolResult } from './run-tool.js';
