// Decide-stage throughput: 300,000 generated services against a 10,000-item base catalog, through
// decideApps into a real SQLite store (policy rules, exact codes, the matcher, duplicates across
// apps, decision writes, event log), with peak RSS; beside its floor in the same run (the store's
// bare read of every service and write of one decision and evidence row each), a re-run with
// nothing changed, a 10,000-service app arriving later (the catalog index read from the store's
// cache), and Fuse.js on a small slice.
// Run: npx tsx bench/map/run.ts [--services 300000] [--catalog 10000] [--apps 30] [--late 10000] [--slice 100] [--no-map] [--prof-late FILE] [--prof-decide FILE] [--worker-min N] [--dups-after N] [--old-prng] [--dist]
// With the map stage (default): raw records are written as setup, then map (the mapping helper's
// mapApps, with a profile) and decide are timed together: DESIGN §14's map + match + decide.
// --no-map: services are written straight into the store and only decide is timed.
// Each stage's CPU time is printed per thread (main, its worker, and the rest: V8's helper threads
// for GC and the optimising compiler), from a small sampler thread (thread-cpu.ts, Linux).
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import Fuse from 'fuse.js';
import type { CatalogItem, CatalogService } from '../../src/schema/index.js';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { mainThreadCpuMs, threadSampler, threadSplit } from './thread-cpu.js';

// every thread's CPU time, the stages' workers and V8's helper threads included
const sampler = threadSampler();

// --dist: the stages as the CLI runs them (compiled, `npm run build` first), so a worker thread
// starts without tsx compiling its modules
const SRC = process.argv.includes('--dist') ? '../../dist/src' : '../../src';
const { loadWorkspace } = (await import(`${SRC}/workspace/loader.js`)) as typeof import('../../src/workspace/loader.js');
const { openSqliteStore } = (await import(`${SRC}/store/sqlite.js`)) as typeof import('../../src/store/sqlite.js');
const { decideApps, buildMatchContext, serviceDoc } = (await import(`${SRC}/decide/index.js`)) as typeof import('../../src/decide/index.js');
const { proposerStats } = (await import(`${SRC}/decide/proposer.js`)) as typeof import('../../src/decide/proposer.js');
const { verdict } = (await import(`${SRC}/map/match/matcher.js`)) as typeof import('../../src/map/match/matcher.js');

const argv = process.argv.slice(2);
const num = (k: string, d: number) => {
  const i = argv.indexOf(k);
  return i >= 0 ? Number(argv[i + 1]) : d;
};
const N_SERVICES = num('--services', 300_000);
const N_CATALOG = num('--catalog', 10_000);
const N_APPS = num('--apps', 30);
const SLICE = num('--slice', 100);
const N_LATE = num('--late', 10_000);
// --worker-min N: decide's worker threshold (WORKER_MIN) for this run
const WORKER_MIN_ARG = argv.includes('--worker-min') ? num('--worker-min', 0) : undefined;
// --dups-after N: batches without a migrate before decide's worker answers duplicate searches (default: the batches in flight)
const DUPS_AFTER_ARG = argv.includes('--dups-after') ? num('--dups-after', 5) : undefined;
const LATE_APP = 'late';
const WITH_MAP = !argv.includes('--no-map');
// --prof-late FILE: a CPU profile of the late app's run alone (the first run would drown it)
const PROF_LATE = argv.includes('--prof-late') ? argv[argv.indexOf('--prof-late') + 1] : undefined;
// --prof-decide FILE: a CPU profile of the first run's decide alone, on the main thread
const PROF_DECIDE = argv.includes('--prof-decide') ? argv[argv.indexOf('--prof-decide') + 1] : undefined;

// a deterministic PRNG, so every run measures the same data. Math.imul keeps the LCG exact: until
// session 8 the product was taken in doubles, lost its low bits and cycled after 10,466 draws, so
// 300,000 services had 3,030 distinct names (now 96,852) and the memo hid most of the matching.
// --old-prng gives that generator back, to compare with figures measured before
const OLD_PRNG = argv.includes('--old-prng');
let seed = 42;
const rnd = OLD_PRNG
  ? () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)
  : () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;

const real = (parse(readFileSync(join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'matching', 'base-catalog.csv')), { columns: true, bom: true }) as Record<string, string>[]).map(
  (r) => ({ name: r['事项名称']!, type: r['事项类型']!, dept: r['实施部门']! }),
);

// 10,000 catalog items: the real names, then the same stems for other subjects and sectors
const SUBJECTS = ['', '农村', '城镇', '企业', '个人', '外籍人员', '港澳台居民', '退役军人', '残疾人', '老年人', '学生', '个体', '社会组织', '医疗机构', '学校', '景区', '园区', '港口', '矿山', '林区'];
function makeCatalog(n: number): CatalogItem[] {
  const out: CatalogItem[] = [];
  const seen = new Set<string>();
  for (let k = 0; out.length < n; k++) {
    const r = real[k % real.length]!;
    const subj = SUBJECTS[Math.floor(k / real.length) % SUBJECTS.length]!;
    const name = subj + r.name;
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ code: `B${String(out.length).padStart(6, '0')}`, name, taskType: { label: r.type }, department: r.dept });
  }
  return out;
}

const PREFIXES = ['', '', '', '在线办理', '我要办', '网上', '掌上'];
const NEW_A = ['智慧', '数字', '便民', '惠民', '乡村', '社区', '网格', '文明', '绿色', '平安', '健康', '阳光'];
const NEW_B = ['停车', '公交', '水电', '燃气费', '物业', '菜篮子', '图书', '体育场馆', '景区门票', '志愿服务', '积分', '养老驿站', '托育', '家政', '维修', '快递', '充电桩', '电动车', '夜市', '农贸'];
const NEW_C = ['缴费', '预约', '查询', '报名', '登记', '地图', '导航', '申报', '评价', '留言'];
function makeServices(catalog: CatalogItem[], n: number, apps: string[]): CatalogService[] {
  const out: CatalogService[] = [];
  for (let i = 0; i < n; i++) {
    const appId = apps[i % apps.length]!;
    const r = rnd();
    let name: string;
    let catalogCode: string | undefined;
    if (r < 0.1) {
      const it = pick(catalog);
      name = it.name;
      catalogCode = it.code;
    } else if (r < 0.55) {
      name = pick(PREFIXES) + pick(catalog).name.replace('社会保险', '社保').replace('住房公积金', '公积金').replace(/（[^）]*）$/, '');
    } else if (r < 0.57) {
      name = `每日${pick(['打卡', '签到'])}${pick(NEW_B)}`;
    } else {
      name = pick(NEW_A) + pick(NEW_B) + pick(NEW_C) + (rnd() < 0.5 ? '' : String(Math.floor(rnd() * 50)));
    }
    const key = `${appId}:${i}`;
    const id = `${appId}-${createHash('sha1').update(key).digest('hex').slice(0, 12)}`;
    out.push({
      id,
      appId,
      source: { adapter: 'bench', stream: 'services', sourceKey: key, locator: `gen#${i}`, extractedAt: '2025-01-01T00:00:00Z', contentHash: key },
      name,
      aliases: [],
      catalogCode,
      serviceObjects: [],
      materials: [],
      handlingForms: [],
      entryPoints: [],
      extras: {},
      issues: [],
      usage: { monthlyVisits: Math.floor(rnd() * 5000) },
    } as CatalogService);
  }
  return out;
}

function writeWorkspace(dir: string, apps: string[], catalog: CatalogItem[]): void {
  // the late app is last in the programme: its services arrive after the others were decided
  mkdirSync(join(dir, 'profiles'), { recursive: true });
  mkdirSync(join(dir, 'exports'), { recursive: true });
  writeFileSync(
    join(dir, 'profiles', 'p.yaml'),
    'fields:\n  name: 事项名称\n  catalogCode: { from: [基本编码] }\n  agency.name: { from: [实施主体] }\n  usage.monthlyVisits: { from: [月访问量], transform: number }\n',
  );
  writeFileSync(join(dir, 'exports', 'a.csv'), '编号,事项名称\n1,x\n');
  writeFileSync(join(dir, 'catalog.csv'), '基本编码,事项名称\n' + catalog.map((c) => `${c.code},${c.name}`).join('\n'));
  const appYaml = [...apps, LATE_APP]
    .map((a) => `  - { id: ${a}, name: ${a}, division: "511602", profile: ./profiles/p.yaml, source: { adapter: spreadsheet, config: { files: [{ path: exports/a.csv, key: 编号 }] } } }`)
    .join('\n');
  writeFileSync(
    join(dir, 'yimen.yaml'),
    `programme: bench\nprovince: "51"\nunifiedApp: { name: u, serviceUrl: "https://u.example/{catalogCode}", noticeUrl: "https://u.example/n", allowlist: [u.example] }\ncatalog: { source: ./catalog.csv }\npolicy: { lowUsageMonthlyVisits: 20, lowUsageAction: review }\napps:\n${appYaml}\n`,
  );
}


const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;
const rateOf = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en');

/** raw records (with the map stage) or services (without) for these generated services */
function writeInputs(store: ReturnType<typeof openSqliteStore>, services: CatalogService[]): void {
  store.tx(() => {
    for (const s of services) {
      if (WITH_MAP) {
        const data: Record<string, unknown> = { 事项名称: s.name, 月访问量: String(s.usage?.monthlyVisits ?? '') };
        if (s.catalogCode) data['基本编码'] = s.catalogCode;
        store.raw.upsert({ appId: s.appId, stream: 'services', key: s.source.sourceKey, locator: s.source.locator, data, contentHash: s.source.contentHash });
      } else store.services.upsert(s, s.source.contentHash);
    }
  });
}

/**
 * The floor: what the store does for the stage at the least, in the same process: read every
 * service (JSON.parse) and write one decision and one evidence row each in one transaction, with
 * statements prepared once. Into a scratch copy of the tables, so the real ones stay as they are.
 */
function floor(store: ReturnType<typeof openSqliteStore>): number {
  const db = (store as unknown as { db: import('better-sqlite3').Database }).db;
  db.exec('CREATE TEMP TABLE floor_d(service_id TEXT PRIMARY KEY, app_id TEXT, action TEXT, decided_by TEXT, data TEXT, at TEXT); CREATE TEMP TABLE floor_e(service_id TEXT PRIMARY KEY, reason TEXT, score REAL, candidates TEXT, at TEXT)');
  const insD = db.prepare('INSERT INTO floor_d VALUES (?, ?, ?, ?, ?, ?)');
  const insE = db.prepare('INSERT INTO floor_e VALUES (?, ?, ?, ?, ?)');
  const t0 = performance.now();
  db.transaction(() => {
    const byApp = db.prepare('SELECT data FROM services WHERE app_id = ? ORDER BY rowid').pluck();
    for (const appId of db.prepare('SELECT DISTINCT app_id FROM services').pluck().all() as string[])
    for (const data of byApp.all(appId) as string[]) {
      const s = JSON.parse(data) as CatalogService;
      insD.run(s.id, s.appId, 'merge', 'matcher', JSON.stringify({ serviceId: s.id, appId: s.appId, action: 'merge', target: 'B000001', decidedBy: 'matcher', rule: 'name-match', actor: 'bench', at: 'x' }), 'x');
      insE.run(s.id, `合并到 ${s.name}（名称相似 0.93）`, 0.93, JSON.stringify([{ code: 'B000001', name: s.name, score: 0.93, reason: 'name', kind: 'catalog' }]), 'x');
    }
  })();
  const ms = performance.now() - t0;
  db.exec('DROP TABLE floor_d; DROP TABLE floor_e');
  return ms;
}

/** a digest of what the stages wrote, times left out: a speed change must leave it as it was */
function outputsDigest(store: ReturnType<typeof openSqliteStore>): string {
  const db = (store as unknown as { db: import('better-sqlite3').Database }).db;
  const h = createHash('sha1');
  const untimed = (s: string) => s.replace(/"(at|extractedAt)":"[^"]*"/g, '');
  for (const r of db.prepare('SELECT id, content_hash, data FROM services ORDER BY rowid').raw().iterate() as Iterable<string[]>) h.update(untimed(r.join('\u0000'))).update('\n');
  const q = 'SELECT d.service_id, d.data, e.reason, e.score, e.candidates FROM decisions d JOIN decision_evidence e ON e.service_id = d.service_id ORDER BY d.rowid';
  for (const r of db.prepare(q).raw().iterate() as Iterable<unknown[]>) h.update(untimed(r.join('\u0000'))).update('\n');
  return h.digest('hex').slice(0, 16);
}

let profiled = false;
async function mapAndDecide(ws: Awaited<ReturnType<typeof loadWorkspace>>, store: ReturnType<typeof openSqliteStore>, apps?: string[]) {
  const s0 = await sampler.snapshot();
  const t0 = performance.now();
  if (WITH_MAP) {
    const { mapApps } = (await import(`${SRC}/map/stage.js`)) as typeof import('../../src/map/stage.js');
    await mapApps(ws, store, { actor: 'bench', apps });
  }
  const mapMs = performance.now() - t0;
  const s1 = await sampler.snapshot();
  const session = PROF_DECIDE && !apps && !profiled ? await startProfile() : undefined;
  const t1 = performance.now();
  const m0 = mainThreadCpuMs();
  const c0 = process.cpuUsage();
  const sum = await decideApps(ws, store, { actor: 'bench', apps, workerMin: WORKER_MIN_ARG, dupsAfter: DUPS_AFTER_ARG });
  const c = process.cpuUsage(c0);
  const decideMainCpuMs = mainThreadCpuMs() - m0;
  const decideMs = performance.now() - t1;
  const s2 = await sampler.snapshot();
  if (session) {
    profiled = true;
    await stopProfile(session, PROF_DECIDE!);
  }
  // the other threads' CPU in decide: its worker (and V8's helper threads, GC)
  const decideOtherCpuMs = (c.user + c.system) / 1000 - decideMainCpuMs;
  return { mapMs, decideMs, totalMs: mapMs + decideMs, sum, decideMainCpuMs, decideOtherCpuMs, mapThreads: threadSplit(s0, s1), decideThreads: threadSplit(s1, s2) };
}

async function startProfile() {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return session;
}
async function stopProfile(session: import('node:inspector/promises').Session, file: string) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'yimen-bench-map-'));
  try {
    const apps = Array.from({ length: N_APPS }, (_, i) => `app${String(i).padStart(2, '0')}`);
    const catalog = makeCatalog(N_CATALOG);
    writeWorkspace(dir, apps, catalog);
    const ws = await loadWorkspace(dir);
    const store = openSqliteStore(ws.paths.db);

    let t0 = performance.now();
    const generated = makeServices(catalog, N_SERVICES, apps);
    store.catalog.replace(catalog, 'bench');
    writeInputs(store, generated);
    // only the slice stays: the bench's own arrays are not the stage's memory
    const slice = generated.slice(0, SLICE || 1);
    const late = N_LATE ? makeServices(catalog, N_LATE, [LATE_APP]).map((s, i) => ({ ...s, source: { ...s.source, sourceKey: `late:${i}`, contentHash: `late:${i}` }, id: `${LATE_APP}-${i}` })) : [];
    generated.length = 0;
    const setupMs = performance.now() - t0;

    // 1. the first run: map + decide, all apps (the catalog index built and cached)
    const cpu0 = process.cpuUsage();
    const main0 = mainThreadCpuMs();
    const first = await mapAndDecide(ws, store);
    const cpu = process.cpuUsage(cpu0);
    const mainCpuMs = mainThreadCpuMs() - main0;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const firstStats = { ...proposerStats };
    const rssAfterDecide = process.resourceUsage().maxRSS;
    const anonAfterDecide = await sampler.peakAnon();

    // 2. a re-run with nothing changed: every app skipped, nothing re-matched
    const again = await mapAndDecide(ws, store);

    // 3. a 10,000-service app arriving later: its map + decide alone, the index read from the cache
    let lateRun: Awaited<ReturnType<typeof mapAndDecide>> | undefined;
    let lateCpuMs = 0;
    let lateMainCpuMs = 0;
    const lateGc = { minor: 0, minorMs: 0, major: 0, majorMs: 0 };
    if (late.length) {
      writeInputs(store, late);
      const session = PROF_LATE ? await startProfile() : undefined;
      // the main thread's collections during the late app: the count says more than the pauses,
      // which a loaded machine stretches
      const gcs = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          const minor = (e.detail as { kind?: number } | undefined)?.kind === constants.NODE_PERFORMANCE_GC_MINOR;
          if (minor) (lateGc.minor++, (lateGc.minorMs += e.duration));
          else (lateGc.major++, (lateGc.majorMs += e.duration));
        }
      });
      gcs.observe({ entryTypes: ['gc'] });
      const c0 = process.cpuUsage();
      const m0 = mainThreadCpuMs();
      lateRun = await mapAndDecide(ws, store, [LATE_APP]);
      const c = process.cpuUsage(c0);
      lateMainCpuMs = mainThreadCpuMs() - m0;
      lateCpuMs = (c.user + c.system) / 1000;
      // the entries are delivered after the run's last tick
      await new Promise((r) => setImmediate(r));
      gcs.disconnect();
      if (session) await stopProfile(session, PROF_LATE!);
    }

    // the floor, in the same process: the store's bare read + write for every service
    const floorMs = floor(store);
    const digest = outputsDigest(store);

    // the matcher alone (index built cold, then the slice), and Fuse.js on the same slice
    const t = ws.config.matching;
    t0 = performance.now();
    const ctx = buildMatchContext(catalog);
    const buildMs = performance.now() - t0;
    t0 = performance.now();
    for (const s of slice) verdict(ctx.catalog.search(serviceDoc(s), 3), t);
    const oursMs = performance.now() - t0;
    t0 = performance.now();
    const fuse = new Fuse(catalog, { keys: ['name'], includeScore: true, threshold: 0.4, ignoreLocation: true });
    const fuseBuildMs = performance.now() - t0;
    t0 = performance.now();
    if (SLICE) for (const s of slice) fuse.search(s.name, { limit: 3 });
    const fuseMs = performance.now() - t0;
    const peak = process.resourceUsage().maxRSS;
    store.close();

    const rate = N_SERVICES / (first.totalMs / 1000);
    const sum = first.sum;
    const floorRate = N_SERVICES / (floorMs / 1000);
    console.log(`${WITH_MAP ? 'map + decide' : 'decide stage'}: ${N_SERVICES.toLocaleString('en')} services (${N_APPS} apps) against ${N_CATALOG.toLocaleString('en')} catalog items, SQLite store`);
    console.log('');
    console.log('| run | services | time | services/s | floor (store read + decision writes, bare) |');
    console.log('|---|---:|---:|---:|---:|');
    console.log(`| first run, ${WITH_MAP ? 'map + decide' : 'decide'} | ${N_SERVICES.toLocaleString('en')} | ${(first.totalMs / 1000).toFixed(1)} s | **${rateOf(N_SERVICES, first.totalMs)}** | ${rateOf(N_SERVICES, floorMs)} (${((rate / floorRate) * 100).toFixed(0)} % of it) |`);
    if (WITH_MAP) console.log(`| … map alone / decide alone | | ${(first.mapMs / 1000).toFixed(1)} s / ${(first.decideMs / 1000).toFixed(1)} s | ${rateOf(N_SERVICES, first.mapMs)} / ${rateOf(N_SERVICES, first.decideMs)} | |`);
    console.log(`| re-run, nothing changed | ${N_SERVICES.toLocaleString('en')} | ${(again.totalMs / 1000).toFixed(1)} s | ${rateOf(N_SERVICES, again.totalMs)} | ${(first.totalMs / again.totalMs).toFixed(1)}× faster than the first run; ${again.sum.apps.filter((a) => a.skipped).length}/${again.sum.apps.length} apps skipped, ${again.sum.totals.new + again.sum.totals.changed} decisions written |`);
    if (lateRun) {
      console.log(
        `| a ${N_LATE.toLocaleString('en')}-service app arriving later | ${N_LATE.toLocaleString('en')} | ${(lateRun.totalMs / 1000).toFixed(2)} s | **${rateOf(N_LATE, lateRun.totalMs)}** | catalog index ${lateRun.sum.catalog.index} (a cold build: ${buildMs.toFixed(0)} ms) |`,
      );
    }
    console.log('');
    console.log(`  CPU time of the first run ${(cpuMs / 1000).toFixed(1)} s → ${rateOf(N_SERVICES, cpuMs)} services per CPU-second; the main thread's own ${(mainCpuMs / 1000).toFixed(1)} s, ${(first.decideMainCpuMs / 1000).toFixed(1)} s of it in decide, other threads in decide ${(first.decideOtherCpuMs / 1000).toFixed(1)} s (load average: ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores)`);
    const split = (t: { main: number; worker: number; rest: number }) => `main ${(t.main / 1000).toFixed(2)} s, busiest other (its worker) ${(t.worker / 1000).toFixed(2)} s, other threads ${(t.rest / 1000).toFixed(2)} s`;
    console.log(`  CPU per thread, first run: map: ${split(first.mapThreads)}; decide: ${split(first.decideThreads)}`);
    if (lateRun) console.log(`  CPU per thread, late app: map: ${split(lateRun.mapThreads)}; decide: ${split(lateRun.decideThreads)}`);
    if (lateRun) console.log(`  CPU time of the late app's run ${(lateCpuMs / 1000).toFixed(2)} s → ${rateOf(N_LATE, lateCpuMs)} services per CPU-second, the main thread's own ${(lateMainCpuMs / 1000).toFixed(2)} s, ${(lateRun.decideMainCpuMs / 1000).toFixed(2)} s of it in decide, other threads in decide ${(lateRun.decideOtherCpuMs / 1000).toFixed(2)} s (map ${(lateRun.mapMs / 1000).toFixed(2)} s, decide ${(lateRun.decideMs / 1000).toFixed(2)} s of wall time); collections on the main thread: ${lateGc.minor} young (${lateGc.minorMs.toFixed(0)} ms), ${lateGc.major} other (${lateGc.majorMs.toFixed(0)} ms)`);
    console.log(`  worker thread (first run): ${firstStats.byWorker}/${firstStats.batches} batches proposed by the worker, the main thread waited ${(firstStats.waitMs / 1000).toFixed(2)} s for it and overtook it on ${firstStats.overtaken}; duplicate searches answered by the worker ${firstStats.dupsByWorker ?? 0}, searched again here ${firstStats.dupsRedone ?? 0}; whole bench: ${proposerStats.byWorker}/${proposerStats.batches}, ${(proposerStats.waitMs / 1000).toFixed(2)} s`);
    console.log(`  decisions: ${sum.totals.migrate} migrate, ${sum.totals.merge} merge, ${sum.totals.retire} retire, ${sum.totals.review} review; catalog index ${sum.catalog.index}`);
    console.log(`  outputs digest (services, decisions, evidence; times left out): ${digest}`);
    console.log(`  setup (not timed above): generate + write ${N_SERVICES.toLocaleString('en')} ${WITH_MAP ? 'raw records' : 'services'} ${(setupMs / 1000).toFixed(1)} s`);
    console.log(`  peak RSS: ${mb(rssAfterDecide)} after the first run, ${mb(peak)} at the end; of it anonymous at most ${mb(anonAfterDecide / 1024)} after the first run, ${mb((await sampler.peakAnon()) / 1024)} at the end (the rest: the database file's pages mapped by read-only connections, and code)`);
    console.log(`\nmatcher vs Fuse.js on a ${SLICE}-service slice (${N_CATALOG.toLocaleString('en')}-item catalog, no memo):`);
    console.log(`  yimen: index ${buildMs.toFixed(0)} ms, match ${oursMs.toFixed(0)} ms → ${rateOf(SLICE, oursMs)} services/s`);
    console.log(`  Fuse.js: index ${fuseBuildMs.toFixed(0)} ms, search ${fuseMs.toFixed(0)} ms → ${rateOf(SLICE, fuseMs)} services/s`);
    console.log(`  speed ratio (search): ${(fuseMs / oursMs).toFixed(0)}×; the timed stages with store writes vs Fuse search alone: ${(rate / (SLICE / (fuseMs / 1000))).toFixed(0)}×`);
    const lateRate = lateRun ? N_LATE / (lateRun.totalMs / 1000) : Infinity;
    const gib = 1024 * 1024;
    console.log(
      `\ntargets: ≥ 10,000 services/s ${rate >= 10_000 ? 'met' : 'NOT met'} (issue 16: ≥ 25,000 ${rate >= 25_000 ? 'met' : 'NOT met'}), RSS ≤ 1.5 GiB ${rssAfterDecide <= 1.5 * gib ? 'met' : 'NOT met'} (≤ 1 GiB ${rssAfterDecide <= gib ? 'met' : 'NOT met'}), ` +
        `late ${N_LATE.toLocaleString('en')}-service app ≥ 10,000 services/s ${lateRate >= 10_000 ? 'met' : 'NOT met'}, re-run faster than the first ${again.totalMs < first.totalMs ? 'met' : 'NOT met'}, ≥ 50× Fuse.js ${fuseMs / oursMs >= 50 ? 'met' : 'NOT met'}`,
    );
  } finally {
    await sampler.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
