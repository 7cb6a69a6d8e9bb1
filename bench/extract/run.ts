// Extract benchmark: a generated GB18030 CSV (1,000,000 rows), read through the spreadsheet adapter
// into the SQLite store by the extract runner, at 100,000 and 1,000,000 rows, beside two floors on
// the same file: bare csv-parse + iconv-lite, and the store's floor (decode + split + one prepared
// INSERT per row into one table, one transaction: what any extract into SQLite must at least do).
// Each measurement runs in its own child process, so its peak RSS is its own. A source this large
// is read on a second thread (src/extract/read-thread.ts): the bench also prints each thread's CPU
// time, and the same extract kept on one thread (YIMEN_THREADS=1) at the larger size.
// Run: npx tsx bench/extract/run.ts [--rows 1000000] [--rounds N] [--entry-points] [--no-one-thread] [--no-bare] [--old-floor] [--row-floor] (needs
// `npm run build`: the extract runs from dist/, as `yimen extract` does)
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import os, { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import * as crypto from 'node:crypto';
import iconv from 'iconv-lite';
import { parse } from 'csv-parse';
import { dbBytes, extractOnce } from './workspace.js';

// the one-shot SHA-1 where Node has it (20.12+), as the extract makes its hashes
const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'buffer') => Buffer }).hash;
const sha1Bytes = (s: string): Buffer => (oneShot ? oneShot('sha1', s, 'buffer') : crypto.createHash('sha1').update(s).digest());

const ROOT = resolve(import.meta.dirname, '..', '..');
const DATA = join(ROOT, 'bench', '.data');
const DEPTS = ['吴江区人社局', '吴江区民政局', '吴江区卫健委', '吴江区自然资源局', '吴江公积金中心', '松陵街道办事处', '同里镇人民政府'];
const NAMES = ['城乡居民养老保险参保登记', '不动产登记资料查询', '残疾人两项补贴申请', '生育登记', '老年人优待证办理', '公积金提取', '社会救助申请', '𠮷祥社区证明开具'];
const LIMITS = ['即办', '3个工作日', '5个工作日', '10个工作日', '二十个工作日', '承诺1天'];

function fileFor(rows: number): string {
  return join(DATA, `services-${rows}.gb18030.csv`);
}

async function generate(rows: number): Promise<string> {
  const file = fileFor(rows);
  if (existsSync(file)) return file;
  mkdirSync(DATA, { recursive: true });
  const out = createWriteStream(file + '.tmp');
  const enc = iconv.encodeStream('gb18030');
  enc.pipe(out);
  enc.write('智慧吴江 政务服务事项导出\r\n导出时间：2025年3月1日\r\n事项编号,事项名称,实施主体,事项类型,承诺时限,咨询电话,H5地址\r\n');
  let buf = '';
  for (let i = 1; i <= rows; i++) {
    const id = `WJ${String(i).padStart(8, '0')}`;
    buf += `${id},${NAMES[i % NAMES.length]}（${i}）,${DEPTS[i % DEPTS.length]},${i % 3 ? '行政许可' : '公共服务'},${LIMITS[i % LIMITS.length]},0512-6${String(i % 10000000).padStart(7, '0')},https://wj.example.gov.cn/h5/item/${id}\r\n`;
    if (i % 5000 === 0) {
      if (!enc.write(buf)) await once(enc, 'drain');
      buf = '';
    }
  }
  enc.end(buf);
  await once(out, 'finish');
  const { renameSync } = await import('node:fs');
  renameSync(file + '.tmp', file);
  return file;
}

interface Result {
  mode: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  /** CPU seconds (user + system): the machine's load does not inflate it */
  cpuSeconds: number;
  rowsPerCpuSecond: number;
  peakRssMB: number;
  stored?: number;
  /** CPU seconds of the main thread and of the busiest other thread (the read thread, when there is one) */
  mainCpu?: number;
  readCpu?: number;
  /** the database file's size per row stored (page count × page size / rows), after the commit */
  bytesPerRow?: number;
  /** a floor's COMMIT alone, seconds (its WAL checkpoint: the rows' pages copied into the file and synced) */
  commitSeconds?: number;
}

const cpuSince = (c: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1e6;
};

async function childBare(file: string, rows: number): Promise<Result> {
  const c0 = process.cpuUsage();
  const t = process.hrtime.bigint();
  let n = 0;
  const parser = createReadStream(file).pipe(iconv.decodeStream('gb18030')).pipe(parse({ relax_column_count: true, bom: true }));
  for await (const _ of parser) n++;
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  const cpu = cpuSince(c0);
  return { mode: 'bare csv-parse + iconv-lite', rows: n - 3, seconds, rowsPerSecond: Math.round((n - 3) / seconds), cpuSeconds: cpu, rowsPerCpuSecond: Math.round((n - 3) / cpu), peakRssMB: process.resourceUsage().maxRSS / 1024 };
}

/**
 * the floor: the extract's decode (csvDecoder) + the CSV splitter + one INSERT per row into one
 * SQLite table, in the pieces the extract decodes (src/sdk/table). `old`: iconv-lite in 256 KiB
 * pieces, the floor as it was measured before the extract decoded in small pieces (its strings
 * then went to V8's large-object space) and natively, kept for comparison with earlier figures
 */
async function childFloor(file: string, rows: number, old = false, storeRow = false): Promise<Result> {
  const { default: Database } = await import('better-sqlite3');
  const { CsvSplitter } = await import('../../src/sdk/table/csv.js');
  // the pieces extract reads (src/sdk/table): the floor must not pay a cost the extract avoids
  const { CSV_READ_BYTES, CSV_DECODE_BYTES, csvDecoder } = await import('../../src/sdk/table/index.js');
  const dir = mkdtempSync(join(tmpdir(), 'yimen-bench-floor-'));
  try {
    const db = new Database(join(dir, 'floor.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // storeRow: the row raw_rows keeps (migration 20) instead of (key, data): a stream id, the
    // locator, the content hash's 20 bytes, a shape id and a time beside the same JSON. Not the
    // target's floor: it shows what the wider row alone costs (its INSERT and its checkpoint)
    db.exec(
      storeRow
        ? 'CREATE TABLE t (stream_id INTEGER NOT NULL, key TEXT NOT NULL, locator TEXT NOT NULL, hash BLOB NOT NULL, data TEXT NOT NULL, shape INTEGER, seen_at INTEGER, PRIMARY KEY (stream_id, key))'
        : 'CREATE TABLE t (key TEXT PRIMARY KEY, data TEXT NOT NULL)',
    );
    const ins = db.prepare(storeRow ? 'INSERT INTO t VALUES (1, ?, ?, ?, ?, 1, ?)' : 'INSERT INTO t(key, data) VALUES (?, ?)');
    const label = basename(file);
    const now = Date.now();
    const c0 = process.cpuUsage();
    const t = process.hrtime.bigint();
    const splitter = new CsvSplitter();
    let n = 0;
    const store = (out: ReturnType<CsvSplitter['push']>) => {
      for (const r of out) {
        if (!('cells' in r) || r.line <= 3) continue;
        const data = JSON.stringify(r.cells);
        if (storeRow) ins.run(r.cells[0], `${label}!R${r.line}`, sha1Bytes(data), data, now);
        else ins.run(r.cells[0], data);
        n++;
      }
    };
    db.exec('BEGIN');
    // the extract's decoder (GB18030 by the native decoder, src/sdk/table/gb18030.ts), or iconv-lite's as measured before
    const decoder = old ? iconv.getDecoder('gb18030') : csvDecoder('gb18030');
    for await (const bytes of createReadStream(file, { highWaterMark: CSV_READ_BYTES }) as AsyncIterable<Buffer>)
      for (let at = 0, step = old ? CSV_READ_BYTES : CSV_DECODE_BYTES; at < bytes.length; at += step) store(splitter.push(decoder.write(bytes.subarray(at, at + step))));
    store(splitter.push(decoder.end() ?? ''));
    store(splitter.end());
    const t1 = process.hrtime.bigint();
    db.exec('COMMIT');
    const seconds = Number(process.hrtime.bigint() - t) / 1e9;
    const commitSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
    const cpu = cpuSince(c0);
    const bytesPerRow = dbBytes(db) / n;
    db.close();
    const mode = storeRow ? "floor with the store's row" : old ? 'floor as before (iconv-lite, 256 KiB)' : 'floor: decode+split+INSERT';
    return { mode, rows: n, seconds, rowsPerSecond: Math.round(n / seconds), cpuSeconds: cpu, rowsPerCpuSecond: Math.round(n / cpu), peakRssMB: process.resourceUsage().maxRSS / 1024, stored: n, bytesPerRow, commitSeconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * CPU seconds of each of this process's threads so far, by thread id (Linux /proc): the extract's
 * main thread and its read thread, apart from V8's helpers; sampled, since a finished thread's
 * entry goes with it.
 */
function threadCpu(into: Map<string, number>): void {
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const st = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      into.set(tid, (Number(f[11]) + Number(f[12])) / 100);
    }
  } catch {
    // not Linux, or a thread ended while read: the figure is then missing, nothing else
  }
}

async function childStore(file: string, rows: number, mode: 'store' | 'store-ep' | 'store-1'): Promise<Result> {
  if (mode === 'store-1') process.env.YIMEN_THREADS = '1';
  let c0 = process.cpuUsage();
  let t = process.hrtime.bigint();
  const before = new Map<string, number>();
  const after = new Map<string, number>();
  const sampler = setInterval(() => threadCpu(after), 100);
  let cpu = 0;
  let seconds = 0;
  // the clock stops when the extract returns (its commit made), as the floor's stops after its
  // COMMIT: counting the rows, closing the store and removing the workspace are the bench's
  const { stored, bytes } = await extractOnce(
    file,
    { entryPoints: mode === 'store-ep' },
    () => {
      threadCpu(before);
      c0 = process.cpuUsage();
      t = process.hrtime.bigint();
    },
    () => {
      seconds = Number(process.hrtime.bigint() - t) / 1e9;
      cpu = cpuSince(c0);
      clearInterval(sampler);
      threadCpu(after);
    },
  );
  // the main thread's id is the process id; the read thread is the busiest other one
  const used = [...after].map(([tid, s]) => [tid, s - (before.get(tid) ?? 0)] as const);
  const main = used.find(([tid]) => tid === String(process.pid))?.[1];
  const others = used.filter(([tid]) => tid !== String(process.pid)).sort((a, b) => b[1] - a[1]);
  const name = mode === 'store-ep' ? 'into the store (+ entry points)' : mode === 'store-1' ? 'into the store, one thread' : 'into the store';
  return {
    mode: name,
    rows,
    seconds,
    rowsPerSecond: Math.round(rows / seconds),
    cpuSeconds: cpu,
    rowsPerCpuSecond: Math.round(rows / cpu),
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    stored,
    bytesPerRow: bytes / rows,
    ...(main !== undefined ? { mainCpu: main, readCpu: others[0]?.[1] ?? 0 } : {}),
  };
}

function runChild(args: string[]): Result {
  const r = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, '--child', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`child ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    const [, mode, rowsS, file] = argv;
    const rows = Number(rowsS);
    const res = mode === 'bare' ? await childBare(file!, rows) : mode === 'floor' || mode === 'floor-old' || mode === 'floor-row' ? await childFloor(file!, rows, mode === 'floor-old', mode === 'floor-row') : await childStore(file!, rows, mode as 'store' | 'store-ep' | 'store-1');
    process.stdout.write(JSON.stringify(res) + '\n');
    return;
  }
  const maxRows = Number(argv[argv.indexOf('--rows') + 1] || 1_000_000) || 1_000_000;
  const sizes = [Math.round(maxRows / 10), maxRows];
  console.log(`generating GB18030 CSVs in ${DATA} (first run only) …`);
  const files = new Map<number, string>();
  for (const n of sizes) files.set(n, await generate(n));
  for (const [n, f] of files) console.log(`  ${f}: ${n.toLocaleString('en')} rows, ${(statSync(f).size / 1024 / 1024).toFixed(1)} MB`);
  const results: Result[] = [];
  for (const n of sizes) {
    // csv-parse is slow (about 40 CPU s per 1M rows): --no-bare leaves it out while iterating
    if (!argv.includes('--no-bare')) results.push(runChild(['bare', String(n), files.get(n)!]));
    results.push(runChild(['floor', String(n), files.get(n)!]));
    if (n === maxRows && argv.includes('--old-floor')) results.push(runChild(['floor-old', String(n), files.get(n)!]));
    if (n === maxRows && argv.includes('--row-floor')) results.push(runChild(['floor-row', String(n), files.get(n)!]));
    results.push(runChild(['store', String(n), files.get(n)!]));
    if (argv.includes('--entry-points')) results.push(runChild(['store-ep', String(n), files.get(n)!]));
  }
  // the same extract kept on one thread (YIMEN_THREADS=1), at the larger size: what the read thread adds
  if (!argv.includes('--no-one-thread')) results.push(runChild(['store-1', String(maxRows), files.get(maxRows)!]));
  console.log(`\nmachine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (rows per CPU-second is not inflated by load)`);
  console.log('mode                              rows   wall s   rows/s    CPU s  rows/CPU-s  peak RSS (MB)  bytes/row  CPU s: main / read thread, or the COMMIT');
  for (const r of results) {
    const extra = r.mainCpu !== undefined ? `  ${r.mainCpu.toFixed(2)} / ${r.readCpu!.toFixed(2)}` : r.commitSeconds !== undefined ? `  COMMIT ${r.commitSeconds.toFixed(2)} s` : '';
    console.log(
      `${r.mode.padEnd(30)} ${String(r.rows).padStart(9)} ${r.seconds.toFixed(2).padStart(8)} ${String(r.rowsPerSecond).padStart(8)} ${r.cpuSeconds.toFixed(2).padStart(8)} ${String(r.rowsPerCpuSecond).padStart(11)} ${r.peakRssMB.toFixed(1).padStart(14)} ${(r.bytesPerRow === undefined ? '' : r.bytesPerRow.toFixed(0)).padStart(10)}${extra}`,
    );
  }
  const small = results.find((r) => r.mode === 'into the store' && r.rows === sizes[0])!;
  const big = results.find((r) => r.mode === 'into the store' && r.rows === sizes[1])!;
  const ratio = big.peakRssMB / small.peakRssMB;
  console.log(
    `\ninto the store at ${sizes[1]!.toLocaleString('en')} rows: ${big.rowsPerSecond.toLocaleString('en')} rows/s wall, ${big.rowsPerCpuSecond.toLocaleString('en')} rows per CPU-second (target ≥ 50,000): ${big.rowsPerSecond >= 50_000 ? 'met' : big.rowsPerCpuSecond >= 50_000 ? 'met per CPU-second, not on this loaded wall clock' : 'NOT met'}`,
  );
  const floor = results.find((r) => r.mode.startsWith('floor:') && r.rows === sizes[1])!;
  const pct = (a: number, b: number) => ((a / b) * 100).toFixed(1);
  console.log(
    `against the floor (decode + split + one-table INSERT) in this run: ${pct(big.rowsPerSecond, floor.rowsPerSecond)} % wall, ${pct(big.rowsPerCpuSecond, floor.rowsPerCpuSecond)} % per CPU-second (target ≥ 80 %): ${big.rowsPerSecond >= 0.8 * floor.rowsPerSecond ? 'met' : 'NOT met'}`,
  );
  const rowFloor = results.find((r) => r.mode.startsWith('floor with the store'));
  if (rowFloor)
    console.log(
      `against the floor with the store's row (locator, content hash, shape, time; not the target's floor) in this run: ${pct(big.rowsPerSecond, rowFloor.rowsPerSecond)} % wall, ${pct(big.rowsPerCpuSecond, rowFloor.rowsPerCpuSecond)} % per CPU-second; its COMMIT ${rowFloor.commitSeconds!.toFixed(2)} s for ${rowFloor.bytesPerRow!.toFixed(0)} bytes a row, the floor's ${floor.commitSeconds!.toFixed(2)} s for ${floor.bytesPerRow!.toFixed(0)}`,
    );
  const oldFloor = results.find((r) => r.mode.startsWith('floor as before'));
  if (oldFloor) console.log(`against the floor as measured before (iconv-lite, 256 KiB decode) in this run: ${pct(big.rowsPerSecond, oldFloor.rowsPerSecond)} % wall, ${pct(big.rowsPerCpuSecond, oldFloor.rowsPerCpuSecond)} % per CPU-second`);
  console.log(`peak RSS ${sizes[1]!.toLocaleString('en')} / ${sizes[0]!.toLocaleString('en')} rows: ${ratio.toFixed(2)}× (target < 1.3×): ${ratio < 1.3 ? 'met' : 'NOT met'}`);
  if (big.mainCpu !== undefined && big.readCpu) {
    // on a busy machine the wall clock hides a second thread's gain: the busier thread's CPU time
    // against the floor's is what a quiet machine's wall clock would show
    const bound = Math.max(big.mainCpu, big.readCpu);
    console.log(
      `busier thread at ${sizes[1]!.toLocaleString('en')} rows: ${bound.toFixed(2)} CPU s (main ${big.mainCpu.toFixed(2)}, read ${big.readCpu.toFixed(2)}) against the floor's ${floor.cpuSeconds.toFixed(2)}: ${pct(floor.cpuSeconds, bound)} % of the floor's rate if each thread had a core`,
    );
  }
  if (big.stored !== sizes[1]) console.log(`warning: ${big.stored} rows stored, expected ${sizes[1]}`);
  // --rounds N: N pairs (floor, then the extract) at the larger size in all, the first above. This
  // VM's speed moves within minutes (the floor alone took 3.8–6.3 s in one hour), so one pair's
  // ratio says little: the median of N does
  const rounds = argv.includes('--rounds') ? Math.max(1, Number(argv[argv.indexOf('--rounds') + 1]) || 1) : 1;
  if (rounds > 1) {
    const pairs: Array<[Result, Result]> = [[floor, big]];
    for (let k = 1; k < rounds; k++) pairs.push([runChild(['floor', String(maxRows), files.get(maxRows)!]), runChild(['store', String(maxRows), files.get(maxRows)!])]);
    const median = (xs: number[]) => {
      const a = [...xs].sort((x, y) => x - y);
      return a.length % 2 ? a[(a.length - 1) / 2]! : (a[a.length / 2 - 1]! + a[a.length / 2]!) / 2;
    };
    const ratios = pairs.map(([f, e]) => e.rowsPerSecond / f.rowsPerSecond);
    console.log(`\n${rounds} pairs at ${maxRows.toLocaleString('en')} rows (floor wall s / extract wall s, extract's main / read thread CPU s):`);
    for (const [f, e] of pairs) console.log(`  ${f.seconds.toFixed(2)} / ${e.seconds.toFixed(2)}: ${pct(e.rowsPerSecond, f.rowsPerSecond)} %${e.mainCpu !== undefined ? `  (${e.mainCpu.toFixed(2)} / ${e.readCpu!.toFixed(2)})` : ''}`);
    const m = median(ratios);
    console.log(
      `median against the floor: ${(m * 100).toFixed(1)} % wall (target ≥ 80 %): ${m >= 0.8 ? 'met' : 'NOT met'}; medians of the extract's threads: main ${median(pairs.map(([, e]) => e.mainCpu ?? 0)).toFixed(2)}, read ${median(pairs.map(([, e]) => e.readCpu ?? 0)).toFixed(2)} CPU s, the floor's ${median(pairs.map(([f]) => f.cpuSeconds)).toFixed(2)}`,
    );
  }
}

await main();
