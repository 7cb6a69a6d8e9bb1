// yimen as a library: the canonical schema, the adapter contract and the typed errors, for
// third-party adapters and tools around a workspace. The CLI is bin/run.js.
export * from './schema/index.js';
export * from './errors.js';
export { defineAdapter } from './sdk/index.js';
export type { SourceAdapter, AdapterContext, AdapterMessage, StreamSpec, CheckResult, EntryPointRecord } from './sdk/index.js';
export { loadWorkspace, type Workspace } from './workspace/loader.js';
export { openSqliteStore } from './store/sqlite.js';
export type { Store } from './store/store.js';
