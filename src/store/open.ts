// Opening the workspace store for a short piece of work, for callers that have no loaded workspace
// (init before the workspace exists, unlock of a workspace whose config may be broken, the local
// catalog API reading the base catalog). The one place that picks the implementation.
import { existsSync } from 'node:fs';
import { openSqliteStore } from './sqlite.js';
import type { EventInput, Store, TextRedactor } from './store.js';

/** opens the workspace store at `path` (a PostgreSQL store would be chosen here, by configuration) */
export function openStore(path: string, opts: { readonly?: boolean; mmap?: boolean; redact?: TextRedactor } = {}): Store {
  return openSqliteStore(path, opts);
}

/** opens the store at `path`, runs fn, closes it */
export function withStore<T>(path: string, fn: (store: Store) => T): T {
  const store = openStore(path);
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

/** like withStore, but undefined (nothing created) when there is no store yet */
export function withExistingStore<T>(path: string, fn: (store: Store) => T): T | undefined {
  return existsSync(path) ? withStore(path, fn) : undefined;
}

/** records one event in the workspace's log */
export function appendEvent(path: string, e: EventInput): void {
  withStore(path, (s) => s.events.append(e));
}
