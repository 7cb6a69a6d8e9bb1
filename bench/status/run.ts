// `yimen status` at province scale (DESIGN §14: status ≤ 1.5× its bare queries). The store is
// bench/report's: 300,000 services over 100 county apps (generated once by its generator, kept in
// bench/.data). In one process, alternating, after a warm-up of each:
//   floor  — the GROUP BY queries status runs, run bare (SQL only, rows dropped);
//   status — `yimen status`'s model, workspaceStatus (queries + model + roll-ups), as the command
//            calls it.
// Prints the median of --reps runs of each, and each query's own time, so a slow one shows.
//   npx tsx bench/status/run.ts [--services 300000] [--apps 100] [--reps 5] [--fresh]
import { existsSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { workspaceStatus } from '../../src/status/index.js';
import { setup, workspace } from '../report/run.js';

const argv = process.argv.slice(2);
const REPS = argv.includes('--reps') ? Number(argv[argv.indexOf('--reps') + 1]) : 5;
const TODAY = '2026-11-28';

// What status counts, one GROUP BY per table it summarises, as SQLite runs them bare; the same
// statements SqliteStatus.byApp and services.extrasColumns run (src/store/sqlite.ts).
// The GROUP BY queries status runs (SqliteStatus.byApp and services.extrasColumns, src/store/sqlite.ts),
// as SQLite runs them bare: the floor moves with them, so the ratio is what status adds on top.
const SAME = `v.expected_status = coalesce(json_extract(r.data, '$.status'), 200)
  AND coalesce(v.expected_location, '') = CASE WHEN json_extract(r.data, '$.action') = 'redirect' THEN coalesce(json_extract(r.data, '$.destination'), '') ELSE '' END`;
const QUERIES: Array<{ name: string; sql: string; target?: true }> = [
  { name: 'raw records by app', sql: `SELECT app_id, count(*) n FROM raw_records WHERE stream = 'services' GROUP BY app_id` },
  { name: 'entry points by app', sql: 'SELECT app_id, count(*) n FROM entry_points GROUP BY app_id' },
  { name: 'quarantine by app, stage', sql: 'SELECT app_id, stage, count(*) n FROM quarantine GROUP BY app_id, stage' },
  { name: 'services by app', sql: 'SELECT app_id, count(*) n, sum(has_errors) e FROM services GROUP BY app_id' },
  { name: 'decisions by app, action', sql: `SELECT d.app_id, d.action, count(*) n, sum(d.decided_by = 'person') p FROM decisions d JOIN services s ON s.id = d.service_id GROUP BY d.app_id, d.action` },
  { name: 'publications by app', sql: `SELECT app_id, count(*) n FROM publications WHERE target = ? AND status = 'listed' GROUP BY app_id`, target: true },
  { name: 'redirect rules by app, action', sql: `SELECT app_id, json_extract(data, '$.action') action, count(*) n FROM redirect_rules GROUP BY app_id, action` },
  {
    name: 'verification by app',
    sql: `SELECT r.app_id, count(*) n,
           sum(CASE WHEN v.id IS NULL THEN 0 WHEN v.outcome = 'ok' AND ${SAME} THEN 1 ELSE 0 END) ok,
           sum(CASE WHEN v.id IS NULL THEN 0 WHEN v.outcome <> 'ok' AND ${SAME} THEN 1 ELSE 0 END) failed
         FROM redirect_rules r
         LEFT JOIN (SELECT entry_point_id, max(id) id FROM redirect_verifications GROUP BY entry_point_id) m ON m.entry_point_id = r.entry_point_id
         LEFT JOIN redirect_verifications v ON v.id = m.id
         WHERE json_extract(r.data, '$.kind') IN ('web', 'qrcode') GROUP BY r.app_id`,
  },
  { name: 'extras columns by app', sql: `SELECT s.app_id, e.key, count(*) n FROM services s, json_each(s.data, '$.extras') e GROUP BY s.app_id, e.key ORDER BY s.app_id, e.key` },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function main(): void {
  const ws = workspace();
  if (argv.includes('--fresh') || !existsSync(ws.paths.db)) {
    const t0 = performance.now();
    console.log(`generating the store in ${ws.root} (bench/report's generator) …`);
    setup(ws);
    console.log(`  setup (not timed): ${((performance.now() - t0) / 1000).toFixed(1)} s, store ${(statSync(ws.paths.db).size / 2 ** 20).toFixed(0)} MiB`);
  }
  console.log(`machine: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const store = openSqliteStore(ws.paths.db);
  const db = (store as unknown as { db: import('better-sqlite3').Database }).db;
  const target = ws.config.target.type;
  const perQuery = new Map<string, number[]>();
  const floor = () => {
    const t0 = performance.now();
    for (const q of QUERIES) {
      const t = performance.now();
      db.prepare(q.sql).raw().all(...(q.target ? [target] : []));
      const list = perQuery.get(q.name) ?? [];
      list.push(performance.now() - t);
      perQuery.set(q.name, list);
    }
    return performance.now() - t0;
  };
  let services = 0;
  const status = () => {
    const t0 = performance.now();
    services = workspaceStatus(ws, store, TODAY).totals.services;
    return performance.now() - t0;
  };
  floor(); // warm the page cache for both
  status();
  perQuery.clear();
  const f: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < REPS; i++) {
    f.push(floor());
    s.push(status());
  }
  store.close();
  const fm = median(f);
  const sm = median(s);
  console.log(`${services.toLocaleString('en')} services, ${ws.config.apps.length} apps, median of ${REPS}:`);
  console.log(`  floor: the GROUP BY queries, bare   ${(fm / 1000).toFixed(3)} s`);
  for (const [name, xs] of perQuery) console.log(`    ${name.padEnd(32)} ${(median(xs) / 1000).toFixed(3)} s`);
  console.log(`  yimen status (workspaceStatus)      ${(sm / 1000).toFixed(3)} s   ${(sm / fm).toFixed(2)}× floor (target ≤ 1.5×: ${sm <= 1.5 * fm ? 'met' : 'MISSED'})`);
}

main();
