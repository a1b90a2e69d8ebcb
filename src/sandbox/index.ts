export { createSandbox, type Sandbox, type SandboxInfo } from './sandbox.js';
export { type SandboxSnapshot } from './state/snapshot.js';
export { type MachineFacts } from './standins/machine-facts.js';
export { readSandboxFile, removeSandboxFile, writeSandboxFile, type RunningSandbox, type SandboxLookup } from './sandbox-file.js';
export { SandboxClient } from './client.js';
export { type RequestRecord } from './http/request-log.js';
export { type Delivery } from './http/webhook-deliverer.js';
