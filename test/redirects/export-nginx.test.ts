import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runExporters, type ExportSummary } from '../../src/redirects/export.js';
import { tempDir } from '../helpers/cli.js';
import { exportPlan, HOSTILE_FROM, NOTICE } from './export-plan.js';
import { HOSTILE_DESTINATIONS } from '../fixtures/hostile-destinations.js';
import { NGINX, freePort, get, startNginx, stopNginx } from './nginx-helper.js';

const plan = exportPlan();
// no skip: without nginx this test fails, so CI cannot pass without the real server (.ci/run installs it)
it('nginx is installed', () => expect(existsSync(NGINX), `${NGINX} missing: apt-get install nginx-light`).toBe(true));

describe('nginx export served by a real nginx', () => {
  let dir: string;
  let port: number;
  let nginx: ChildProcess;
  let summary: ExportSummary;
  const refused = () => summary.formats[0]!.refused;

  beforeAll(async () => {
    dir = tempDir('yimen-nginx-');
    port = await freePort();
    summary = await runExporters(plan, { formats: ['nginx'], outDir: join(dir, 'out'), check: true, options: { nginxListen: [`127.0.0.1:${port}`] } });
    nginx = await startNginx(join(dir, 'run'), join(dir, 'out', 'nginx', 'yimen-redirects.conf'), port);
  });
  afterAll(async () => {
    if (nginx) await stopNginx(nginx);
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes nginx -t (--check) with hash sizes set', () => {
    expect(summary.formats[0]!.check).toMatch(/test is successful/);
    const conf = readFileSync(join(dir, 'out', 'nginx', 'yimen-redirects.conf'), 'utf8');
    expect(conf).toMatch(/map_hash_max_size \d+;/);
    expect(conf).toMatch(/map_hash_bucket_size \d+;/);
  });

  it('refuses every hostile destination with its code, and the sources nginx cannot match safely', () => {
    const byId = new Map(refused().map((r) => [r.entryPointId, r]));
    HOSTILE_DESTINATIONS.filter((h) => h.url).forEach((h, i) => {
      expect(byId.get(`wj-ep-${HOSTILE_FROM + i}`)?.code, h.name).toBe(h.code);
    });
    expect(byId.get('wj-ep-12')?.code).toBe('E_EXPORT_NGINX_SOURCE'); // CR LF in the path
    expect(byId.get('wj-ep-14')?.code).toBe('E_EXPORT_NGINX_DUPLICATE'); // //dup = /dup for nginx
    expect(byId.get('wj-ep-16')?.code).toBe('E_EXPORT_NGINX_SOURCE'); // bad-name: no $arg_ for it
    expect(byId.get('wj-ep-26')?.code).toBe('E_EXPORT_NGINX_FRAGMENT');
  });

  it('answers every served rule with its planned status and Location', async () => {
    const refusedIds = new Set(refused().map((r) => r.entryPointId));
    let checked = 0;
    for (const rule of plan.rules) {
      if ((rule.kind !== 'web' && rule.kind !== 'qrcode') || rule.action === 'pending' || refusedIds.has(rule.entryPointId)) continue;
      const u = new URL(rule.source);
      const a = await get(port, u.hostname, u.pathname + u.search);
      expect(a.status, rule.source).toBe(rule.status);
      if (rule.status === 301) {
        expect(a.location, rule.source).toBe(rule.destination);
        expect(a.cacheControl).toBe('public, max-age=86400');
      } else {
        expect(a.location).toBeUndefined();
        expect(a.body).toContain(`href="${rule.destination}"`);
      }
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  it('matches significant query parameters whatever their order and extra parameters', async () => {
    expect((await get(port, 'old.example.cn', '/h5/detail?utm_source=x&type=a&id=8')).location).toBe('https://sfb.example.cn/service/8');
    expect((await get(port, 'old.example.cn', '/h5/detail?id=7&from=poster')).location).toBe('https://sfb.example.cn/service/7');
    const other = await get(port, 'old.example.cn', '/h5/detail?id=999');
    expect(other.status).toBe(410); // the path-only rule: a notice
    expect((await get(port, 'old.example.cn', '/h5/%E5%8A%9E%E4%BA%8B/%E8%AF%81%E6%98%8E')).location).toBe('https://sfb.example.cn/service/9?from=old');
  });

  it('serves refused, unknown and pending paths the notice page, never a hostile Location', async () => {
    for (let i = HOSTILE_FROM; i < plan.rules.length; i++) {
      const u = new URL(plan.rules[i]!.source);
      const a = await get(port, u.hostname, u.pathname);
      expect(a.status).toBe(410);
      expect(a.location).toBeUndefined();
      expect(a.body).toContain(NOTICE('wj'));
    }
    expect((await get(port, 'old.example.cn', '/never/planned')).status).toBe(410);
    expect((await get(port, 'old.example.cn', '/h5/%0d%0aSet-Cookie:x')).status).toBe(410);
    expect((await get(port, 'zfq.example.cn', '/elsewhere')).body).toContain(NOTICE('zfq'));
  });
});
