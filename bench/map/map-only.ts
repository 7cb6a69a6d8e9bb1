// The map stage alone at scale: generated raw records (as bench/map/run.ts writes them, a few
// with no name and a few with bad codes) mapped into a real SQLite store, timed with its CPU time,
// beside its floor in the same run (the store's bare read of every raw record and write of one
// services row each). Prints a digest of what map wrote, so a speed change can show it left it as it was.
// Run: npx tsx bench/map/map-only.ts [--services 300000] [--apps 30] [--threads N] [--dist] [--worker-min N] [--old-prng]
// --dist: the stage as the CLI runs it (compiled, `npm run build` first): a worker then starts
// without tsx compiling its modules.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { mainThreadCpuMs } from './thread-cpu.js';

const SRC = process.argv.includes('--dist') ? '../../dist/src' : '../../src';
const { loadWorkspace } = (await import(`${SRC}/workspace/loader.js`)) as typeof import('../../src/workspace/loader.js');
const { openSqliteStore } = (await import(`${SRC}/store/sqlite.js`)) as typeof import('../../src/store/sqlite.js');
const { mapApps } = (await import(`${SRC}/map/stage.js`)) as typeof import('../../src/map/stage.js');
// (a tree from before mapStats existed prints its main thread's CPU alone)
const mapStats = ((await import(`${SRC}/map/mapper.js`)) as Partial<typeof import('../../src/map/mapper.js')>).mapStats ?? { pages: 0, byWorker: 0, beforeReady: 0, stolen: 0, waitMs: 0, workerCpuMs: 0, workerFailed: 0 };


const argv = process.argv.slice(2);
const num = (k: string, d: number) => (argv.includes(k) ? Number(argv[argv.indexOf(k) + 1]) : d);
const N = num('--services', 300_000);
const N_APPS = num('--apps', 30);
// --worker-min N: start a worker for N records or more (the stage's own threshold otherwise)
const WORKER_MIN = argv.includes('--worker-min') ? num('--worker-min', 0) : undefined;
if (argv.includes('--threads')) process.env.YIMEN_THREADS = String(num('--threads', 2));

// an exact LCG (Math.imul); --old-prng: the generator before session 8, which cycled after 10,466
// draws (see bench/map/run.ts), to compare with figures measured before
let seed = 42;
const rnd = argv.includes('--old-prng')
  ? () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
  : () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
const A = ['智慧', '数字', '便民', '惠民', '乡村', '社区', '网格', '文明', '绿色', '平安', '健康', '阳光'];
const B = ['停车', '公交', '水电', '燃气费', '物业', '菜篮子', '图书', '体育场馆', '景区门票', '志愿服务', '积分', '养老驿站'];
const C = ['缴费', '预约', '查询', '报名', '登记', '地图', '导航', '申报', '评价', '留言'];

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en');

const cwd = process.cwd();
const dir = mkdtempSync(join(tmpdir(), 'yimen-bench-maponly-'));
try {
  const apps = Array.from({ length: N_APPS }, (_, i) => `app${String(i).padStart(2, '0')}`);
  mkdirSync(join(dir, 'profiles'));
  writeFileSync(
    join(dir, 'profiles', 'p.yaml'),
    'fields:\n  name: 事项名称\n  catalogCode: { from: [基本编码] }\n  agency.name: { from: [实施主体] }\n  agency.code: { from: [信用代码] }\n  usage.monthlyVisits: { from: [月访问量], transform: number }\n  promisedLimit: { from: [承诺时限] }\n',
  );
  writeFileSync(join(dir, 'a.csv'), '编号,事项名称\n1,x\n');
  const appYaml = apps.map((a) => `  - { id: ${a}, name: ${a}, division: "511602", profile: ./profiles/p.yaml, source: { adapter: spreadsheet, config: { files: [{ path: a.csv, key: 编号 }] } } }`).join('\n');
  writeFileSync(join(dir, 'yimen.yaml'), `programme: bench\nprovince: "51"\nunifiedApp: { name: u, serviceUrl: "https://u.example/{catalogCode}", noticeUrl: "https://u.example/n", allowlist: [u.example] }\napps:\n${appYaml}\n`);
  // from inside the workspace: the profile's name in marks and events is then the same every run
  process.chdir(dir);
  const ws = await loadWorkspace(dir);
  const store = openSqliteStore(ws.paths.db);
  const db = (store as unknown as { db: import('better-sqlite3').Database }).db;
  store.tx(() => {
    for (let i = 0; i < N; i++) {
      const appId = apps[i % apps.length]!;
      const data: Record<string, unknown> = { 事项名称: i % 997 === 5 ? '' : pick(A) + pick(B) + pick(C) + (rnd() < 0.5 ? '' : String(i % 50)), 月访问量: String(Math.floor(rnd() * 5000)) };
      if (rnd() < 0.3) data['基本编码'] = `B${String(i % 10000).padStart(6, '0')}`;
      if (rnd() < 0.5) data['实施主体'] = pick(['县人社局', '县民政局', '县医保局']);
      if (rnd() < 0.05) data['信用代码'] = pick(['11511602MB1234567X', '915116020000000000']);
      if (rnd() < 0.3) data['承诺时限'] = pick(['5个工作日', '即办', '20天']);
      if (rnd() < 0.2) data['备注'] = pick(['线上', '线下', '']);
      const key = `${appId}:${i}`;
      store.raw.upsert({ appId, stream: 'services', key, locator: `gen#${i}`, data, contentHash: key });
    }
  });

  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpuMs();
  const t0 = performance.now();
  const sum = await mapApps(ws, store, { actor: 'bench', workerMinRecords: WORKER_MIN });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const mainMs = mainThreadCpuMs() - main0;
  const stats = { ...mapStats };
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const t1 = performance.now();
  const again = await mapApps(ws, store, { actor: 'bench' });
  const againMs = performance.now() - t1;

  // the floor: read every raw record's JSON, write one services row each, one transaction
  db.exec('CREATE TEMP TABLE floor_s(id TEXT PRIMARY KEY, app_id TEXT, name TEXT, content_hash TEXT, has_errors INTEGER, data TEXT, updated_at TEXT)');
  const ins = db.prepare('INSERT INTO floor_s VALUES (?, ?, ?, ?, ?, ?, ?)');
  const f0 = performance.now();
  db.transaction(() => {
    for (const r of db.prepare('SELECT app_id, key, data FROM raw_records ORDER BY rowid').raw().all() as string[][]) {
      const d = JSON.parse(r[2]!) as Record<string, unknown>;
      ins.run(r[1], r[0], String(d['事项名称']), r[1], 0, r[2], 'x');
    }
  })();
  const floorMs = performance.now() - f0;

  // one digest per table, then one of them all: a difference says where it is
  const parts: Array<[string, string]> = [
    ['services', 'SELECT id, app_id, name, content_hash, has_errors, data FROM services ORDER BY rowid'],
    ['quarantine', "SELECT app_id, locator, reason, field, data FROM quarantine ORDER BY id"],
    ['marks', "SELECT key, value FROM meta WHERE key LIKE 'map.app.%' ORDER BY key"],
    ['events', "SELECT entity, summary, details FROM events WHERE action = 'map' ORDER BY id"],
  ];
  const digests = parts.map(([name, sql]) => {
    const p = createHash('sha1');
    for (const r of db.prepare(sql).raw().iterate() as Iterable<unknown[]>) p.update(r.join('\u0000').replace(/"extractedAt":"[^"]*"/g, '')).update('\n');
    return `${name} ${p.digest('hex').slice(0, 8)}`;
  });
  const h = createHash('sha1').update(digests.join(' '));
  store.close();

  console.log(`map alone: ${N.toLocaleString('en')} raw records (${N_APPS} apps), SQLite store, YIMEN_THREADS=${process.env.YIMEN_THREADS ?? '(unset)'}`);
  console.log(`  first run ${(ms / 1000).toFixed(2)} s → ${rate(N, ms)} services/s; CPU ${(cpuMs / 1000).toFixed(2)} s (${rate(N, cpuMs)} per CPU-second)`);
  console.log(
    `  CPU by thread: main ${(mainMs / 1000).toFixed(2)} s, worker ${(stats.workerCpuMs / 1000).toFixed(2)} s, other threads (GC, loading) ${((cpuMs - mainMs - stats.workerCpuMs) / 1000).toFixed(2)} s; ` +
      `pages ${stats.pages}: ${stats.byWorker} mapped by the worker, ${stats.pages - stats.byWorker} by the main thread (${stats.beforeReady} before the worker was ready, ${stats.stolen} of the worker's last); the main thread waited ${(stats.waitMs / 1000).toFixed(2)} s for it`,
  );
  console.log(`  floor (bare read + one services row each) ${(floorMs / 1000).toFixed(2)} s → ${rate(N, floorMs)}/s: the stage runs at ${((floorMs / ms) * 100).toFixed(0)} % of it`);
  console.log(`  re-run, nothing changed ${(againMs / 1000).toFixed(2)} s (${again.apps.filter((a) => a.skipped).length}/${again.apps.length} skipped)`);
  console.log(`  ${sum.totals.services} services, ${sum.totals.quarantined} quarantined, ${sum.totals.invalid} invalid, ${sum.totals.warnings} with warnings`);
  console.log(`  outputs digest (services, quarantine, map marks, events; times left out): ${h.digest('hex').slice(0, 16)} (${digests.join(', ')})`);
  console.log(`  peak RSS ${mb(process.resourceUsage().maxRSS)}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`);
} finally {
  process.chdir(cwd);
  rmSync(dir, { recursive: true, force: true });
}
