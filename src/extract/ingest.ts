// What extract does with an adapter's messages for one app: counts them per stream, writes them to
// the store in batches (one transaction each, a state checkpoint in the batch holding the records
// before it), materialises entry points from the `entryPoints` stream, quarantines what cannot be
// stored, and after a full read sweeps what the source no longer has.
import type { Store, Upserted } from '../store/store.js';
import { CompactKeySet, contentHash, type AdapterMessage } from '../sdk/index.js';
import { materialiseEntryPoint } from './entry-points.js';
import type { AppExtractSummary, StreamSummary } from './summary.js';

export const ENTRY_STREAM = 'entryPoints';

function newStream(stream: string, full: boolean): StreamSummary {
  return { stream, read: 0, new: 0, changed: 0, unchanged: 0, quarantined: 0, removed: 0, full };
}

export class Ingest {
  readonly streams = new Map<string, StreamSummary>();
  /** messages read so far (records + quarantined), and of them quarantined: for progress */
  readCount = 0;
  quarantinedCount = 0;
  private readonly seen = new Map<string, CompactKeySet>();
  private readonly seenEntryPoints = new Set<string>();
  private pending: AdapterMessage[] = [];
  private pendingRecords = 0;
  private firstBatch = true;

  constructor(
    private readonly store: Store,
    private readonly appId: string,
    private readonly summary: AppExtractSummary,
    /** the state each stream was read from (none: read in full) */
    private readonly stateIn: Record<string, unknown>,
    private readonly warn: (message: string) => void,
  ) {}

  streamOf(name: string): StreamSummary {
    let s = this.streams.get(name);
    if (!s) {
      s = newStream(name, this.stateIn[name] === undefined);
      this.streams.set(name, s);
    }
    return s;
  }

  get pendingCount(): number {
    return this.pendingRecords;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** takes one message from the read (not a log line); it is stored at the next flush */
  accept(m: Exclude<AdapterMessage, { type: 'log' }>): void {
    if (m.type === 'record') {
      if (typeof m.key !== 'string' || !m.key || !m.data || typeof m.data !== 'object') {
        this.pending.push({ type: 'quarantine', stream: m.stream, locator: m.locator ?? '?', reason: 'the adapter gave a record without a key or data', raw: m.data });
        this.quarantinedCount++;
      } else {
        this.pending.push(m);
        this.pendingRecords++;
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
    } else if (m.type === 'state') {
      this.pending.push(m);
    }
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
    });
  }

  private quarantine(stream: string, locator: string, reason: string, data?: unknown): void {
    this.store.quarantine.add({ appId: this.appId, stage: 'extract', stream, locator, reason, data });
    this.streamOf(stream).quarantined++;
    this.summary.quarantined++;
  }

  private apply(m: AdapterMessage): void {
    if (m.type === 'record') this.applyRecord(m);
    else if (m.type === 'quarantine') this.quarantine(m.stream, m.locator, m.reason, m.raw);
    else if (m.type === 'state') this.store.raw.setState(this.appId, m.stream, m.state);
  }

  private applyRecord(m: Extract<AdapterMessage, { type: 'record' }>): void {
    const { store, appId } = this;
    const r: Upserted = store.raw.upsert({ appId, stream: m.stream, key: m.key, locator: m.locator, data: m.data, contentHash: contentHash(m.data) });
    this.streamOf(m.stream)[r]++;
    let ks = this.seen.get(m.stream);
    if (!ks) this.seen.set(m.stream, (ks = new CompactKeySet()));
    ks.add(m.key);
    if (m.stream !== ENTRY_STREAM) return;
    const ep = materialiseEntryPoint(appId, m.data, m.locator);
    if (ep.ok) {
      if (!this.seenEntryPoints.has(ep.entryPoint.id)) {
        this.seenEntryPoints.add(ep.entryPoint.id);
        this.summary.entryPoints[store.entryPoints.upsert(ep.entryPoint)]++;
      }
    } else {
      if (ep.refused) this.summary.entryPoints.refused++;
      this.quarantine(m.stream, m.locator, ep.reason, m.data);
    }
  }

  /**
   * After a complete read: removes from each stream read in full the keys the source no longer
   * has, and the entry points no longer seen (never when part of the source was unreadable).
   * Runs inside the caller's transaction.
   */
  sweep(streamNames: Iterable<string>): void {
    const { store, appId, stateIn } = this;
    const incomplete = [...this.streams.values()].some((s) => s.incomplete);
    if (incomplete) this.summary.incomplete = true;
    for (const name of new Set([...streamNames, ...this.streams.keys()])) {
      if (stateIn[name] !== undefined || incomplete) continue;
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
  }
}
