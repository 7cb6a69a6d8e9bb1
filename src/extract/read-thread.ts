// A large source read on a second thread: a built-in adapter runs in a worker (./read-worker.ts),
// which also does the pure part of ingesting each record (its text sanitised, its content hash, its
// JSON), so the main thread only stores. Messages come back in the read's order, in batches of
// strings, a few batches in flight at most (memory stays flat); the store stays on this thread.
import type { Worker } from 'node:worker_threads';
import { YimenError } from '../errors.js';
import { startWorker, workerThreads } from '../threads/worker.js';
import type { AdapterMessage } from '../sdk/index.js';
import type { BuiltinAdapterName } from '../workspace/config.js';

/**
 * A source this size (bytes, as the adapter's readSize tells) or larger is read on a second thread:
 * about 65,000 rows of an export. Starting the thread costs a few tenths of a second (it loads the
 * SDK again), which a smaller source does not win back.
 */
export const THREAD_MIN_BYTES = 8 * 1024 * 1024;

/** what the worker is started with */
export interface ReadThreadData {
  builtin: BuiltinAdapterName;
  config: unknown;
  root: string;
  appId: string;
  state: Record<string, unknown>;
  /** items per batch posted back */
  batchItems: number;
  /** batches not yet taken from which the read thread makes the content hashes (default HASH_AHEAD) */
  hashAhead?: number;
}

/**
 * One batch, cheap to post and to take: per item a kind in `k`. A plain record (a flat one, its
 * text unchanged) has its key, locator, sorted keys (JSON) and data JSON written as UTF-8 into
 * `bytes` (a transferred buffer: no string is copied per row), and `n` holds per record its
 * stream's index in `names`, its shape's and the four byte lengths; the main thread decodes the two
 * short strings, makes the content hash from the sorted keys' and the JSON's bytes as they lie
 * (record-form's sha1Into) and binds the JSON's bytes as they are. The SHA-1 goes to the thread with
 * time to spare: when the main thread has HASH_AHEAD batches or more still to take, the read thread
 * makes it and writes its 20 bytes after the JSON (`h`), as the store keeps them (migration 20). A
 * RECORD_MORE, MESSAGE or LOG item takes one object from `o`.
 */
export interface ReadBatch {
  t: 'batch';
  k: Uint8Array;
  bytes: Uint8Array;
  n: Int32Array;
  /** each plain record's content hash follows its JSON, as its 20 bytes */
  h: boolean;
  /** the batch's streams and shapes (a record's keys JSON, ./record-form.ts) */
  names: string[];
  o: unknown[];
}
/** numbers per plain record in ReadBatch.n */
export const N_PER_RECORD = 6;
export const K_RECORD = 0;
/** a record with more to say: the normaliser's changes (described), or its data (entry points are materialised from it) */
export const K_RECORD_MORE = 1;
/** any other message (quarantine, state, log, a record the runner must refuse), as the adapter gave it */
export const K_MESSAGE = 2;
/** a line the adapter logged through its context */
export const K_LOG = 3;

/**
 * A record with more to say, its strings its own: they may be kept for the whole run (an entry
 * point's locator), where a plain record's are slices of its batch's text, let go at the next store.
 */
export interface RecordMore {
  stream: string;
  key: string;
  locator: string;
  hash: string;
  json: string;
  shape?: string;
  changes?: string;
  data?: Record<string, unknown>;
}
export type LogLine = { level: 'info' | 'warn'; message: string };

export type WorkerReply = ReadBatch | { t: 'end' } | { t: 'error'; message: string; code?: string; hint?: string };
export type HostMessage = { t: 'ack' } | { t: 'abort' };

const YOUNG_GENERATION_MB = 48;

/** batches posted before the worker waits for the main thread to take one */
export const MAX_IN_FLIGHT = 16;
/**
 * batches posted and not yet taken from which the read thread makes the content hashes itself: the
 * main thread (the store) is then the slower one. The hashes are the same either way; which thread
 * makes them only balances the two (the store is the slower one on a quiet machine, the read under
 * load or with a slow source).
 */
export const HASH_AHEAD = 3;

/** whether this source is read on a second thread */
export function readsOnThread(builtin: BuiltinAdapterName | undefined, size: number | undefined, minBytes = THREAD_MIN_BYTES): builtin is BuiltinAdapterName {
  return builtin !== undefined && workerThreads() > 0 && (size ?? 0) >= minBytes;
}

/**
 * The batches of a read on a worker thread, in order. A failure in the worker (the adapter threw,
 * the thread crashed) is thrown here with the adapter's message (and its code, for a YimenError);
 * the worker is stopped however the loop ends (done, break, throw).
 */
export async function* threadBatches(data: ReadThreadData, signal?: AbortSignal): AsyncGenerator<ReadBatch> {
  // a larger young generation: the read allocates a few short-lived objects per row, and a small
  // one spends its time promoting them
  const w: Worker = startWorker(new URL('./read-worker.js', import.meta.url), data, { resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
  const queue: WorkerReply[] = [];
  let failed: Error | undefined;
  let exited = false;
  let wake: (() => void) | undefined;
  const rouse = () => {
    const f = wake;
    wake = undefined;
    f?.();
  };
  w.on('message', (m: WorkerReply) => (queue.push(m), rouse()));
  w.on('error', (e) => ((failed = e), rouse()));
  w.on('exit', () => ((exited = true), rouse()));
  const onAbort = () => w.postMessage({ t: 'abort' } satisfies HostMessage);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      while (!queue.length && !failed && !exited) await new Promise<void>((r) => (wake = r));
      const m = queue.shift();
      if (m?.t === 'batch') {
        yield m;
        w.postMessage({ t: 'ack' } satisfies HostMessage);
        continue;
      }
      if (m?.t === 'end') return;
      if (m?.t === 'error') throw m.code ? new YimenError(m.code, m.message, m.hint ? { hint: m.hint } : {}) : new Error(m.message);
      // the thread died (out of memory, a crash) rather than reporting an error of the read
      const why = failed instanceof Error ? `: ${failed.message}` : '';
      throw new YimenError('E_WORKER', `the read thread stopped before the read ended${why}`, failed instanceof Error ? { cause: failed } : {});
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await w.terminate();
  }
}

export type { AdapterMessage };
