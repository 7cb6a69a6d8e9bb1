// The extract stage: runs each app's adapter and stores what it reads (DESIGN §8). Raw records are
// stored idempotently by key + content hash, in batches (one transaction each); a state checkpoint
// is committed only in the batch holding the records before it; unreadable rows are quarantined
// and the read goes on; entry points are materialised from the `entryPoints` stream; a full read
// removes what the source no longer has.
import { selectApps, type Workspace } from '../workspace/loader.js';
import type { Store, Upserted } from '../store/store.js';
import type { AdapterContext, AdapterMessage, StreamSpec } from './contract.js';
import { CompactKeySet, contentHash } from './hash.js';
import { materialiseEntryPoint } from './entry-points.js';

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
}

export interface StreamSummary {
  stream: string;
  read: number;
  new: number;
  changed: number;
  unchanged: number;
  quarantined: number;
  /** records the source no longer has (removed on a full read) */
  removed: number;
  /** true when this stream was read in full (no saved state), so `removed` was swept */
  full: boolean;
  /** part of the source could not be read (an unreadable file or sheet): nothing was removed */
  incomplete?: boolean;
}

export interface EntryPointSummary {
  total: number;
  new: number;
  changed: number;
  unchanged: number;
  removed: number;
  refused: number;
}

export interface AppExtractSummary {
  appId: string;
  adapter: string;
  ok: boolean;
  /** why the adapter failed (records read before the failure are kept) */
  error?: string;
  /** part of the source was unreadable (see the quarantine): nothing was removed */
  incomplete?: boolean;
  aborted?: boolean;
  streams: StreamSummary[];
  entryPoints: EntryPointSummary;
  quarantined: number;
  warnings: string[];
  durationMs: number;
}

export interface ExtractSummary {
  ok: boolean;
  apps: AppExtractSummary[];
  failed: string[];
  /** apps whose source was partly unreadable (a whole file or sheet quarantined) */
  incomplete: string[];
  totals: { read: number; new: number; changed: number; unchanged: number; quarantined: number; removed: number };
}

const ENTRY_STREAM = 'entryPoints';

export async function extractApps(ws: Workspace, store: Store, opts: ExtractOptions): Promise<ExtractSummary> {
  const ids = selectApps(ws, opts.apps);
  const apps: AppExtractSummary[] = [];
  for (const id of ids) {
    if (opts.signal?.aborted) break;
    apps.push(await extractApp(ws, store, id, opts));
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
  return { ok: failed.length === 0, apps, failed, incomplete, totals };
}

function newStream(stream: string, full: boolean): StreamSummary {
  return { stream, read: 0, new: 0, changed: 0, unchanged: 0, quarantined: 0, removed: 0, full };
}

export async function extractApp(ws: Workspace, store: Store, appId: string, opts: ExtractOptions): Promise<AppExtractSummary> {
  const started = Date.now();
  const entry = ws.adapters.get(appId)!;
  const { adapter, config } = entry;
  const batchSize = opts.batchSize ?? 5000;
  const warnings: string[] = [];
  const warn = (msg: string) => {
    if (warnings.length < 100) warnings.push(msg);
    opts.onLog?.(appId, 'warn', msg);
  };
  const ctx: AdapterContext = {
    root: ws.root,
    appId,
    env: process.env,
    signal: opts.signal,
    log: { info: (m) => opts.onLog?.(appId, 'info', m), warn },
  };
  const summary: AppExtractSummary = {
    appId,
    adapter: adapter.name,
    ok: true,
    streams: [],
    entryPoints: { total: 0, new: 0, changed: 0, unchanged: 0, removed: 0, refused: 0 },
    quarantined: 0,
    warnings,
    durationMs: 0,
  };

  let declared: StreamSpec[] = [];
  try {
    declared = await adapter.discover(config, ctx);
  } catch (e) {
    return finishFailed(store, opts, summary, `discover failed: ${(e as Error).message}`, started);
  }

  // state per stream: none on a first run or with --full (then the stream is read in full)
  const streamNames = new Set<string>([...declared.map((s) => s.name), ...store.raw.streams(appId)]);
  const stateIn: Record<string, unknown> = {};
  if (!opts.full) {
    for (const s of streamNames) {
      const st = store.raw.getState(appId, s);
      if (st !== undefined && st !== null) stateIn[s] = st;
    }
  }
  const streams = new Map<string, StreamSummary>();
  const streamOf = (name: string) => {
    let s = streams.get(name);
    if (!s) {
      s = newStream(name, stateIn[name] === undefined);
      streams.set(name, s);
    }
    return s;
  };
  for (const s of declared) streamOf(s.name);
  const seen = new Map<string, CompactKeySet>();
  const seenEntryPoints = new Set<string>();

  let pending: AdapterMessage[] = [];
  let pendingRecords = 0;
  let firstBatch = true;
  let readCount = 0;
  let quarantinedCount = 0;

  const flush = () => {
    const batch = pending;
    pending = [];
    pendingRecords = 0;
    store.tx(() => {
      if (firstBatch) {
        // a re-run starts from a clean slate for what extract owns
        store.quarantine.clear(appId, 'extract');
        firstBatch = false;
      }
      for (const m of batch) applyMessage(m);
    });
  };

  const quarantine = (stream: string, locator: string, reason: string, data?: unknown) => {
    store.quarantine.add({ appId, stage: 'extract', stream, locator, reason, data });
    streamOf(stream).quarantined++;
    summary.quarantined++;
  };

  const applyMessage = (m: AdapterMessage) => {
    if (m.type === 'record') {
      const s = streamOf(m.stream);
      const r: Upserted = store.raw.upsert({ appId, stream: m.stream, key: m.key, locator: m.locator, data: m.data, contentHash: contentHash(m.data) });
      s[r]++;
      let ks = seen.get(m.stream);
      if (!ks) seen.set(m.stream, (ks = new CompactKeySet()));
      ks.add(m.key);
      if (m.stream === ENTRY_STREAM) {
        const ep = materialiseEntryPoint(appId, m.data, m.locator);
        if (ep.ok) {
          if (!seenEntryPoints.has(ep.entryPoint.id)) {
            seenEntryPoints.add(ep.entryPoint.id);
            summary.entryPoints[store.entryPoints.upsert(ep.entryPoint)]++;
          }
        } else {
          if (ep.refused) summary.entryPoints.refused++;
          quarantine(m.stream, m.locator, ep.reason, m.data);
        }
      }
    } else if (m.type === 'quarantine') {
      quarantine(m.stream, m.locator, m.reason, m.raw);
    } else if (m.type === 'state') {
      store.raw.setState(appId, m.stream, m.state);
    }
  };

  const progress = (stream: string | undefined, done = false) =>
    opts.onProgress?.({ appId, stream, read: readCount, quarantined: quarantinedCount, done });

  let failure: string | undefined;
  let aborted = false;
  try {
    for await (const m of adapter.read(config, ctx, stateIn)) {
      if (opts.signal?.aborted) {
        aborted = true;
        break;
      }
      if (m.type === 'log') {
        if (m.level === 'warn') warn(m.message);
        else opts.onLog?.(appId, 'info', m.message);
        continue;
      }
      if (m.type === 'record') {
        if (typeof m.key !== 'string' || !m.key || !m.data || typeof m.data !== 'object') {
          pending.push({ type: 'quarantine', stream: m.stream, locator: m.locator ?? '?', reason: 'the adapter gave a record without a key or data', raw: m.data });
          quarantinedCount++;
        } else {
          pending.push(m);
          pendingRecords++;
        }
        readCount++;
        streamOf(m.stream).read++;
      } else if (m.type === 'quarantine') {
        if (m.incomplete) {
          streamOf(m.stream).incomplete = true;
          warn(`${m.locator}: ${m.reason} — the read is incomplete, so nothing is removed this run`);
        }
        pending.push(m);
        pendingRecords++;
        readCount++;
        quarantinedCount++;
        streamOf(m.stream).read++;
      } else if (m.type === 'state') {
        pending.push(m);
      }
      if (pendingRecords >= batchSize) {
        flush();
        progress(m.stream);
      } else if ((readCount & 1023) === 0 && m.type !== 'state') progress(m.stream);
    }
  } catch (e) {
    failure = (e as Error).message || String(e);
  }
  if (opts.signal?.aborted) aborted = true;
  // what was read before a failure is good: store it (and any state that followed it); a run that
  // failed before reading anything leaves the last run's quarantine as it was
  if (pending.length || (!failure && !aborted)) flush();

  if (failure || aborted) {
    summary.aborted = aborted || undefined;
    summary.streams = [...streams.values()];
    return finishFailed(store, opts, summary, failure ?? 'aborted', started);
  }

  // a full read sweeps what the source no longer has (not when part of the source was unreadable)
  const incomplete = [...streams.values()].some((s) => s.incomplete);
  if (incomplete) summary.incomplete = true;
  store.tx(() => {
    for (const name of new Set([...streamNames, ...streams.keys()])) {
      if (stateIn[name] !== undefined || incomplete) continue;
      const s = streamOf(name);
      const ks = seen.get(name) ?? new CompactKeySet();
      // every key seen is stored, so when the counts agree nothing is gone (the common re-run)
      if (store.raw.count(appId, name) === ks.size) continue;
      const gone: string[] = [];
      for (const key of store.raw.keys(appId, name)) if (!ks.has(key)) gone.push(key);
      for (const key of gone) store.raw.remove(appId, name, key);
      s.removed += gone.length;
    }
    if (stateIn[ENTRY_STREAM] === undefined && !incomplete) {
      for (const id of store.entryPoints.ids(appId)) {
        if (!seenEntryPoints.has(id)) {
          store.entryPoints.remove(id);
          summary.entryPoints.removed++;
        }
      }
    }
    summary.entryPoints.total = seenEntryPoints.size;
    summary.streams = [...streams.values()];
    summary.durationMs = Date.now() - started;
    store.events.append({ actor: opts.actor, action: 'extract', entity: `app:${appId}`, summary: describe(summary), details: countsOf(summary) });
  });
  progress(undefined, true);
  return summary;
}

function finishFailed(store: Store, opts: ExtractOptions, summary: AppExtractSummary, error: string, started: number): AppExtractSummary {
  summary.ok = false;
  summary.error = error;
  summary.durationMs = Date.now() - started;
  store.events.append({
    actor: opts.actor,
    action: summary.aborted ? 'extract.aborted' : 'extract.failed',
    entity: `app:${summary.appId}`,
    summary: `${summary.aborted ? 'aborted' : 'failed'}: ${error}${summary.streams.length ? `; kept what was read before: ${describe(summary)}` : ''}`,
    details: countsOf(summary),
  });
  return summary;
}

function countsOf(s: AppExtractSummary) {
  return { adapter: s.adapter, ok: s.ok, error: s.error, streams: s.streams, entryPoints: s.entryPoints, quarantined: s.quarantined, durationMs: s.durationMs };
}

export function describe(s: AppExtractSummary): string {
  const parts = s.streams.map(
    (x) =>
      `${x.stream}: ${x.read} read (${x.new} new, ${x.changed} changed, ${x.unchanged} unchanged, ${x.quarantined} quarantined${x.removed ? `, ${x.removed} removed` : ''})`,
  );
  if (s.entryPoints.total || s.entryPoints.refused || s.entryPoints.removed)
    parts.push(`entry points: ${s.entryPoints.total} (${s.entryPoints.refused} refused${s.entryPoints.removed ? `, ${s.entryPoints.removed} removed` : ''})`);
  return parts.join('; ') || 'nothing read';
}
