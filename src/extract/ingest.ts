// What extract does with an adapter's messages for one app: counts them per stream, writes them to
// the store in batches (one transaction each, a state checkpoint in the batch holding the records
// before it), materialises entry points from the `entryPoints` stream, quarantines what cannot be
// stored, and after a full read sweeps what the source no longer has.
import type { RawRecordInput, Store, Upserted } from '../store/store.js';
import { CompactKeySet, type AdapterMessage } from '../sdk/index.js';
import { recordForm } from './record-form.js';
import type { EntryPoint } from '../schema/entry-point.js';
import { materialiseEntryPoint, precedence, type EntryPointSettings } from './entry-points.js';
import { applyJoins, type LoadedJoin } from './joins.js';
import type { AppExtractSummary, StreamSummary } from './summary.js';
import { describeTextChanges, sanitizeRecord } from '../text/index.js';

export interface IngestOptions {
  /** canonical forms and statuses of this app's entry points */
  entryPoints?: EntryPointSettings;
  /** tables joined onto records before they are stored */
  joins?: LoadedJoin[];
  /**
   * several sources: records are held until every source is read and merged by key (the earlier
   * source's non-empty values win, later ones add fields and fill gaps); states are not kept
   */
  merge?: boolean;
}

export const ENTRY_STREAM = 'entryPoints';

/** new records written together: what store.raw.insertNew writes in one statement */
const FRESH_RUN = 100;

/** a record whose content hash and JSON were made on the read's thread: stored as it is */
type PreparedRecord = RawRecordInput & { type: 'prepared'; data: Record<string, unknown>; json: string | Uint8Array };

function newStream(stream: string, full: boolean): StreamSummary {
  return { stream, read: 0, new: 0, changed: 0, unchanged: 0, quarantined: 0, removed: 0, full };
}

/** what Ingest keeps per stream: `keys` only for a stream that held records when the run began */
type StreamState = { summary: StreamSummary; keys?: CompactKeySet; fresh: boolean };

export class Ingest {
  readonly streams = new Map<string, StreamSummary>();
  /** messages read so far (records + quarantined), and of them quarantined: for progress */
  readCount = 0;
  quarantinedCount = 0;
  /** the keys seen this run of each stream that held records when the run began (the sweep's) */
  private readonly seen = new Map<string, CompactKeySet>();
  /** per stream: its summary, its keys seen, whether it was empty when the run began; the last one used kept at hand */
  private readonly states = new Map<string, StreamState>();
  private last?: { name: string; state: StreamState };
  /** this run's entry points by id, and those changed since the last flush */
  private readonly seenEntryPoints = new Map<string, EntryPoint>();
  private readonly dirtyEntryPoints = new Set<string>();
  private readonly countedEntryPoints = new Set<string>();
  /** merge mode: records held by stream + key until every source is read */
  private readonly held = new Map<string, Extract<AdapterMessage, { type: 'record' }>>();
  private clashes = 0;
  private pending: Array<AdapterMessage | PreparedRecord> = [];
  /** records of this flush known to be new, not yet written: written together (store.raw.insertNew) */
  private fresh: RawRecordInput[] = [];
  private pendingRecords = 0;
  private firstBatch = true;

  constructor(
    private readonly store: Store,
    private readonly appId: string,
    private readonly summary: AppExtractSummary,
    /** the state each stream was read from (none: read in full) */
    private readonly stateIn: Record<string, unknown>,
    private readonly warn: (message: string) => void,
    private readonly opts: IngestOptions = {},
  ) {}

  streamOf(name: string): StreamSummary {
    let s = this.streams.get(name);
    if (!s) {
      s = newStream(name, this.stateIn[name] === undefined);
      this.streams.set(name, s);
    }
    return s;
  }

  private streamState(name: string): StreamState {
    if (this.last?.name === name) return this.last.state;
    let state = this.states.get(name);
    if (!state) {
      // asked before this run stores anything in the stream (inside the staged run, so exact)
      if (this.store.raw.count(this.appId, name) === 0) {
        // an empty stream keeps no keys: all it will hold is of this run, so the sweep has nothing
        // to look for, and a key given twice is told by the store (insertNew upserts it)
        state = { summary: this.streamOf(name), fresh: true };
      } else {
        let keys = this.seen.get(name);
        if (!keys) this.seen.set(name, (keys = new CompactKeySet()));
        state = { summary: this.streamOf(name), keys, fresh: false };
      }
      this.states.set(name, state);
    }
    this.last = { name, state };
    return state;
  }

  get pendingCount(): number {
    return this.pendingRecords;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** takes one message from the read (not a log line); it is stored at the next flush */
  /** records whose text the normaliser changed (src/text sanitizeRecord) */
  private textChanged = 0;

  accept(m: Exclude<AdapterMessage, { type: 'log' }>): void {
    if (m.type === 'record') {
      if (typeof m.key !== 'string' || !m.key || !m.data || typeof m.data !== 'object') {
        this.pending.push({ type: 'quarantine', stream: m.stream, locator: m.locator ?? '?', reason: 'the adapter gave a record without a key or data', raw: m.data });
        this.quarantinedCount++;
      } else {
        // hostile characters out, each change a warning with its locator (src/text)
        const clean = sanitizeRecord(m.data);
        if (clean.changes.length) {
          m = { ...m, data: clean.data };
          // the first ones by locator; a file with thousands says so once
          if (++this.textChanged <= 20) this.warn(`${m.locator}: ${describeTextChanges(clean.changes)}`);
          else if (this.textChanged === 21) this.warn('more records had text changed by the normaliser: only the first 20 are listed');
        }
        if (this.opts.joins?.length) m = { ...m, data: applyJoins(this.opts.joins, m.stream, m.data) };
        // entry points are pooled, not merged by key: two sources' claims on one address stay a conflict
        if (this.opts.merge && m.stream !== 'entryPoints') this.hold(m);
        else {
          this.pending.push(m);
          this.pendingRecords++;
        }
      }
      this.readCount++;
      this.streamOf(m.stream).read++;
    } else if (m.type === 'quarantine') {
      if (m.incomplete) {
        this.streamOf(m.stream).incomplete = true;
        this.warn(`${m.locator}: ${m.reason} — the read is incomplete, so nothing is removed this run`);
      }
      this.pending.push(m);
      this.pendingRecords++;
      this.readCount++;
      this.quarantinedCount++;
      this.streamOf(m.stream).read++;
    } else if (m.type === 'state' && !this.opts.merge) {
      this.pending.push(m);
    }
  }

  /**
   * A record prepared on the read's thread (./read-worker.ts) as accept() would: its text already
   * sanitised (`changes` describes what changed), its form made (./record-form.ts); `data` only for entry
   * points. Never in merge mode or with joins (those read on one thread).
   */
  acceptPrepared(stream: string, key: string, locator: string, hash: string | Uint8Array, json: string | Uint8Array, shape: string | undefined, changes?: string, data?: Record<string, unknown>): void {
    if (changes !== undefined) {
      if (++this.textChanged <= 20) this.warn(`${locator}: ${changes}`);
      else if (this.textChanged === 21) this.warn('more records had text changed by the normaliser: only the first 20 are listed');
    }
    this.pending.push({ type: 'prepared', appId: this.appId, stream, key, locator, data: data as Record<string, unknown>, contentHash: hash, json, shape });
    this.pendingRecords++;
    this.readCount++;
    this.streamOf(stream).read++;
  }

  /** merge mode: one record per stream + key, the sources' fields merged */
  private hold(m: Extract<AdapterMessage, { type: 'record' }>): void {
    const id = `${m.stream}\u0000${m.key}`;
    const prev = this.held.get(id);
    if (!prev) {
      this.held.set(id, m);
      return;
    }
    const data: Record<string, unknown> = { ...prev.data };
    for (const [k, v] of Object.entries(m.data)) {
      const old = data[k];
      if (old === undefined || old === null || old === '') data[k] = v;
      else if (v !== undefined && v !== null && v !== '' && JSON.stringify(old) !== JSON.stringify(v) && this.clashes++ < 5)
        this.warn(`${m.locator}: "${k}" is ${JSON.stringify(v)} here but ${JSON.stringify(old)} on ${prev.locator}: the earlier source's value is kept`);
    }
    this.held.set(id, { ...prev, data, locator: prev.locator.includes(m.locator) ? prev.locator : `${prev.locator} + ${m.locator}` });
  }

  /** merge mode: after the last source, the held records go to the store */
  releaseHeld(): void {
    for (const m of this.held.values()) {
      this.pending.push(m);
      this.pendingRecords++;
    }
    this.held.clear();
  }

  /** writes what is pending in one transaction */
  flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.pendingRecords = 0;
    this.store.tx(() => {
      if (this.firstBatch) {
        // a re-run starts from a clean slate for what extract owns
        this.store.quarantine.clear(this.appId, 'extract');
        this.firstBatch = false;
      }
      for (const m of batch) this.apply(m);
      this.writeFresh();
    });
  }

  /** the new records taken so far, written before anything else is (the store's order stays the messages') */
  private writeFresh(): void {
    if (!this.fresh.length) return;
    const rows = this.fresh;
    this.fresh = [];
    // a key given twice (a repeat the adapter let through) was upserted: counted as upsert said
    for (const [at, u] of this.store.raw.insertNew(rows)) {
      const s = this.streamOf(rows[at]!.stream);
      s.new--;
      s[u]++;
    }
  }

  private quarantine(stream: string, locator: string, reason: string, data?: unknown): void {
    this.writeFresh();
    this.store.quarantine.add({ appId: this.appId, stage: 'extract', stream, locator, reason, data });
    this.streamOf(stream).quarantined++;
    this.summary.quarantined++;
  }

  private apply(m: AdapterMessage | PreparedRecord): void {
    if (m.type === 'record' || m.type === 'prepared') this.applyRecord(m);
    else if (m.type === 'quarantine') this.quarantine(m.stream, m.locator, m.reason, m.raw);
    else if (m.type === 'state') {
      this.writeFresh();
      this.store.raw.setState(this.appId, m.stream, m.state);
    }
  }

  private applyRecord(m: Extract<AdapterMessage, { type: 'record' }> | PreparedRecord): void {
    const { store, appId } = this;
    const st = this.streamState(m.stream);
    const r: RawRecordInput = m.type === 'prepared' ? m : { appId, stream: m.stream, key: m.key, locator: m.locator, data: m.data, ...recordForm(m.data) };
    // a stream that held nothing when the run began: its records are inserted without a lookup,
    // with the others of its flush (a key given twice is upserted by insertNew, in its turn); in
    // any other stream each takes the upsert, after what came before it is written
    if (st.fresh) {
      // written as soon as a statement's worth is taken: held to the end of the flush, a batch's
      // records outlived the young generation and cost the collector more than the writes saved
      if (this.fresh.push(r) >= FRESH_RUN) this.writeFresh();
      st.summary.new++;
    } else {
      st.keys!.add(m.key);
      this.writeFresh();
      const u: Upserted = store.raw.upsert(r);
      st.summary[u]++;
    }
    if (m.stream !== ENTRY_STREAM) return;
    const ep = materialiseEntryPoint(appId, m.data, m.locator, this.opts.entryPoints);
    if (ep.ok) {
      const e = ep.entryPoint;
      this.summary.entryPoints.addresses = (this.summary.entryPoints.addresses ?? 0) + 1;
      const prev = this.seenEntryPoints.get(e.id);
      if (!prev) {
        this.seenEntryPoints.set(e.id, e);
        this.dirtyEntryPoints.add(e.id);
      } else if (e.serviceKey && e.serviceKey !== prev.serviceKey) {
        // one address, one entry point: a second service claiming it is a conflict, never silent
        if (!prev.serviceKey) {
          this.seenEntryPoints.set(e.id, { ...prev, serviceKey: e.serviceKey, label: e.label ?? prev.label, locator: e.locator });
        } else {
          const claims = [...(prev.claimedBy ?? [prev.serviceKey])];
          if (!claims.includes(e.serviceKey)) claims.push(e.serviceKey);
          const keeper = precedence(e.address, claims);
          this.seenEntryPoints.set(e.id, { ...prev, serviceKey: keeper, claimedBy: claims });
          this.warn(`${e.locator}: ${e.kind} address ${e.address} is claimed by ${claims.length} services (${claims.join(', ')}): ${keeper} keeps it by precedence; a person may choose otherwise`);
        }
        this.dirtyEntryPoints.add(e.id);
      }
    } else {
      if (ep.refused) this.summary.entryPoints.refused++;
      this.quarantine(m.stream, m.locator, ep.reason, m.data);
    }
  }

  /** whether the app had no entry points stored when the run began (asked once, inside the staged run) */
  private noEntryPointsBefore?: boolean;

  /** stores the entry points changed since the last call; each counts (new, changed, unchanged) once */
  private flushEntryPoints(): void {
    if (!this.dirtyEntryPoints.size) return;
    this.noEntryPointsBefore ??= this.store.entryPoints.ids(this.appId).length === 0;
    for (const id of [...this.dirtyEntryPoints].sort()) {
      // an app with none stored before: an id not yet stored this run is new, no lookup needed
      const known = this.noEntryPointsBefore && !this.countedEntryPoints.has(id) ? 'new' : undefined;
      const r = this.store.entryPoints.upsert(this.seenEntryPoints.get(id)!, known);
      if (!this.countedEntryPoints.has(id)) {
        this.countedEntryPoints.add(id);
        this.summary.entryPoints[r]++;
      } else if (r === 'changed' && this.summary.entryPoints.unchanged > 0) {
        // a conflict found after the first store: what was unchanged has changed after all
        this.summary.entryPoints.unchanged--;
        this.summary.entryPoints.changed++;
      }
    }
    this.dirtyEntryPoints.clear();
  }

  /**
   * After a complete read: removes from each stream read in full the keys the source no longer
   * has, and the entry points no longer seen (never when part of the source was unreadable).
   * Runs inside the caller's transaction.
   */
  sweep(streamNames: Iterable<string>): void {
    const { store, appId, stateIn } = this;
    // entry points are stored once, here, with their final claims: stored per record (or per batch)
    // an address a later service also claims was written twice, and a re-run counted it changed
    this.flushEntryPoints();
    const incomplete = [...this.streams.values()].some((s) => s.incomplete);
    if (incomplete) this.summary.incomplete = true;
    for (const name of new Set([...streamNames, ...this.streams.keys()])) {
      if (stateIn[name] !== undefined || incomplete) continue;
      // a stream empty when the run began holds only what this run stored
      if (this.states.get(name)?.fresh) continue;
      const s = this.streamOf(name);
      const ks = this.seen.get(name) ?? new CompactKeySet();
      // every key seen is stored, so when the counts agree nothing is gone (the common re-run)
      if (store.raw.count(appId, name) === ks.size) continue;
      const gone: string[] = [];
      for (const key of store.raw.keys(appId, name)) if (!ks.has(key)) gone.push(key);
      for (const key of gone) store.raw.remove(appId, name, key);
      s.removed += gone.length;
    }
    if (stateIn[ENTRY_STREAM] === undefined && !incomplete) {
      for (const id of store.entryPoints.ids(appId)) {
        if (!this.seenEntryPoints.has(id)) {
          store.entryPoints.remove(id);
          this.summary.entryPoints.removed++;
        }
      }
    }
    this.summary.entryPoints.total = this.seenEntryPoints.size;
    let conflicts = 0;
    let migrated = 0;
    let external = 0;
    for (const e of this.seenEntryPoints.values()) {
      if (e.claimedBy && e.claimedBy.length > 1) conflicts++;
      if (e.status === 'migrated') migrated++;
      if (e.status === 'external') external++;
    }
    Object.assign(this.summary.entryPoints, { conflicts, migrated, external });
    if (this.clashes > 5) this.warn(`${this.clashes} fields in all differ between sources for one key: the earlier source's values are kept`);
  }
}
