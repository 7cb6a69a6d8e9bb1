// What waits for the source's owners to fix: quarantined records of every stage, and services
// with error issues (they cannot be published). A read of the store for `yimen quarantine`, also
// written as a workbook the app's owners can work through (src/report/xlsx/quarantine.ts).
import { resolve } from 'node:path';
import type { Workspace } from '../workspace/loader.js';
import { appById } from '../workspace/loader.js';
import type { Store } from '../store/store.js';
import { writeQuarantineXlsx } from '../report/xlsx/quarantine.js';

export interface QuarantineItem {
  kind: 'record' | 'service';
  appId: string;
  /** the stage that set it aside; services with errors: 'map' */
  stage: string;
  stream?: string;
  locator: string;
  field?: string;
  severity: 'error' | 'warning';
  /** issue code for services; absent for quarantined records */
  code?: string;
  reason: string;
  serviceId?: string;
  name?: string;
  sourceKey?: string;
  at?: string;
  /** quarantined records: the row as the source gave it (JSON, cut at 2,000 characters), so its owners can find and fix it */
  row?: string;
}

export interface QuarantineReport {
  items: QuarantineItem[];
  counts: { records: number; invalidServices: number; byApp: Record<string, { records: number; invalidServices: number }> };
  exported?: string;
}

export function listQuarantine(ws: Workspace, store: Store, opts: { app?: string; warnings?: boolean } = {}): QuarantineReport {
  const apps = opts.app ? [appById(ws, opts.app).id] : ws.config.apps.map((a) => a.id);
  const items: QuarantineItem[] = [];
  const byApp: QuarantineReport['counts']['byApp'] = {};
  let records = 0;
  let invalidServices = 0;
  for (const appId of apps) {
    const c = { records: 0, invalidServices: 0 };
    for (const q of store.quarantine.list({ appId })) {
      c.records++;
      const row = q.data === undefined ? undefined : JSON.stringify(q.data);
      items.push({
        kind: 'record', appId, stage: q.stage, stream: q.stream, locator: q.locator, field: q.field, severity: 'error', reason: q.reason, at: q.at,
        row: row && row.length > 2000 ? `${row.slice(0, 2000)}…` : row,
      });
    }
    for (const s of store.services.list(appId)) {
      const errs = s.issues.filter((i) => i.severity === 'error' || (opts.warnings && i.severity === 'warning'));
      if (s.issues.some((i) => i.severity === 'error')) c.invalidServices++;
      for (const i of errs) {
        items.push({
          kind: 'service', appId, stage: 'map', stream: s.source.stream, locator: s.source.locator, field: i.field, severity: i.severity, code: i.code,
          reason: i.message, serviceId: s.id, name: s.name, sourceKey: s.source.sourceKey,
        });
      }
    }
    records += c.records;
    invalidServices += c.invalidServices;
    byApp[appId] = c;
  }
  return { items, counts: { records, invalidServices, byApp } };
}

/** The listing, and with `exportTo` also the workbook (its absolute path in `exported`). */
export async function quarantineReport(ws: Workspace, store: Store, opts: { app?: string; warnings?: boolean; exportTo?: string } = {}): Promise<QuarantineReport> {
  const report = listQuarantine(ws, store, opts);
  if (opts.exportTo) {
    const file = resolve(opts.exportTo);
    await writeQuarantineXlsx(report.items, file);
    report.exported = file;
  }
  return report;
}
