// Publish throughput against `yimen catalog serve --latency 50` (a separate process, loopback):
// operations/s at concurrency 1, 4, 16 and 64, each beside the Little's-law bound
// (concurrency ÷ latency) and beside a bare client (the same PUTs straight through src/http, no
// plan, journal, lock or state) against the same server. The machine is shared, so each level runs
// a warm-up pair, then `--rounds` pairs, publish and bare in alternating order, and the ratio
// reported is the median of the pairs' ratios. DESIGN §14 target: ≥ 90 % of the bound at 16; issue 16: ≥ 95 % of the bare
// client at 64.
//   npx tsc -p . && npx tsx bench/publish/run.ts [--latency 50] [--levels 1,4,16,64] [--rounds 4]
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { loadWorkspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { applyPublish } from '../../src/publish/index.js';
import { createHttpClient } from '../../src/http/index.js';
import { makeWorkspace, seedStore, service } from '../../test/publish/fixture.js';
import { serviceBody } from '../../src/publish/payload.js';

/** the baseline: the same PUTs straight through src/http, no plan, journal, lock or state (new ids each round) */
async function baseline(url: string, c: number, n: number, round: number): Promise<number> {
  const client = createHttpClient({ concurrency: 256 });
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: c }, async () => {
      for (let i = next++; i < n; i = next++) {
        const s = service(100_000 + round * n + i);
        await client.put(`${url}/services/${s.id}`, serviceBody(s), { headers: { 'Idempotency-Key': `bench-${round}-${i}-${c}-key` } });
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

/** one publish of n services (a fresh workspace) into the server: operations/s of the apply phase and client CPU per operation */
async function publishOnce(url: string, c: number, n: number): Promise<{ opsPerSec: number; operations: number; seconds: number; cpuMsPerOp: number }> {
  const dir = makeWorkspace({ type: 'http', baseUrl: url, concurrency: c });
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
  store.close();
  rmSync(dir, { recursive: true, force: true });
  if (s.failures.length) throw new Error(`${s.failures.length} failures: ${s.failures[0]!.reason}`);
  return { opsPerSec: s.operations / seconds, operations: s.operations, seconds, cpuMsPerOp: (cpu.user + cpu.system) / 1000 / s.operations };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const rounds = Math.max(1, Number(arg('rounds', '4')));
const rows: Array<{ concurrency: number; operations: number; seconds: number; opsPerSec: number; bound: number; ratio: number; baselineOpsPerSec: number; ofBare: number; pairs: number[]; cpuMsPerOp: number; baselineCpuMsPerOp: number }> = [];
for (const c of levels) {
  const n = Number(arg('ops', '0')) || Math.max(40, Math.round((c / (latency / 1000)) * 2.5)); // about 2.5 s of work at the bound
  const srv = await serve();
  const pub: Array<Awaited<ReturnType<typeof publishOnce>>> = [];
  const bare: Array<{ opsPerSec: number; cpuMsPerOp: number }> = [];
  // a warm-up pair, not counted: the server's and the client's code compiled, sockets open
  await publishOnce(srv.url, c, n);
  await baseline(srv.url, c, n, rounds);
  for (let r = 0; r < rounds; r++) {
    const runBare = async () => {
      const cpuB = process.cpuUsage();
      const ops = await baseline(srv.url, c, n, r);
      const cpu = process.cpuUsage(cpuB);
      bare.push({ opsPerSec: ops, cpuMsPerOp: (cpu.user + cpu.system) / 1000 / n });
    };
    // alternate the order: whichever runs second finds the server and the sockets warm
    if (r % 2) await runBare();
    pub.push(await publishOnce(srv.url, c, n));
    if (r % 2 === 0) await runBare();
  }
  await srv.stop();
  const pairs = pub.map((p, i) => (p.opsPerSec / bare[i]!.opsPerSec) * 100);
  const opsPerSec = median(pub.map((p) => p.opsPerSec));
  const bound = c / (latency / 1000);
  rows.push({
    concurrency: c,
    operations: pub[0]!.operations,
    seconds: Number(median(pub.map((p) => p.seconds)).toFixed(2)),
    opsPerSec: Math.round(opsPerSec),
    bound,
    ratio: Number(((opsPerSec / bound) * 100).toFixed(1)),
    baselineOpsPerSec: Math.round(median(bare.map((b) => b.opsPerSec))),
    ofBare: Number(median(pairs).toFixed(1)),
    pairs: pairs.map((x) => Number(x.toFixed(1))),
    cpuMsPerOp: Number(median(pub.map((p) => p.cpuMsPerOp)).toFixed(2)),
    baselineCpuMsPerOp: Number(median(bare.map((b) => b.cpuMsPerOp)).toFixed(2)),
  });
}

console.log(`publish throughput against catalog serve --latency ${latency} (${process.version}, ${new Date().toISOString()}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores)`);
console.log('concurrency  operations  seconds  ops/s   bound (c/latency)  % of bound   bare ops/s  % of bare (median; each pair)   client CPU ms/op (bare)');
for (const r of rows) {
  console.log(
    `${String(r.concurrency).padStart(11)}  ${String(r.operations).padStart(10)}  ${r.seconds.toFixed(2).padStart(7)}  ${String(r.opsPerSec).padStart(5)}   ${String(r.bound).padStart(17)}  ${r.ratio.toFixed(1).padStart(9)} %   ${String(r.baselineOpsPerSec).padStart(10)}  ${r.ofBare.toFixed(1).padStart(7)} % (${r.pairs.join(', ')})   ${r.cpuMsPerOp.toFixed(2)} (${r.baselineCpuMsPerOp.toFixed(2)})`,
  );
}
const at16 = rows.find((r) => r.concurrency === 16);
if (at16) console.log(`target ≥ 90 % of the bound at concurrency 16: ${at16.ratio >= 90 ? 'met' : 'NOT met'} (${at16.ratio} %)`);
const at64 = rows.find((r) => r.concurrency === 64);
if (at64) console.log(`target ≥ 95 % of the bare client at concurrency 64: ${at64.ofBare >= 95 ? 'met' : 'NOT met'} (${at64.ofBare} %)`);
console.log(JSON.stringify({ latencyMs: latency, rounds, rows }));
