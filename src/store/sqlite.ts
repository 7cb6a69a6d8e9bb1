// The SQLite implementation of the Store (better-sqlite3, WAL). One file per workspace:
// `.yimen/state.db`. Rows keep their domain object as JSON plus the columns queries need.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { YimenError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';
import { HASH_HEX, hashParam, hashText, LAST_SEEN, rawShape, rebuildRaw, seenOf, SHAPE_SEPARATOR, type RawShape } from './raw-form.js';
import type {
  BaseCatalog,
  Decisions,
  EntryPoints,
  EventInput,
  EventLog,
  EventRow,
  LocalCatalog,
  PublicationRow,
  Publications,
  Quarantine,
  QuarantineInput,
  QuarantineRow,
  RawRecordInput,
  RawRecordRow,
  ServiceRowInput,
  RawRecords,
  RedirectRules,
  Services,
  Store,
  StagedRun,
  TextRedactor,
  Upserted,
  PublishJournal,
  JournalEntry,
  JournalEntryInput,
  JournalStatus,
  AppCounts,
  StatusQueries,
  StageMark,
  StageMarks,
  NameAlias,
  NameAliases,
  MatchAnswers,
  MatchIndexCache,
  StoredDecision,
  EncodedDecision,
  StageName,
  ReportQueries,
  ServiceReportRow,
  EntryPointReportRow,
  AppChanges,
  RedirectVerifications,
  VerificationInput,
  VerificationRow,
  RedirectHits,
  HitsRow,
  HitsImportRow,
} from './store.js';
import { decisionStableKey } from './store.js';
import type { CatalogItem, CatalogService, Decision, EntryPoint, RedirectRule } from '../schema/index.js';
import { hash64 } from '../schema/hash.js';

type DB = Database.Database;
// one ISO string per millisecond: a batch of writes in the same millisecond shares it (formatting a
// date per row was a tenth of an extract's store time)
let stampMs = -1;
let stampIso = '';
const now = () => {
  const t = Date.now();
  if (t !== stampMs) {
    stampMs = t;
    stampIso = new Date(t).toISOString();
  }
  return stampIso;
};
const json = (v: unknown) => JSON.stringify(v ?? null);
const same: TextRedactor = (s) => s;

/**
 * SQLite's "database is locked" (another process holds a write for longer than busy_timeout) as a
 * YimenError with a hint: nobody should see a raw SQLITE_BUSY. Other errors pass through.
 */
export function storeError(e: unknown, path?: string): unknown {
  const code = (e as { code?: string } | undefined)?.code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'SQLITE_BUSY_SNAPSHOT') {
    return new YimenError('E_STORE_BUSY', `the workspace store${path ? ` ${path}` : ''} is busy: another process has been writing to it for more than 5 seconds`, {
      hint: 'another yimen command is running on this workspace (see `.yimen/lock.json`); wait for it to finish and try again',
      cause: e,
    });
  }
  return e;
}

export function migrate(db: DB): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  // in ascending order whatever the order of the array (branches append their numbers as they merge)
  const ordered = [...MIGRATIONS].sort((a, b) => a.version - b.version);
  const latest = ordered.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new YimenError('E_STORE_VERSION', `the workspace store is at schema version ${current}, newer than this yimen knows (${latest})`, {
      hint: 'upgrade yimen; an older yimen must not write a newer workspace',
    });
  }
  // which versions ran: a store made before this table existed ran every version up to user_version
  // read first: opening an up-to-date store must not write (other processes may hold the write lock)
  const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).pluck().get() === 1;
  const applied = new Set(hasTable ? (db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]) : []);
  if (applied.size && ordered.every((m) => applied.has(m.version))) return latest;
  if (!hasTable) db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, at TEXT NOT NULL)');
  if (!applied.size && current > 0) {
    const seed = db.prepare('INSERT INTO schema_migrations(version, name, at) VALUES (?, ?, ?)');
    for (const m of ordered) if (m.version <= current) (seed.run(m.version, m.name, now()), applied.add(m.version));
  }
  for (const m of ordered) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations(version, name, at) VALUES (?, ?, ?)').run(m.version, m.name, now());
      db.pragma(`user_version = ${Math.max(m.version, db.pragma('user_version', { simple: true }) as number)}`);
    })();
  }
  return latest;
}

/** how much of the file a read-only connection maps (the rest it reads as usual) */
const READER_MMAP_BYTES = 1 << 30;

/**
 * `mmap` (read-only connections; default true): whether pages are read from the mapped file. The
 * pages a mapping touched count in the process's RSS; a reader that reads each page once (decide's
 * worker) gains nothing from it and leaves the page cache to the kernel.
 */
export function openSqliteStore(path: string, opts: { readonly?: boolean; mmap?: boolean; redact?: TextRedactor } = {}): Store {
  mkdirSync(dirname(path), { recursive: true });
  let db: DB;
  try {
    db = new Database(path, { readonly: opts.readonly ?? false });
  } catch (e) {
    throw new YimenError('E_STORE_OPEN', `cannot open the workspace store ${path}: ${(e as Error).message}`, {
      hint: 'check the path and its permissions',
      cause: e,
    });
  }
  try {
    // the timeout first: switching to WAL and migrating may wait for another process's write
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // a read-only connection (map's worker) reads pages straight from the mapped file: no copy per
    // page, and a commit by the writer does not empty a mapping as it empties the page cache
    if (opts.readonly && opts.mmap !== false) db.pragma(`mmap_size = ${READER_MMAP_BYTES}`);
    migrate(db);
  } catch (e) {
    db.close();
    throw storeError(e, path);
  }
  return new SqliteStore(path, db, opts.redact ?? same);
}

class SqliteStore implements Store {
  readonly events: EventLog;
  readonly raw: RawRecords;
  readonly quarantine: Quarantine;
  readonly services: Services;
  readonly entryPoints: EntryPoints;
  readonly catalog: BaseCatalog;
  readonly decisions: Decisions;
  readonly publications: Publications;
  readonly localCatalog: LocalCatalog;
  readonly redirects: RedirectRules;
  readonly journal: PublishJournal;
  readonly status: StatusQueries;
  readonly stageMarks: StageMarks;
  readonly aliases: NameAliases;
  readonly matchIndex: MatchIndexCache;
  readonly matchAnswers: MatchAnswers;
  readonly report: ReportQueries;
  readonly verifications: RedirectVerifications;
  readonly hits: RedirectHits;

  private staged?: StagedRun;
  /** the raw records' class itself: the store tells it when the stream ids it knows may be stale */
  private readonly rawRows: SqliteRaw;

  constructor(
    readonly path: string,
    readonly db: DB,
    redact: TextRedactor,
  ) {
    this.events = new SqliteEvents(db, redact);
    this.raw = this.rawRows = new SqliteRaw(db);
    this.quarantine = new SqliteQuarantine(db, redact);
    this.services = new SqliteServices(db);
    this.entryPoints = new SqliteEntryPoints(db);
    this.catalog = new SqliteCatalog(db, this);
    this.decisions = new SqliteDecisions(db);
    this.publications = new SqlitePublications(db);
    this.localCatalog = new SqliteLocalCatalog(db);
    this.redirects = new SqliteRedirects(db);
    this.journal = new SqliteJournal(db, redact);
    this.status = new SqliteStatus(db);
    this.stageMarks = new SqliteStageMarks(this);
    this.aliases = new SqliteAliases(db);
    this.matchIndex = new SqliteMatchIndex(db);
    this.matchAnswers = new SqliteMatchAnswers(db, this);
    this.report = new SqliteReport(db);
    this.verifications = new SqliteVerifications(db);
    this.hits = new SqliteHits(db);
  }

  get inTransaction(): boolean {
    return this.db.inTransaction;
  }

  tx<T>(fn: () => T): T {
    // the raw stream ids known may have gone with a transaction rolled back since they were stored
    this.rawRows.forgetStreams();
    // nested calls (and calls inside a staged run) join the outer transaction as savepoints
    try {
      return this.db.transaction(fn)();
    } catch (e) {
      this.rawRows.forgetStreams();
      throw storeError(e, this.path);
    }
  }

  stage(): StagedRun {
    if (this.staged?.open) throw new YimenError('E_STORE_STAGED', 'a staged run is already open on this store', { hint: 'this is a bug: report it' });
    try {
      // IMMEDIATE: take the write lock now, so a busy store fails before anything is read
      this.db.exec('BEGIN IMMEDIATE');
    } catch (e) {
      throw storeError(e, this.path);
    }
    const db = this.db;
    const raw = this.rawRows;
    raw.forgetStreams();
    let open = true;
    const run: StagedRun = {
      get open() {
        return open;
      },
      commit: () => {
        if (!open) return;
        open = false;
        try {
          db.exec('COMMIT');
        } catch (e) {
          if (db.inTransaction) db.exec('ROLLBACK');
          raw.forgetStreams();
          throw storeError(e, this.path);
        }
      },
      discard: () => {
        if (!open) return;
        open = false;
        if (db.open && db.inTransaction) db.exec('ROLLBACK');
        raw.forgetStreams();
      },
    };
    this.staged = run;
    return run;
  }

  getMeta(key: string): string | undefined {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  close(): void {
    // a staged run still open here was never completed: its writes are dropped
    this.staged?.discard();
    if (this.db.open) this.db.close();
  }
}

/** a JSON text with secret values scrubbed (the value, and its JSON-escaped form, are both masked) */
function redactedJson(v: unknown, redact: TextRedactor): string {
  return redact(json(v));
}

class SqliteEvents implements EventLog {
  private ins;
  constructor(
    private db: DB,
    private redact: TextRedactor,
  ) {
    this.ins = db.prepare('INSERT INTO events(at, actor, action, entity, summary, details) VALUES (?, ?, ?, ?, ?, ?)');
  }
  append(e: EventInput): void {
    this.ins.run(now(), e.actor, e.action, e.entity, this.redact(e.summary), e.details === undefined ? null : redactedJson(e.details, this.redact));
  }
  list(filter: { entity?: string; action?: string; limit?: number; since?: string } = {}): EventRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.entity) (where.push('(entity = ? OR entity LIKE ?)'), args.push(filter.entity, `${filter.entity}/%`));
    if (filter.action) (where.push('(action = ? OR action LIKE ?)'), args.push(filter.action, `${filter.action}.%`));
    if (filter.since) (where.push('at >= ?'), args.push(filter.since));
    const sql = `SELECT * FROM (SELECT * FROM events ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ?) ORDER BY id`;
    args.push(filter.limit ?? 1_000_000);
    return (this.db.prepare(sql).all(...args) as Array<EventRow & { details: string | null }>).map((r) => ({
      ...r,
      details: r.details == null ? undefined : JSON.parse(r.details),
    }));
  }
}

/** whether rows[i, i + n) share app, stream and shape, and each has its JSON made (insertNew) */
function alike(rows: readonly RawRecordInput[], i: number, n: number): boolean {
  const a = rows[i]!;
  for (let j = i + 1; j < i + n; j++) {
    const b = rows[j]!;
    if (b.appId !== a.appId || b.stream !== a.stream || b.shape !== a.shape || b.json === undefined) return false;
  }
  return true;
}

/** whether two hashes as raw_rows keeps them (hashParam) are the same */
function sameHash(a: Uint8Array | string, b: Uint8Array | string): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return Buffer.compare(a, b) === 0;
}

/** an INSERT refused because the record's key is stored already */
const isKeyClash = (e: unknown): boolean => (e as { code?: string })?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';

/** a record's data as pageRows joins it: a compact one as its shape's keys, U+0001, its values (raw-form.ts) */
const JOINED_DATA = `CASE WHEN shape IS NULL THEN data ELSE (SELECT keys FROM raw_shapes WHERE id = shape) || char(${SHAPE_SEPARATOR.charCodeAt(0)}) || data END`;

/** a raw_rows row as the readers select it (ROW_COLUMNS) */
type StoredRaw = Record<string, unknown> & { key: string; locator: string; hash: Uint8Array | string; data: string; shape: number | null };
const ROW_COLUMNS = 'key, locator, hash, data, shape, seen_at, changed_at, first_seen, last_seen';

/**
 * Raw records (migration 20): rows in raw_rows, keyed by a stream id (raw_streams: app and stream
 * once) and key; the content hash kept as 20 bytes (raw-form's hashParam). Every reader goes
 * through here and gets the hash as its hex text, as before.
 */
class SqliteRaw implements RawRecords {
  private sel;
  private ins;
  private upd;
  private touch;
  /** shapes by id; an id is derived from the keys, so an entry never goes stale */
  private shapes = new Map<number, RawShape>();
  /** shape ids by keys JSON */
  private shapeIds = new Map<string, number>();
  /**
   * stream ids by `app U+0000 stream`, as this connection last saw them: forgotten whenever a
   * transaction begins or rolls back (forgetStreams), as a rolled-back one may have taken a new
   * stream's row with it, and its id may be given to another stream later
   */
  private sids = new Map<string, number>();
  constructor(private db: DB) {
    this.sel = db.prepare('SELECT hash FROM raw_rows WHERE stream_id = ? AND key = ?').pluck();
    this.ins = db.prepare(
      // data: a string, or its UTF-8 bytes (made on extract's read thread), stored as text either way
      `INSERT INTO raw_rows(stream_id, key, locator, hash, data, shape, seen_at) VALUES (?, ?, ?, ?, CAST(? AS TEXT), ?, ?)`,
    );
    // a row stored before migration 17 keeps its first_seen text; its last_seen becomes changed_at's
    this.upd = db.prepare(`UPDATE raw_rows SET locator = ?, hash = ?, data = CAST(? AS TEXT), last_seen = NULL, changed_at = ?, shape = ? WHERE stream_id = ? AND key = ?`);
    this.touch = db.prepare('UPDATE raw_rows SET locator = ? WHERE stream_id = ? AND key = ? AND locator <> ?');
  }
  /** the stream ids this connection knows may be stale: a transaction begins, or one rolled back */
  forgetStreams(): void {
    this.sids.clear();
  }
  /** a stream's id, stored if new (for writes) */
  private sidOf(appId: string, stream: string): number {
    const k = `${appId}\u0000${stream}`;
    let id = this.sids.get(k);
    if (id === undefined) {
      this.db.prepare('INSERT OR IGNORE INTO raw_streams(app_id, stream) VALUES (?, ?)').run(appId, stream);
      id = this.findSid(appId, stream)!;
      this.sids.set(k, id);
    }
    return id;
  }
  /** a stream's id if it was ever stored (for reads: nothing is written) */
  private findSid(appId: string, stream: string): number | undefined {
    return (
      this.sids.get(`${appId}\u0000${stream}`) ??
      (this.db.prepare('SELECT id FROM raw_streams WHERE app_id = ? AND stream = ?').pluck().get(appId, stream) as number | undefined)
    );
  }
  /** rows one statement of insertNew writes: the statement's overhead and the row's constants bound once per this many */
  static readonly ROWS_PER_INSERT = 100;
  private insMany?: Database.Statement;
  private readonly manyArgs: unknown[] = new Array(SqliteRaw.ROWS_PER_INSERT * 4);
  insertNew(rows: readonly RawRecordInput[]): Array<[at: number, result: Upserted]> {
    const M = SqliteRaw.ROWS_PER_INSERT;
    const repeats: Array<[number, Upserted]> = [];
    // one stamp for the batch, as the rows are written in one go
    const t = Date.now();
    let i = 0;
    try {
      while (i < rows.length) {
        const r = rows[i]!;
        const shape = r.shape === undefined ? null : (this.shapeIds.get(r.shape) ?? this.shapeId(r.shape));
        // a statement takes M rows made alike (the same app, stream and shape, their JSON made): the
        // rest, and a shape whose id another shape holds, one at a time
        if (i + M > rows.length || r.json === undefined || (shape !== null && shape < 0) || !alike(rows, i, M)) {
          this.insertOne(rows, i, t, repeats);
          i++;
          continue;
        }
        const args = this.manyArgs;
        for (let j = 0; j < M; j++) {
          const x = rows[i + j]!;
          args[j * 4] = x.key;
          args[j * 4 + 1] = x.locator;
          args[j * 4 + 2] = hashParam(x.contentHash);
          args[j * 4 + 3] = x.json;
        }
        this.insMany ??= this.db.prepare(
          `INSERT INTO raw_rows(stream_id, key, locator, hash, data, shape, seen_at) VALUES ${new Array(M).fill('(@sid, ?, ?, ?, CAST(? AS TEXT), @shape, @t)').join(', ')}`,
        );
        const consts = { sid: this.sidOf(r.appId, r.stream), t, shape };
        try {
          try {
            this.insMany.run(args, consts);
          } catch (e) {
            // as in write: the shape's row went with a rolled-back transaction
            if (shape === null || !/FOREIGN KEY/.test((e as Error).message)) throw e;
            this.storeShape(shape, r.shape!);
            this.insMany.run(args, consts);
          }
        } catch (e) {
          // a key among them is stored already (the statement wrote nothing): these rows one by one
          if (!isKeyClash(e)) throw e;
          for (let j = 0; j < M; j++) this.insertOne(rows, i + j, t, repeats);
        }
        i += M;
      }
    } finally {
      // the batch's strings and buffers are not kept alive by the arguments
      this.manyArgs.fill(undefined);
    }
    return repeats;
  }
  /** one row of insertNew: inserted, or upserted when its key is stored already (noted in `repeats`) */
  private insertOne(rows: readonly RawRecordInput[], at: number, t: number, repeats: Array<[number, Upserted]>): void {
    try {
      this.write(rows[at]!, true, t);
    } catch (e) {
      if (!isKeyClash(e)) throw e;
      repeats.push([at, this.upsert(rows[at]!)]);
    }
  }
  upsert(r: RawRecordInput, known?: 'new'): Upserted {
    // a key the caller knows is not stored (its stream was empty when the run began, the key is
    // first seen in it): no lookup, one INSERT, as the store's floor does
    if (known === 'new') {
      this.write(r, true);
      return 'new';
    }
    const sid = this.sidOf(r.appId, r.stream);
    const prev = this.sel.get(sid, r.key) as Uint8Array | string | undefined;
    if (prev === undefined) {
      this.write(r, true, undefined, sid);
      return 'new';
    }
    const hash = hashParam(r.contentHash);
    if (sameHash(prev, hash)) {
      this.touch.run(r.locator, sid, r.key, r.locator);
      return 'unchanged';
    }
    this.write(r, false, undefined, sid, hash);
    return 'changed';
  }
  /** inserts or updates a record, compact when the caller gave its shape (its stream id and hash: when the caller has them) */
  private write(r: RawRecordInput, insert: boolean, t = Date.now(), sid = this.sidOf(r.appId, r.stream), hash = hashParam(r.contentHash)): void {
    let data = r.json ?? json(r.data);
    let shape: number | null = null;
    if (r.shape !== undefined) {
      shape = this.shapeIds.get(r.shape) ?? this.shapeId(r.shape);
      if (shape < 0) {
        // an id taken by other keys (a 53-bit collision): this record is stored as its JSON object
        data = json(rebuildRaw(JSON.parse(typeof data === 'string' ? data : Buffer.from(data).toString('utf8')), rawShape(JSON.parse(r.shape))));
        shape = null;
      }
    }
    const run = () => (insert ? this.ins.run(sid, r.key, r.locator, hash, data, shape, t) : this.upd.run(r.locator, hash, data, t, shape, sid, r.key));
    try {
      run();
    } catch (e) {
      // the shape's row went with a rolled-back transaction (the raw_shapes foreign key says so): store it again
      if (shape === null || !/FOREIGN KEY/.test((e as Error).message)) throw e;
      this.storeShape(shape, r.shape!);
      run();
    }
  }
  /** the id of a shape (its keys JSON), stored if new; -1 when the id is another shape's */
  private shapeId(keysJson: string): number {
    const [a, b] = hash64(keysJson);
    const id = a * 2 ** 21 + (b >>> 11);
    const ok = this.storeShape(id, keysJson);
    this.shapeIds.set(keysJson, ok ? id : -1);
    return ok ? id : -1;
  }
  private storeShape(id: number, keysJson: string): boolean {
    this.db.prepare('INSERT OR IGNORE INTO raw_shapes(id, keys) VALUES (?, ?)').run(id, keysJson);
    return this.db.prepare('SELECT keys FROM raw_shapes WHERE id = ?').pluck().get(id) === keysJson;
  }
  /** a stored row's data: a compact one rebuilt as the object it was */
  private dataOf(r: StoredRaw): unknown {
    const v = JSON.parse(r.data);
    const id = r.shape;
    if (id === null || id === undefined) return v;
    let sh = this.shapes.get(id);
    if (!sh) {
      const keys = this.db.prepare('SELECT keys FROM raw_shapes WHERE id = ?').pluck().get(id) as string | undefined;
      if (keys === undefined) throw new YimenError('E_STORE_DAMAGED', `raw record shape ${id} is missing from the store`);
      this.shapes.set(id, (sh = rawShape(JSON.parse(keys))));
    }
    return rebuildRaw(v as unknown[], sh);
  }
  /** a stored row as readers get it */
  private rowOf(appId: string, stream: string, r: StoredRaw): RawRecordRow {
    return { appId, stream, key: r.key, locator: r.locator, contentHash: hashText(r.hash), data: this.dataOf(r), ...seenOf(r) };
  }
  hashes(appId: string, stream: string): string[] {
    const sid = this.findSid(appId, stream);
    if (sid === undefined) return [];
    return this.db.prepare(`SELECT key || char(0) || locator || char(0) || ${HASH_HEX} FROM raw_rows WHERE stream_id = ? ORDER BY rowid`).pluck().all(sid) as string[];
  }
  *list(appId: string, stream?: string): Iterable<RawRecordRow> {
    if (stream !== undefined) {
      const sid = this.findSid(appId, stream);
      if (sid === undefined) return;
      for (const r of this.db.prepare(`SELECT ${ROW_COLUMNS} FROM raw_rows WHERE stream_id = ? ORDER BY rowid`).iterate(sid) as IterableIterator<StoredRaw>) yield this.rowOf(appId, stream, r);
      return;
    }
    const rows = this.db
      .prepare(`SELECT s.stream AS stream_name, ${ROW_COLUMNS} FROM raw_streams s JOIN raw_rows r ON r.stream_id = s.id WHERE s.app_id = ? ORDER BY s.stream, r.key`)
      .iterate(appId) as IterableIterator<StoredRaw & { stream_name: string }>;
    for (const r of rows) yield this.rowOf(appId, r.stream_name, r);
  }
  count(appId?: string, stream?: string): number {
    if (appId && stream) {
      const sid = this.findSid(appId, stream);
      return sid === undefined ? 0 : (this.db.prepare('SELECT count(*) FROM raw_rows WHERE stream_id = ?').pluck().get(sid) as number);
    }
    if (appId) return this.db.prepare('SELECT count(*) FROM raw_rows WHERE stream_id IN (SELECT id FROM raw_streams WHERE app_id = ?)').pluck().get(appId) as number;
    return this.db.prepare('SELECT count(*) FROM raw_rows').pluck().get() as number;
  }
  getState(appId: string, stream: string): unknown {
    const s = this.db.prepare('SELECT state FROM extract_state WHERE app_id = ? AND stream = ?').pluck().get(appId, stream) as string | undefined;
    return s === undefined ? undefined : JSON.parse(s);
  }
  setState(appId: string, stream: string, state: unknown): void {
    this.db
      .prepare(
        'INSERT INTO extract_state(app_id, stream, state, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(app_id, stream) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at',
      )
      .run(appId, stream, json(state), now());
  }
  *keys(appId: string, stream: string): Iterable<string> {
    const sid = this.findSid(appId, stream);
    if (sid === undefined) return;
    yield* this.db.prepare('SELECT key FROM raw_rows WHERE stream_id = ?').pluck().iterate(sid) as IterableIterator<string>;
  }
  remove(appId: string, stream: string, key: string): void {
    const sid = this.findSid(appId, stream);
    if (sid !== undefined) this.db.prepare('DELETE FROM raw_rows WHERE stream_id = ? AND key = ?').run(sid, key);
  }
  page(appId: string, stream: string, after: number | undefined, limit: number): { rows: RawRecordRow[]; next?: number } {
    const sid = this.findSid(appId, stream);
    if (sid === undefined) return { rows: [] };
    if (after === undefined) {
      // the first page starts at the stream's first row (found through the key index), not at the
      // table's: an app extracted after others would otherwise walk every earlier app's rows
      const first = this.db.prepare('SELECT min(rowid) FROM raw_rows WHERE stream_id = ?').pluck().get(sid) as number | null;
      if (first === null) return { rows: [] };
      after = first - 1;
    }
    const rows = this.db
      // NOT INDEXED: walk the rowid range; the (stream_id, key) index would sort every row of the stream for each page
      .prepare(`SELECT rowid AS rid, ${ROW_COLUMNS} FROM raw_rows NOT INDEXED WHERE rowid > ? AND stream_id = ? ORDER BY rowid LIMIT ?`)
      .all(after ?? 0, sid, limit) as Array<StoredRaw & { rid: number }>;
    return {
      rows: rows.map((r) => this.rowOf(appId, stream, r)),
      next: rows.length === limit ? rows.at(-1)!.rid : undefined,
    };
  }
  committedPath(): string | undefined {
    return this.db.memory || this.db.inTransaction ? undefined : this.db.name;
  }
  rowids(appId: string, stream: string): number[] {
    const sid = this.findSid(appId, stream);
    if (sid === undefined) return [];
    // from the (stream_id, key) index alone, sorted: no record read
    return this.db.prepare('SELECT rowid FROM raw_rows WHERE stream_id = ? ORDER BY rowid').pluck().all(sid) as number[];
  }
  pageRows(rowids: readonly number[]): string[] {
    // each row found by its rowid: a stream whose rows lie among other apps' (extracted
    // interleaved) costs no more than a contiguous one, where a rowid range would walk them all
    const rows = this.db
      .prepare(
        `SELECT CASE WHEN key = '' OR instr(key || locator || ${HASH_HEX} || coalesce(last_seen, ''), char(0)) > 0 THEN NULL
           ELSE key || char(0) || locator || char(0) || ${HASH_HEX} || char(0) || ${LAST_SEEN} || char(0) || ${JOINED_DATA} END
         FROM raw_rows WHERE rowid IN (SELECT value FROM json_each(?)) ORDER BY rowid`,
      )
      .pluck()
      .all(JSON.stringify(rowids)) as Array<string | null>;
    if (rows.length !== rowids.length) throw new Error(`internal: ${rowids.length - rows.length} raw records vanished while they were read`);
    for (let i = 0; i < rows.length; i++) {
      if (rows[i] !== null) continue;
      // a NUL in a field (or an empty key) would make the separators ambiguous: this one as JSON
      const r = this.db.prepare(`SELECT key, locator, ${HASH_HEX}, ${LAST_SEEN}, ${JOINED_DATA}, shape FROM raw_rows WHERE rowid = ?`).raw().get(rowids[i]) as Array<string | number | null>;
      // a compact record whose shape is gone: its keys cannot be told
      if (r[4] === null) throw new YimenError('E_STORE_DAMAGED', `raw record shape ${r[5]} is missing from the store`);
      rows[i] = `\u0000${JSON.stringify(r.slice(0, 5))}`;
    }
    return rows as string[];
  }
  streams(appId: string): string[] {
    return this.db
      .prepare('SELECT stream FROM raw_streams s WHERE app_id = ? AND EXISTS (SELECT 1 FROM raw_rows WHERE stream_id = s.id) UNION SELECT stream FROM extract_state WHERE app_id = ?')
      .pluck()
      .all(appId, appId) as string[];
  }
}

class SqliteQuarantine implements Quarantine {
  constructor(
    private db: DB,
    private redact: TextRedactor,
  ) {}
  add(q: QuarantineInput): void {
    this.db
      .prepare('INSERT INTO quarantine(app_id, stage, stream, locator, reason, field, data, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(q.appId, q.stage, q.stream ?? null, this.redact(q.locator), this.redact(q.reason), q.field ?? null, q.data === undefined ? null : redactedJson(q.data, this.redact), now());
  }
  clear(appId: string, stage: QuarantineInput['stage'], stream?: string): number {
    return stream
      ? this.db.prepare('DELETE FROM quarantine WHERE app_id = ? AND stage = ? AND stream = ?').run(appId, stage, stream).changes
      : this.db.prepare('DELETE FROM quarantine WHERE app_id = ? AND stage = ?').run(appId, stage).changes;
  }
  list(filter: { appId?: string; stage?: QuarantineInput['stage'] } = {}): QuarantineRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.appId) (where.push('app_id = ?'), args.push(filter.appId));
    if (filter.stage) (where.push('stage = ?'), args.push(filter.stage));
    const rows = this.db
      .prepare(`SELECT * FROM quarantine ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id`)
      .all(...args) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      id: r.id as number,
      appId: r.app_id as string,
      stage: r.stage as QuarantineInput['stage'],
      stream: (r.stream as string | null) ?? undefined,
      locator: r.locator as string,
      reason: r.reason as string,
      field: (r.field as string | null) ?? undefined,
      data: r.data == null ? undefined : JSON.parse(r.data as string),
      at: r.at as string,
    }));
  }
  count(appId?: string, stage?: QuarantineInput['stage']): number {
    const where: string[] = [];
    const args: unknown[] = [];
    if (appId) (where.push('app_id = ?'), args.push(appId));
    if (stage) (where.push('stage = ?'), args.push(stage));
    return this.db.prepare(`SELECT count(*) FROM quarantine ${where.length ? 'WHERE ' + where.join(' AND ') : ''}`).pluck().get(...args) as number;
  }
}

class SqliteServices implements Services {
  private sel;
  private ins;
  private insNew;
  private insRow;
  constructor(private db: DB) {
    this.sel = db.prepare('SELECT content_hash FROM services WHERE id = ?').pluck();
    // CAST: JSON handed over as UTF-8 bytes is stored as the text it is
    this.insNew = db.prepare('INSERT INTO services(id, app_id, name, content_hash, has_errors, data, updated_at) VALUES (?, ?, ?, ?, ?, CAST(? AS TEXT), ?)');
    this.insRow = db.prepare(
      `INSERT INTO services(id, app_id, name, content_hash, has_errors, data, updated_at) VALUES (?, ?, ?, ?, ?, CAST(? AS TEXT), ?)
       ON CONFLICT(id) DO UPDATE SET app_id = excluded.app_id, name = excluded.name, content_hash = excluded.content_hash,
         has_errors = excluded.has_errors, data = excluded.data, updated_at = excluded.updated_at`,
    );
    this.ins = db.prepare(
      `INSERT INTO services(id, app_id, name, content_hash, has_errors, data, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET app_id = excluded.app_id, name = excluded.name, content_hash = excluded.content_hash,
         has_errors = excluded.has_errors, data = excluded.data, updated_at = excluded.updated_at`,
    );
  }
  upsertRow(r: ServiceRowInput, known?: 'new'): Upserted {
    // known new: one plain INSERT (storing an id twice throws), as the floor does
    if (known === 'new') {
      this.insNew.run(r.id, r.appId, r.name, r.contentHash, r.hasErrors ? 1 : 0, r.data, now());
      return 'new';
    }
    const prev = this.sel.get(r.id) as string | undefined;
    if (prev === r.contentHash) return 'unchanged';
    this.insRow.run(r.id, r.appId, r.name, r.contentHash, r.hasErrors ? 1 : 0, r.data, now());
    return prev === undefined ? 'new' : 'changed';
  }
  upsert(s: CatalogService, contentHash: string, data?: string): Upserted {
    const prev = this.sel.get(s.id) as string | undefined;
    if (prev === contentHash) return 'unchanged';
    const hasErr = s.issues.some((i) => i.severity === 'error') ? 1 : 0;
    this.ins.run(s.id, s.appId, s.name, contentHash, hasErr, data ?? json(s), now());
    return prev === undefined ? 'new' : 'changed';
  }
  get(id: string): CatalogService | undefined {
    const d = this.db.prepare('SELECT data FROM services WHERE id = ?').pluck().get(id) as string | undefined;
    return d === undefined ? undefined : JSON.parse(d);
  }
  has(id: string): boolean {
    // one lookup by key, no JSON read or parsed, the statement prepared once: decide asks this of every service a duplicate merges into
    return this.sel.get(id) !== undefined;
  }
  list(appId?: string): CatalogService[] {
    const rows = (
      appId
        ? this.db.prepare('SELECT data FROM services WHERE app_id = ? ORDER BY rowid').pluck().all(appId)
        : this.db.prepare('SELECT data FROM services ORDER BY rowid').pluck().all()
    ) as string[];
    return rows.map((d) => JSON.parse(d));
  }
  ids(appId: string): string[] {
    return this.db.prepare('SELECT id FROM services WHERE app_id = ?').pluck().all(appId) as string[];
  }
  names(appId?: string): Array<{ id: string; appId: string; name: string }> {
    const sql = `SELECT id, app_id AS appId, name FROM services ${appId ? 'WHERE app_id = ?' : ''} ORDER BY rowid`;
    return this.db.prepare(sql).all(...(appId ? [appId] : [])) as Array<{ id: string; appId: string; name: string }>;
  }
  hashes(appId: string): string[] {
    return this.db.prepare("SELECT id || ' ' || content_hash FROM services WHERE app_id = ? ORDER BY rowid").pluck().all(appId) as string[];
  }
  remove(id: string): void {
    this.db.prepare('DELETE FROM services WHERE id = ?').run(id);
  }
  count(appId?: string): number {
    return (appId
      ? this.db.prepare('SELECT count(*) FROM services WHERE app_id = ?').pluck().get(appId)
      : this.db.prepare('SELECT count(*) FROM services').pluck().get()) as number;
  }
  extrasColumns(appId?: string): Record<string, Record<string, number>> {
    const rows = this.db
      .prepare(
        `SELECT s.app_id AS app, e.key AS col, count(*) AS n FROM services s, json_each(s.data, '$.extras') e
         ${appId ? 'WHERE s.app_id = ?' : ''} GROUP BY s.app_id, e.key ORDER BY s.app_id, e.key`,
      )
      .all(...(appId ? [appId] : [])) as Array<{ app: string; col: string; n: number }>;
    const out: Record<string, Record<string, number>> = {};
    for (const r of rows) (out[r.app] ??= {})[r.col] = r.n;
    return out;
  }
}

class SqliteEntryPoints implements EntryPoints {
  // prepared once: extract upserts one entry point per address, so a prepare per call was most of its cost
  private sel;
  private put;
  constructor(private db: DB) {
    this.sel = db.prepare('SELECT data FROM entry_points WHERE id = ?').pluck();
    this.put = db.prepare(
      'INSERT INTO entry_points(id, app_id, kind, data, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET app_id = excluded.app_id, kind = excluded.kind, data = excluded.data, updated_at = excluded.updated_at',
    );
  }
  upsert(e: EntryPoint, known?: 'new'): Upserted {
    const data = json(e);
    if (known === 'new') {
      this.put.run(e.id, e.appId, e.kind, data, now());
      return 'new';
    }
    const prev = this.sel.get(e.id) as string | undefined;
    if (prev === data) return 'unchanged';
    this.put.run(e.id, e.appId, e.kind, data, now());
    return prev === undefined ? 'new' : 'changed';
  }
  list(appId?: string): EntryPoint[] {
    const rows = (
      appId
        ? this.db.prepare('SELECT data FROM entry_points WHERE app_id = ? ORDER BY rowid').pluck().all(appId)
        : this.db.prepare('SELECT data FROM entry_points ORDER BY rowid').pluck().all()
    ) as string[];
    return rows.map((d) => JSON.parse(d));
  }
  ids(appId: string): string[] {
    return this.db.prepare('SELECT id FROM entry_points WHERE app_id = ?').pluck().all(appId) as string[];
  }
  remove(id: string): void {
    this.db.prepare('DELETE FROM entry_points WHERE id = ?').run(id);
  }
  contents(appId: string): string[] {
    return this.db.prepare('SELECT data FROM entry_points WHERE app_id = ? ORDER BY id').pluck().all(appId) as string[];
  }
}

class SqliteCatalog implements BaseCatalog {
  constructor(
    private db: DB,
    private store: Store,
  ) {}
  replace(items: CatalogItem[], source: string): number {
    const ins = this.db.prepare('INSERT OR REPLACE INTO base_catalog(code, name, data) VALUES (?, ?, ?)');
    this.store.tx(() => {
      this.db.prepare('DELETE FROM base_catalog').run();
      // an index of the catalog that was is of no use now (decide builds one for the new one)
      this.db.prepare('DELETE FROM catalog_match_index').run();
      this.db.prepare('DELETE FROM catalog_match_answers').run();
      this.store.setMeta(ANSWERS_KEY, '');
      for (const it of items) ins.run(it.code, it.name, json(it));
      this.store.setMeta('catalog.info', json({ source, importedAt: now(), count: items.length }));
    });
    return this.count();
  }
  list(): CatalogItem[] {
    return (this.db.prepare('SELECT data FROM base_catalog ORDER BY rowid').pluck().all() as string[]).map((d) => JSON.parse(d));
  }
  get(code: string): CatalogItem | undefined {
    const d = this.db.prepare('SELECT data FROM base_catalog WHERE code = ?').pluck().get(code) as string | undefined;
    return d === undefined ? undefined : JSON.parse(d);
  }
  count(): number {
    return this.db.prepare('SELECT count(*) FROM base_catalog').pluck().get() as number;
  }
  info() {
    const s = this.store.getMeta('catalog.info');
    return s ? JSON.parse(s) : undefined;
  }
}

type DecisionRow = { data: string; reason: string; score: number | null; candidates: string };

/** the stored decision and its evidence, put back together in the schema's key order */
function decisionOf(r: DecisionRow): Decision {
  const d = JSON.parse(r.data) as Omit<Decision, 'reason' | 'score' | 'candidates'>;
  return {
    serviceId: d.serviceId,
    appId: d.appId,
    action: d.action,
    ...(d.target !== undefined ? { target: d.target } : {}),
    reason: r.reason,
    decidedBy: d.decidedBy,
    ...(d.rule !== undefined ? { rule: d.rule } : {}),
    ...(r.score !== null ? { score: r.score } : {}),
    candidates: JSON.parse(r.candidates),
    actor: d.actor,
    at: d.at,
  };
}

// a decision's evidence sits in its row (migration 19), apart from its stable content (data)
const DECISION_SELECT = 'SELECT d.data, d.reason, d.score, d.candidates FROM decisions d';

class SqliteDecisions implements Decisions {
  private putStmt;
  private evStmt;
  constructor(private db: DB) {
    // the decision with its evidence (new, or its stable content changed) …
    this.putStmt = db.prepare(
      'INSERT INTO decisions(service_id, app_id, action, decided_by, data, at, reason, score, candidates, evidence_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(service_id) DO UPDATE SET app_id = excluded.app_id, action = excluded.action, decided_by = excluded.decided_by, data = excluded.data, at = excluded.at, reason = excluded.reason, score = excluded.score, candidates = excluded.candidates, evidence_at = excluded.evidence_at',
    );
    // … or its evidence alone
    this.evStmt = db.prepare('UPDATE decisions SET reason = ?, score = ?, candidates = ?, evidence_at = ? WHERE service_id = ?');
  }
  get(serviceId: string): Decision | undefined {
    const r = this.db.prepare(`${DECISION_SELECT} WHERE d.service_id = ?`).get(serviceId) as DecisionRow | undefined;
    return r ? decisionOf(r) : undefined;
  }
  /** writes what differs: the decision when its stable content changed, the evidence when it did */
  private put(d: Decision, prev: Decision | StoredDecision | undefined): Upserted {
    if (prev && prev.decidedBy === 'person' && d.decidedBy !== 'person') return 'unchanged';
    const stored = prev && 'stable' in prev;
    const stable = !prev || (stored ? (prev as StoredDecision).stable : decisionStableKey(prev as Decision)) !== decisionStableKey(d);
    const candidates = json(d.candidates ?? []);
    if (stable) {
      const { reason: _r, score: _s, candidates: _c, ...rest } = d;
      this.putStmt.run(d.serviceId, d.appId, d.action, d.decidedBy, json(rest), d.at, d.reason, d.score ?? null, candidates, d.at);
    } else if (
      prev!.reason !== d.reason ||
      (prev!.score ?? null) !== (d.score ?? null) ||
      (stored ? (prev as StoredDecision).candidates : json((prev as Decision).candidates)) !== candidates
    ) {
      this.evStmt.run(d.reason, d.score ?? null, candidates, d.at, d.serviceId);
    }
    return !prev ? 'new' : stable ? 'changed' : 'unchanged';
  }
  stored(appId: string): StoredDecision[] {
    const rows = this.db.prepare(`${DECISION_SELECT} WHERE d.app_id = ? ORDER BY d.rowid`).all(appId) as DecisionRow[];
    return rows.map((r) => {
      const d = JSON.parse(r.data) as Omit<Decision, 'reason' | 'score' | 'candidates'>;
      const out: StoredDecision = { serviceId: d.serviceId, appId: d.appId, action: d.action, decidedBy: d.decidedBy, stable: '', reason: r.reason, score: r.score, candidates: r.candidates };
      if (d.target !== undefined) out.target = d.target;
      if (d.rule !== undefined) out.rule = d.rule;
      out.stable = decisionStableKey({ ...out, candidates: [] } as unknown as Decision);
      return out;
    });
  }
  personal(appId: string): { count: number; people: string[] } {
    const count = this.db.prepare('SELECT count(*) FROM decisions WHERE app_id = ?').pluck().get(appId) as number;
    const people = this.db
      .prepare(`SELECT data || char(0) || reason FROM decisions WHERE app_id = ? AND decided_by = 'person' ORDER BY service_id`)
      .pluck()
      .all(appId) as string[];
    return { count, people };
  }
  merges(appIds?: string[]): Array<{ serviceId: string; appId: string; target: string }> {
    const sql = `SELECT service_id AS serviceId, app_id AS appId, json_extract(data, '$.target') AS target FROM decisions
      WHERE action = 'merge' ${appIds ? `AND app_id IN (${appIds.map(() => '?').join(', ')})` : ''} AND json_extract(data, '$.target') IS NOT NULL ORDER BY rowid`;
    return this.db.prepare(sql).all(...(appIds ?? [])) as Array<{ serviceId: string; appId: string; target: string }>;
  }
  migrating(appId: string): string[] {
    return this.db
      .prepare(`SELECT s.id || ' ' || s.content_hash FROM decisions d JOIN services s ON s.id = d.service_id WHERE d.app_id = ? AND d.action = 'migrate' ORDER BY s.rowid`)
      .pluck()
      .all(appId) as string[];
  }
  upsert(d: Decision): Upserted {
    return this.put(d, this.get(d.serviceId));
  }
  list(appId?: string): Decision[] {
    const rows = (
      appId ? this.db.prepare(`${DECISION_SELECT} WHERE d.app_id = ? ORDER BY d.rowid`).all(appId) : this.db.prepare(`${DECISION_SELECT} ORDER BY d.rowid`).all()
    ) as DecisionRow[];
    return rows.map(decisionOf);
  }
  remove(serviceId: string): void {
    this.db.prepare('DELETE FROM decisions WHERE service_id = ?').run(serviceId);
  }
  upsertMany(ds: Decision[], prev: ReadonlyMap<string, Decision | StoredDecision>) {
    const out = { new: 0, changed: 0, unchanged: 0, ids: [] as string[] };
    for (const d of ds) {
      const r = this.put(d, prev.get(d.serviceId));
      out[r]++;
      if (r !== 'unchanged') out.ids.push(d.serviceId);
    }
    return out;
  }
  /** put's rules for decisions the decide stage serialised already (one JSON.stringify less each) */
  writeMany(ds: EncodedDecision[], prev: ReadonlyMap<string, StoredDecision>) {
    const out = { new: 0, changed: 0, unchanged: 0, ids: [] as string[] };
    for (const d of ds) {
      const p = prev.get(d.serviceId);
      let r: Upserted;
      if (p && p.decidedBy === 'person' && d.decidedBy !== 'person') r = 'unchanged';
      else {
        const stable = !p || p.stable !== decisionStableKey(d);
        if (stable) this.putStmt.run(d.serviceId, d.appId, d.action, d.decidedBy, d.data, d.at, d.reason, d.score ?? null, d.candidates, d.at);
        else if (p!.reason !== d.reason || (p!.score ?? null) !== (d.score ?? null) || p!.candidates !== d.candidates) {
          this.evStmt.run(d.reason, d.score ?? null, d.candidates, d.at, d.serviceId);
        }
        r = !p ? 'new' : stable ? 'changed' : 'unchanged';
      }
      out[r]++;
      if (r !== 'unchanged') out.ids.push(d.serviceId);
    }
    return out;
  }
  serviceRowids(appId: string): number[] {
    // from the covering index services_app_errors: only the rowids are sorted, no row is read
    return (this.rowidsStmt ??= this.db.prepare('SELECT rowid FROM services WHERE app_id = ? ORDER BY rowid').pluck()).all(appId) as number[];
  }
  serviceBatch(rowids: ArrayLike<number>): { lines: string[]; rows: string[] } {
    const lines: string[] = [];
    const rows: string[] = [];
    const n = rowids.length;
    if (!n) return { lines, rows };
    // rowids are ascending and unique: a run of consecutive ones is one range scan of the table
    if (rowids[n - 1]! - rowids[0]! === n - 1) {
      const all = (this.rangeStmt ??= this.db.prepare("SELECT id || ' ' || content_hash, data FROM services WHERE rowid BETWEEN ? AND ? ORDER BY rowid").raw()).all(rowids[0], rowids[n - 1]) as Array<[string, string]>;
      for (const r of all) lines.push(r[0]), rows.push(r[1]);
    } else {
      const one = (this.oneStmt ??= this.db.prepare("SELECT id || ' ' || content_hash, data FROM services WHERE rowid = ?").raw());
      for (let i = 0; i < n; i++) {
        const r = one.get(rowids[i]) as [string, string] | undefined;
        if (r) lines.push(r[0]), rows.push(r[1]);
      }
    }
    return { lines, rows };
  }
  private rowidsStmt: ReturnType<DB['prepare']> | undefined;
  private rangeStmt: ReturnType<DB['prepare']> | undefined;
  private oneStmt: ReturnType<DB['prepare']> | undefined;
}

class SqliteAliases implements NameAliases {
  constructor(private db: DB) {}
  private row(r: Record<string, unknown>): NameAlias {
    const a: NameAlias = { name: r.name as string, code: r.code as string, actor: r.actor as string, at: r.at as string };
    if (r.service_id) a.serviceId = r.service_id as string;
    return a;
  }
  list(): NameAlias[] {
    return (this.db.prepare('SELECT * FROM name_aliases ORDER BY name').all() as Record<string, unknown>[]).map((r) => this.row(r));
  }
  get(name: string): NameAlias | undefined {
    const r = this.db.prepare('SELECT * FROM name_aliases WHERE name = ?').get(name) as Record<string, unknown> | undefined;
    return r ? this.row(r) : undefined;
  }
  set(a: NameAlias): Upserted {
    const prev = this.get(a.name);
    if (prev && prev.code === a.code) return 'unchanged';
    this.db
      .prepare('INSERT INTO name_aliases (name, code, actor, at, service_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET code = excluded.code, actor = excluded.actor, at = excluded.at, service_id = excluded.service_id')
      .run(a.name, a.code, a.actor, a.at, a.serviceId ?? null);
    return prev ? 'changed' : 'new';
  }
  remove(name: string): boolean {
    return this.db.prepare('DELETE FROM name_aliases WHERE name = ?').run(name).changes > 0;
  }
}

class SqliteMatchIndex implements MatchIndexCache {
  constructor(private db: DB) {}
  get(key: string): Uint8Array | string | undefined {
    return this.db.prepare('SELECT data FROM catalog_match_index WHERE key = ?').pluck().get(key) as Uint8Array | string | undefined;
  }
  // a BLOB in the TEXT column of migration 15: SQLite keeps a BLOB as it is, whatever the column's affinity
  put(key: string, data: Uint8Array): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM catalog_match_index WHERE key <> ?').run(key);
      this.db.prepare('INSERT OR REPLACE INTO catalog_match_index(key, data, at) VALUES (?, ?, ?)').run(key, data, now());
    })();
  }
}

/** meta: the key the stored catalog answers are for (one at a time) */
const ANSWERS_KEY = 'catalog.answers.key';

class SqliteMatchAnswers implements MatchAnswers {
  private sel;
  private ins;
  constructor(
    private db: DB,
    private store: Store,
  ) {
    // the key is read with each answer, not kept: a transaction rolled back takes a new key with it
    this.sel = db.prepare(`SELECT a.answer FROM catalog_match_answers a WHERE a.query = ? AND (SELECT value FROM meta WHERE key = '${ANSWERS_KEY}') = ?`).pluck();
    this.ins = db.prepare('INSERT OR IGNORE INTO catalog_match_answers(query, answer) VALUES (?, ?)');
  }
  get(key: string, query: string): string | undefined {
    return this.sel.get(query, key) as string | undefined;
  }
  putMany(key: string, rows: ReadonlyArray<readonly [string, string]>): void {
    if (!rows.length) return;
    this.store.tx(() => {
      if (this.store.getMeta(ANSWERS_KEY) !== key) {
        this.db.prepare('DELETE FROM catalog_match_answers').run();
        this.store.setMeta(ANSWERS_KEY, key);
      }
      for (const [q, a] of rows) this.ins.run(q, a);
    });
  }
}

class SqliteStageMarks implements StageMarks {
  constructor(private store: Store) {}
  get(stage: StageName): StageMark | undefined {
    const v = this.store.getMeta(`stage.${stage}`);
    return v === undefined ? undefined : (JSON.parse(v) as StageMark);
  }
  set(stage: StageName, mark: StageMark): void {
    this.store.setMeta(`stage.${stage}`, json(mark));
  }
}

class SqlitePublications implements Publications {
  // prepared once: publish records a publication per operation, hundreds per second
  private sel;
  private up;
  constructor(private db: DB) {
    this.sel = db.prepare('SELECT * FROM publications WHERE service_id = ? AND target = ?');
    this.up = db.prepare(
      `INSERT INTO publications(service_id, target, app_id, external_id, content_hash, status, url, remote_version, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(service_id, target) DO UPDATE SET app_id = excluded.app_id, external_id = excluded.external_id, content_hash = excluded.content_hash,
         status = excluded.status, url = excluded.url, remote_version = excluded.remote_version, at = excluded.at`,
    );
  }
  private row(r: Record<string, unknown>): PublicationRow {
    return {
      serviceId: r.service_id as string,
      appId: r.app_id as string,
      target: r.target as string,
      externalId: r.external_id as string,
      contentHash: r.content_hash as string,
      status: r.status as PublicationRow['status'],
      url: (r.url as string | null) ?? undefined,
      remoteVersion: (r.remote_version as string | null) ?? undefined,
      at: r.at as string,
    };
  }
  get(serviceId: string, target: string): PublicationRow | undefined {
    const r = this.sel.get(serviceId, target) as Record<string, unknown> | undefined;
    return r ? this.row(r) : undefined;
  }
  upsert(p: PublicationRow): Upserted {
    const prev = this.get(p.serviceId, p.target);
    if (prev && prev.contentHash === p.contentHash && prev.status === p.status && prev.url === p.url && prev.externalId === p.externalId) return 'unchanged';
    this.up.run(p.serviceId, p.target, p.appId, p.externalId, p.contentHash, p.status, p.url ?? null, p.remoteVersion ?? null, p.at);
    return prev ? 'changed' : 'new';
  }
  list(target?: string, appId?: string): PublicationRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (target) (where.push('target = ?'), args.push(target));
    if (appId) (where.push('app_id = ?'), args.push(appId));
    return (this.db.prepare(`SELECT * FROM publications ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY rowid`).all(...args) as Array<
      Record<string, unknown>
    >).map((r) => this.row(r));
  }
}

class SqliteLocalCatalog implements LocalCatalog {
  constructor(private db: DB) {}
  get(externalId: string) {
    const r = this.db.prepare('SELECT * FROM local_catalog WHERE external_id = ?').get(externalId) as Record<string, unknown> | undefined;
    return r
      ? { externalId, body: JSON.parse(r.body as string), status: r.status as 'listed' | 'unlisted', version: r.version as number }
      : undefined;
  }
  put(externalId: string, body: unknown) {
    const prev = this.get(externalId);
    const version = (prev?.version ?? 0) + 1;
    this.db
      .prepare(
        `INSERT INTO local_catalog(external_id, body, status, version, updated_at) VALUES (?, ?, 'listed', ?, ?)
         ON CONFLICT(external_id) DO UPDATE SET body = excluded.body, status = 'listed', version = excluded.version, updated_at = excluded.updated_at`,
      )
      .run(externalId, json(body), version, now());
    return { created: !prev, version };
  }
  unlist(externalId: string): boolean {
    return this.db.prepare(`UPDATE local_catalog SET status = 'unlisted', version = version + 1, updated_at = ? WHERE external_id = ? AND status = 'listed'`).run(now(), externalId).changes > 0;
  }
  list() {
    return (this.db.prepare('SELECT * FROM local_catalog ORDER BY rowid').all() as Array<Record<string, unknown>>).map((r) => ({
      externalId: r.external_id as string,
      body: JSON.parse(r.body as string),
      status: r.status as 'listed' | 'unlisted',
      version: r.version as number,
    }));
  }
}

class SqliteRedirects implements RedirectRules {
  constructor(private db: DB) {}
  replaceForApp(appId: string, rules: RedirectRule[]) {
    const prev = new Map(
      (this.db.prepare('SELECT entry_point_id, data FROM redirect_rules WHERE app_id = ?').all(appId) as Array<{ entry_point_id: string; data: string }>).map(
        (r) => [r.entry_point_id, r.data],
      ),
    );
    const stats = { added: 0, changed: 0, removed: 0, unchanged: 0 };
    const up = this.db.prepare(
      'INSERT INTO redirect_rules(entry_point_id, app_id, data, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(entry_point_id) DO UPDATE SET app_id = excluded.app_id, data = excluded.data, updated_at = excluded.updated_at',
    );
    for (const r of rules) {
      const data = json(r);
      const p = prev.get(r.entryPointId);
      prev.delete(r.entryPointId);
      if (p === data) {
        stats.unchanged++;
        continue;
      }
      up.run(r.entryPointId, appId, data, now());
      if (p === undefined) stats.added++;
      else stats.changed++;
    }
    const del = this.db.prepare('DELETE FROM redirect_rules WHERE entry_point_id = ?');
    for (const id of prev.keys()) {
      del.run(id);
      stats.removed++;
    }
    return stats;
  }
  list(appId?: string): RedirectRule[] {
    const rows = (
      appId
        ? this.db.prepare('SELECT data FROM redirect_rules WHERE app_id = ? ORDER BY rowid').pluck().all(appId)
        : this.db.prepare('SELECT data FROM redirect_rules ORDER BY rowid').pluck().all()
    ) as string[];
    return rows.map((d) => JSON.parse(d));
  }
}

class SqliteStatus implements StatusQueries {
  constructor(private db: DB) {}
  byApp(target: string): AppCounts[] {
    const apps = new Map<string, AppCounts>();
    const get = (appId: string) => {
      let a = apps.get(appId);
      if (!a) {
        a = { appId, rawServices: 0, entryPoints: 0, quarantined: {}, services: 0, invalid: 0, undecided: 0, dispositions: {}, byPerson: 0, published: 0, redirects: {} };
        apps.set(appId, a);
      }
      return a;
    };
    type R = Record<string, number | string>;
    // each app's services stream counted on the (stream_id, key) index
    for (const r of this.db.prepare(`SELECT s.app_id, count(*) n FROM raw_streams s JOIN raw_rows r ON r.stream_id = s.id WHERE s.stream = 'services' GROUP BY s.app_id`).all() as R[])
      get(r.app_id as string).rawServices = r.n as number;
    for (const r of this.db.prepare('SELECT app_id, count(*) n FROM entry_points GROUP BY app_id').all() as R[]) get(r.app_id as string).entryPoints = r.n as number;
    for (const r of this.db.prepare('SELECT app_id, stage, count(*) n FROM quarantine GROUP BY app_id, stage').all() as R[]) get(r.app_id as string).quarantined[r.stage as string] = r.n as number;
    for (const r of this.db.prepare('SELECT app_id, count(*) n, sum(has_errors) e FROM services GROUP BY app_id').all() as R[]) {
      const a = get(r.app_id as string);
      a.services = r.n as number;
      a.invalid = (r.e as number) ?? 0;
    }
    for (const r of this.db
      .prepare(`SELECT d.app_id, d.action, count(*) n, sum(d.decided_by = 'person') p FROM decisions d JOIN services s ON s.id = d.service_id GROUP BY d.app_id, d.action`)
      .all() as R[]) {
      const a = get(r.app_id as string);
      a.dispositions[r.action as string] = r.n as number;
      a.byPerson += (r.p as number) ?? 0;
    }
    // a service without a decision: its app's services less its decided ones (the join above counts
    // a decision only while its service exists), instead of a second pass over services ⋈ decisions
    for (const a of apps.values()) a.undecided = a.services - Object.values(a.dispositions).reduce((x, y) => x + y, 0);
    for (const r of this.db.prepare(`SELECT app_id, count(*) n FROM publications WHERE target = ? AND status = 'listed' GROUP BY app_id`).all(target) as R[])
      get(r.app_id as string).published = r.n as number;
    for (const r of this.db.prepare(`SELECT app_id, json_extract(data, '$.action') action, count(*) n FROM redirect_rules GROUP BY app_id, action`).all() as R[])
      get(r.app_id as string).redirects[r.action as string] = r.n as number;
    // web/QR rules by their latest probe; a probe counts only while the rule still expects what it checked
    for (const r of this.db
      .prepare(
        // CASE: a rule never probed is counted from the index alone, its JSON left unread
        `SELECT r.app_id, count(*) n,
           sum(CASE WHEN v.id IS NULL THEN 0 WHEN v.outcome = 'ok' AND ${SAME_EXPECTATION} THEN 1 ELSE 0 END) ok,
           sum(CASE WHEN v.id IS NULL THEN 0 WHEN v.outcome <> 'ok' AND ${SAME_EXPECTATION} THEN 1 ELSE 0 END) failed
         FROM redirect_rules r
         LEFT JOIN (SELECT entry_point_id, max(id) id FROM redirect_verifications GROUP BY entry_point_id) m ON m.entry_point_id = r.entry_point_id
         LEFT JOIN redirect_verifications v ON v.id = m.id
         WHERE json_extract(r.data, '$.kind') IN ('web', 'qrcode')
         GROUP BY r.app_id`,
      )
      .all() as R[])
      get(r.app_id as string).verification = { verifiable: r.n as number, ok: (r.ok as number) ?? 0, failed: (r.failed as number) ?? 0 };
    return [...apps.values()];
  }
}

class SqliteReport implements ReportQueries {
  constructor(private db: DB) {}
  *services(target: string, appId?: string): Iterable<ServiceReportRow> {
    // one json_extract with several paths per JSON column: SQLite parses each document once, and a
    // report reads a few fields of each service, not the whole of it
    const stmt = this.db.prepare(
      `SELECT s.id, s.app_id, s.name, json_extract(s.data, '$.catalogCode', '$.source.locator', '$.usage.monthlyVisits') sx,
         CASE WHEN s.has_errors THEN (SELECT json_extract(i.value, '$.message') FROM json_each(s.data, '$.issues') i WHERE json_extract(i.value, '$.severity') = 'error' LIMIT 1) END err,
         d.action, d.decided_by, d.at, json_extract(d.data, '$.target', '$.reason', '$.score', '$.candidates[0].code', '$.candidates[0].name', '$.candidates[0].score') dx,
         p.status, p.url, p.at
       FROM services s LEFT JOIN decisions d ON d.service_id = s.id LEFT JOIN publications p ON p.service_id = s.id AND p.target = ?
       ${appId ? 'WHERE s.app_id = ?' : ''} ORDER BY s.app_id, s.rowid`,
    ).raw();
    const u = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);
    type Row = [string, string, string, string, string | null, string | null, string | null, string | null, string | null, string | null, string | null, string | null];
    for (const r of (appId ? stmt.iterate(target, appId) : stmt.iterate(target)) as IterableIterator<Row>) {
      const sx = JSON.parse(r[3]) as [string | null, string | null, number | null];
      const dx = (r[8] === null ? [] : JSON.parse(r[8])) as Array<string | number | null>;
      yield {
        id: r[0],
        appId: r[1],
        name: r[2],
        catalogCode: u(sx[0]),
        locator: u(sx[1]),
        monthlyVisits: u(sx[2]),
        error: u(r[4]),
        action: u(r[5]),
        decidedBy: u(r[6]),
        decisionTarget: u(dx[0] as string | null),
        reason: u(dx[1] as string | null),
        score: u(dx[2] as number | null),
        candidate: dx[3] == null ? undefined : { code: String(dx[3]), name: String(dx[4] ?? ''), score: Number(dx[5] ?? 0) },
        decidedAt: u(r[7]),
        publication: u(r[9] as 'listed' | 'unlisted' | null),
        url: u(r[10]),
        publishedAt: u(r[11]),
      };
    }
  }
  *entryPoints(appId?: string): Iterable<EntryPointReportRow> {
    const stmt = this.db.prepare(
      `SELECT e.id, e.app_id, e.kind, json_extract(e.data, '$.address') address, json_extract(e.data, '$.label') label, json_extract(e.data, '$.serviceKey') skey,
         json_extract(r.data, '$.action') action, json_extract(r.data, '$.destination') dest, json_extract(r.data, '$.reason') reason, r.updated_at rat
       FROM entry_points e LEFT JOIN redirect_rules r ON r.entry_point_id = e.id ${appId ? 'WHERE e.app_id = ?' : ''} ORDER BY e.app_id, e.rowid`,
    );
    for (const r of (appId ? stmt.iterate(appId) : stmt.iterate()) as IterableIterator<Record<string, string | null>>) {
      yield {
        id: r.id!,
        appId: r.app_id!,
        kind: r.kind!,
        address: r.address ?? '',
        label: r.label ?? undefined,
        serviceKey: r.skey ?? undefined,
        action: r.action ?? undefined,
        destination: r.dest ?? undefined,
        reason: r.reason ?? undefined,
        ruleAt: r.rat ?? undefined,
      };
    }
  }
  changes(target: string, from: string, to: string): AppChanges[] {
    const apps = new Map<string, AppChanges>();
    const get = (appId: string) => {
      let a = apps.get(appId);
      if (!a) apps.set(appId, (a = { appId, decided: {}, byPerson: 0, published: 0, unlisted: 0, resolved: 0 }));
      return a;
    };
    type R = Record<string, string | number>;
    for (const r of this.db
      .prepare(`SELECT app_id, action, count(*) n, sum(decided_by = 'person') p FROM decisions WHERE at > ? AND at <= ? GROUP BY app_id, action`)
      .all(from, to) as R[]) {
      const a = get(r.app_id as string);
      a.decided[r.action as string] = r.n as number;
      a.byPerson += (r.p as number) ?? 0;
    }
    for (const r of this.db
      .prepare(`SELECT app_id, status, count(*) n FROM publications WHERE target = ? AND at > ? AND at <= ? GROUP BY app_id, status`)
      .all(target, from, to) as R[])
      get(r.app_id as string)[r.status === 'listed' ? 'published' : 'unlisted'] = r.n as number;
    for (const r of this.db
      .prepare(
        `SELECT app_id, count(*) n FROM redirect_rules WHERE updated_at > ? AND updated_at <= ? AND json_extract(data, '$.action') IN ('redirect', 'notice') GROUP BY app_id`,
      )
      .all(from, to) as R[])
      get(r.app_id as string).resolved = r.n as number;
    return [...apps.values()];
  }
}

/** SQL: the verification v checked what the rule r now plans (status and, for a redirect, the Location) */
const SAME_EXPECTATION = `v.expected_status = coalesce(json_extract(r.data, '$.status'), 200)
  AND coalesce(v.expected_location, '') = CASE WHEN json_extract(r.data, '$.action') = 'redirect' THEN coalesce(json_extract(r.data, '$.destination'), '') ELSE '' END`;

class SqliteVerifications implements RedirectVerifications {
  private ins;
  constructor(private db: DB) {
    this.ins = db.prepare(
      `INSERT INTO redirect_verifications(run_id, entry_point_id, app_id, at, url, expected_status, expected_location, status, location, outcome, message, hops)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }
  record(rows: VerificationInput[]): void {
    const t = now();
    this.db.transaction(() => {
      for (const v of rows)
        this.ins.run(v.runId, v.entryPointId, v.appId, t, v.url, v.expectedStatus, v.expectedLocation ?? null, v.status ?? null, v.location ?? null, v.outcome, v.message, v.hops ? json(v.hops) : null);
    })();
  }
  latest(appId?: string): VerificationRow[] {
    const rows = this.db
      .prepare(
        `SELECT v.* FROM redirect_verifications v
         JOIN (SELECT entry_point_id, max(id) id FROM redirect_verifications ${appId ? 'WHERE app_id = ?' : ''} GROUP BY entry_point_id) m ON m.id = v.id
         ORDER BY v.id`,
      )
      .all(...(appId ? [appId] : [])) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      id: r.id as number,
      runId: r.run_id as string,
      entryPointId: r.entry_point_id as string,
      appId: r.app_id as string,
      at: r.at as string,
      url: r.url as string,
      expectedStatus: r.expected_status as number,
      expectedLocation: (r.expected_location as string | null) ?? undefined,
      status: (r.status as number | null) ?? undefined,
      location: (r.location as string | null) ?? undefined,
      outcome: r.outcome as VerificationRow['outcome'],
      message: r.message as string,
      hops: r.hops == null ? undefined : JSON.parse(r.hops as string),
    }));
  }
}

class SqliteHits implements RedirectHits {
  constructor(private db: DB) {}
  imported(identity: string): HitsImportRow | undefined {
    return (this.db.prepare('SELECT * FROM hits_imports WHERE identity = ?').get(identity) as HitsImportRow | undefined) ?? undefined;
  }
  recordImport(r: Omit<HitsImportRow, 'at'>): void {
    this.db.prepare('INSERT INTO hits_imports(identity, path, size, lines, counted, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(r.identity, r.path, r.size, r.lines, r.counted, r.actor, now());
  }
  add(rows: HitsRow[]): void {
    const up = this.db.prepare(
      `INSERT INTO redirect_hits(app_id, address, entry_point_id, hits, last_seen) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(app_id, address) DO UPDATE SET hits = hits + excluded.hits, entry_point_id = coalesce(excluded.entry_point_id, entry_point_id),
         last_seen = CASE WHEN excluded.last_seen > coalesce(last_seen, '') THEN excluded.last_seen ELSE last_seen END`,
    );
    this.db.transaction(() => {
      for (const h of rows) up.run(h.appId, h.address, h.entryPointId ?? null, h.hits, h.lastSeen ?? null);
    })();
  }
  list(appId?: string): HitsRow[] {
    const rows = this.db
      .prepare(`SELECT * FROM redirect_hits ${appId ? 'WHERE app_id = ?' : ''} ORDER BY hits DESC, address`)
      .all(...(appId ? [appId] : [])) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      appId: r.app_id as string,
      address: r.address as string,
      entryPointId: (r.entry_point_id as string | null) ?? undefined,
      hits: r.hits as number,
      lastSeen: (r.last_seen as string | null) ?? undefined,
    }));
  }
  byEntryPoint(appId?: string): Map<string, number> {
    const rows = this.db
      .prepare(`SELECT entry_point_id id, sum(hits) n FROM redirect_hits WHERE entry_point_id IS NOT NULL ${appId ? 'AND app_id = ?' : ''} GROUP BY entry_point_id`)
      .all(...(appId ? [appId] : [])) as Array<{ id: string; n: number }>;
    return new Map(rows.map((r) => [r.id, r.n]));
  }
}

class SqliteJournal implements PublishJournal {
  private ins;
  private upd;
  constructor(
    private db: DB,
    private redact: TextRedactor,
  ) {
    // prepared once: publish writes two journal rows per operation, hundreds per second
    this.ins = db.prepare(
      `INSERT INTO publish_journal(run_id, target, service_id, app_id, op, external_id, content_hash, idempotency_key, status, body, started_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
    );
    this.upd = db.prepare('UPDATE publish_journal SET status = ?, result = ?, error = ?, attempts = coalesce(?, attempts), finished_at = ? WHERE id = ?');
  }
  private row(r: Record<string, unknown>): JournalEntry {
    return {
      id: r.id as number,
      runId: r.run_id as string,
      target: r.target as string,
      serviceId: r.service_id as string,
      appId: r.app_id as string,
      op: r.op as JournalEntry['op'],
      externalId: r.external_id as string,
      contentHash: r.content_hash as string,
      idempotencyKey: r.idempotency_key as string,
      body: r.body == null ? undefined : JSON.parse(r.body as string),
      status: r.status as JournalStatus,
      attempts: r.attempts as number,
      result: r.result == null ? undefined : JSON.parse(r.result as string),
      error: (r.error as string | null) ?? undefined,
      startedAt: r.started_at as string,
      finishedAt: (r.finished_at as string | null) ?? undefined,
    };
  }
  begin(e: JournalEntryInput): number {
    return Number(
      this.ins
        .run(e.runId, e.target, e.serviceId, e.appId, e.op, e.externalId, e.contentHash, e.idempotencyKey, e.body === undefined ? null : json(e.body), now())
        .lastInsertRowid,
    );
  }
  finish(id: number, status: Exclude<JournalStatus, 'pending'>, outcome: { result?: unknown; error?: string; attempts?: number } = {}): void {
    this.upd.run(
      status,
      outcome.result === undefined ? null : redactedJson(outcome.result, this.redact),
      outcome.error === undefined ? null : this.redact(outcome.error),
      outcome.attempts ?? null,
      now(),
      id,
    );
  }
  pending(target: string): JournalEntry[] {
    return (this.db.prepare(`SELECT * FROM publish_journal WHERE target = ? AND status = 'pending' ORDER BY id`).all(target) as Array<Record<string, unknown>>).map((r) =>
      this.row(r),
    );
  }
  list(filter: { target?: string; runId?: string; serviceId?: string; status?: JournalStatus; limit?: number } = {}): JournalEntry[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.target) (where.push('target = ?'), args.push(filter.target));
    if (filter.runId) (where.push('run_id = ?'), args.push(filter.runId));
    if (filter.serviceId) (where.push('service_id = ?'), args.push(filter.serviceId));
    if (filter.status) (where.push('status = ?'), args.push(filter.status));
    args.push(filter.limit ?? 1_000_000);
    return (
      this.db.prepare(`SELECT * FROM publish_journal ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id LIMIT ?`).all(...args) as Array<Record<string, unknown>>
    ).map((r) => this.row(r));
  }
}

export type { QuarantineRow, RawRecordRow };
