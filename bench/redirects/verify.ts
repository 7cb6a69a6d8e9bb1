// `redirects verify` throughput: 10,000 entry points against a real nginx on loopback at
// concurrency 32, beside its floor in the same run: the same first-hop GETs to the same server
// through a bare src/http client at the same concurrency (no comparison, no store writes). The
// figure is verify's rate as a % of the floor's rate, the median of 3 rounds (the order alternates
// so drift on a shared machine favours neither). The Little's-law bound (concurrency ÷ the bare
// mean latency) is printed beside it for reference only: on a shared 2-core machine the mean
// latency under load is not the latency a single request sees, so the bound swings (verify read as
// 81–88 % of it in one run and > 100 % in another). DESIGN §14 target: ≥ 90 %.
// Each round runs the floor right before and right after verify and compares verify with their
// mean (linear drift cancels), in wall rate and in CPU seconds per probe (the steadier figure on a
// shared machine: CPU time is not stretched by the neighbours the way the wall clock is).
//   npx tsx bench/redirects/verify.ts [--n 10000] [--concurrency 32] [--rounds 3]
import { loadWorkspace } from '../../src/workspace/loader.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { createHttpClient } from '../../src/http/index.js';
import { verifyRedirects } from '../../src/redirects/verify.js';
import type { RedirectRule } from '../../src/schema/index.js';
import { makeWorkspace } from '../../test/publish/fixture.js';
import { startNginx } from '../../test/redirects/verify-nginx.js';
import { tempDir } from '../../test/helpers/cli.js';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : def;
};
const N = Number(arg('n', '10000'));
const C = Number(arg('concurrency', '32'));
const ROUNDS = Number(arg('rounds', '3'));

const rules: RedirectRule[] = Array.from({ length: N }, (_, i) => {
  const action: RedirectRule['action'] = i % 10 < 7 ? 'redirect' : i % 10 < 9 ? 'notice' : 'pending';
  return {
    entryPointId: `demo-ep-${i}`,
    appId: 'demo',
    kind: i % 5 === 0 ? 'qrcode' : 'web',
    source: `https://old.example.cn/h5/service/${i}?id=${i}`,
    action,
    destination: action === 'redirect' ? `https://sfb.example.gov.cn/service/${i % 500}` : action === 'notice' ? 'https://sfb.example.gov.cn/notice/demo' : undefined,
    status: action === 'redirect' ? 301 : action === 'notice' ? 410 : undefined,
    reason: 'bench',
  };
});

const nginx = await startNginx(tempDir('yimen-bench-nginx-'), {
  rules,
  extraServers: (port) => `  server { listen 127.0.0.1:${port}; server_name sfb.example.gov.cn; location / { return 200 "new\\n"; } }`,
});
const ws = await loadWorkspace(makeWorkspace());
const store = openSqliteStore(ws.paths.db);
store.redirects.replaceForApp('demo', rules);

/** the floor: the same first-hop GETs through src/http, no comparison, no store */
async function bare(): Promise<{ rate: number; meanMs: number; cpuPerProbe: number }> {
  const c0 = process.cpuUsage();
  const client = createHttpClient({ concurrency: C, timeoutMs: 10_000, retry: { retries: 2 } }); // as verify makes its client
  const accept = Array.from({ length: 400 }, (_, i) => 100 + i);
  let next = 0;
  let total = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: C }, async () => {
      for (let i = next++; i < N; i = next++) {
        const u = new URL(rules[i]!.source);
        const t = performance.now();
        await client.get(`${nginx.base}${u.pathname}${u.search}`, { responseType: 'text', followRedirects: false, acceptStatuses: accept, headers: { Host: u.host } });
        total += performance.now() - t;
      }
    }),
  );
  const c = process.cpuUsage(c0);
  return { rate: N / ((performance.now() - t0) / 1000), meanMs: total / N, cpuPerProbe: (c.user + c.system) / 1e6 / N };
}

try {
  await bare(); // warm-up: connections, JIT
  const rows: Record<string, string | number>[] = [];
  const ratios: number[] = [];
  const boundRatios: number[] = [];
  const cpuRatios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const b1 = await bare();
    const c0 = process.cpuUsage();
    const v = await verifyRedirects(ws, store, { actor: 'bench', base: nginx.base, concurrency: C });
    const c = process.cpuUsage(c0);
    const b2 = await bare();
    const floorRate = (b1.rate + b2.rate) / 2;
    const floorCpu = (b1.cpuPerProbe + b2.cpuPerProbe) / 2;
    const meanMs = (b1.meanMs + b2.meanMs) / 2;
    const bound = C / (meanMs / 1000);
    const rate = v.checked / v.seconds;
    const cpuPerProbe = (c.user + c.system) / 1e6 / v.checked; // with its store writes
    ratios.push(rate / floorRate);
    cpuRatios.push(floorCpu / cpuPerProbe);
    boundRatios.push(rate / bound);
    rows.push({
      round: round + 1,
      'floor rate/s (before, after)': `${Math.round(b1.rate)}, ${Math.round(b2.rate)}`,
      'verify rate/s': Math.round(rate),
      'verify / floor': `${((rate / floorRate) * 100).toFixed(1)} %`,
      'CPU µs/probe floor': (floorCpu * 1e6).toFixed(0),
      'CPU µs/probe verify': (cpuPerProbe * 1e6).toFixed(0),
      'floor / verify CPU': `${((floorCpu / cpuPerProbe) * 100).toFixed(1)} %`,
      'verify / bound': `${((rate / bound) * 100).toFixed(1)} %`,
      ok: v.byOutcome.ok,
    });
    if (v.byOutcome.ok !== N) console.error('unexpected failures', v.byOutcome);
  }
  const vd = await verifyRedirects(ws, store, { actor: 'bench', base: nginx.base, destinationBase: nginx.base, concurrency: C });
  if (vd.byOutcome.ok !== N) console.error('unexpected failures (with destinations)', vd.byOutcome);
  console.log(`redirects verify: ${N} entry points, nginx on loopback, concurrency ${C}`);
  console.table(rows);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `median verify / floor (bare client, same server, same concurrency): ${(median(ratios) * 100).toFixed(1)} % of the rate (target ≥ 90 %), ` +
      `${(median(cpuRatios) * 100).toFixed(1)} % of the floor's CPU efficiency (floor CPU per probe ÷ verify's, store writes included); ` +
      `with destinations probed too: ${Math.round(vd.checked / vd.seconds)} rules/s; ` +
      `for reference, median verify / Little's-law bound: ${(median(boundRatios) * 100).toFixed(1)} %; load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} on this machine`,
  );
} finally {
  store.close();
  await nginx.stop();
}
