// XLSX extract benchmark: a generated workbook (300,000 rows by default: a two-row header, shared
// strings, a merged department column every 50 rows), read by the real extract (spreadsheet adapter
// → extract runner → SQLite store), beside floors on the same file in the same run: the bare inflate
// of the sheet part (node:zlib), exceljs' own streaming WorkbookReader, and yimen's reader alone.
// Each measurement runs in its own child process, so its peak RSS is its own. Target: extract under
// 1.5 GiB peak RSS. Run: npx tsx bench/extract/xlsx.ts [--rows 300000] [--old] (--old also times the
// former whole-workbook load, exceljs readFile, for comparison)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { extractOnce } from './workspace.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DATA = join(ROOT, 'bench', '.data');
const DEPTS = ['吴江区人社局', '吴江区民政局', '吴江区卫健委', '吴江区自然资源局', '吴江公积金中心', '松陵街道办事处', '同里镇人民政府'];
const NAMES = ['城乡居民养老保险参保登记', '不动产登记资料查询', '残疾人两项补贴申请', '生育登记', '老年人优待证办理', '公积金提取', '社会救助申请', '𠮷祥社区证明开具'];
const LIMITS = ['即办', '3个工作日', '5个工作日', '10个工作日', '二十个工作日', '承诺1天'];
const HEADER_ROWS = 2;

async function generate(rows: number): Promise<string> {
  const file = join(DATA, `services-${rows}.xlsx`);
  if (existsSync(file)) return file;
  mkdirSync(DATA, { recursive: true });
  const tmp = file + '.tmp.xlsx';
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('事项清单');
  ws.addRow(['智慧吴江 政务服务事项导出', '', '', '', '', '', '']).commit();
  ws.addRow(['事项编号', '事项名称', '实施主体', '事项类型', '承诺时限', '咨询电话', 'H5地址']).commit();
  for (let i = 1; i <= rows; i++) {
    const id = `WJ${String(i).padStart(8, '0')}`;
    const r = ws.addRow([id, `${NAMES[i % NAMES.length]}（${i}）`, DEPTS[Math.floor(i / 50) % DEPTS.length], i % 3 ? '行政许可' : '公共服务', LIMITS[i % LIMITS.length], `0512-6${String(i % 10_000_000).padStart(7, '0')}`, `https://wj.example.gov.cn/h5/item/${id}`]);
    // a merged department over each block of 50 rows (the master holds the value); rows are
    // committed a block at a time, after its merge
    if (i % 50 === 0) {
      ws.mergeCells(HEADER_ROWS + i - 49, 3, HEADER_ROWS + i, 3);
      r.commit();
    }
  }
  ws.commit();
  await wb.commit();
  renameSync(tmp, file);
  return file;
}

interface Result {
  mode: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  cpuSeconds: number;
  peakRssMB: number;
  stored?: number;
}

function measure(mode: string, t: bigint, c0: NodeJS.CpuUsage, rows: number, extra: Partial<Result> = {}): Result {
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  const d = process.cpuUsage(c0);
  return { mode, rows, seconds, rowsPerSecond: Math.round(rows / seconds), cpuSeconds: (d.user + d.system) / 1e6, peakRssMB: process.resourceUsage().maxRSS / 1024, ...extra };
}

async function child(mode: string, file: string, rows: number): Promise<Result> {
  const c0 = process.cpuUsage();
  const t = process.hrtime.bigint();
  if (mode === 'inflate') {
    // the floor of any streamed read: the sheet part's bytes, inflated and dropped
    const { checkXlsxExpansion } = await import('../../src/sdk/table/zip-caps.js');
    const { createReadStream } = await import('node:fs');
    const { createInflateRaw } = await import('node:zlib');
    const { openSync, readSync, closeSync } = await import('node:fs');
    const e = checkXlsxExpansion(file).find((x) => x.name === 'xl/worksheets/sheet1.xml')!;
    const fd = openSync(file, 'r');
    const head = Buffer.alloc(30);
    readSync(fd, head, 0, 30, e.offset);
    closeSync(fd);
    const start = e.offset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
    let bytes = 0;
    for await (const b of createReadStream(file, { start, end: start + e.compressed - 1 }).pipe(createInflateRaw()) as AsyncIterable<Buffer>) bytes += b.length;
    return measure(`bare inflate of the sheet (${(bytes / 1024 ** 2).toFixed(0)} MB)`, t, c0, rows);
  }
  if (mode === 'exceljs-stream') {
    let n = 0;
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', worksheets: 'emit' });
    for await (const ws of reader) for await (const _ of ws as AsyncIterable<unknown>) n++;
    return measure('exceljs WorkbookReader (bare)', t, c0, n - HEADER_ROWS);
  }
  if (mode === 'exceljs-load') {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    let n = 0;
    wb.worksheets[0]!.eachRow(() => n++);
    return measure('exceljs readFile (the former reader)', t, c0, n - HEADER_ROWS);
  }
  if (mode === 'reader') {
    const { readTable } = await import('../../src/sdk/table/index.js');
    let n = 0;
    let bad = 0;
    for (const sh of await readTable(file, { strict: false })) for await (const b of sh.batches) for (const r of b) 'cells' in r ? n++ : bad++;
    return measure("yimen's XLSX reader (readTable)", t, c0, n - HEADER_ROWS, bad ? { stored: -bad } : {});
  }
  // the real extract: spreadsheet adapter → extract runner → store (store-noep: no entry-point column)
  const { stored } = await extractOnce(file, { entryPoints: mode !== 'store-noep', headerRows: 1 });
  return measure(mode === 'store-noep' ? 'extract, no entry points' : 'yimen extract into the store', t, c0, rows, { stored });
}

function runChild(mode: string, file: string, rows: number): Result {
  const r = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, '--child', mode, String(rows), file], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`child ${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    const [, mode, rowsS, file] = argv;
    process.stdout.write(JSON.stringify(await child(mode!, file!, Number(rowsS))) + '\n');
    return;
  }
  const rows = Number(argv[argv.indexOf('--rows') + 1] || 300_000) || 300_000;
  console.log(`generating a ${rows.toLocaleString('en')}-row workbook in ${DATA} (first run only) …`);
  const file = await generate(rows);
  console.log(`  ${file}: ${(statSync(file).size / 1024 ** 2).toFixed(1)} MB`);
  // store-noep: the same extract without the entry-point column, so the cost of entry points (a
  // second raw record and an entry_points row per service) shows apart from the reader's and the rows'
  const modes = ['inflate', 'exceljs-stream', 'reader', 'store-noep', 'store', ...(argv.includes('--old') ? ['exceljs-load'] : [])];
  const results = modes.map((m) => runChild(m, file, rows));
  console.log(`\nmachine: ${os.cpus().length} CPUs, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log('mode                                          rows   wall s   rows/s    CPU s  peak RSS (MB)');
  for (const r of results) {
    console.log(`${r.mode.padEnd(40)} ${String(r.rows).padStart(9)} ${r.seconds.toFixed(2).padStart(8)} ${String(r.rowsPerSecond).padStart(8)} ${r.cpuSeconds.toFixed(2).padStart(8)} ${r.peakRssMB.toFixed(1).padStart(14)}`);
  }
  const floor = results.find((r) => r.mode.startsWith('exceljs WorkbookReader'))!;
  const reader = results.find((r) => r.mode.startsWith("yimen's"))!;
  const store = results.find((r) => r.mode.startsWith('yimen extract'))!;
  console.log(`\nreader vs exceljs' streaming reader: ${(reader.rowsPerSecond / floor.rowsPerSecond).toFixed(2)}× the rows/s, ${(reader.peakRssMB / floor.peakRssMB).toFixed(2)}× the peak RSS`);
  console.log(`extract of ${rows.toLocaleString('en')} XLSX rows: peak RSS ${store.peakRssMB.toFixed(0)} MB (target < 1536 MB): ${store.peakRssMB < 1536 ? 'met' : 'NOT met'}; ${store.stored?.toLocaleString('en')} stored`);
  if (store.stored !== rows) console.log(`warning: ${store.stored} rows stored, expected ${rows}`);
}

await main();
