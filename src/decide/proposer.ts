// Where the catalog side of proposing runs: on the main thread, or (for enough services, and a
// second core) in a worker thread that holds its own copy of the catalog index, a few batches
// ahead of the main thread, which keeps what is sequential (the duplicate index, the writes).
// Services are queued by rowid, app after app (the next app's first batches before this one's
// last, so the worker never idles between apps); the worker reads them through its own read-only
// connection (they were committed before the stage began), so the main thread neither reads nor
// sends them. The decide stage runs in one synchronous store transaction, so the main thread
// waits for the worker's answers with Atomics.wait on a shared counter and takes them with
// receiveMessageOnPort. Batches are pure, so any the worker cannot answer (an error, no answer)
// the main thread reads and proposes itself: the same error, or the same answer, as on one thread.
import { MessageChannel, receiveMessageOnPort, type Worker } from 'node:worker_threads';
import type { CatalogItem } from '../schema/index.js';
import type { Workspace } from '../workspace/loader.js';
import { startWorker } from '../threads/worker.js';
import type { MatchContext } from './propose.js';
import type { MatchDoc } from '../map/match/matcher.js';
import { prepareBatch, SLOTS, type PreparedBatch } from './propose-batch.js';
import type { ProposeWorkerData } from './propose-worker.js';

/** services per batch: small enough to keep memory flat, big enough that a message costs little */
const BATCH = 1000;
/** batches posted ahead of the one the main thread waits for (backpressure) */
export const AHEAD = 4;
/** how long the main thread waits for a batch the worker is on before it proposes it too */
const OVERTAKE_MS = 50;
/** …and without an answer at all, before it stops the worker (gone or hung) */
const STALL_MS = 60_000;

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** what the worker proposers of this process did (the decide bench prints it) */
export const proposerStats = {
  batches: 0,
  byWorker: 0,
  waitMs: 0,
  overtaken: 0,
  readByWorker: 0,
  /** services the catalog found nothing close for whose duplicate search the worker's answer gave… */
  dupsByWorker: 0,
  /** …and those searched again here (a service added since shares a gram with it) */
  dupsRedone: 0,
};

/** services by rowid through the main thread's connection: `id content_hash` lines and JSON (decisions.serviceBatch) */
export type ReadBatch = (rowids: readonly number[]) => { lines: string[]; rows: string[] };

export interface Proposer {
  /** queues services (an app's rowids, ascending) after those queued before; returns how many batches they make */
  queue(rowids: readonly number[]): number;
  /** batches queued and not yet taken */
  readonly queued: number;
  /** the next queued batch, proposed (in queue order) */
  next(): PreparedBatch;
  /** a service the duplicate index now holds (after those before it): the worker's copy follows */
  added(doc: MatchDoc): void;
  close(): void;
}

type Policy = Workspace['config']['policy'];
type Matching = Workspace['config']['matching'];

/** the catalog side on the main thread */
export function localProposer(read: ReadBatch, ctx: () => MatchContext, policy: Policy, matching: Matching): Proposer {
  const jobs: number[][] = [];
  return {
    queue(rowids) {
      const n = jobs.length;
      for (let i = 0; i < rowids.length; i += BATCH) jobs.push(rowids.slice(i, i + BATCH));
      return jobs.length - n;
    },
    get queued() {
      return jobs.length;
    },
    next() {
      proposerStats.batches++;
      const { lines, rows } = read(jobs.shift()!);
      return prepareBatch(rows, lines, ctx(), policy, matching);
    },
    added() {},
    close() {},
  };
}

export interface WorkerProposerInput {
  /**
   * the store's file, for the worker's own read-only connection: it reads the services, the
   * catalog and the cached index itself. Only when everything it reads was committed before the
   * stage began; without it the main thread reads the services and posts them.
   */
  db?: string;
  items: CatalogItem[];
  synonyms: Record<string, string>;
  aliases: Array<{ name: string; code: string }>;
  policy: Policy;
  matching: Matching;
  /** tests: the main thread waits for the worker's answers instead of proposing batches itself */
  waitForWorker?: boolean;
  /** ProposeWorkerData.dupsAfter (default: the batches in flight, 1 + AHEAD; tests: 0) */
  dupsAfter?: number;
  /** told the new catalog answers a batch from the worker brings (query, JSON, …: answers.ts) */
  onAnswers?: (rows: string[]) => void;
}

/**
 * The catalog side shared with a worker thread: batches are posted a few ahead; each is proposed
 * by whichever thread claims it first, so the main thread never idles while there is a batch the
 * worker has not started (while it starts up, or reads its index). `ctx` is the main thread's own
 * context for those.
 */
export interface WorkerProposer extends Proposer {
  /** the catalog index as the store caches it (index-cache.ts), for the worker to restore (with `db`: only one built in this stage, not committed yet); before any batch */
  index(dump: Uint8Array): void;
  /** the key of the catalog answers kept in the store (answers.ts): the worker reads them and brings new ones */
  answers(key: string): void;
}

interface Job {
  rowids: number[];
  /** posted to the worker as this */
  seq?: number;
  /** without `db`: what the main thread read and posted */
  rows?: string[];
  lines?: string[];
}

export function workerProposer(input: WorkerProposerInput, ctx: () => MatchContext, read: ReadBatch): WorkerProposer {
  const signal = new SharedArrayBuffer(4 * (1 + SLOTS));
  const flag = new Int32Array(signal);
  const { port1, port2 } = new MessageChannel();
  // without its own connection, the catalog as UTF-8 bytes moved, not cloned: a structured clone
  // of 10,000 objects (or of the index's 6 MB of JSON) costs the main thread more than encoding it
  const items = input.db === undefined ? utf8(JSON.stringify(input.items)) : undefined;
  const data: ProposeWorkerData = { db: input.db, items, synonyms: input.synonyms, aliases: input.aliases, policy: input.policy, matching: input.matching, port: port2, signal, dupsAfter: input.dupsAfter ?? 1 + AHEAD };
  let worker: Worker | undefined = startWorker(new URL('./propose-worker.js', import.meta.url), data, { transferList: items ? [port2, items.buffer as ArrayBuffer] : [port2] });
  // an error event would otherwise be an uncaught exception; a batch it leaves unanswered is
  // proposed on the main thread after the stall
  worker.on('error', () => {});
  worker.unref();
  let seq = 0;
  const jobs: Job[] = [];
  const answers = new Map<number, PreparedBatch | undefined>();
  /** later jobs proposed here while the worker was on an earlier one */
  const mine = new Map<Job, PreparedBatch>();
  const local = (j: Job) => {
    const r = j.rows ? { lines: j.lines!, rows: j.rows } : read(j.rowids);
    return prepareBatch(r.rows, r.lines, ctx(), input.policy, input.matching);
  };
  /** claims batch n for the main thread: false when the worker has it */
  const claim = (n: number) => Atomics.compareExchange(flag, 1 + (n % SLOTS), n * 4, n * 4 + 1) === n * 4;
  /** batches the main thread proposed while the worker was on them: their answers are dropped */
  const abandoned = new Set<number>();
  /** answers taken off the port up to batch n's: later ones stay there, serialised off the heap, not
   * alive in the young generation while this batch is written (each would be copied, then promoted) */
  const drain = (n: number) => {
    for (let m; !answers.has(n) && (m = receiveMessageOnPort(port1) as { message: { seq: number; batch?: PreparedBatch } } | undefined); ) {
      if (!abandoned.delete(m.message.seq)) answers.set(m.message.seq, m.message.batch);
    }
  };
  const stop = () => {
    if (!worker) return;
    void worker.terminate();
    worker = undefined;
    port1.close();
  };
  /** the next job and AHEAD after it go to the worker (backpressure: at most that many in flight) */
  const post = () => {
    for (let i = 0; worker && i < Math.min(jobs.length, 1 + AHEAD); i++) {
      const j = jobs[i]!;
      if (j.seq !== undefined) continue;
      const n = (j.seq = ++seq);
      Atomics.store(flag, 1 + (n % SLOTS), n * 4);
      if (input.db !== undefined) worker.postMessage({ seq: n, rowids: j.rowids });
      else {
        const r = read(j.rowids);
        j.rows = r.rows;
        j.lines = r.lines;
        worker.postMessage({ seq: n, rows: r.rows });
      }
    }
  };

  return {
    index(dump) {
      // sent where the worker cannot read it (no connection, or built in this uncommitted stage):
      // it waits for this dump rather than building the same index again
      const bytes = dump.slice(); // a copy to move: the main thread's index reads the original
      worker?.postMessage({ dump: bytes }, [bytes.buffer as ArrayBuffer]);
    },
    answers(key) {
      worker?.postMessage({ answers: key });
    },
    queue(rowids) {
      const n = jobs.length;
      for (let i = 0; i < rowids.length; i += BATCH) jobs.push({ rowids: rowids.slice(i, i + BATCH) });
      post();
      return jobs.length - n;
    },
    get queued() {
      return jobs.length;
    },
    next() {
      post();
      const j = jobs.shift()!;
      proposerStats.batches++;
      let b = mine.get(j);
      mine.delete(j);
      if (!b && j.seq === undefined) b = local(j);
      let waited = 0;
      while (!b) {
        const n = j.seq!;
        const seen = Atomics.load(flag, 0);
        if (worker) drain(n);
        if (answers.has(n)) {
          const a = answers.get(n);
          answers.delete(n);
          if (a) {
            proposerStats.byWorker++;
            if (a.answers) input.onAnswers?.(a.answers);
            if (j.lines) a.line = j.lines;
            else proposerStats.readByWorker++;
          }
          b = a ?? local(j); // an error there: the same error, or answer, here
        } else if (!worker || (!input.waitForWorker && claim(n))) b = local(j);
        else {
          // the worker is on it: propose a later batch it has not started meanwhile
          let later: Job | undefined;
          if (!input.waitForWorker) later = jobs.find((o) => o.seq !== undefined && !mine.has(o) && claim(o.seq));
          if (later) mine.set(later, local(later));
          else if (waited >= STALL_MS) {
            stop();
            b = local(j);
          } else if (waited >= OVERTAKE_MS && !input.waitForWorker) {
            // the worker is slow on it (starting up, or short of CPU on a busy machine): the
            // same answer here beats waiting; its own is dropped when it comes
            abandoned.add(n);
            proposerStats.overtaken++;
            b = local(j);
          } else {
            const t0 = performance.now();
            Atomics.wait(flag, 0, seen, input.waitForWorker ? 1000 : Math.max(1, OVERTAKE_MS - waited));
            waited += performance.now() - t0;
            proposerStats.waitMs += performance.now() - t0;
          }
        }
      }
      return b;
    },
    added(doc) {
      worker?.postMessage({ dup: doc });
    },
    close: stop,
  };
}
