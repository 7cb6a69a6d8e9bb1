// The worker thread of the decide stage (proposer.ts starts it): holds the catalog's match index
// and runs the catalog side of proposing on batches of stored services. With the store's file it
// opens its own read-only connection and reads what it needs itself (the catalog, the cached
// index, each batch's services by rowid: all committed before the stage began, never a row the
// main thread is writing); else the main thread sends the catalog and the rows. An index not
// cached yet is never built here: the main thread builds it (it caches it) and sends its dump.
// It keeps a copy of the duplicate index too (the main thread posts every service it adds), so
// it answers the duplicate search of the services the catalog found nothing close for; the main
// thread keeps an answer while no service added since may change it (NameIndex.changedSince).
// The catalog answers kept in the store are read here too, and a batch brings the main thread the
// new ones its searches made, for it to store (answers.ts).
// A batch is done by whichever thread claims it first (a shared slot per batch, proposer.ts); it
// answers on its own port and bumps a shared counter, so the main thread can wait for it inside
// its store transaction.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { CatalogItem } from '../schema/index.js';
import type { Store } from '../store/store.js';
import type { Workspace } from '../workspace/loader.js';
import { openStore } from '../store/open.js';
import type { MatchDoc, NameIndex } from '../map/match/matcher.js';
import { SERVICE_AGENCY_DIFFERS, type MatchContext } from './propose.js';
import { contextOfDump, readCachedContext } from './index-cache.js';
import { prepareBatch, SLOTS } from './propose-batch.js';
import { storeAnswers } from './answers.js';
import { postAndWake } from '../threads/worker.js';

export interface ProposeWorkerData {
  /** the store's file: read through a read-only connection of this thread's own */
  db?: string;
  /** without db: the catalog's items, JSON as UTF-8 */
  items?: Uint8Array;
  synonyms: Record<string, string>;
  aliases: Array<{ name: string; code: string }>;
  policy: Workspace['config']['policy'];
  matching: Workspace['config']['matching'];
  port: MessagePort;
  /** [0]: answers posted; [1 + seq % SLOTS]: who claimed batch seq (proposer.ts) */
  signal: SharedArrayBuffer;
  /** batches without a service added to the duplicate index before this thread answers duplicate searches (proposer.ts: the batches in flight; tests: 0) */
  dupsAfter: number;
}

const init = workerData as ProposeWorkerData;
const flag = new Int32Array(init.signal);
const text = (b: Uint8Array) => new TextDecoder().decode(b);
let store: Store | undefined;
/** the catalog: read through the connection, or sent */
let items: CatalogItem[] | undefined;
let ctx: MatchContext | undefined;
let failed: unknown = new Error('no catalog index');
// the duplicate index as the main thread grows it (each service it adds is posted here, in its
// order), for the pending services' duplicate search; made once the catalog index is there
let dups: NameIndex | undefined;
const early: MatchDoc[] = [];
/**
 * Batches proposed since the main thread last added a service. The duplicate search is answered
 * here only once as many batches as are in flight went by without one: while services still
 * migrate (an app's first batches), an answer given ahead of the main thread would mostly be
 * searched again there, and this thread's memo would forget it; in the steady state it stands.
 */
let quiet = 0;
const QUIET_BATCHES = init.dupsAfter;
function dupIndex(): NameIndex | undefined {
  if (!dups && ctx) {
    dups = ctx.matcher.newIndex({ agencyDiffers: SERVICE_AGENCY_DIFFERS });
    for (const d of early.splice(0)) dups.add(d);
  }
  return dups;
}

if (init.db !== undefined) {
  // before any message is taken: batches posted meanwhile are the main thread's to claim
  try {
    // each service row is read once: through the page cache, not a mapping that would hold the
    // whole table in this process's RSS by the stage's end
    store = openStore(init.db, { readonly: true, mmap: false });
    items = store.catalog.list();
    // else the dump the main thread builds comes (before any batch)
    ctx = readCachedContext(store, items, init.synonyms, init.aliases);
  } catch (e) {
    failed = e;
  }
}

/** the catalog's new answers since the last batch was answered: query, JSON, query, JSON, … */
let fresh: string[] = [];
let answersKey: string | undefined;
/** the catalog index reads and tells the kept answers, once both it and their key are here */
function keepAnswers(): void {
  if (ctx && answersKey !== undefined) ctx.catalog.keepAnswersIn(storeAnswers(store, answersKey, (q, a) => void fresh.push(q, a)));
}

/** the catalog index, from the dump the main thread read from the store's cache or built (unless this thread read it already) */
function restore(dump: Uint8Array): void {
  if (ctx || (init.db !== undefined && !items)) return;
  try {
    items ??= JSON.parse(text(init.items!)) as CatalogItem[];
    ctx = contextOfDump(dump, items, init.synonyms, init.aliases);
    if (!ctx) throw new Error('the catalog index sent is not one this code reads');
    keepAnswers();
  } catch (e) {
    failed = e;
  }
}

parentPort!.on('message', (m: { dump: Uint8Array } | { answers: string } | { dup: MatchDoc } | { seq: number; rows: string[] } | { seq: number; rowids: number[] }) => {
  if ('dump' in m) return restore(m.dump);
  if ('answers' in m) {
    answersKey = m.answers;
    return keepAnswers();
  }
  if ('dup' in m) {
    const x = dupIndex();
    if (x) x.add(m.dup);
    else early.push(m.dup);
    quiet = 0;
    return;
  }
  // the main thread did it while this one was busy (or starting): nothing to answer
  if (Atomics.compareExchange(flag, 1 + (m.seq % SLOTS), m.seq * 4, m.seq * 4 + 2) !== m.seq * 4) return;
  let reply: unknown;
  try {
    if (!ctx) throw failed;
    // read here: the same rows, lines and errors as the main thread's read (decisions.serviceBatch)
    const { rows, lines } = 'rowids' in m ? store!.decisions.serviceBatch(m.rowids) : { rows: m.rows, lines: [] };
    const batch = prepareBatch(rows, lines, ctx, init.policy, init.matching, quiet >= QUIET_BATCHES ? dupIndex() : undefined);
    if (fresh.length) (batch.answers = fresh), (fresh = []);
    reply = { seq: m.seq, batch };
    quiet++;
  } catch (e) {
    // the main thread proposes this batch itself: the same error (or answer) as on one thread
    reply = { seq: m.seq, error: e instanceof Error ? e.message : String(e) };
  }
  postAndWake(init.port, flag, reply);
});
