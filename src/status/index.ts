// Reads the store's aggregates and builds the status report.
import type { Store } from '../store/store.js';
import type { Workspace } from '../workspace/loader.js';
import { buildStatus, type StatusReport } from './model.js';

export function workspaceStatus(ws: Workspace, store: Store, today?: string): StatusReport {
  return buildStatus(ws.config.apps, store.status.byApp(ws.config.target.type), ws.config.province, today);
}

export * from './model.js';
