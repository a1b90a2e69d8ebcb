import { join } from 'node:path';
import { platformPaths } from '../config/index.js';

/** Where a running sandbox says where it is, so `overnight sandbox issue` finds it without flags. */
export function currentSandboxFile(): string {
  return join(platformPaths().dataDir, 'sandbox.json');
}
