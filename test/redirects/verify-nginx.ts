// A real nginx on a free loopback port serving redirect rules from a small config of its own
// (a `map` of old address → destination, 301 / 410), for the verify tests and bench. The nginx
// exporter proper lives elsewhere; this only needs to answer as a deployed plan would.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { RedirectRule } from '../../src/schema/index.js';

export const NGINX = '/usr/sbin/nginx';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const q = (s: string) => `"${s.replace(/(["\\$])/g, '\\$1')}"`;

/** map key: host + request URI (path and query as sent) */
function key(url: string): string {
  const u = new URL(url);
  return `${u.host}${u.pathname}${u.search}`;
}

export interface NginxOptions {
  rules: RedirectRule[];
  /** served instead of the plan for these sources: a destination (301) or a status */
  override?: Record<string, { destination?: string; status?: number }>;
  /** extra server blocks (destination hosts) */
  extraServers?: (port: number) => string;
}

export function nginxConfig(dir: string, port: number, o: NginxOptions): string {
  const dest: string[] = [];
  const gone: string[] = [];
  for (const r of o.rules) {
    const ov = o.override?.[r.source];
    if (ov?.destination) dest.push(`    ${q(key(r.source))} ${q(ov.destination)};`);
    else if (ov?.status) gone.push(`    ${q(key(r.source))} ${ov.status};`);
    else if (r.action === 'redirect') dest.push(`    ${q(key(r.source))} ${q(r.destination!)};`);
    else if (r.action === 'notice' || r.action === 'unresolved') gone.push(`    ${q(key(r.source))} 410;`);
  }
  const hosts = [...new Set(o.rules.map((r) => new URL(r.source).hostname))].join(' ');
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  keepalive_requests 100000;
  map_hash_bucket_size 256;
  map_hash_max_size ${Math.max(2048, o.rules.length * 2)};
  map $host$request_uri $yimen_dest {
    default "";
${dest.join('\n')}
  }
  map $host$request_uri $yimen_gone {
    default 0;
${gone.join('\n')}
  }
  server {
    listen 127.0.0.1:${port};
    server_name ${hosts};
    if ($yimen_dest) { return 301 $yimen_dest; }
    if ($yimen_gone = 410) { return 410; }
    location / { return 200 "the old page\\n"; }
  }
${o.extraServers?.(port) ?? ''}
}
`;
}

export interface RunningNginx {
  base: string;
  port: number;
  stop(): Promise<void>;
}

export async function startNginx(dir: string, o: NginxOptions): Promise<RunningNginx> {
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  const port = await freePort();
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, nginxConfig(dir, port, o));
  const t = spawnSync(NGINX, ['-t', '-q', '-p', dir, '-c', conf], { encoding: 'utf8' });
  if (t.status !== 0) throw new Error(`nginx -t refused the config: ${t.stderr}`);
  const p: ChildProcess = spawn(NGINX, ['-p', dir, '-c', conf, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  p.stderr!.on('data', (d) => (err += d));
  // wait until it answers
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (p.exitCode !== null) throw new Error(`nginx exited: ${err} ${existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : ''}`);
    try {
      await fetch(`${base}/`);
      break;
    } catch {
      if (i > 100) throw new Error('nginx did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return {
    base,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (p.exitCode !== null) return resolve();
        p.once('exit', () => resolve());
        p.kill('SIGQUIT');
      }),
  };
}
