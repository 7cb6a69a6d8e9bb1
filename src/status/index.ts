// Reads the store's aggregates and builds the status report, with the base catalog's standing.
import type { Store } from '../store/store.js';
import type { Workspace } from '../workspace/loader.js';
import { buildStatus, type EntryPointNotes, type StatusReport } from './model.js';
import { lookupRegion } from '../codes/region.js';

/** Quarantined base catalog rows sit under this pseudo app id (src/catalog/import.ts). */
const CATALOG_APP = '_catalog';

export interface CatalogStanding {
  items: number;
  source?: string;
  importedAt?: string;
  quarantined: number;
  /** imported since the last decide run: decisions may be out of date */
  stale: boolean;
}

export type WorkspaceStatus = StatusReport & {
  catalog: CatalogStanding;
  /** unmapped source columns kept in extras, per app: column → services carrying it */
  extras: Record<string, Record<string, number>>;
};

/**
 * Decisions are stale when the base catalog in the store is not the one the last full decide run
 * read (the mark decide leaves in the store), e.g. after `yimen catalog import` on its own.
 */
export function decisionsStale(store: Store): boolean {
  const info = store.catalog.info();
  if (!info) return false;
  return store.stageMarks.get('decide')?.inputs.catalog !== info.importedAt;
}

export function workspaceStatus(ws: Workspace, store: Store, today?: string): WorkspaceStatus {
  const report = buildStatus(ws.config.apps, store.status.byApp(ws.config.target.type), ws.config.province, today, ws.config.redirects.verifyBeforeShutdownDays);
  const info = store.catalog.info();
  const catalog: CatalogStanding = {
    items: store.catalog.count(),
    source: info?.source,
    importedAt: info?.importedAt,
    quarantined: store.quarantine.count(CATALOG_APP),
    stale: decisionsStale(store),
  };
  for (const r of report.rollups) r.name = lookupRegion(r.code)?.fullName;
  for (const a of report.apps) {
    const notes = entryPointNotes(store, a.appId);
    if (notes.migrated || notes.external || notes.conflicts) a.entryPointNotes = notes;
  }
  return { ...report, catalog, extras: store.services.extrasColumns() };
}

/** entry points that need no rule, and addresses several services claim (extract marks them) */
export function entryPointNotes(store: Store, appId: string): EntryPointNotes {
  const n: EntryPointNotes = { migrated: 0, external: 0, conflicts: 0 };
  for (const e of store.entryPoints.list(appId)) {
    if (e.status === 'migrated') n.migrated++;
    else if (e.status === 'external') n.external++;
    if (e.claimedBy && e.claimedBy.length > 1) n.conflicts++;
  }
  return n;
}

export * from './model.js';
