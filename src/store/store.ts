// The Store interface: everything a stage reads and writes goes through it, so another database
// can be added beside SQLite. It is synchronous because stages batch their writes into one
// transaction (`store.tx`) and better-sqlite3 is synchronous; an async database would wrap a
// whole stage's writes the same way.
import type { CatalogService, EntryPoint, RedirectRule, CatalogItem, Decision } from '../schema/index.js';

export type Upserted = 'new' | 'changed' | 'unchanged';

export interface EventInput {
  actor: string;
  action: string; // e.g. extract, map, decide, publish, redirects.plan, init
  entity: string; // e.g. app:wujiang, service:wujiang-3f2a…, workspace
  summary: string;
  details?: unknown;
}
export interface EventRow extends EventInput {
  id: number;
  at: string;
}

export interface RawRecordInput {
  appId: string;
  stream: string;
  key: string;
  locator: string;
  data: unknown;
  /**
   * the content hash: its text (a SHA-1's 40 lowercase hex digits, or anything else, kept as it
   * is), or the SHA-1's 20 bytes as extract makes them (stored as they are: no hex made per row)
   */
  contentHash: string | Uint8Array;
  /**
   * the data's JSON when the caller already made it (extract): written as it is; with `shape`, the
   * JSON array of a flat record's values in its keys' sorted order (src/extract/record-form.ts);
   * as UTF-8 bytes when it was made on another thread
   */
  json?: string | Uint8Array;
  /** a flat record's keys in their own order, as JSON: stored once, the record's values alone */
  shape?: string;
}
export interface RawRecordRow extends RawRecordInput {
  /** read back always as text: 20 bytes as their lowercase hex */
  contentHash: string;
  firstSeen: string;
  lastSeen: string;
}

export interface QuarantineInput {
  appId: string;
  stage: 'extract' | 'map' | 'decide' | 'publish' | 'redirects';
  stream?: string;
  locator: string;
  reason: string;
  field?: string;
  data?: unknown;
}
export interface QuarantineRow extends QuarantineInput {
  id: number;
  at: string;
}

export interface PublicationRow {
  serviceId: string;
  appId: string;
  target: string;
  externalId: string;
  contentHash: string;
  status: 'listed' | 'unlisted';
  url?: string;
  remoteVersion?: string;
  at: string;
}

export interface EventLog {
  append(e: EventInput): void;
  list(filter?: { entity?: string; action?: string; limit?: number; since?: string }): EventRow[];
}

export interface RawRecords {
  /** `known: 'new'`: the caller knows the key is not stored (no lookup; storing it twice throws) */
  upsert(r: RawRecordInput, known?: 'new'): Upserted;
  /**
   * records the caller believes are not stored (as upsert's 'new'), written in order, many a
   * statement; a key already stored (a repeat within the run) is upserted instead, in its turn:
   * those rows come back with what upsert said (none, usually)
   */
  insertNew(rows: readonly RawRecordInput[]): Array<[at: number, result: Upserted]>;
  list(appId: string, stream?: string): Iterable<RawRecordRow>;
  count(appId?: string, stream?: string): number;
  getState(appId: string, stream: string): unknown;
  setState(appId: string, stream: string, state: unknown): void;
  /** the keys stored for a stream, read lazily (a full read sweeps the keys it no longer sees) */
  keys(appId: string, stream: string): Iterable<string>;
  remove(appId: string, stream: string, key: string): void;
  /**
   * Records in stored order, a page at a time (`after`: the cursor returned with the previous
   * page), so a stage can write between pages without holding every record in memory.
   */
  page(appId: string, stream: string, after: number | undefined, limit: number): { rows: RawRecordRow[]; next?: number };
  /**
   * The store's file, for a read-only connection (map's worker) to read the records committed so
   * far; undefined while this connection is inside a transaction (its writes are not committed) or
   * when the store is in memory.
   */
  committedPath(): string | undefined;
  /** a stream's records' rowids in stored order: map reads them in pages of these (pageText) */
  rowids(appId: string, stream: string): number[];
  /**
   * The records with these rowids (ascending), in that order, each as one string: what map hands to
   * its worker. `key NUL locator NUL content_hash NUL last_seen NUL data` (data: its JSON text, or
   * for a compact record its shape's keys, U+0001, its values: read it with raw-form's rawDataOf); a record whose key is empty or whose fields hold a NUL: NUL + JSON [key, locator,
   * content_hash, last_seen, data]. One string a record costs half what five do.
   */
  pageRows(rowids: readonly number[]): string[];
  /** a stream's records as `key locator content_hash` lines (NUL-separated) in stored order: what map's skip key reads */
  hashes(appId: string, stream: string): string[];
  /** the streams that hold records or state for an app */
  streams(appId: string): string[];
}

export interface Quarantine {
  add(q: QuarantineInput): void;
  /** a stage re-run starts from a clean slate for what it owns */
  clear(appId: string, stage: QuarantineInput['stage'], stream?: string): number;
  list(filter?: { appId?: string; stage?: QuarantineInput['stage'] }): QuarantineRow[];
  count(appId?: string, stage?: QuarantineInput['stage']): number;
}

export interface ServiceRowInput {
  id: string;
  appId: string;
  name: string;
  contentHash: string;
  hasErrors: boolean;
  /** the service's JSON, as text or UTF-8 bytes (stored as text either way) */
  data: string | Uint8Array;
}

export interface Services {
  /** data: the service's JSON when the caller already made it (map: serviceHashAndJson) */
  upsert(s: CatalogService, contentHash: string, data?: string): Upserted;
  /** upsert from what map computed (its JSON, hash, name, error flag); known 'new': the app had no services, so no lookup */
  upsertRow(r: ServiceRowInput, known?: 'new'): Upserted;
  get(id: string): CatalogService | undefined;
  /** is a service of this id stored (nothing read or parsed) */
  has(id: string): boolean;
  list(appId?: string): CatalogService[];
  ids(appId: string): string[];
  remove(id: string): void;
  count(appId?: string): number;
  /** id, app and name of every service (or an app's), in stored order: no service parsed */
  names(appId?: string): Array<{ id: string; appId: string; name: string }>;
  /** an app's services as `id content_hash` lines in stored order: what decide's skip key reads */
  hashes(appId: string): string[];
  /** per app: the source columns kept in extras (unmapped by its profile), with how many services carry each */
  extrasColumns(appId?: string): Record<string, Record<string, number>>;
}

export interface EntryPoints {
  /** known 'new': the caller knows the id is not stored (no lookup, one INSERT) */
  upsert(e: EntryPoint, known?: 'new'): Upserted;
  list(appId?: string): EntryPoint[];
  ids(appId: string): string[];
  remove(id: string): void;
  /** an app's entry points as stored (JSON, by id): what decide's skip key reads */
  contents(appId: string): string[];
}

export interface BaseCatalog {
  /** replaces the whole base catalog; returns the number of items */
  replace(items: CatalogItem[], source: string): number;
  list(): CatalogItem[];
  get(code: string): CatalogItem | undefined;
  count(): number;
  /** where and when the catalog came from */
  info(): { source: string; importedAt: string; count: number } | undefined;
}

/**
 * A decision's stable content: what `changed` compares and what later stages act on. A person's
 * reason is part of their decision; a rule's or the matcher's reason, score and candidates are
 * evidence, stored beside the decision and refreshed without counting as a change.
 */
export function decisionStableKey(d: Pick<Decision, 'action' | 'target' | 'decidedBy' | 'rule' | 'reason'>): string {
  return JSON.stringify([d.action, d.target ?? null, d.decidedBy, d.rule ?? null, d.decidedBy === 'person' ? d.reason : null]);
}

/**
 * A stored decision as the decide stage's bulk path compares it: its stable content parsed, its
 * evidence left as stored (no candidates parsed for 100,000s of decisions that did not change).
 */
export interface StoredDecision {
  serviceId: string;
  appId: string;
  action: Decision['action'];
  target?: string;
  decidedBy: Decision['decidedBy'];
  rule?: string;
  /** decisionStableKey of the stored decision */
  stable: string;
  reason: string;
  score: number | null;
  /** the candidates' JSON as stored */
  candidates: string;
}

/**
 * A proposal as the decide stage's bulk path writes it: the fields the writes compare, the
 * candidates' JSON, and the rest of the decision's data (no evidence) as the inside of a JSON object.
 */
export interface EncodedProposal {
  action: Decision['action'];
  target?: string;
  decidedBy: Decision['decidedBy'];
  rule?: string;
  reason: string;
  score?: number;
  /** JSON of the candidates */
  candidates: string;
  /** JSON.stringify of the proposal without reason, score and candidates, less its braces */
  fields: string;
}

/** …with its service, app and time, and its data (decisions.data) made */
export interface EncodedDecision extends EncodedProposal {
  serviceId: string;
  appId: string;
  at: string;
  data: string;
}

export interface Decisions {
  /** the decision with its latest evidence (reason, score, candidates) */
  get(serviceId: string): Decision | undefined;
  /**
   * writes the decision; 'unchanged' unless its stable content (decisionStableKey) changed, though
   * changed evidence is still stored. A person's decision is never replaced by a non-person.
   */
  upsert(d: Decision): Upserted;
  list(appId?: string): Decision[];
  remove(serviceId: string): void;
  /**
   * the decide stage's bulk path: upsert many with the previous decisions already read (one
   * list() per app); same rules as upsert. `ids`: the decisions whose stable content changed.
   */
  upsertMany(ds: Decision[], prev: ReadonlyMap<string, Decision | StoredDecision>): { new: number; changed: number; unchanged: number; ids: string[] };
  /** upsertMany for decisions already serialised (EncodedDecision): the same rows, no JSON made here */
  writeMany(ds: EncodedDecision[], prev: ReadonlyMap<string, StoredDecision>): { new: number; changed: number; unchanged: number; ids: string[] };
  /** an app's services' rowids, ascending (the services' stored order): decide's batches are slices of it */
  serviceRowids(appId: string): number[];
  /**
   * services by rowid (ascending), as stored: each one's `id content_hash` line (services.hashes'
   * own, for a first decide's skip key) and its JSON. Decide's worker thread reads these through
   * its own read-only connection, the main thread through its own.
   */
  serviceBatch(rowids: ArrayLike<number>): { lines: string[]; rows: string[] };
  /** an app's decisions as the bulk path compares them, in stored order */
  stored(appId: string): StoredDecision[];
  /** how many decisions an app has, and its people's decisions as stored (data and reason): decide's skip key */
  personal(appId: string): { count: number; people: string[] };
  /** merge decisions (service, app, target) of these apps (or all), for duplicate clusters without reading evidence */
  merges(appIds?: string[]): Array<{ serviceId: string; appId: string; target: string }>;
  /** an app's migrating services as `id content_hash` lines in the services' stored order: what joins the duplicate index */
  migrating(appId: string): string[];
}

/**
 * What a stage last ran on (its inputs' fingerprints), written by the stage and read by others:
 * status tells whether decisions are current without asking decide.
 */
export interface StageMark {
  at: string;
  inputs: Record<string, string>;
}
/** the stages of `yimen run`, in order (docs/pipeline.md) */
export const STAGES = ['catalog', 'extract', 'map', 'decide', 'plan', 'publish', 'redirects'] as const;
export type StageName = (typeof STAGES)[number];
/** A service name a person said is a base catalog item: used by the matcher in every app (migration 11). */
export interface NameAlias {
  name: string;
  code: string;
  actor: string;
  at: string;
  /** the service whose decision taught it */
  serviceId?: string;
}

export interface NameAliases {
  list(): NameAlias[];
  get(name: string): NameAlias | undefined;
  /** adds or replaces the alias for this name */
  set(a: NameAlias): Upserted;
  /** true if there was one */
  remove(name: string): boolean;
}

/** The matcher's catalog index, serialised, for one catalog version (migration 15; decide/index-cache.ts). */
export interface MatchIndexCache {
  /** the index's bytes (decide/index-cache.ts makes and reads them); a row of the old JSON form reads as text */
  get(key: string): Uint8Array | string | undefined;
  /** stores the index for this key, dropping any other version's */
  put(key: string, data: Uint8Array): void;
}

/**
 * The catalog matcher's answers (decide/answers.ts) by query, as JSON, for one key at a time (the
 * catalog index and the code that gave them: a catalog, a dictionary, a yimen).
 */
export interface MatchAnswers {
  /** the answer kept for this query under this key (none under another key) */
  get(key: string, query: string): string | undefined;
  /** adds answers under this key, dropping every other key's first (a query already answered keeps its answer: the same key gives the same) */
  putMany(key: string, rows: ReadonlyArray<readonly [query: string, answer: string]>): void;
}

export interface StageMarks {
  get(stage: StageName): StageMark | undefined;
  set(stage: StageName, mark: StageMark): void;
}

export interface Publications {
  get(serviceId: string, target: string): PublicationRow | undefined;
  upsert(p: PublicationRow): Upserted;
  list(target?: string, appId?: string): PublicationRow[];
}

export interface LocalCatalog {
  /** the `local` target: a catalog held in the workspace store */
  get(externalId: string): { externalId: string; body: unknown; status: 'listed' | 'unlisted'; version: number } | undefined;
  put(externalId: string, body: unknown): { created: boolean; version: number };
  unlist(externalId: string): boolean;
  list(): { externalId: string; body: unknown; status: 'listed' | 'unlisted'; version: number }[];
}

export interface RedirectRules {
  replaceForApp(appId: string, rules: RedirectRule[]): { added: number; changed: number; removed: number; unchanged: number };
  list(appId?: string): RedirectRule[];
}

/** What a probe of an old entry point found (yimen redirects verify). */
export const VERIFY_OUTCOMES = ['ok', 'wrong-status', 'wrong-location', 'chain', 'loop', 'destination-not-200', 'error'] as const;
export type VerifyOutcome = (typeof VERIFY_OUTCOMES)[number];
export interface VerifyHop {
  url: string;
  status?: number;
  location?: string;
}
export interface VerificationInput {
  runId: string;
  entryPointId: string;
  appId: string;
  /** the old address probed */
  url: string;
  /** what the plan says: 301 redirect, 410 notice/unresolved, 200 pending */
  expectedStatus: number;
  expectedLocation?: string;
  status?: number;
  location?: string;
  outcome: VerifyOutcome;
  message: string;
  hops?: VerifyHop[];
}
export interface VerificationRow extends VerificationInput {
  id: number;
  at: string;
}
export interface RedirectVerifications {
  /** appends one run's results (one transaction) */
  record(rows: VerificationInput[]): void;
  /** the latest result per entry point (what exporters and status read) */
  latest(appId?: string): VerificationRow[];
}

export interface HitsRow {
  appId: string;
  /** the canonical old address */
  address: string;
  entryPointId?: string;
  hits: number;
  lastSeen?: string;
}
export interface HitsImportRow {
  /** path + size + hash of the first and last bytes */
  identity: string;
  path: string;
  size: number;
  lines: number;
  counted: number;
  actor: string;
  at: string;
}
export interface RedirectHits {
  imported(identity: string): HitsImportRow | undefined;
  recordImport(r: Omit<HitsImportRow, 'at'>): void;
  /** adds counts to what earlier imports stored */
  add(rows: HitsRow[]): void;
  list(appId?: string): HitsRow[];
  /** hits per entry point id */
  byEntryPoint(appId?: string): Map<string, number>;
}

/** Aggregates for `yimen status` and reports, computed in the database (300,000 services in seconds). */
export interface AppCounts {
  appId: string;
  rawServices: number;
  entryPoints: number;
  quarantined: Record<string, number>; // by stage
  services: number;
  invalid: number;
  undecided: number;
  dispositions: Record<string, number>; // migrate / merge / retire / review
  byPerson: number;
  published: number; // listed on the target
  redirects: Record<string, number>; // redirect / notice / unresolved / pending
  /** web and QR rules by their latest verification (a result for an older version of the rule does not count) */
  verification?: { verifiable: number; ok: number; failed: number };
}

export interface StatusQueries {
  byApp(target: string): AppCounts[];
}

/** One service as reports list it: the service, its decision and its publication, in one row. */
export interface ServiceReportRow {
  id: string;
  appId: string;
  name: string;
  catalogCode?: string;
  locator?: string;
  monthlyVisits?: number;
  /** the first error that blocks publishing */
  error?: string;
  action?: string;
  decidedBy?: string;
  decisionTarget?: string;
  reason?: string;
  score?: number;
  candidate?: { code: string; name: string; score: number };
  decidedAt?: string;
  publication?: 'listed' | 'unlisted';
  url?: string;
  publishedAt?: string;
}

/** One entry point with its redirect rule (if planned). */
export interface EntryPointReportRow {
  id: string;
  appId: string;
  kind: string;
  address: string;
  label?: string;
  serviceKey?: string;
  action?: string;
  destination?: string;
  reason?: string;
  ruleAt?: string;
}

/** What changed in a time window, per app, from the rows' own timestamps. */
export interface AppChanges {
  appId: string;
  decided: Record<string, number>; // by action, decided (or re-decided) in the window
  byPerson: number;
  published: number;
  unlisted: number;
  resolved: number; // entry points whose rule became redirect or notice in the window
}

/** Read-only queries for reports (DESIGN §12): streamed rows, so 300,000 services stay within memory. */
export interface ReportQueries {
  services(target: string, appId?: string): Iterable<ServiceReportRow>;
  entryPoints(appId?: string): Iterable<EntryPointReportRow>;
  /** from (exclusive) … to (inclusive), ISO timestamps */
  changes(target: string, from: string, to: string): AppChanges[];
}

/** The publish journal (DESIGN §10): an intent is recorded before the target is called and its
 * outcome after; rows a crash left 'pending' are reconciled against the target on the next run. */
export type JournalOp = 'create' | 'update' | 'unlist';
export type JournalStatus = 'pending' | 'done' | 'failed' | 'reconciled' | 'abandoned';
export interface JournalEntryInput {
  runId: string;
  target: string;
  serviceId: string;
  appId: string;
  op: JournalOp;
  externalId: string;
  contentHash: string;
  idempotencyKey: string;
  body?: unknown;
}
export interface JournalEntry extends JournalEntryInput {
  id: number;
  status: JournalStatus;
  attempts: number;
  result?: unknown;
  error?: string;
  startedAt: string;
  finishedAt?: string;
}
export interface PublishJournal {
  /** records an intent ('pending'); returns its id */
  begin(e: JournalEntryInput): number;
  finish(id: number, status: Exclude<JournalStatus, 'pending'>, outcome?: { result?: unknown; error?: string; attempts?: number }): void;
  pending(target: string): JournalEntry[];
  list(filter?: { target?: string; runId?: string; serviceId?: string; status?: JournalStatus; limit?: number }): JournalEntry[];
}

export interface StagedRun {
  readonly open: boolean;
  commit(): void;
  /** drops every write since the stage opened; a no-op once committed or discarded */
  discard(): void;
}

/** scrubs configured secret values from text the store writes (events, quarantine, journal) */
export type TextRedactor = (s: string) => string;

export interface Store {
  readonly path: string;
  readonly status: StatusQueries;
  readonly report: ReportQueries;
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
  readonly stageMarks: StageMarks;
  readonly aliases: NameAliases;
  readonly matchIndex: MatchIndexCache;
  readonly matchAnswers: MatchAnswers;
  readonly verifications: RedirectVerifications;
  readonly hits: RedirectHits;
  /** a transaction is open on this connection: its writes are not yet seen by another connection */
  readonly inTransaction: boolean;
  /** runs fn in one transaction: all of its writes land, or none */
  tx<T>(fn: () => T): T;
  /**
   * Opens a staged run: one write transaction that may span async work (an extract reading pages).
   * Every write until `commit` (tx calls join it) is seen by no other reader; `discard` (or a
   * crash, SIGKILL) drops them all, so the last complete snapshot stays current.
   */
  stage(): StagedRun;
  /** small key/value facts about the workspace (schema version, last run …) */
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
  close(): void;
}
