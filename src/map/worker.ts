// The map stage's worker thread: reads pages of raw records through its own read-only connection
// to the store (they were committed by extract before map started) and maps them (mapBatch: JSON
// parse, profile, schema, hash), while the main thread writes the services of earlier pages. It
// answers on its own port and bumps a shared counter, so the main thread can wait for a page
// synchronously inside its transaction (Atomics.wait + receiveMessageOnPort).
import { readFileSync } from 'node:fs';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { postAndWake } from '../threads/worker.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import { mapBatch, profileFingerprint, type AppMapContext, type MappedBatch } from './records.js';

export type ToWorker = { app: AppMapContext; fingerprint: string } | { page: number[] };
/** `cpuMs`: the worker thread's CPU time so far (benches print it) */
export type FromWorker = { ready: true } | { ok: MappedBatch; cpuMs: number } | { error: { message: string; name?: string; code?: string; hint?: string; stack?: string } };

const { port, signal, dbPath } = workerData as { port: MessagePort; signal: SharedArrayBuffer; dbPath: string };
const counter = new Int32Array(signal);
let ctx: AppMapContext | undefined;
/** why the pages of the current app cannot be mapped here (one answer a page: an app gets none) */
let appError: unknown;
// opened at the first page: a failure to open is that page's error (the main thread then maps it itself)
let store: Store | undefined;

function reply(m: FromWorker): void {
  // the services' JSON bytes are moved, not copied
  postAndWake(port, counter, m, 'ok' in m && m.ok.json.byteLength ? [m.ok.json.buffer as ArrayBuffer] : []);
}

const failed = (e: unknown): FromWorker => {
  const x = e as { message?: string; name?: string; code?: unknown; hint?: unknown; stack?: string };
  return { error: { message: String(x?.message ?? e), ...(typeof x?.name === 'string' ? { name: x.name } : {}), ...(typeof x?.code === 'string' ? { code: x.code } : {}), ...(typeof x?.hint === 'string' ? { hint: x.hint } : {}), stack: x?.stack } };
};

/** this thread's CPU time in ms (Linux; 0 elsewhere) */
function threadCpuMs(): number {
  try {
    const f = readFileSync('/proc/thread-self/stat', 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) * 10;
  } catch {
    return 0;
  }
}

parentPort!.on('message', (m: ToWorker) => {
  try {
    if ('app' in m) {
      // the profile came through structured clone: make sure it is the one the main thread holds
      const same = profileFingerprint(m.app.profile) === m.fingerprint;
      appError = same ? undefined : new Error(`internal: the map worker received a different profile for app ${m.app.appId}`);
      ctx = m.app;
      return;
    }
    if (appError) throw appError;
    if (!ctx) throw new Error('internal: the map worker got records before their app');
    store ??= openStore(dbPath, { readonly: true });
    reply({ ok: mapBatch(ctx, store.raw.pageRows(m.page)), cpuMs: threadCpuMs() });
  } catch (e) {
    reply(failed(e));
  }
});
// a worker that stops for any reason says so, so the main thread never waits on it for nothing
process.on('exit', (code) => {
  try {
    store?.close();
  } catch {
    // closing is best effort: the thread is going anyway
  }
  reply({ error: { message: `internal: the map worker thread stopped (exit code ${code})` } });
});
reply({ ready: true });
