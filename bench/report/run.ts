// Status and reports at province scale (DESIGN §14): 300,000 services over 100 county apps in a
// real SQLite store, then, each in its own process so its peak RSS is its own:
//   floor  — read the same rows from the store bare (services ⋈ decisions ⋈ publications, entry
//            points ⋈ redirect rules, the status aggregates), no processing;
//   status — `yimen status`'s model (workspaceStatus);
//   html   — `yimen report --format html` (report model + dashboard);
//   xlsx   — `yimen report --format xlsx` (report model + workbook);
//   report — `yimen report` (both: the workbook's pass over the rows fills the dashboard's lists).
// Targets: status and report each ≤ 10 s and ≤ 1 GiB peak RSS; the HTML small enough to e-mail.
//   npx tsx bench/report/run.ts [--services 300000] [--apps 100] [--fresh] [--phases status,html,xlsx,report]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { workspacePaths } from '../../src/workspace/paths.js';
import { WorkspaceConfig } from '../../src/workspace/config.js';
import type { Workspace } from '../../src/workspace/loader.js';
import type { CatalogService, Decision } from '../../src/schema/index.js';
import { lookupRegion } from '../../src/codes/region.js';
import { workspaceStatus } from '../../src/status/index.js';
import { generateReport } from '../../src/report/index.js';

const argv = process.argv.slice(2);
const num = (k: string, d: number) => {
  const i = argv.indexOf(k);
  return i >= 0 ? Number(argv[i + 1]) : d;
};
const N = num('--services', 300_000);
const APPS = num('--apps', 100);
const ROOT = join(import.meta.dirname, '..', '.data', `report-${N}-${APPS}`);
const TODAY = '2026-11-28';

/** 100 real Jiangsu county codes, so the report has region names */
function counties(n: number): string[] {
  const out: string[] = [];
  for (let c = 1; c <= 13 && out.length < n; c++)
    for (let k = 2; k < 99 && out.length < n; k++) {
      const code = `32${String(c).padStart(2, '0')}${String(k).padStart(2, '0')}`;
      if (lookupRegion(code)?.level === 'county') out.push(code);
    }
  for (let i = 0; out.length < n; i++) out.push(out[i % out.length]!); // more apps than counties: share
  return out;
}

export function workspace(): Workspace {
  const div = counties(APPS);
  const config = WorkspaceConfig.parse({
    programme: '江苏省县级政务App整合（压测）',
    province: '32',
    unifiedApp: { name: '苏服办', serviceUrl: 'https://sfb.example.gov.cn/service/{catalogCode}', noticeUrl: 'https://sfb.example.gov.cn/notice/{appId}', allowlist: ['sfb.example.gov.cn'] },
    apps: Array.from({ length: APPS }, (_, i) => ({
      id: `app${String(i).padStart(3, '0')}`,
      name: `${lookupRegion(div[i]!)?.name ?? div[i]}政务App${i}`,
      division: div[i],
      source: { adapter: 'spreadsheet', config: {} },
      profile: 'p.yaml',
      timeline: { announce: '2026-10-01', redirect: '2026-11-15', shutdown: `2027-0${1 + (i % 6)}-${String(1 + (i % 28)).padStart(2, '0')}` },
    })),
  });
  return { root: ROOT, paths: workspacePaths(ROOT), config, adapters: new Map() };
}

let seed = 7;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
const STEMS = ['社会保险参保登记', '居民身份证换领', '住房公积金提取', '医疗保障待遇查询', '不动产登记查询', '个体工商户设立登记', '老年人优待证办理', '残疾人证换领', '小学入学报名', '每日打卡'];

export function setup(ws: Workspace): void {
  rmSync(ROOT, { recursive: true, force: true });
  mkdirSync(ROOT, { recursive: true });
  const store = openSqliteStore(ws.paths.db);
  const at = '2026-11-20T02:00:00.000Z';
  const apps = ws.config.apps;
  const per = Math.ceil(N / apps.length);
  store.tx(() => {
    let i = 0;
    for (const app of apps) {
      const ds: Decision[] = [];
      for (let k = 0; k < per && i < N; k++, i++) {
        const id = `${app.id}-${String(k).padStart(8, '0')}`;
        const bad = rnd() < 0.01;
        const s: CatalogService = {
          id,
          appId: app.id,
          source: { adapter: 'spreadsheet', stream: 'services', sourceKey: String(k), locator: `services.xlsx#事项清单!R${k + 2}`, extractedAt: at, contentHash: `h${i}` },
          name: `${STEMS[i % STEMS.length]}（${app.name}${k}）`,
          aliases: [],
          catalogCode: `32${String(100000000 + i).slice(-10)}`,
          taskType: { code: '20', label: '公共服务' },
          agency: { name: '行政审批局' },
          serviceObjects: [],
          materials: [],
          handlingForms: ['mobile'],
          entryPoints: [],
          extras: {},
          issues: bad ? [{ field: 'promisedLimit', severity: 'error', code: 'E_LIMIT', message: '承诺时限无法识别' }] : [],
          usage: { monthlyVisits: Math.floor(rnd() * 5000) },
        } as unknown as CatalogService;
        store.services.upsert(s, `h${i}`);
        const r = rnd();
        if (r < 0.02) continue; // undecided
        const action = r < 0.32 ? 'migrate' : r < 0.77 ? 'merge' : r < 0.92 ? 'retire' : 'review';
        ds.push({ serviceId: id, appId: app.id, action, target: action === 'merge' ? `B${i % 10000}` : undefined, reason: `${action} by bench`, decidedBy: 'matcher', score: 0.9, candidates: action === 'review' ? [{ code: `B${i % 10000}`, name: STEMS[i % STEMS.length]!, score: 0.7, reason: 'name', kind: 'catalog' }] : [], actor: 'bench', at } as Decision);
        if (action === 'migrate' && rnd() < 0.9)
          store.publications.upsert({ serviceId: id, appId: app.id, target: 'local', externalId: `x-${id}`, contentHash: `h${i}`, status: 'listed', url: `https://sfb.example.gov.cn/service/${i}`, at });
        if (k % 2 === 0)
          store.entryPoints.upsert({ id: `${app.id}:web:${k}`, appId: app.id, kind: 'web', address: `https://${app.id}.example.cn/s/${k}`, serviceKey: String(k), locator: `entry.csv#R${k}` });
        if (rnd() < 0.005) store.quarantine.add({ appId: app.id, stage: 'map', locator: `services.xlsx#事项清单!R${k + 2}`, reason: '必填字段为空', field: 'name' });
      }
      store.decisions.upsertMany!(ds, new Map());
      const rules = store.entryPoints.list(app.id).map((e, j) => ({
        entryPointId: e.id,
        appId: app.id,
        kind: e.kind,
        source: e.address,
        action: (j % 20 === 0 ? 'unresolved' : j % 7 === 0 ? 'pending' : j % 3 === 0 ? 'notice' : 'redirect') as 'redirect',
        destination: `https://sfb.example.gov.cn/service/${j}`,
        reason: 'bench',
      }));
      store.redirects.replaceForApp(app.id, rules);
      store.events.append({ actor: 'bench', action: 'decide', entity: `app:${app.id}`, summary: `${per} services: 0 migrate, 0 merge, 0 retire, 0 review` });
    }
  });
  store.close();
}

interface Phase {
  ms: number;
  rssMiB: number;
  rows?: number;
  bytes?: Record<string, number>;
  timings?: Record<string, number>;
}

async function phase(name: string): Promise<Phase> {
  const ws = workspace();
  const store = openSqliteStore(ws.paths.db, { readonly: false });
  const db = (store as unknown as { db: import('better-sqlite3').Database }).db;
  const t0 = performance.now();
  const out: Phase = { ms: 0, rssMiB: 0 };
  if (name === 'floor') {
    // the bare read: every row the report reads, straight from SQLite, nothing done with it
    let rows = 0;
    for (const _ of db
      .prepare('SELECT s.id, s.app_id, s.name, s.data, d.data dd, p.url FROM services s LEFT JOIN decisions d ON d.service_id = s.id LEFT JOIN publications p ON p.service_id = s.id AND p.target = ?')
      .raw()
      .iterate('local'))
      rows++;
    for (const _ of db.prepare('SELECT e.data, r.data FROM entry_points e LEFT JOIN redirect_rules r ON r.entry_point_id = e.id').raw().iterate()) rows++;
    store.status.byApp('local');
    out.rows = rows;
  } else if (name === 'status') {
    out.rows = workspaceStatus(ws, store, TODAY).totals.services;
  } else {
    const formats = name === 'report' ? (['html', 'xlsx'] as const) : ([name] as ['html' | 'xlsx']);
    const r = await generateReport(ws, store, { out: join(ROOT, 'out'), formats: [...formats], lang: 'zh', today: TODAY });
    out.rows = r.services;
    out.bytes = Object.fromEntries(r.files.map((f) => [f.format, f.bytes]));
    out.timings = r.timings;
  }
  out.ms = performance.now() - t0;
  store.close();
  out.rssMiB = process.resourceUsage().maxRSS / 1024;
  return out;
}

async function main() {
  const child = argv.indexOf('--phase');
  if (child >= 0) {
    process.stdout.write(JSON.stringify(await phase(argv[child + 1]!)) + '\n');
    return;
  }
  const ws = workspace();
  if (argv.includes('--fresh') || !existsSync(ws.paths.db)) {
    const t0 = performance.now();
    console.log(`generating ${N.toLocaleString('en')} services over ${APPS} apps in ${ROOT} …`);
    setup(ws);
    console.log(`  setup (not timed below): ${((performance.now() - t0) / 1000).toFixed(1)} s, store ${(statSync(ws.paths.db).size / 2 ** 20).toFixed(0)} MiB`);
  }
  console.log(`machine: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const run = (p: string): Phase => {
    const r = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, ...argv, '--phase', p], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`${p} failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!);
  };
  const results: Record<string, Phase> = {};
  const only = argv.includes('--phases') ? argv[argv.indexOf('--phases') + 1]!.split(',') : ['status', 'html', 'xlsx', 'report'];
  for (const p of ['floor', ...only.filter((x) => x !== 'floor')]) results[p] = run(p);
  const floor = results.floor!;
  const line = (name: string, r: Phase) =>
    `  ${name.padEnd(26)} ${(r.ms / 1000).toFixed(2).padStart(6)} s  ${(r.ms / floor.ms).toFixed(2).padStart(5)}× floor  peak RSS ${r.rssMiB.toFixed(0).padStart(4)} MiB` +
    (r.bytes ? `  ${Object.entries(r.bytes).map(([k, v]) => `${k} ${(v / 2 ** 20).toFixed(2)} MiB`).join(', ')}` : '') +
    (r.timings ? `  (${Object.entries(r.timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} s`).join(', ')})` : '');
  console.log(`${N.toLocaleString('en')} services, ${APPS} apps:`);
  console.log(line('floor: bare store read', floor));
  const label: Record<string, string> = { status: 'yimen status (model)', html: 'yimen report --format html', xlsx: 'yimen report --format xlsx', report: 'yimen report (html + xlsx)' };
  const ok = (r: Phase) => r.ms <= 10_000 && r.rssMiB <= 1024;
  for (const p of only) if (results[p] && p !== 'floor') console.log(line(label[p] ?? p, results[p]!));
  console.log(`targets (≤ 10 s, ≤ 1 GiB each): ${only.filter((p) => results[p] && p !== 'floor').map((p) => `${p} ${ok(results[p]!) ? 'met' : 'MISSED'}`).join(', ')}`);
}

// bench/status reuses the generator above: run only when this file is the script
if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) await main();
