// The main thread's side of the map worker (src/map/worker.ts): pages (rowids) sent in order,
// answers taken in the same order, either when ready (poll) or waiting for them synchronously
// (receive), so an app's writes stay in one synchronous transaction as on one thread. The worker
// reads the pages itself and runs mapBatch, so its answers are the ones the main thread would have
// computed; a page it fails on comes back as its error, for the main thread to map again.
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startWorker } from '../threads/worker.js';
import { YimenError } from '../errors.js';
import { profileFingerprint, type AppMapContext, type MappedBatch } from './records.js';
import type { FromWorker, ToWorker } from './worker.js';

/** a page's answer: mapped, or the error it gave */
export type PageAnswer = { ok: MappedBatch } | { error: unknown };

/** How the last runs shared the pages (benches print it; summed over the process's runs). */
export const mapStats = { pages: 0, byWorker: 0, beforeReady: 0, stolen: 0, waitMs: 0, workerCpuMs: 0, workerFailed: 0 };

export interface MapWorker {
  /** has the worker loaded? Until it has, the main thread maps every page itself (a worker loads in
   *  a tenth of a second from dist/, in a second from the sources under tsx) */
  ready(): boolean;
  /** the app whose pages follow */
  app(ctx: AppMapContext): void;
  /** a page of the app's raw records, by rowid (the worker reads them) */
  send(rowids: number[]): void;
  /** the oldest page sent and not yet received, if the worker has answered it */
  poll(): PageAnswer | undefined;
  /** …waiting for it */
  receive(): PageAnswer;
  /** stops the worker; a worker that failed to load is reported here (its pages were mapped on the main thread) */
  close(): Promise<void>;
}

/** the worker's young generation: a page's objects (a few MB) die young there instead of being
 *  promoted and marked again by the GC's helper threads, which compete for the same cores */
const YOUNG_MB = 96;

/** a worker answers a page in well under a second; this long without a word means it is gone */
const SILENCE_MS = 120_000;

/** starts a worker thread reading the store at dbPath; it is used once it has said it is ready (see MapWorker.ready) */
export function startMapWorker(dbPath: string): MapWorker {
  const { port1, port2 } = new MessageChannel();
  const signal = new SharedArrayBuffer(4);
  const counter = new Int32Array(signal);
  const worker: Worker = startWorker(new URL('./worker.js', import.meta.url), { port: port2, signal, dbPath }, { transferList: [port2], resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB } });
  let failed: unknown;
  worker.on('error', (e) => void (failed ??= e));
  let isReady = false;
  let cpuMs = 0;
  let pendingApp: AppMapContext | undefined;
  const post = (m: ToWorker) => worker.postMessage(m);
  const answer = (m: FromWorker): PageAnswer => {
    if ('ok' in m) {
      mapStats.workerCpuMs += m.cpuMs - cpuMs;
      cpuMs = m.cpuMs;
      return { ok: m.ok };
    }
    return { error: workerError(m) };
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
    send: (rowids) => {
      if (pendingApp) post({ app: pendingApp, fingerprint: profileFingerprint(pendingApp.profile) });
      pendingApp = undefined;
      post({ page: rowids });
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
    if (Date.now() > until) return { error: { message: `internal: the map worker thread has not answered for ${SILENCE_MS / 1000} s` } };
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
