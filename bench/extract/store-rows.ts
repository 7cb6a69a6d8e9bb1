// The store's side of extract alone: 1M prepared rows (what the read thread hands over: key, locator,
// content hash, the JSON's UTF-8 bytes, the shape) written by `store.raw.insertNew` as Ingest writes
// them (100 a call, a transaction every 5,000, in one staged run), then the COMMIT with its WAL
// checkpoint. Two builds in one process, rounds alternating, so the machine's load falls on both
// alike: this build's dist/ against another's (YIMEN_BENCH_DIST, as bench/extract/run.ts takes it).
// Prints CPU seconds of the inserts and of the COMMIT, wall, and the database's size.
// Run: npm run build && YIMEN_BENCH_DIST=/abs/other/dist/src npx tsx bench/extract/store-rows.ts [--rows 1000000] [--rounds 3]
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RawRecordInput } from '../../src/store/store.js';

const arg = (name: string, d: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : d;
};
const ROWS = arg('--rows', 1_000_000);
const ROUNDS = arg('--rounds', 3);
const HERE = resolve(import.meta.dirname, '..', '..', 'dist', 'src');
const OTHER = process.env.YIMEN_BENCH_DIST;

// the store's own input type: json and shape are always given here, as extract's read thread gives them
type Row = RawRecordInput & Required<Pick<RawRecordInput, 'json' | 'shape'>>;
type Open = (path: string) => {
  stage(): { commit(): void };
  tx<T>(fn: () => T): T;
  raw: { insertNew(rows: Row[]): unknown };
  close(): void;
};

// rows like the bench's CSV: seven columns, the values' JSON in the keys' sorted order
const KEYS = ['事项编号', '事项名称', '实施主体', '事项类型', '承诺时限', '咨询电话', 'H5地址'];
const SHAPE = JSON.stringify(KEYS);
const SORTED = JSON.stringify([...KEYS].sort());
function rows(n: number): { hex: Row[]; bytes: Row[] } {
  const hex: Row[] = [];
  const bytes: Row[] = [];
  for (let i = 1; i <= n; i++) {
    const id = `WJ${String(i).padStart(8, '0')}`;
    const values = [`https://wj.example.gov.cn/h5/item/${id}`, `0512-6${String(i % 10000000).padStart(7, '0')}`, id, '吴江区民政局', '行政许可', `不动产登记资料查询（${i}）`, '3个工作日'];
    const json = Buffer.from(JSON.stringify(values));
    const h = createHash('sha1').update(SORTED).update(json).digest();
    const base = { appId: 'wujiang', stream: 'services', key: id, locator: `services.csv!R${i + 3}`, data: undefined, json, shape: SHAPE };
    hex.push({ ...base, contentHash: h.toString('hex') });
    bytes.push({ ...base, contentHash: h });
  }
  return { hex, bytes };
}

function once(open: Open, input: Row[]): { insertCpu: number; commitCpu: number; wall: number; mb: number } {
  const dir = mkdtempSync(join(tmpdir(), 'yimen-store-rows-'));
  const path = join(dir, 'state.db');
  const store = open(path);
  try {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const run = store.stage();
    for (let i = 0; i < input.length; i += 5000) {
      store.tx(() => {
        for (let j = i; j < Math.min(i + 5000, input.length); j += 100) store.raw.insertNew(input.slice(j, Math.min(j + 100, input.length)));
      });
    }
    const c1 = process.cpuUsage(c0);
    run.commit();
    const c2 = process.cpuUsage(c0);
    const wall = (performance.now() - t0) / 1000;
    const cpu = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;
    return { insertCpu: cpu(c1), commitCpu: cpu(c2) - cpu(c1), wall, mb: statSync(path).size / 1e6 };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const load = async (dist: string) => ((await import(pathToFileURL(join(dist, 'store', 'sqlite.js')).href)) as { openSqliteStore: Open }).openSqliteStore;
const builds: Array<[string, Open, 'hex' | 'bytes']> = [['this build', await load(HERE), 'bytes']];
if (OTHER) builds.unshift(['other build', await load(OTHER), 'hex']);
const input = rows(ROWS);
console.log(`${ROWS.toLocaleString('en')} rows, ${ROUNDS} rounds; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log('build          insert CPU s  COMMIT CPU s  wall s   db MB');
const sums = new Map<string, number[]>();
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, open, form] of builds) {
    // the other build is given the hex text it takes; this one the bytes extract now makes
    const x = once(open, input[form]);
    (sums.get(name) ?? sums.set(name, []).get(name)!).push(x.insertCpu + x.commitCpu);
    console.log(`${name.padEnd(14)} ${x.insertCpu.toFixed(2).padStart(12)}  ${x.commitCpu.toFixed(2).padStart(12)}  ${x.wall.toFixed(2).padStart(6)}  ${x.mb.toFixed(0).padStart(6)}`);
  }
}
for (const [name, v] of sums) console.log(`${name}: insert + COMMIT CPU s, min ${Math.min(...v).toFixed(2)}, median ${[...v].sort((a, b) => a - b)[v.length >> 1]!.toFixed(2)}`);
