// Where the map stage's batches are mapped: on the main thread (small apps, YIMEN_THREADS=1) or in
// a worker thread (src/map/worker.ts) while the main thread reads and writes. Both give the same
// MappedBatch for the same batch (mapBatch); the main thread waits for the worker synchronously,
// so an app's writes stay in one synchronous transaction as on one thread.
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startWorker } from '../threads/worker.js';
import { YimenError } from '../errors.js';
import { mapBatch, profileFingerprint, type AppMapContext, type MappedBatch, type RecordBatch } from './records.js';
import type { FromWorker, ToWorker } from './worker.js';

export interface BatchMapper {
  /** batches this many ahead are worth sending before the first is taken */
  readonly depth: number;
  /** the app whose batches follow */
  app(ctx: AppMapContext): void;
  send(batch: RecordBatch): void;
  /** the oldest batch sent and not yet received, mapped */
  receive(): MappedBatch;
  close(): Promise<void>;
}

/** on the main thread: a batch is mapped when it is received */
export function inlineMapper(): BatchMapper {
  let ctx: AppMapContext | undefined;
  const queue: RecordBatch[] = [];
  return {
    depth: 1,
    app: (c) => void (ctx = c),
    send: (b) => void queue.push(b),
    receive: () => mapBatch(ctx!, queue.shift()!),
    close: async () => {},
  };
}

/** a worker answers a batch in well under a second; this long without a word means it is gone */
const SILENCE_MS = 120_000;

/** in a worker thread; resolves once the worker has loaded (a module that fails to load rejects here) */
export async function workerMapper(): Promise<BatchMapper> {
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const counter = new Int32Array(signal);
  const worker: Worker = startWorker(new URL('./worker.js', import.meta.url), { port: port2, signal }, { transferList: [port2] });
  const closed = async () => {
    port1.close();
    await worker.terminate();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once('message', (m: FromWorker) => ('ready' in m ? resolve() : reject(workerError(m))));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`internal: the map worker thread stopped before it was ready (exit code ${code})`)));
    });
  } catch (e) {
    await closed();
    throw e;
  }
  worker.removeAllListeners('message');
  worker.removeAllListeners('error');
  worker.removeAllListeners('exit');
  worker.on('error', () => {}); // reported through the port (the worker's exit handler) to the waiting main thread
  const post = (m: ToWorker) => worker.postMessage(m);
  return {
    depth: 2,
    app: (ctx) => post({ app: ctx, fingerprint: profileFingerprint(ctx.profile) }),
    send: (batch) => post({ batch }),
    receive: () => {
      const m = waitFor(port1, counter);
      if ('ok' in m) return m.ok;
      throw workerError(m);
    },
    close: closed,
  };
}

function waitFor(port: MessagePort, counter: Int32Array): FromWorker {
  const until = Date.now() + SILENCE_MS;
  for (;;) {
    const seen = Atomics.load(counter, 0);
    const m = receiveMessageOnPort(port);
    if (m) return m.message as FromWorker;
    if (Date.now() > until) throw new Error(`internal: the map worker thread has not answered for ${SILENCE_MS / 1000} s`);
    Atomics.wait(counter, 0, seen, 1000);
  }
}

/** the worker's error as the one-thread path would have thrown it: a YimenError keeps its code and hint */
function workerError(m: FromWorker): Error {
  if (!('error' in m)) return new Error('internal: the map worker answered out of turn');
  const { message, code, hint, stack } = m.error;
  const e = code?.startsWith('E_') ? new YimenError(code, message, { hint }) : new Error(message);
  if (stack) e.stack = stack;
  return e;
}
