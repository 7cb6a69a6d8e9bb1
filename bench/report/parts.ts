// Where the report model's time goes at scale: each read it makes, bare and with the model's work.
//   npx tsx bench/report/parts.ts [--services 300000] [--apps 100]
import { openSqliteStore } from '../../src/store/sqlite.js';
import { workspaceStatus } from '../../src/status/index.js';
import { tableRow } from '../../src/report/model.js';
import { workspace } from './run.js';

const ws = workspace();
const store = openSqliteStore(ws.paths.db);
const db = (store as unknown as { db: import('better-sqlite3').Database }).db;
const time = (name: string, f: () => unknown) => {
  const t0 = performance.now();
  const r = f();
  console.log(`${name.padEnd(40)} ${((performance.now() - t0) / 1000).toFixed(2).padStart(6)} s  ${String(r)}`);
};
time('floor services (raw, no order)', () => {
  let n = 0;
  for (const _ of db.prepare('SELECT s.id, s.app_id, s.name, s.data, d.data dd, p.url FROM services s LEFT JOIN decisions d ON d.service_id = s.id LEFT JOIN publications p ON p.service_id = s.id AND p.target = ?').raw().iterate('local')) n++;
  return n;
});
time('floor entry points', () => {
  let n = 0;
  for (const _ of db.prepare('SELECT e.data, r.data FROM entry_points e LEFT JOIN redirect_rules r ON r.entry_point_id = e.id').raw().iterate()) n++;
  return n;
});
time('status model', () => workspaceStatus(ws, store, '2026-11-28').totals.services);
time('report.services', () => {
  let n = 0;
  for (const _ of store.report.services('local')) n++;
  return n;
});
time('report.services + tableRow', () => {
  let n = 0;
  for (const r of store.report.services('local')) if (tableRow(r).problem) n++;
  return n;
});
time('report.entryPoints per app', () => {
  let n = 0;
  for (const a of ws.config.apps) for (const _ of store.report.entryPoints(a.id)) n++;
  return n;
});
time('report.entryPoints all', () => {
  let n = 0;
  for (const _ of store.report.entryPoints()) n++;
  return n;
});
time('quarantine per app', () => {
  let n = 0;
  for (const a of ws.config.apps) n += store.quarantine.list({ appId: a.id }).length;
  return n;
});
store.close();
