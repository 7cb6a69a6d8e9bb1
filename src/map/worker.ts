// The map stage's worker thread: maps batches of raw records (mapBatch: JSON parse, profile,
// schema, hash) while the main thread reads the next page and writes the services. It answers on
// its own port and bumps a shared counter, so the main thread can wait for a batch synchronously
// inside its transaction (Atomics.wait + receiveMessageOnPort).
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { postAndWake } from '../threads/worker.js';
import { mapBatch, profileFingerprint, type AppMapContext, type MappedBatch, type RecordBatch } from './records.js';

export type ToWorker = { app: AppMapContext; fingerprint: string } | { batch: RecordBatch };
export type FromWorker = { ready: true } | { ok: MappedBatch } | { error: { message: string; name?: string; code?: string; hint?: string; stack?: string } };

const { port, signal } = workerData as { port: MessagePort; signal: SharedArrayBuffer };
const counter = new Int32Array(signal);
let ctx: AppMapContext | undefined;

function reply(m: FromWorker): void {
  // the services' JSON bytes are moved, not copied
  postAndWake(port, counter, m, 'ok' in m && m.ok.json.byteLength ? [m.ok.json.buffer as ArrayBuffer] : []);
}

const failed = (e: unknown): FromWorker => {
  const x = e as { message?: string; name?: string; code?: unknown; hint?: unknown; stack?: string };
  return { error: { message: String(x?.message ?? e), ...(typeof x?.name === 'string' ? { name: x.name } : {}), ...(typeof x?.code === 'string' ? { code: x.code } : {}), ...(typeof x?.hint === 'string' ? { hint: x.hint } : {}), stack: x?.stack } };
};

parentPort!.on('message', (m: ToWorker) => {
  try {
    if ('app' in m) {
      // the profile came through structured clone: make sure it is the one the main thread holds
      if (profileFingerprint(m.app.profile) !== m.fingerprint) throw new Error(`internal: the map worker received a different profile for app ${m.app.appId}`);
      ctx = m.app;
      return;
    }
    if (!ctx) throw new Error('internal: the map worker got records before their app');
    reply({ ok: mapBatch(ctx, m.batch) });
  } catch (e) {
    reply(failed(e));
  }
});
// a worker that stops for any reason says so, so the main thread never waits on it for nothing
process.on('exit', (code) => reply({ error: { message: `internal: the map worker thread stopped (exit code ${code})` } }));
reply({ ready: true });
