// Redirect export throughput (DESIGN §14: 300,000 rules to every format ≤ 10 s), each format
// beside a floor run in the same process: writing one line per rule (source and destination)
// through a bare file stream. Then the 100,000-rule nginx export in a real nginx: `nginx -t`,
// start it on loopback, ask a sample of rules and count the right answers.
//   npx tsx bench/redirects/export.ts [--rules 300000] [--nginx-rules 100000] [--sample 2000]
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntryPoint, RedirectRule } from '../../src/schema/index.js';
import { runExporters, type ExportInputs } from '../../src/redirects/export.js';
import { EXPORT_FORMATS } from '../../src/redirects/export/index.js';
import { NGINX_FILE, nginxCheck } from '../../src/redirects/export/nginx.js';
import { freePort, get, startNginx, stopNginx } from '../../test/redirects/nginx-helper.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const N = arg('rules', 300_000);
const NGINX_N = arg('nginx-rules', 100_000);
const SAMPLE = arg('sample', 2000);
const APPS = 100;
const SFB = 'https://sfb.example.cn';

/** a province-sized plan: 100 apps, web pages (some keyed by a query), QR codes, deep links, mini-program pages */
function plan(n: number, webOnly = false): ExportInputs {
  const rules: RedirectRule[] = [];
  const entryPoints: EntryPoint[] = [];
  for (let i = 0; i < n; i++) {
    const app = `app${i % APPS}`;
    const r = webOnly ? 0 : i % 100;
    const kind: RedirectRule['kind'] = r < 80 ? 'web' : r < 90 ? 'qrcode' : r < 95 ? 'deeplink' : 'miniprogram';
    const source =
      kind === 'web'
        ? i % 5 === 0
          ? `https://${app}.old.example.cn/h5/detail?id=${i}`
          : `https://${app}.old.example.cn/h5/svc/${i}/办事指南`
        : kind === 'qrcode'
          ? `https://qr.${app}.example.cn/p/${i}`
          : kind === 'deeplink'
            ? `${app}://service/detail?id=${i}`
            : `wx${String(i % APPS).padStart(16, '0')}:pages/svc/detail?id=${i}`;
    const a = i % 10;
    const action: RedirectRule['action'] = a < 6 ? 'redirect' : a < 8 ? 'notice' : a < 9 ? 'unresolved' : 'pending';
    // QR codes lead to one of 2,000 catalog items (their reprints are one image per item)
    const item = kind === 'qrcode' ? i % 2000 : i % 10_000;
    const destination = action === 'pending' ? undefined : action === 'redirect' ? `${SFB}/service/32${String(item).padStart(6, '0')}` : `${SFB}/notice/${app}`;
    const id = `${app}-ep-${i}`;
    rules.push({ entryPointId: id, appId: app, kind, source, action, destination, status: action === 'redirect' ? 301 : action === 'pending' ? undefined : 410, reason: `${action}: bench`, serviceId: `${app}-${i}` });
    entryPoints.push({ id, appId: app, kind, address: source, locator: `row ${i}`, ...(kind === 'qrcode' ? { label: `街道服务站 ${i % 300}` } : {}), ...(kind === 'miniprogram' ? { miniprogram: { appId: source.split(':')[0]!, path: source.split(':')[1]! } } : {}) });
  }
  return { rules, entryPoints, apps: Array.from({ length: APPS }, (_, i) => ({ id: `app${i}`, name: `县级App ${i}` })), unifiedApp: { name: '苏服办', noticeUrl: `${SFB}/notice/{appId}`, allowlist: ['sfb.example.cn'] } };
}

async function floor(file: string, rules: RedirectRule[]): Promise<{ ms: number; cpuMs: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const out = createWriteStream(file);
  let chunk = '';
  for (const r of rules) {
    chunk += `${r.source} ${r.destination ?? ''}\n`;
    if (chunk.length > 65_536) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
}

const dir = mkdtempSync(join(tmpdir(), 'yimen-bench-export-'));
try {
  const inp = plan(N);
  await floor(join(dir, 'floor.txt'), inp.rules); // warm-up
  const fl = await floor(join(dir, 'floor.txt'), inp.rules);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const s = await runExporters(inp, { formats: EXPORT_FORMATS, outDir: join(dir, 'out') });
  const total = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const totalCpu = (cpu.user + cpu.system) / 1000;
  console.log(`export of ${N.toLocaleString('en')} rules; floor: ${N.toLocaleString('en')} lines (source, destination) through a bare stream = ${fl.ms.toFixed(0)} ms wall, ${fl.cpuMs.toFixed(0)} ms CPU`);
  console.log('format      wall ms  × floor   CPU ms  × floor  rules written  refused  size');
  for (const f of s.formats) {
    const bytes = f.files.reduce((n, x) => n + statSync(x.path).size, 0);
    console.log(
      `${f.format.padEnd(12)} ${String(f.ms).padStart(6)} ${(f.ms / fl.ms).toFixed(1).padStart(8)} ${String(f.cpuMs).padStart(8)} ${(f.cpuMs / fl.cpuMs).toFixed(1).padStart(8)} ${String(f.rules).padStart(14)} ${String(f.refused.length).padStart(8)}  ${(bytes / 1e6).toFixed(1)} MB${f.notes.length ? `  (${f.notes.join('; ')})` : ''}`,
    );
  }
  console.log(`total ${(total / 1000).toFixed(2)} s wall = ${(total / fl.ms).toFixed(1)} × floor, ${(totalCpu / 1000).toFixed(2)} s CPU = ${(totalCpu / fl.cpuMs).toFixed(1)} × floor (target ≤ 10 s); load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);

  // 100,000 rules in a real nginx
  const web = plan(NGINX_N, true);
  const port = await freePort();
  const ng = join(dir, 'nginx');
  const e = await runExporters(web, { formats: ['nginx'], outDir: ng, options: { nginxListen: [`127.0.0.1:${port}`] } });
  const include = join(ng, 'nginx', NGINX_FILE);
  let t = performance.now();
  nginxCheck(join(dir, 'check'), include);
  console.log(`\nnginx: ${e.formats[0]!.rules.toLocaleString('en')} rules, export ${e.formats[0]!.ms} ms, nginx -t ${(performance.now() - t).toFixed(0)} ms`);
  t = performance.now();
  const child = await startNginx(join(dir, 'run'), include, port);
  const startMs = performance.now() - t;
  let right = 0;
  const served = web.rules.filter((r) => r.action !== 'pending');
  for (let k = 0; k < SAMPLE; k++) {
    const r = served[Math.floor((k * served.length) / SAMPLE)]!;
    const u = new URL(r.source);
    const a = await get(port, u.hostname, u.pathname + u.search);
    if (a.status === r.status && (r.status !== 301 || a.location === r.destination)) right++;
  }
  await stopNginx(child);
  console.log(`nginx start ${startMs.toFixed(0)} ms; sampled ${SAMPLE} rules: ${right} right (${((100 * right) / SAMPLE).toFixed(1)} %)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
