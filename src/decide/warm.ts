// Decide's worker started ahead, while the stages before decide run (the pipeline starts it before
// map, whose small runs leave the second core idle). Its own start-up (its modules loaded again)
// and its copy of the catalog index cost more than a small app's decide would save; started
// ahead, they are paid beside map, and decide finds the worker ready. What it reads at once (the
// catalog, the cached index) was committed before and is written by neither map nor decide; the
// services it proposes it reads when decide queues them, after map committed them.
import type { Store } from '../store/store.js';
import { selectApps, type Workspace } from '../workspace/loader.js';
import { workerThreads } from '../threads/worker.js';
import { workerProposer, type WorkerProposer } from './proposer.js';
import type { MatchContext } from './propose.js';

/** the raw stream map makes services of (map/records.ts; not imported: it would load the map stage and zod into every command that loads decide) */
const SERVICES_STREAM = 'services';

/**
 * services to decide from which a worker started ahead pays (its start and index are paid beside
 * map; below WORKER_MIN a worker started by decide itself would not)
 */
export const WARM_MIN = 5_000;

export interface WarmDecide {
  /** the worker proposer, when one was started */
  proposer?: WorkerProposer;
  /** what it was started for: decide takes it only for the same config, catalog and aliases */
  config: Workspace['config'];
  stamp: string;
  /** the main thread's match context, once decide has it (the proposer asks for it only then) */
  ctx?: MatchContext;
  close(): void;
}

/** what the worker read when it started: decide compares it with what it reads itself */
export const warmStamp = (store: Store): string => JSON.stringify([store.catalog.info() ?? null, store.aliases.list()]);

/**
 * Starts decide's worker ahead when the selected apps' services (their raw records, which map will
 * make services of) are enough for it to pay, there is a second core, and the store is a file the
 * worker can read (outside a caller's transaction, whose writes it could not see).
 */
export function warmDecide(ws: Workspace, store: Store, opts: { apps?: string[]; warmMin?: number; waitForWorker?: boolean } = {}): WarmDecide {
  const warm: WarmDecide = { config: ws.config, stamp: '', close: () => warm.proposer?.close() };
  const db = !store.inTransaction && store.path && !store.path.startsWith(':memory:') ? store.path : undefined;
  if (db === undefined || workerThreads() === 0) return warm;
  // the raw service records map will make services of, or the services a run before made
  let n = 0;
  for (const a of selectApps(ws, opts.apps)) n += Math.max(store.raw.count(a, SERVICES_STREAM), store.services.count(a));
  if (n === 0 || n < (opts.warmMin ?? WARM_MIN)) return warm;
  warm.stamp = warmStamp(store);
  const { policy, matching } = ws.config;
  // the worker reads the catalog, the index and the aliases itself; the main thread's context is
  // asked for only by batches it proposes itself, once decide has made it
  warm.proposer = workerProposer({ db, items: [], synonyms: matching.synonyms ?? {}, aliases: store.aliases.list(), policy, matching, waitForWorker: opts.waitForWorker }, () => warm.ctx!, (rowids) => store.decisions.serviceBatch(rowids));
  return warm;
}
