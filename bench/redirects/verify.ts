// `redirects verify` throughput: 10,000 entry points against a real nginx on loopback at
// concurrency 32, beside the Little's-law bound (concurrency ÷ the mean latency of a bare loop of
// the same GETs through src/http in the same run). DESIGN §14 target: ≥ 90 % of the bound.
//   npx tsx bench/redirects/verify.ts [--n 10000] [--concurrency 32]
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
async function bare(): Promise<{ rate: number; meanMs: number }> {
  const client = createHttpClient({ concurrency: C, retry: { retries: 2 } });
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
  return { rate: N / ((performance.now() - t0) / 1000), meanMs: total / N };
}

try {
  await bare(); // warm-up: connections, JIT
  const rows: Record<string, string | number>[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < 3; round++) {
    // alternate the order, so drift on a shared machine does not favour either side
    let b = round % 2 ? undefined : await bare();
    const v = await verifyRedirects(ws, store, { actor: 'bench', base: nginx.base, concurrency: C });
    b ??= await bare();
    const bound = C / (b.meanMs / 1000);
    const rate = v.checked / v.seconds;
    ratios.push(rate / bound);
    const vd = await verifyRedirects(ws, store, { actor: 'bench', base: nginx.base, destinationBase: nginx.base, concurrency: C });
    rows.push({
      round: round + 1,
      'bare mean latency ms': b.meanMs.toFixed(3),
      'bare rate/s': Math.round(b.rate),
      'bound/s (C÷latency)': Math.round(bound),
      'verify rate/s': Math.round(rate),
      'verify / bound': `${((rate / bound) * 100).toFixed(1)} %`,
      'verify+destinations rate/s': Math.round(vd.checked / vd.seconds),
      ok: v.byOutcome.ok,
    });
    if (v.byOutcome.ok !== N || vd.byOutcome.ok !== N) console.error('unexpected failures', v.byOutcome, vd.byOutcome);
  }
  console.log(`redirects verify: ${N} entry points, nginx on loopback, concurrency ${C}`);
  console.table(rows);
  const med = ratios.sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;
  console.log(`median verify / bound: ${(med * 100).toFixed(1)} % (target ≥ 90 %); load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')} on this machine`);
} finally {
  store.close();
  await nginx.stop();
}
