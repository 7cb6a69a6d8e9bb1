// Publish throughput against `yimen catalog serve --latency 50` (a separate process, loopback):
// operations/s at concurrency 1, 4, 16 and 64, each beside the Little's-law bound
// (concurrency ÷ latency). DESIGN §14 target: ≥ 90 % of the bound at 16.
//   npx tsc -p . && npx tsx bench/publish/run.ts [--latency 50] [--levels 1,4,16,64]
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { applyPublish } from '../../src/publish/index.js';
import { createHttpClient } from '../../src/http/index.js';
import { makeWorkspace, seedStore, service } from '../../test/publish/fixture.js';
import { serviceBody } from '../../src/publish/payload.js';

/** the baseline: the same PUTs straight through src/http, no plan, journal, lock or state */
async function baseline(url: string, c: number, n: number): Promise<number> {
  const client = createHttpClient({ concurrency: 256 });
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: c }, async () => {
      for (let i = next++; i < n; i = next++) {
        const s = service(100_000 + i);
        await client.put(`${url}/services/${s.id}`, serviceBody(s), { headers: { 'Idempotency-Key': `bench-${i}-${c}-key` } });
      }
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

const ROOT = resolve(import.meta.dirname, '..', '..');
const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : def;
};
const latency = Number(arg('latency', '50'));
const levels = arg('levels', '1,4,16,64').split(',').map(Number);

async function serve(): Promise<{ url: string; stop: () => Promise<void> }> {
  const p = spawn(process.execPath, [join(ROOT, 'bin', 'run.js'), 'catalog', 'serve', '--port', '0', '--latency', String(latency)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((res, rej) => {
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/[\d.:]+)/.exec(out);
      if (m) res(m[1]!);
    });
    p.once('exit', (c) => rej(new Error(`catalog serve exited ${c}: ${out}`)));
  });
  p.removeAllListeners('exit');
  return { url, stop: () => new Promise((r) => (p.once('exit', () => r()), p.kill('SIGTERM'))) };
}

const rows: Array<{ concurrency: number; operations: number; seconds: number; opsPerSec: number; bound: number; ratio: number; baselineOpsPerSec: number; cpuMsPerOp: number; baselineCpuMsPerOp: number }> = [];
for (const c of levels) {
  const n = Number(arg('ops', '0')) || Math.max(40, Math.round((c / (latency / 1000)) * 2.5)); // about 2.5 s of work at the bound
  const srv = await serve();
  const dir = makeWorkspace({ type: 'http', baseUrl: srv.url, concurrency: c });
  const ws = await loadWorkspace(dir);
  const store = openSqliteStore(ws.paths.db);
  seedStore(store, n);
  let applyStart = 0;
  let cpuStart = process.cpuUsage();
  const s = await applyPublish(ws, store, {
    actor: 'bench',
    concurrency: c,
    onProgress: (p) => {
      if (p.phase === 'apply' && p.done === 0) {
        applyStart = performance.now();
        cpuStart = process.cpuUsage();
      }
    },
  });
  const seconds = (performance.now() - applyStart) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuMsPerOp = (cpu.user + cpu.system) / 1000 / s.operations;
  store.close();
  const cpuB = process.cpuUsage();
  const base = await baseline(srv.url, c, n);
  const cpuBase = process.cpuUsage(cpuB);
  const baseCpuMsPerOp = (cpuBase.user + cpuBase.system) / 1000 / n;
  await srv.stop();
  if (s.failures.length) throw new Error(`${s.failures.length} failures: ${s.failures[0]!.reason}`);
  const opsPerSec = s.operations / seconds;
  const bound = c / (latency / 1000);
  rows.push({ concurrency: c, operations: s.operations, seconds: Number(seconds.toFixed(2)), opsPerSec: Math.round(opsPerSec), bound, ratio: Number(((opsPerSec / bound) * 100).toFixed(1)), baselineOpsPerSec: Math.round(base), cpuMsPerOp: Number(cpuMsPerOp.toFixed(2)), baselineCpuMsPerOp: Number(baseCpuMsPerOp.toFixed(2)) });
}

console.log(`publish throughput against catalog serve --latency ${latency} (${process.version}, ${new Date().toISOString()}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores)`);
console.log('concurrency  operations  seconds  ops/s   bound (c/latency)  % of bound   baseline ops/s (bare src/http PUTs)   client CPU ms/op (baseline)');
for (const r of rows) {
  console.log(
    `${String(r.concurrency).padStart(11)}  ${String(r.operations).padStart(10)}  ${r.seconds.toFixed(2).padStart(7)}  ${String(r.opsPerSec).padStart(5)}   ${String(r.bound).padStart(17)}  ${r.ratio.toFixed(1).padStart(9)} %   ${String(r.baselineOpsPerSec).padStart(6)}   ${r.cpuMsPerOp.toFixed(2)} (${r.baselineCpuMsPerOp.toFixed(2)})`,
  );
}
const at16 = rows.find((r) => r.concurrency === 16);
if (at16) console.log(`target ≥ 90 % of the bound at concurrency 16: ${at16.ratio >= 90 ? 'met' : 'NOT met'} (${at16.ratio} %)`);
console.log(JSON.stringify({ latencyMs: latency, rows }));
