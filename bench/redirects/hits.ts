// `redirects hits import` throughput: a generated 2,000,000-line combined log, lines/s beside a
// bare line count (readline) of the same file in the same run, and peak RSS. DESIGN §14 target:
// ≥ 300,000 lines/s with flat memory.
//   npx tsx bench/redirects/hits.ts [--lines 2000000]
import { createWriteStream, createReadStream, statSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { importHits, forEachLineIn } from '../../src/redirects/hits.js';
import { makeWorkspace } from '../../test/publish/fixture.js';
import { tempDir } from '../../test/helpers/cli.js';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : def;
};
const LINES = Number(arg('lines', '2000000'));
const PLANNED = 5000;

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

const dir = tempDir('yimen-bench-hits-');
const log = join(dir, 'access.log');
{
  // a realistic mix: citizens on planned pages (with tracking parameters), unplanned pages, bots, assets, health checks
  const out = createWriteStream(log);
  const agents = ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 MicroMessenger/8.0.47', 'Mozilla/5.0 (Linux; Android 14) AlipayClient/10.5', 'Mozilla/5.0 (compatible; Baiduspider/2.0)'];
  let buf = '';
  for (let i = 0; i < LINES; i++) {
    const r = (i * 2654435761) % 1000;
    const path =
      r < 700 ? `/h5/service/${(i * 7919) % PLANNED}?id=${(i * 7919) % PLANNED}&utm_source=wx` : r < 800 ? `/h5/unplanned/${i % 3000}` : r < 900 ? `/static/js/app.${i % 50}.js` : r < 950 ? '/healthz' : `/h5/service/${i % PLANNED}?id=${i % PLANNED}`;
    const ua = agents[r < 950 ? i % 2 : 2]!;
    const sec = String(i % 60).padStart(2, '0');
    buf += `203.0.113.${i % 250} - - [10/Oct/2025:13:${String((i >> 6) % 60).padStart(2, '0')}:${sec} +0800] "GET ${path} HTTP/1.1" 200 ${512 + (i % 900)} "https://old.example.cn/h5/" "${ua}"\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise((r) => out.once('finish', r));
}
const size = statSync(log).size;

async function bareCount(): Promise<number> {
  let n = 0;
  for await (const _ of createInterface({ input: createReadStream(log, { highWaterMark: 1 << 20 }), crlfDelay: Infinity })) n++;
  return n;
}

/** a tighter floor: the same chunked line finder the import uses, counting lines only */
async function bareSplit(): Promise<number> {
  let n = 0;
  await forEachLineIn(log, () => n++);
  return n;
}

const ws = await loadWorkspace(makeWorkspace());
const store = openSqliteStore(ws.paths.db);
store.tx(() => {
  for (let i = 0; i < PLANNED; i++)
    store.entryPoints.upsert({ id: `demo-ep-${i}`, appId: 'demo', kind: 'web', address: `https://old.example.cn/h5/service/${i}?id=${i}`, serviceKey: String(i), locator: 'bench' });
});

await bareCount(); // warm the page cache
const rssBefore = process.memoryUsage().rss;
// CPU seconds beside wall seconds: on a shared machine the wall clock mostly measures the neighbours
const cpuSec = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1e6;
let t = performance.now();
let c0 = process.cpuUsage();
const counted = await bareCount();
const bareSec = (performance.now() - t) / 1000;
const bareCpu = cpuSec(process.cpuUsage(c0));
t = performance.now();
c0 = process.cpuUsage();
await bareSplit();
const splitSec = (performance.now() - t) / 1000;
const splitCpu = cpuSec(process.cpuUsage(c0));
peakRss = 0;
t = performance.now();
c0 = process.cpuUsage();
const s = await importHits(ws, store, [log], { actor: 'bench', app: 'demo', host: 'old.example.cn' });
const importSec = (performance.now() - t) / 1000;
const importCpu = cpuSec(process.cpuUsage(c0));
const again = await importHits(ws, store, [log], { actor: 'bench', app: 'demo', host: 'old.example.cn' });
clearInterval(sampler);
console.log(`redirects hits import: ${counted.toLocaleString()} lines, ${(size / 1e6).toFixed(0)} MB`);
console.table([
  { what: 'bare line count (readline)', seconds: bareSec.toFixed(2), 'lines/s': Math.round(counted / bareSec).toLocaleString(), 'CPU s': bareCpu.toFixed(2), 'lines/CPU-s': Math.round(counted / bareCpu).toLocaleString() },
  { what: 'bare chunked split (the import’s reader)', seconds: splitSec.toFixed(2), 'lines/s': Math.round(counted / splitSec).toLocaleString(), 'CPU s': splitCpu.toFixed(2), 'lines/CPU-s': Math.round(counted / splitCpu).toLocaleString() },
  { what: 'hits import', seconds: importSec.toFixed(2), 'lines/s': Math.round(s.files[0]!.lines / importSec).toLocaleString(), 'CPU s': importCpu.toFixed(2), 'lines/CPU-s': Math.round(counted / importCpu).toLocaleString() },
]);
console.log(
  `import vs bare readline count: ${((bareSec / importSec) * 100).toFixed(1)} % wall, ${((bareCpu / importCpu) * 100).toFixed(1)} % CPU; vs bare chunked split: ${((splitSec / importSec) * 100).toFixed(1)} % wall; target ≥ 300,000 lines/s; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`,
);
console.log(`counted ${s.counted.toLocaleString()} hits on ${s.addresses} addresses (${s.matched} planned, ${s.discovered.length} discovered); dropped ${JSON.stringify(s.files[0]!.dropped)}`);
console.log(`re-import of the same log skipped: ${again.files[0]!.skipped}`);
console.log(`RSS before import ${(rssBefore / 2 ** 20).toFixed(0)} MiB, peak during import ${(peakRss / 2 ** 20).toFixed(0)} MiB (file ${(size / 2 ** 20).toFixed(0)} MiB)`);
store.close();
rmSync(dir, { recursive: true, force: true });
