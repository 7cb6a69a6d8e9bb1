// What waits for the source's owners to fix: quarantined records of every stage, and services
// with error issues (they cannot be published). Listed for `yimen quarantine` and exported as a
// workbook the app's owners can work through.
import ExcelJS from 'exceljs';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Workspace } from '../workspace/loader.js';
import { appById } from '../workspace/loader.js';
import type { Store } from '../store/store.js';
import { safeCell } from '../report/cells.js';

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

const COLUMNS: Array<{ header: string; key: keyof QuarantineItem; width: number }> = [
  { header: '应用 app', key: 'appId', width: 14 },
  { header: '类别 kind', key: 'kind', width: 10 },
  { header: '环节 stage', key: 'stage', width: 10 },
  { header: '位置 locator', key: 'locator', width: 40 },
  { header: '字段 field', key: 'field', width: 16 },
  { header: '级别 severity', key: 'severity', width: 10 },
  { header: '代码 code', key: 'code', width: 22 },
  { header: '原因 reason', key: 'reason', width: 70 },
  { header: '事项名称 name', key: 'name', width: 30 },
  { header: '源编号 source key', key: 'sourceKey', width: 18 },
  { header: '服务ID service id', key: 'serviceId', width: 24 },
  { header: '原始数据 source row', key: 'row', width: 60 },
];

/** Writes the report as XLSX (one sheet, one row per problem), formula injection neutralised. */
export async function exportQuarantineXlsx(report: QuarantineReport, file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'yimen';
  const ws = wb.addWorksheet('待修正 quarantine');
  ws.columns = COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  for (const it of report.items) {
    const row: Record<string, unknown> = {};
    for (const c of COLUMNS) row[c.key] = safeCell(it[c.key]);
    ws.addRow(row);
  }
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  mkdirSync(dirname(file), { recursive: true });
  await wb.xlsx.writeFile(file);
}
