export { openStore, Store, type StoreOptions } from './open-store.js';
export { openStateStore, type OpenStateStoreOptions } from './open-state-store.js';
export { StateCorruptError } from './state-corrupt-error.js';
export { listMovedAside, describeMovedAside, type MovedAside } from './move-aside.js';
export { migrate, MIGRATIONS } from './migrations.js';
export { ClaimsTable, type ClaimPatch } from './claims-table.js';
export { RoundsTable } from './rounds-table.js';
export * from './session-state.js';
export type * from './rows.js';
