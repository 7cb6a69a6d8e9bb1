// Where the catalog side of proposing runs: on the main thread, or (for enough services, and a
// second core) in a worker thread that holds its own copy of the catalog index, a few batches
// ahead of the main thread, which keeps what is sequential (the duplicate index, the writes).
// The decide stage runs in one synchronous store transaction, so the main thread waits for the
// worker's answers with Atomics.wait on a shared counter and takes them with receiveMessageOnPort.
// Batches are pure, so any the worker cannot answer (an error, no answer) the main thread
// proposes itself: the same error, or the same answer, as on one thread.
import { MessageChannel, receiveMessageOnPort, type Worker } from 'node:worker_threads';
import type { CatalogItem } from '../schema/index.js';
import type { Workspace } from '../workspace/loader.js';
import { startWorker } from '../threads/worker.js';
import type { MatchContext } from './propose.js';
import { prepareBatch, SLOTS, type PreparedBatch } from './propose-batch.js';
import type { ProposeWorkerData } from './propose-worker.js';

/** services per batch: small enough to keep memory flat, big enough that a message costs little */
const BATCH = 1000;
/** batches posted ahead of the one the main thread waits for (backpressure) */
const AHEAD = 4;
/** how long the main thread waits for a batch the worker is on before it proposes it too */
const OVERTAKE_MS = 50;
/** …and without an answer at all, before it stops the worker (gone or hung) */
const STALL_MS = 60_000;

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** what the worker proposers of this process did (the decide bench prints it) */
export const proposerStats = { batches: 0, byWorker: 0, waitMs: 0, overtaken: 0 };

export interface Proposer {
  /** the prepared batches of these stored services, in order */
  batches(rows: readonly string[]): Iterable<PreparedBatch>;
  close(): void;
}

type Policy = Workspace['config']['policy'];
type Matching = Workspace['config']['matching'];

/** the catalog side on the main thread */
export function localProposer(ctx: () => MatchContext, policy: Policy, matching: Matching): Proposer {
  return {
    *batches(rows) {
      for (let i = 0; i < rows.length; i += BATCH) {
        proposerStats.batches++;
        yield prepareBatch(rows.slice(i, i + BATCH), ctx(), policy, matching);
      }
    },
    close() {},
  };
}

export interface WorkerProposerInput {
  items: CatalogItem[];
  synonyms: Record<string, string>;
  aliases: Array<{ name: string; code: string }>;
  policy: Policy;
  matching: Matching;
  /** tests: the main thread waits for the worker's answers instead of proposing batches itself */
  waitForWorker?: boolean;
}

/**
 * The catalog side shared with a worker thread: batches are posted a few ahead; each is proposed
 * by whichever thread claims it first, so the main thread never idles while there is a batch the
 * worker has not started (while it starts up, at an app's first batch). `ctx` is the main
 * thread's own context for those.
 */
export interface WorkerProposer extends Proposer {
  /** the catalog index as the store caches it (index-cache.ts), for the worker to restore: before any batch */
  index(dump: string): void;
}

export function workerProposer(input: WorkerProposerInput, ctx: () => MatchContext): WorkerProposer {
  const signal = new SharedArrayBuffer(4 * (1 + SLOTS));
  const flag = new Int32Array(signal);
  const { port1, port2 } = new MessageChannel();
  // the catalog as UTF-8 bytes moved, not cloned: a structured clone of 10,000 objects (or of the
  // index's 6 MB of JSON) costs the main thread more than encoding it
  const items = utf8(JSON.stringify(input.items));
  const data: ProposeWorkerData = { items, synonyms: input.synonyms, aliases: input.aliases, policy: input.policy, matching: input.matching, port: port2, signal };
  let worker: Worker | undefined = startWorker(new URL('./propose-worker.js', import.meta.url), data, { transferList: [port2, items.buffer as ArrayBuffer] });
  // an error event would otherwise be an uncaught exception; a batch it leaves unanswered is
  // proposed on the main thread after the stall
  worker.on('error', () => {});
  worker.unref();
  let seq = 0;
  const answers = new Map<number, PreparedBatch | undefined>();
  const local = (rows: readonly string[]) => prepareBatch(rows, ctx(), input.policy, input.matching);
  /** claims batch n for the main thread: false when the worker has it */
  const claim = (n: number) => Atomics.compareExchange(flag, 1 + (n % SLOTS), n * 4, n * 4 + 1) === n * 4;
  /** batches the main thread proposed while the worker was on them: their answers are dropped */
  const abandoned = new Set<number>();
  const drain = () => {
    for (let m; (m = receiveMessageOnPort(port1) as { message: { seq: number; batch?: PreparedBatch } } | undefined); ) {
      if (!abandoned.delete(m.message.seq)) answers.set(m.message.seq, m.message.batch);
    }
  };
  const stop = () => {
    if (!worker) return;
    void worker.terminate();
    worker = undefined;
    port1.close();
  };

  return {
    index(dump) {
      const bytes = utf8(dump);
      worker?.postMessage({ dump: bytes }, [bytes.buffer as ArrayBuffer]);
    },
    *batches(rows) {
      const starts: number[] = [];
      for (let i = 0; i < rows.length; i += BATCH) starts.push(i);
      const seqs: number[] = [];
      const slice = (k: number) => rows.slice(starts[k]!, starts[k]! + BATCH);
      // later batches proposed here while the worker was on an earlier one
      const mine = new Map<number, PreparedBatch>();
      for (let k = 0; k < starts.length; k++) {
        for (let j = seqs.length; worker && j < Math.min(starts.length, k + 1 + AHEAD); j++) {
          const n = ++seq;
          seqs[j] = n;
          Atomics.store(flag, 1 + (n % SLOTS), n * 4);
          worker.postMessage({ seq: n, rows: slice(j) });
        }
        proposerStats.batches++;
        const n = seqs[k];
        if (n === undefined) {
          yield local(slice(k));
          continue;
        }
        let b = mine.get(k);
        mine.delete(k);
        let waited = 0;
        while (!b) {
          const seen = Atomics.load(flag, 0);
          if (worker) drain();
          if (answers.has(n)) {
            const a = answers.get(n);
            answers.delete(n);
            if (a) proposerStats.byWorker++;
            b = a ?? local(slice(k)); // an error there: the same error, or answer, here
          } else if (!worker || (!input.waitForWorker && claim(n))) b = local(slice(k));
          else {
            // the worker is on it: propose a later batch it has not started meanwhile
            let j = input.waitForWorker ? seqs.length : k + 1;
            while (j < seqs.length && (mine.has(j) || !claim(seqs[j]!))) j++;
            if (j < seqs.length) mine.set(j, local(slice(j)));
            else if (waited >= STALL_MS) {
              stop();
              b = local(slice(k));
            } else if (waited >= OVERTAKE_MS && !input.waitForWorker) {
              // the worker is slow on it (starting up, or short of CPU on a busy machine): the
              // same answer here beats waiting; its own is dropped when it comes
              abandoned.add(n);
              proposerStats.overtaken++;
              b = local(slice(k));
            } else {
              const t0 = performance.now();
              Atomics.wait(flag, 0, seen, input.waitForWorker ? 1000 : Math.max(1, OVERTAKE_MS - waited));
              waited += performance.now() - t0;
              proposerStats.waitMs += performance.now() - t0;
            }
          }
        }
        yield b;
      }
    },
    close: stop,
  };
}
