// Decide-stage throughput: 300,000 generated services against a 10,000-item base catalog, through
// decideApps into a real SQLite store (policy rules, exact codes, the matcher, duplicates across
// apps, decision writes, event log), with peak RSS; beside Fuse.js on a 1,000-service slice.
// Run: npx tsx bench/map/run.ts [--services 300000] [--catalog 10000] [--apps 30] [--slice 1000] [--no-map]
// With the map stage (default): raw records are written as setup, then map (the mapping helper's
// mapApps, with a profile) and decide are timed together: DESIGN §14's map + match + decide.
// --no-map: services are written straight into the store and only decide is timed.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import Fuse from 'fuse.js';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { decideApps, buildMatchContext, serviceDoc } from '../../src/decide/index.js';
import { verdict } from '../../src/map/match/matcher.js';
import type { CatalogItem, CatalogService } from '../../src/schema/index.js';

const argv = process.argv.slice(2);
const num = (k: string, d: number) => {
  const i = argv.indexOf(k);
  return i >= 0 ? Number(argv[i + 1]) : d;
};
const N_SERVICES = num('--services', 300_000);
const N_CATALOG = num('--catalog', 10_000);
const N_APPS = num('--apps', 30);
const SLICE = num('--slice', 1000);
const WITH_MAP = !argv.includes('--no-map');

// a deterministic PRNG, so every run measures the same data
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
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
  mkdirSync(join(dir, 'profiles'), { recursive: true });
  mkdirSync(join(dir, 'exports'), { recursive: true });
  writeFileSync(
    join(dir, 'profiles', 'p.yaml'),
    'fields:\n  name: 事项名称\n  catalogCode: { from: [基本编码] }\n  agency.name: { from: [实施主体] }\n  usage.monthlyVisits: { from: [月访问量], transform: number }\n',
  );
  writeFileSync(join(dir, 'exports', 'a.csv'), '编号,事项名称\n1,x\n');
  writeFileSync(join(dir, 'catalog.csv'), '基本编码,事项名称\n' + catalog.map((c) => `${c.code},${c.name}`).join('\n'));
  const appYaml = apps
    .map((a) => `  - { id: ${a}, name: ${a}, division: "511602", profile: ./profiles/p.yaml, source: { adapter: spreadsheet, config: { files: [{ path: exports/a.csv, key: 编号 }] } } }`)
    .join('\n');
  writeFileSync(
    join(dir, 'yimen.yaml'),
    `programme: bench\nprovince: "51"\nunifiedApp: { name: u, serviceUrl: "https://u.example/{catalogCode}", noticeUrl: "https://u.example/n", allowlist: [u.example] }\ncatalog: { source: ./catalog.csv }\npolicy: { lowUsageMonthlyVisits: 20, lowUsageAction: review }\napps:\n${appYaml}\n`,
  );
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'yimen-bench-map-'));
  try {
    const apps = Array.from({ length: N_APPS }, (_, i) => `app${String(i).padStart(2, '0')}`);
    const catalog = makeCatalog(N_CATALOG);
    writeWorkspace(dir, apps, catalog);
    const ws = await loadWorkspace(dir);
    const store = openSqliteStore(ws.paths.db);

    let t0 = performance.now();
    const services = makeServices(catalog, N_SERVICES, apps);
    store.catalog.replace(catalog, 'bench');
    store.tx(() => {
      if (WITH_MAP) {
        for (const s of services) {
          const data: Record<string, unknown> = { 事项名称: s.name, 月访问量: String(s.usage?.monthlyVisits ?? '') };
          if (s.catalogCode) data['基本编码'] = s.catalogCode;
          store.raw.upsert({ appId: s.appId, stream: 'services', key: s.source.sourceKey, locator: s.source.locator, data, contentHash: s.source.contentHash });
        }
      } else for (const s of services) store.services.upsert(s, s.source.contentHash);
    });
    const setupMs = performance.now() - t0;

    let mapMs = 0;
    t0 = performance.now();
    const cpu0 = process.cpuUsage();
    if (WITH_MAP) {
      const { mapApps } = await import('../../src/map/stage.js');
      await mapApps(ws, store, { actor: 'bench' });
      mapMs = performance.now() - t0;
    }
    const sum = await decideApps(ws, store, { actor: 'bench' });
    const decideMs = performance.now() - t0 - mapMs;
    const cpu = process.cpuUsage(cpu0);
    const decideCpuMs = (cpu.user + cpu.system) / 1000;
    const rssAfterDecide = process.resourceUsage().maxRSS;

    // re-run with nothing changed: the idempotent path
    t0 = performance.now();
    if (WITH_MAP) {
      const { mapApps } = await import('../../src/map/stage.js');
      await mapApps(ws, store, { actor: 'bench' });
    }
    const again = await decideApps(ws, store, { actor: 'bench' });
    const againMs = performance.now() - t0;

    // the same 1,000 services through the matcher alone, and through Fuse.js (--slice 0: skip)
    const slice = services.slice(0, SLICE || 1);
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

    const totalMs = mapMs + decideMs;
    const rate = N_SERVICES / (totalMs / 1000);
    console.log(`${WITH_MAP ? 'map + decide' : 'decide stage'}: ${N_SERVICES.toLocaleString('en')} services (${N_APPS} apps) against ${N_CATALOG.toLocaleString('en')} catalog items, SQLite store`);
    if (WITH_MAP) console.log(`  map ${(mapMs / 1000).toFixed(1)} s (raw records → services, profile, validation) + decide ${(decideMs / 1000).toFixed(1)} s (${Math.round(N_SERVICES / (decideMs / 1000)).toLocaleString('en')} services/s alone)`);
    console.log(`  ${(totalMs / 1000).toFixed(1)} s → ${Math.round(rate).toLocaleString('en')} services/s (policy, match, duplicates, all store writes and events included)`);
    console.log(`  CPU time ${(decideCpuMs / 1000).toFixed(1)} s → ${Math.round(N_SERVICES / (decideCpuMs / 1000)).toLocaleString('en')} services per CPU-second (load average while measured: ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores)`);
    console.log(`  decisions: ${sum.totals.migrate} migrate, ${sum.totals.merge} merge, ${sum.totals.retire} retire, ${sum.totals.review} review`);
    console.log(`  re-run, nothing changed: ${(againMs / 1000).toFixed(1)} s, ${again.totals.new + again.totals.changed} decisions written`);
    console.log(`  setup (not timed above): generate + write ${N_SERVICES.toLocaleString('en')} ${WITH_MAP ? 'raw records' : 'services'} ${(setupMs / 1000).toFixed(1)} s`);
    console.log(`  peak RSS: ${mb(rssAfterDecide)} after the decide run, ${mb(peak)} at the end`);
    console.log(`\nmatcher vs Fuse.js on a ${SLICE}-service slice (10,000-item catalog):`);
    console.log(`  yimen: index ${buildMs.toFixed(0)} ms, match ${oursMs.toFixed(0)} ms → ${Math.round(SLICE / (oursMs / 1000)).toLocaleString('en')} services/s`);
    console.log(`  Fuse.js: index ${fuseBuildMs.toFixed(0)} ms, search ${fuseMs.toFixed(0)} ms → ${Math.round(SLICE / (fuseMs / 1000)).toLocaleString('en')} services/s`);
    console.log(`  speed ratio (search): ${(fuseMs / oursMs).toFixed(0)}×; the timed stages with store writes vs Fuse search alone: ${(rate / (SLICE / (fuseMs / 1000))).toFixed(0)}×`);
    console.log(
      `\ntargets: ≥ 10,000 services/s ${rate >= 10_000 ? 'met' : 'NOT met'}, RSS ≤ 1.5 GiB ${peak <= 1.5 * 1024 * 1024 ? 'met' : 'NOT met'}, ≥ 50× Fuse.js ${fuseMs / oursMs >= 50 ? 'met' : 'NOT met'}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
