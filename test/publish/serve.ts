// Starts `yimen catalog serve` (and Prism) as real processes on loopback for the publish tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { yimenSpawn, ROOT } from '../helpers/cli.js';

export interface Proc {
  url: string;
  proc: ChildProcess;
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

function waitFor(proc: ChildProcess, pattern: RegExp, what: string, timeoutMs = 30_000): Promise<{ match: RegExpMatchArray; output: () => string }> {
  let out = '';
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const on = (d: Buffer) => {
      out += d.toString();
      const m = out.match(pattern);
      if (m) {
        clearTimeout(t);
        resolve({ match: m, output: () => out });
      }
    };
    proc.stdout?.on('data', on);
    proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    proc.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`${what} exited (${code}) before it was ready:\n${out}`));
    });
  });
}

function stopper(proc: ChildProcess) {
  return (signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise<number | null>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve(proc.exitCode);
      proc.once('exit', (code) => resolve(code));
      proc.kill(signal);
    });
}

export async function startServe(args: string[] = [], env: Record<string, string> = {}): Promise<Proc> {
  const proc = yimenSpawn(['catalog', 'serve', '--port', '0', ...args], { cwd: ROOT, env });
  const { match, output } = await waitFor(proc, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 'catalog serve');
  proc.removeAllListeners('exit');
  return { url: match[1]!, proc, output, stop: stopper(proc) };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

/** Prism as a validation proxy in front of `upstream`: every request and response is checked against the contract */
export async function startPrism(upstream: string): Promise<Proc> {
  const port = await freePort();
  const proc = spawn(join(ROOT, 'node_modules', '.bin', 'prism'), ['proxy', join(ROOT, 'api', 'catalog-api.openapi.yaml'), upstream, '--errors', '--port', String(port), '-h', '127.0.0.1'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { output } = await waitFor(proc, /Prism is listening/, 'prism', 60_000);
  proc.removeAllListeners('exit');
  return { url: `http://127.0.0.1:${port}`, proc, output, stop: stopper(proc) };
}

export async function listRemote(url: string, token?: string): Promise<Array<{ externalId: string; status: string; version: string; service: unknown }>> {
  const items = [];
  for (let page = 1; ; page++) {
    const r = await fetch(`${url}/services?page=${page}&pageSize=1000`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const j = (await r.json()) as { items: Array<{ externalId: string; status: string; version: string; service: unknown }> };
    if (!j.items.length) return items;
    items.push(...j.items);
  }
}
