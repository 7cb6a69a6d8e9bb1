// The extract stage: runs each app's adapter and stores what it reads (DESIGN §8). Raw records are
// stored idempotently by key + content hash, in batches; a state checkpoint is written only in the
// batch holding the records before it; unreadable rows are quarantined and the read goes on; entry
// points are materialised from the `entryPoints` stream; a full read removes what the source no
// longer has. An app's extract is all or nothing (docs/hardening.md): its batches are staged in one
// store transaction that becomes current only when the read completed and passed the shrink guard;
// a failure, Ctrl-C or a crash leaves the last complete snapshot current for every later stage.
// Storing the messages is ./ingest.ts; this file runs the steps.
import { appById, selectApps, type Workspace } from '../workspace/loader.js';
import { appSources } from '../workspace/config.js';
import type { Store } from '../store/store.js';
import { createAdapterContext, type AdapterMessage, type StreamSpec } from '../sdk/index.js';
import { resolveAppAdapters, resolveAppSources, type ResolvedAdapter } from './registry.js';
import { K_LOG, K_MESSAGE, K_RECORD, N_PER_RECORD, readsOnThread, threadBatches, THREAD_MIN_BYTES, type LogLine, type ReadBatch, type RecordMore } from './read-thread.js';
import { Ingest } from './ingest.js';
import { sha1Into } from './record-form.js';
import type { EntryPointSettings } from './entry-points.js';
import { joinSummaries, loadJoin, type LoadedJoin } from './joins.js';
import type { AppExtractSummary } from './summary.js';

export type { StreamSummary, EntryPointSummary, AppExtractSummary } from './summary.js';

export interface ExtractProgress {
  appId: string;
  /** the stream of the last message read */
  stream?: string;
  /** messages read so far for this app (records + quarantined) */
  read: number;
  quarantined: number;
  done: boolean;
}

export interface ExtractOptions {
  actor: string;
  /** app ids; default all apps in yimen.yaml */
  apps?: string[];
  signal?: AbortSignal;
  /** ignore saved state: read everything again (and sweep what is gone) */
  full?: boolean;
  onProgress?: (p: ExtractProgress) => void;
  /** adapter log lines (and the runner's own warnings) */
  onLog?: (appId: string, level: 'info' | 'warn', message: string) => void;
  /** records per transaction (default 5,000) */
  batchSize?: number;
  /**
   * a built-in adapter whose source is this many bytes or more is read on a second thread (default
   * 1 MiB; YIMEN_THREADS=1 keeps every read on one thread)
   */
  threadAbove?: number;
  /** a threaded read: batches not yet taken from which the read thread makes the content hashes (tests; default HASH_AHEAD) */
  hashAhead?: number;
  /** a full read that keeps far fewer records than the last snapshot is refused unless a person accepts it */
  acceptShrink?: boolean;
  /** adapters the caller resolved itself (a tool embedding yimen, tests), by app id (one, or one per source); the rest come from yimen.yaml */
  adapters?: Map<string, ResolvedAdapter | ResolvedAdapter[]>;
}

export interface ExtractSummary {
  ok: boolean;
  apps: AppExtractSummary[];
  failed: string[];
  /** apps whose source was partly unreadable (a whole file or sheet quarantined) */
  incomplete: string[];
  /** apps refused by the shrink guard (E_SOURCE_SHRANK): their last snapshot stays current */
  shrank: string[];
  totals: { read: number; new: number; changed: number; unchanged: number; quarantined: number; removed: number };
}

export async function extractApps(ws: Workspace, store: Store, opts: ExtractOptions): Promise<ExtractSummary> {
  const ids = selectApps(ws, opts.apps);
  // every app's adapter config is checked before anything is read: a typo stops the run cleanly
  const given = opts.adapters ?? new Map<string, ResolvedAdapter | ResolvedAdapter[]>();
  const adapters = await resolveAppAdapters(ws, ids.filter((id) => !given.has(id)));
  for (const [id, a] of given) adapters.set(id, Array.isArray(a) ? a : [a]);
  const apps: AppExtractSummary[] = [];
  for (const id of ids) {
    if (opts.signal?.aborted) break;
    apps.push(await extractApp(ws, store, id, opts, adapters.get(id)));
  }
  const totals = { read: 0, new: 0, changed: 0, unchanged: 0, quarantined: 0, removed: 0 };
  for (const a of apps)
    for (const s of a.streams) {
      totals.read += s.read;
      totals.new += s.new;
      totals.changed += s.changed;
      totals.unchanged += s.unchanged;
      totals.quarantined += s.quarantined;
      totals.removed += s.removed;
    }
  const failed = apps.filter((a) => !a.ok).map((a) => a.appId);
  const incomplete = apps.filter((a) => a.ok && a.incomplete).map((a) => a.appId);
  const shrank = apps.filter((a) => a.code === 'E_SOURCE_SHRANK').map((a) => a.appId);
  return { ok: failed.length === 0, apps, failed, incomplete, shrank, totals };
}

/**
 * One app: discover its streams, load the saved state, read everything the adapter gives into a
 * staged run (batch by batch), sweep what is gone, check the shrink guard, record the run and make
 * it current in one commit. A failure, Ctrl-C or a refusal discards the whole staged run.
 */
export async function extractApp(ws: Workspace, store: Store, appId: string, opts: ExtractOptions, resolved?: ResolvedAdapter | ResolvedAdapter[]): Promise<AppExtractSummary> {
  const started = Date.now();
  const sources = resolved ? (Array.isArray(resolved) ? resolved : [resolved]) : await resolveAppSources(ws, appId);
  const app = ws.config.apps.find((a) => a.id === appId);
  const summary = emptySummary(appId, sources.map((s) => s.adapter.name).join('+'));
  const warn = warner(summary, appId, opts);
  const merge = sources.length > 1;

  // discover every source's streams first: a source that cannot say what it offers stops the app
  const perSource: Array<{ r: ResolvedAdapter; ctx: ReturnType<typeof createAdapterContext>; declared: StreamSpec[] }> = [];
  for (const r of sources) {
    const ctx = createAdapterContext({ root: ws.root, appId, env: process.env, signal: opts.signal, log: { info: (m) => opts.onLog?.(appId, 'info', m), warn } }, r.adapter.name);
    try {
      perSource.push({ r, ctx, declared: await r.adapter.discover(r.config, ctx) });
    } catch (e) {
      return finishFailed(store, opts, summary, `discover failed${merge ? ` (${r.adapter.name})` : ''}: ${(e as Error).message}`, started);
    }
  }
  let joins: LoadedJoin[] = [];
  try {
    joins = await Promise.all((app?.joins ?? []).map((j) => loadJoin(ws.root, j, warn)));
  } catch (e) {
    return finishFailed(store, opts, summary, `join failed: ${(e as Error).message}`, started);
  }
  const streamNames = new Set<string>([...perSource.flatMap((p) => p.declared.map((s) => s.name)), ...store.raw.streams(appId)]);
  // several sources share stream names, so their states would collide: such an app is read in full
  const stateIn = opts.full || merge ? {} : savedState(store, appId, streamNames);
  const before = new Map([...streamNames].map((s) => [s, store.raw.count(appId, s)] as const));
  const ingest = new Ingest(store, appId, summary, stateIn, warn, { entryPoints: entryPointSettings(ws, appId), joins, merge });
  for (const p of perSource) for (const s of p.declared) ingest.streamOf(s.name);

  const staged = store.stage();
  try {
    const readBySource: Array<{ adapter: string; read: number }> = [];
    for (const { r, ctx } of perSource) {
      const read0 = ingest.readCount;
      // a large source of a built-in adapter is read on a second thread; merged sources and joins
      // need every record's data here, so they stay on one
      const threaded = !merge && !joins.length && readsOnThread(r.builtin, r.adapter.readSize?.(r.config, ctx), opts.threadAbove ?? THREAD_MIN_BYTES);
      // an adapter that reads in batches gives its messages a batch per async step
      const source: Source = threaded
        ? { batches: threadBatches({ builtin: r.builtin!, config: r.config, root: ws.root, appId, state: stateIn, batchItems: 2000, hashAhead: opts.hashAhead }, opts.signal) }
        : r.adapter.readBatches
          ? { runs: r.adapter.readBatches(r.config, ctx, stateIn) }
          : { messages: r.adapter.read(r.config, ctx, stateIn) };
      const { failure, aborted } = await readInto(ingest, source, appId, opts, warn);
      readBySource.push({ adapter: r.adapter.name, read: ingest.readCount - read0 });
      if (failure || aborted) {
        staged.discard();
        summary.aborted = aborted || undefined;
        summary.streams = [...ingest.streams.values()];
        return finishFailed(store, opts, summary, `${merge ? `${r.adapter.name}: ` : ''}${failure ?? 'aborted'}`, started);
      }
    }
    if (merge) {
      summary.sources = readBySource;
      ingest.releaseHeld();
      ingest.flush();
    }
    if (joins.length) summary.joins = joinSummaries(joins, warn);
    let shrank: NonNullable<AppExtractSummary['shrank']> = [];
    store.tx(() => {
      ingest.sweep(streamNames);
      summary.streams = [...ingest.streams.values()];
      shrank = shrinkOf(store, appId, summary, stateIn, before, ws.config.extract?.shrinkGuard ?? 0.5);
    });
    if (shrank.length && !opts.acceptShrink) {
      staged.discard();
      summary.shrank = shrank;
      summary.code = 'E_SOURCE_SHRANK';
      return finishFailed(store, opts, summary, shrinkMessage(appId, shrank, ws.config.extract?.shrinkGuard ?? 0.5), started);
    }
    store.tx(() => {
      summary.durationMs = Date.now() - started;
      if (shrank.length) {
        summary.shrank = shrank;
        store.events.append({
          actor: opts.actor,
          action: 'extract.shrink-accepted',
          entity: `app:${appId}`,
          summary: `accepted (--accept-shrink): ${shrank.map((x) => `${x.stream} ${x.before} → ${x.after}`).join(', ')}`,
          details: { shrank },
        });
      }
      store.events.append({ actor: opts.actor, action: 'extract', entity: `app:${appId}`, summary: describe(summary), details: countsOf(summary) });
    });
    staged.commit();
  } finally {
    // an exception (a store error, a bug) leaves nothing half-current either
    staged.discard();
  }
  opts.onProgress?.({ appId, stream: undefined, read: ingest.readCount, quarantined: ingest.quarantinedCount, done: true });
  return summary;
}

/** the app's entry-point settings: its own, plus the unified app's hosts */
function entryPointSettings(ws: Workspace, appId: string): EntryPointSettings {
  const app = appById(ws, appId);
  const e = app.entryPoints ?? { significantParams: {}, keepFragment: true, ownHosts: [], unifiedHosts: [] };
  return {
    significantParams: e.significantParams,
    keepFragment: e.keepFragment,
    ownHosts: e.ownHosts,
    unifiedHosts: [...ws.config.unifiedApp.allowlist, ...e.unifiedHosts],
  };
}

/**
 * The shrink guard: each stream read in full (and completely) that kept fewer than `ratio` of the
 * records of its last snapshot. Incremental and incomplete reads remove nothing, so never shrink.
 */
function shrinkOf(
  store: Store,
  appId: string,
  summary: AppExtractSummary,
  stateIn: Record<string, unknown>,
  before: Map<string, number>,
  ratio: number,
): NonNullable<AppExtractSummary['shrank']> {
  if (ratio <= 0 || summary.incomplete) return [];
  const out: NonNullable<AppExtractSummary['shrank']> = [];
  for (const [stream, n] of before) {
    if (n === 0 || stateIn[stream] !== undefined) continue;
    const after = store.raw.count(appId, stream);
    if (after < n * ratio) out.push({ stream, before: n, after });
  }
  return out;
}

export function shrinkMessage(appId: string, shrank: NonNullable<AppExtractSummary['shrank']>, ratio: number): string {
  const what = shrank.map((x) => `${x.stream}: ${x.after} records where the last snapshot had ${x.before}`).join('; ');
  return `${appId}: the source shrank below ${Math.round(ratio * 100)}% of its last snapshot (${what}); nothing was changed, the last snapshot stays current`;
}

function emptySummary(appId: string, adapter: string): AppExtractSummary {
  return {
    appId,
    adapter,
    ok: true,
    streams: [],
    entryPoints: { total: 0, new: 0, changed: 0, unchanged: 0, removed: 0, refused: 0 },
    quarantined: 0,
    warnings: [],
    durationMs: 0,
  };
}

/** warnings are kept in the summary (the first 100) and passed on as they come */
function warner(summary: AppExtractSummary, appId: string, opts: ExtractOptions): (message: string) => void {
  return (msg) => {
    if (summary.warnings.length < 100) summary.warnings.push(msg);
    opts.onLog?.(appId, 'warn', msg);
  };
}

/** the last committed state per stream; none on a first run (then the stream is read in full) */
function savedState(store: Store, appId: string, streams: Iterable<string>): Record<string, unknown> {
  const state: Record<string, unknown> = {};
  for (const s of streams) {
    const st = store.raw.getState(appId, s);
    if (st !== undefined && st !== null) state[s] = st;
  }
  return state;
}

/** what a read gives: the adapter's messages one by one, a run at a time, or prepared on the read thread */
type Source = { messages: AsyncIterable<AdapterMessage> } | { runs: AsyncIterable<Iterable<AdapterMessage>> } | { batches: AsyncIterable<ReadBatch> };

/**
 * Reads the adapter's messages into the staged run, a batch per savepoint (memory stays flat; the
 * caller decides whether the whole run becomes current). A threaded read gives the same messages
 * in batches, its records already prepared: each is taken exactly as on one thread.
 */
async function readInto(
  ingest: Ingest,
  source: Source,
  appId: string,
  opts: ExtractOptions,
  warn: (message: string) => void,
): Promise<{ failure?: string; aborted: boolean }> {
  const batchSize = opts.batchSize ?? 5000;
  const progress = (stream: string | undefined) =>
    opts.onProgress?.({ appId, stream, read: ingest.readCount, quarantined: ingest.quarantinedCount, done: false });
  let failure: string | undefined;
  let aborted = false;
  const after = (stream: string, type: AdapterMessage['type']) => {
    if (ingest.pendingCount >= batchSize) {
      ingest.flush();
      progress(stream);
    } else if ((ingest.readCount & 1023) === 0 && type !== 'state') progress(stream);
  };
  /** one message; false when the run was stopped */
  const take = (m: AdapterMessage): boolean => {
    if (opts.signal?.aborted) {
      aborted = true;
      return false;
    }
    if (m.type === 'log') {
      if (m.level === 'warn') warn(m.message);
      else opts.onLog?.(appId, 'info', m.message);
      return true;
    }
    ingest.accept(m);
    after(m.stream, m.type);
    return true;
  };
  try {
    if ('messages' in source) {
      for await (const m of source.messages) if (!take(m)) break;
    } else if ('runs' in source) {
      runs: for await (const run of source.runs) for (const m of run) if (!take(m)) break runs;
    } else {
      batches: for await (const b of source.batches) {
        const { k, n, names, o, h } = b;
        const bytes = Buffer.from(b.bytes.buffer, b.bytes.byteOffset, b.bytes.byteLength);
        // the hashes made here, 20 bytes each, side by side in one buffer a batch (let go with its records)
        const hashes = h ? undefined : Buffer.allocUnsafeSlow(20 * k.length);
        let hashAt = 0;
        for (let i = 0, at = 0, ni = 0, oi = 0; i < k.length; i++) {
          const kind = k[i]!;
          if (kind === K_LOG) {
            // the adapter's context logged it: a warning or a line of information, not a message
            const l = o[oi++] as LogLine;
            if (l.level === 'warn') warn(l.message);
            else opts.onLog?.(appId, 'info', l.message);
          } else if (kind === K_MESSAGE) {
            if (!take(o[oi++] as AdapterMessage)) break batches;
          } else {
            if (opts.signal?.aborted) {
              aborted = true;
              break batches;
            }
            if (kind === K_RECORD) {
              const stream = names[n[ni]!]!;
              const shape = names[n[ni + 1]!];
              const key = bytes.toString('utf8', at, (at += n[ni + 2]!));
              const locator = bytes.toString('utf8', at, (at += n[ni + 3]!));
              // the content hash: SHA-1 of the sorted keys and the JSON, whose bytes lie side by side
              // (made by the read thread when it had time to spare: then its 20 bytes follow), kept
              // as its bytes, as the store keeps it
              let hash: Uint8Array | undefined;
              if (!h) hash = hashes!.subarray(hashAt, (hashAt = sha1Into(bytes.subarray(at, at + n[ni + 4]! + n[ni + 5]!), hashes!, hashAt)));
              at += n[ni + 4]!;
              // the JSON's bytes are bound as they are (no string made of them here)
              const json = bytes.subarray(at, (at += n[ni + 5]!));
              if (h) hash = bytes.subarray(at, (at += 20));
              ni += N_PER_RECORD;
              ingest.acceptPrepared(stream, key, locator, hash!, json, shape);
              after(stream, 'record');
            } else {
              const r = o[oi++] as RecordMore;
              ingest.acceptPrepared(r.stream, r.key, r.locator, r.hash, r.json, r.shape, r.changes, r.data);
              after(r.stream, 'record');
            }
          }
        }
      }
    }
  } catch (e) {
    failure = (e as Error).message || String(e);
  }
  if (opts.signal?.aborted) aborted = true;
  if (!failure && !aborted) ingest.flush();
  return { failure, aborted };
}

function finishFailed(store: Store, opts: ExtractOptions, summary: AppExtractSummary, error: string, started: number): AppExtractSummary {
  summary.ok = false;
  summary.error = error;
  summary.durationMs = Date.now() - started;
  store.events.append({
    actor: opts.actor,
    action: summary.aborted ? 'extract.aborted' : 'extract.failed',
    entity: `app:${summary.appId}`,
    summary: `${summary.aborted ? 'aborted' : 'failed'}: ${error}${summary.streams.length ? `; discarded what was read (${describe(summary)}): the last complete snapshot stays current` : ''}`,
    details: countsOf(summary),
  });
  return summary;
}

function countsOf(s: AppExtractSummary) {
  return { adapter: s.adapter, ok: s.ok, error: s.error, code: s.code, shrank: s.shrank, streams: s.streams, entryPoints: s.entryPoints, quarantined: s.quarantined, durationMs: s.durationMs };
}

export function describe(s: AppExtractSummary): string {
  const parts = s.streams.map(
    (x) =>
      `${x.stream}: ${x.read} read (${x.new} new, ${x.changed} changed, ${x.unchanged} unchanged, ${x.quarantined} quarantined${x.removed ? `, ${x.removed} removed` : ''})`,
  );
  const e = s.entryPoints;
  if (e.total || e.refused || e.removed) {
    const more = [`${e.refused} refused`];
    if (e.removed) more.push(`${e.removed} removed`);
    if (e.conflicts) more.push(`${e.conflicts} claimed by several services`);
    if (e.migrated) more.push(`${e.migrated} already on the unified app`);
    if (e.external) more.push(`${e.external} external`);
    const n = e.addresses !== undefined && e.addresses !== e.total ? `${e.addresses} addresses → ${e.total} entry points` : `${e.total}`;
    parts.push(`entry points: ${n} (${more.join(', ')})`);
  }
  for (const j of s.joins ?? []) parts.push(`join ${j.file}: ${j.matched}/${j.rows} rows matched${j.unmatched ? `, ${j.unmatched} unmatched` : ''}`);
  return parts.join('; ') || 'nothing read';
}
