// `npm pack` and `npm publish` run prepack, then prepare (`npm run build`): removing lib/ first
// means the tarball holds exactly what src/ compiles to now, never a file of a deleted source.
import { rmSync } from 'node:fs';

rmSync(new URL('../lib/', import.meta.url), { recursive: true, force: true });
