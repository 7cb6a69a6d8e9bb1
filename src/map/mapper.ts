// The main thread's side of the map worker (src/map/worker.ts): batches sent in order, answers
// taken in the same order, either when ready (poll) or waiting for them synchronously (receive),
// so an app's writes stay in one synchronous transaction as on one thread. The worker runs
// mapBatch, so its answers are the ones the main thread would have computed.
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startWorker } from '../threads/worker.js';
import { YimenError } from '../errors.js';
import { profileFingerprint, type AppMapContext, type MappedBatch, type RecordBatch } from './records.js';
import type { FromWorker, ToWorker } from './worker.js';

export interface MapWorker {
  /** has the worker loaded? Until it has, the main thread maps every page itself (a worker loads in
   *  tens of milliseconds from dist/, in a second from the sources under tsx) */
  ready(): boolean;
  /** the app whose batches follow */
  app(ctx: AppMapContext): void;
  send(batch: RecordBatch): void;
  /** the oldest batch sent and not yet received, mapped, if the worker has answered it */
  poll(): MappedBatch | undefined;
  /** …waiting for it */
  receive(): MappedBatch;
  /** stops the worker; a worker that failed to load is reported here (its pages were mapped on the main thread) */
  close(): Promise<void>;
}

/** a worker answers a batch in well under a second; this long without a word means it is gone */
const SILENCE_MS = 120_000;

/** starts a worker thread; it is used once it has said it is ready (see MapWorker.ready) */
export function startMapWorker(): MapWorker {
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const counter = new Int32Array(signal);
  const worker: Worker = startWorker(new URL('./worker.js', import.meta.url), { port: port2, signal }, { transferList: [port2] });
  let failed: unknown;
  worker.on('error', (e) => void (failed ??= e));
  let isReady = false;
  let pendingApp: AppMapContext | undefined;
  const post = (m: ToWorker) => worker.postMessage(m);
  const answer = (m: FromWorker): MappedBatch => {
    if ('ok' in m) return m.ok;
    throw workerError(m);
  };
  return {
    ready: () => {
      if (isReady) return true;
      const m = receiveMessageOnPort(port1);
      if (m) {
        if (!('ready' in (m.message as FromWorker))) throw workerError(m.message as FromWorker);
        isReady = true;
      }
      return isReady;
    },
    app: (ctx) => void (pendingApp = ctx),
    send: (batch) => {
      if (pendingApp) post({ app: pendingApp, fingerprint: profileFingerprint(pendingApp.profile) });
      pendingApp = undefined;
      post({ batch });
    },
    poll: () => {
      const m = receiveMessageOnPort(port1);
      return m ? answer(m.message as FromWorker) : undefined;
    },
    receive: () => answer(waitFor(port1, counter)),
    close: async () => {
      port1.close();
      await worker.terminate();
      if (!isReady && failed) throw failed;
    },
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
  const { message, name, code, hint, stack } = m.error;
  const e = code?.startsWith('E_') ? new YimenError(code, message, { hint }) : new Error(message);
  if (name) e.name = name;
  if (stack) e.stack = stack;
  return e;
}
