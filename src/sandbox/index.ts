export { createSandbox, type Sandbox, type SandboxInfo } from './sandbox.js';
export { type SandboxSnapshot } from './state/snapshot.js';
export { type MachineFacts } from './standins/machine-facts.js';
