// Runs real nginx on an export in a temp folder on a free loopback port (daemon off, a child
// process we stop ourselves), and asks it for an old address (not a test file itself).
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { nginxTestConfig } from '../../src/redirects/export/nginx.js';

export const NGINX = '/usr/sbin/nginx';

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

export async function startNginx(dir: string, include: string, port: number): Promise<ChildProcess> {
  const conf = nginxTestConfig(dir, include);
  const child = spawn(NGINX, ['-p', dir, '-e', join(dir, 'error.log'), '-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += String(d)));
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited ${child.exitCode}: ${err}`);
    try {
      await get(port, 'localhost', '/');
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  child.kill('SIGTERM');
  throw new Error(`nginx did not answer on ${port}: ${err}`);
}

export async function stopNginx(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
}

export interface Answer {
  status: number;
  location?: string;
  cacheControl?: string;
  body: string;
}

export function get(port: number, host: string, path: string): Promise<Answer> {
  return new Promise((res, rej) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { Host: host }, setHost: false, agent: false }, (r) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (d) => (body += d));
      r.on('end', () => res({ status: r.statusCode!, location: r.headers.location, cacheControl: r.headers['cache-control'], body }));
    });
    req.on('error', rej);
    req.end();
  });
}
