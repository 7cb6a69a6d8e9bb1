// The pure part of the map stage: a batch of raw service records → each one's service id, content
// hash, JSON and name (or why it is quarantined), with the batch's issue and column tallies. Plain
// strings and numbers in and out, so the same function runs on the main thread or in a worker
// (src/map/worker.ts) and both give the same bytes. No store, no I/O.
import { createHash, hash as oneShot } from 'node:crypto';
import type { CatalogService } from '../schema/service.js';
import type { EntryPoint } from '../schema/entry-point.js';
import type { MappingProfile } from './profile.js';
import { applyProfile } from './apply.js';
import { buildService } from './validate.js';
import { rawDataOf } from '../store/raw-form.js';

export const SERVICES_STREAM = 'services';

/** The stable service id: `${appId}-${sha1(sourceKey) first 12 hex}` (interfaces.md). */
export function serviceId(appId: string, sourceKey: string): string {
  // the one-shot hash: no Hash object per record (the same digest)
  return `${appId}-${oneShot('sha1', sourceKey, 'hex').slice(0, 12)}`;
}

/**
 * The content hash of a service, leaving out volatile provenance (extractedAt, locator). The
 * service is zod's output, whose keys follow the schema's order (extras: the source's column
 * order), so the same content always serialises the same.
 */
export function serviceHash(s: CatalogService): string {
  const { extractedAt: _t, locator: _l, ...source } = s.source;
  return createHash('sha1').update(JSON.stringify({ ...s, source })).digest('hex');
}

/**
 * serviceHash and the service's JSON (what the store keeps) at once: the service is serialised
 * once, and the hashed text is that JSON without the source's volatile fields. The texts are
 * JSON.stringify's own: the same keys in the same order, undefined skipped.
 */
export function serviceHashAndJson(s: CatalogService): { hash: string; json: string } {
  // zod's output starts with id, appId, source, and the source's keys follow its schema (adapter,
  // stream, sourceKey, locator, extractedAt, contentHash): the hashed text is the JSON with
  // `,"locator":…,"extractedAt":…` cut out, checked to sit exactly there
  const full = JSON.stringify(s);
  const src = s.source;
  const k = Object.keys(src);
  if (k[0] === 'adapter' && k[1] === 'stream' && k[2] === 'sourceKey' && k[3] === 'locator' && k[4] === 'extractedAt') {
    const head = `{"id":${JSON.stringify(s.id)},"appId":${JSON.stringify(s.appId)},"source":{"adapter":${JSON.stringify(src.adapter)},"stream":${JSON.stringify(src.stream)},"sourceKey":${JSON.stringify(src.sourceKey)}`;
    const cut = `,"locator":${JSON.stringify(src.locator)},"extractedAt":${JSON.stringify(src.extractedAt)}`;
    if (full.startsWith(head) && full.startsWith(cut, head.length)) {
      return { hash: oneShot('sha1', head + full.slice(head.length + cut.length), 'hex'), json: full };
    }
  }
  const { extractedAt: _t, locator: _l, ...stable } = src;
  return serviceHashAndJsonByKey(s, stable);
}

/** serviceHashAndJson for a service in another key order: field by field */
function serviceHashAndJsonByKey(s: CatalogService, stable: object): { hash: string; json: string } {
  let hashed = '{';
  let full = '{';
  for (const k of Object.keys(s)) {
    const v = (s as Record<string, unknown>)[k];
    const key = `${hashed.length > 1 ? ',' : ''}${JSON.stringify(k)}:`;
    if (k === 'source') {
      hashed += key + JSON.stringify(stable);
      full += key + JSON.stringify(v);
      continue;
    }
    const t = JSON.stringify(v) as string | undefined;
    if (t === undefined) continue;
    hashed += key + t;
    full += key + t;
  }
  return { hash: oneShot('sha1', hashed + '}', 'hex'), json: full + '}' };
}

/**
 * The columns of a record that the adapter already turned into entry points of its service: not
 * extras. Read from the entry points themselves (an entry point found in a column of a service's
 * record carries the locator `<record locator>/<column>`), never from an adapter's config.
 */
export function entryPointColumns(recordLocator: string, entryPoints: ReadonlyArray<Pick<EntryPoint, 'locator'>>): Set<string> {
  const cols = new Set<string>();
  const prefix = `${recordLocator}/`;
  for (const e of entryPoints) if (e.locator.startsWith(prefix) && e.locator.length > prefix.length) cols.add(e.locator.slice(prefix.length));
  return cols;
}

/** What every record of one app is mapped with: plain data (a profile clones to a worker as is: RegExps and Sets included). */
export interface AppMapContext {
  appId: string;
  /** the app's adapters, joined with + (the services' source.adapter) */
  adapter: string;
  division: string;
  profile: MappingProfile;
  /** the app's entry points by the source key of their service: [id, locator, id, locator, …] */
  entryPoints: Map<string, string[]>;
  /** give each page's skip-key lines too (an app mapped for the first time: its inputs key is hashed from them) */
  lines: boolean;
}

/** a raw record's fields as pageRows joins them: key, locator, content hash, extractedAt, data (its JSON, or a compact record's keys U+0001 values: rawDataOf) */
export type RecordFields = [key: string, locator: string, contentHash: string, extractedAt: string, data: string];

/** splits a pageRows string (see Store.raw.pageRows) */
export function recordFields(row: string): RecordFields {
  if (row.charCodeAt(0) === 0) return JSON.parse(row.slice(1)) as RecordFields;
  const a = row.indexOf('\u0000');
  const b = row.indexOf('\u0000', a + 1);
  const c = row.indexOf('\u0000', b + 1);
  const d = row.indexOf('\u0000', c + 1);
  return [row.slice(0, a), row.slice(a + 1, b), row.slice(b + 1, c), row.slice(c + 1, d), row.slice(d + 1)];
}

/** a record's line in the skip key (`key NUL locator NUL content hash`): SqliteRaw.hashes' own */
export const skipKeyLine = (key: string, locator: string, contentHash: string): string => `${key}\u0000${locator}\u0000${contentHash}`;

/** What a page of records maps to: the services in record order, the quarantined records, the tallies. */
export interface MappedBatch {
  /** records read */
  records: number;
  /** the records' skip-key lines (`key NUL locator NUL content hash`, each followed by a newline) when the context asks for them, else '' */
  lines: string;
  ids: string[];
  hashes: string[];
  /** every service's JSON, UTF-8, one after the other (a worker transfers it, not copies it; the store binds it as is) */
  json: Uint8Array;
  /** where each service's JSON ends in json */
  jsonEnds: number[];
  names: string[];
  /** 1 when the service has an error issue (it cannot be published) */
  hasErrors: number[];
  /** the records quarantined: their locators, why, and their data as stored (rawDataOf reads it) */
  quarantined: string[];
  reasons: string[];
  quarantinedData: string[];
  /** every column some record of the batch has */
  columns: string[];
  /** every column some service of the batch keeps in extras */
  extras: string[];
  errors: number;
  warnings: number;
  /** services with an error issue / with warnings and no errors */
  invalid: number;
  warned: number;
  /** issue codes with their counts, in the order first seen */
  byCode: Array<[string, number]>;
}

/** Parses a stored record's data: an object, else empty (a record that is not one maps to nothing). */
export function recordData(text: string): Record<string, unknown> {
  const data = rawDataOf(text);
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
}

const LOCATOR_KEY = ',"locator":';
const LOCATOR_KEY_BYTES = Buffer.from(LOCATOR_KEY);
/** a page's services' JSON starts with room for this many UTF-8 bytes a record (it grows when a page needs more) */
const BYTES_PER_RECORD = 1536;

/**
 * A page's services as one UTF-8 buffer of their JSON, one after the other, and each one's content
 * hash (serviceHash's) taken from those bytes: the JSON is made and encoded once, and the hashed
 * text is its bytes without the source's volatile fields. The buffer is memory of its own (not
 * the Buffer pool's), so a worker can transfer it; room never written costs address space only.
 */
export class ServiceJsonPage {
  private buf: Buffer;
  private at = 0;
  /** where each service's JSON ends */
  readonly ends: number[] = [];
  /** the hashed bytes of one service (its JSON without the cut) */
  private scratch = Buffer.allocUnsafeSlow(1 << 16);
  /** the cut's bytes */
  private cutBytes = Buffer.allocUnsafeSlow(1 << 12);

  constructor(records: number) {
    this.buf = Buffer.allocUnsafeSlow(Math.max(1 << 16, records * BYTES_PER_RECORD));
  }

  /** appends the service's JSON; returns its content hash (serviceHash) */
  add(s: CatalogService): string {
    const full = JSON.stringify(s);
    if (this.buf.length - this.at < full.length * 3) this.grow(full.length * 3);
    const start = this.at;
    const n = this.buf.write(full, start);
    this.ends.push((this.at += n));
    const cut = volatileCut(s);
    if (cut === undefined) return serviceHashAndJson(s).hash;
    // the cut's first byte: the first `,"locator":` in the bytes (UTF-8 keeps ASCII where it is);
    // its bytes compared with the cut's own, in the buffers (no search in the string)
    const from = this.buf.indexOf(LOCATOR_KEY_BYTES, start) - start;
    const len = this.cutBytes.length >= cut.length * 3 ? this.cutBytes.write(cut, 0) : (this.cutBytes = Buffer.from(cut)).length;
    if (from < 0 || from + len > n || this.buf.compare(this.cutBytes, 0, len, start + from, start + from + len) !== 0) return serviceHashAndJson(s).hash;
    const hashed = n - len;
    if (this.scratch.length < hashed) this.scratch = Buffer.allocUnsafeSlow(hashed * 2);
    this.buf.copy(this.scratch, 0, start, start + from);
    this.buf.copy(this.scratch, from, start + from + len, start + n);
    return oneShot('sha1', this.scratch.subarray(0, hashed), 'hex');
  }

  /** every JSON so far, one after the other */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.at);
  }

  private grow(need: number): void {
    const b = Buffer.allocUnsafeSlow(Math.max(this.buf.length * 2, this.at + need));
    this.buf.copy(b, 0, 0, this.at);
    this.buf = b;
  }
}

/**
 * The text to cut out of a service's JSON for its content hash (`,"locator":…,"extractedAt":…`),
 * when it sits at the first `,"locator":` of the JSON: else undefined. It does when the service
 * starts with id, appId and source, all strings but the source, whose first keys are adapter,
 * stream, sourceKey, locator and extractedAt, all strings (as zod gives them): the text before
 * the source's locator then holds no `,"locator":`, since a quote inside a JSON string is always
 * escaped. Checked, not assumed (and the caller compares the bytes there): anything else takes
 * serviceHashAndJson's own way.
 */
function volatileCut(s: CatalogService): string | undefined {
  const src = s.source as unknown as Record<string, unknown>;
  const o = s as unknown as Record<string, unknown>;
  if (typeof o.toJSON === 'function' || typeof src?.toJSON === 'function') return undefined;
  let i = 0;
  for (const k in o) {
    if (k !== (i === 0 ? 'id' : i === 1 ? 'appId' : 'source')) return undefined;
    if (++i === 3) break;
  }
  if (i !== 3) return undefined;
  const k = Object.keys(src);
  if (k[0] !== 'adapter' || k[1] !== 'stream' || k[2] !== 'sourceKey' || k[3] !== 'locator' || k[4] !== 'extractedAt') return undefined;
  if (typeof s.id !== 'string' || typeof s.appId !== 'string' || typeof src.adapter !== 'string' || typeof src.stream !== 'string' || typeof src.sourceKey !== 'string') return undefined;
  if (typeof src.locator !== 'string' || typeof src.extractedAt !== 'string') return undefined;
  return `${LOCATOR_KEY}${JSON.stringify(src.locator)},"extractedAt":${JSON.stringify(src.extractedAt)}`;
}

/** a record with no entry points: no column of it is one's (shared, never written) */
const NO_COLUMNS: ReadonlySet<string> = new Set();

/** Maps a page of one app's raw records (as Store.raw.pageRows gives them). Pure: the same rows always give the same strings. */
export function mapBatch(ctx: AppMapContext, rows: readonly string[]): MappedBatch {
  const { appId, profile } = ctx;
  const out: MappedBatch = {
    records: rows.length, lines: '', ids: [], hashes: [], json: new Uint8Array(0), jsonEnds: [], names: [], hasErrors: [], quarantined: [], reasons: [], quarantinedData: [],
    columns: [], extras: [], errors: 0, warnings: 0, invalid: 0, warned: 0, byCode: [],
  };
  const columns = new Set<string>();
  const extras = new Set<string>();
  const byCode = new Map<string, number>();
  const json = new ServiceJsonPage(rows.length);
  const lines: string[] = [];
  for (let i = 0; i < rows.length; i++) {
    const [key, locator, contentHash, extractedAt, text] = recordFields(rows[i]!);
    if (ctx.lines) lines.push(skipKeyLine(key, locator, contentHash));
    const data = recordData(text);
    for (const k in data) columns.add(k);
    const flat = ctx.entryPoints.size ? ctx.entryPoints.get(key) : undefined;
    const own: Array<{ id: string; locator: string }> = [];
    if (flat) for (let j = 0; j < flat.length; j += 2) own.push({ id: flat[j]!, locator: flat[j + 1]! });
    const applied = applyProfile(profile, data, own.length ? entryPointColumns(locator, own) : NO_COLUMNS);
    if (typeof applied.fields.name !== 'string' || !applied.fields.name.trim()) {
      const cols = profile.rules.find((r) => r.field === 'name')!.from;
      out.quarantined.push(locator);
      out.quarantinedData.push(text);
      out.reasons.push(`no 事项名称: ${cols.length ? `column${cols.length > 1 ? 's' : ''} ${cols.join(', ')} ${cols.length > 1 ? 'are' : 'is'} empty` : 'name has no source'} (key ${key})`);
      continue;
    }
    for (const k of Object.keys(applied.extras)) extras.add(k);
    const id = serviceId(appId, key);
    const svc = buildService(
      {
        id,
        appId,
        source: { adapter: ctx.adapter, stream: SERVICES_STREAM, sourceKey: key, locator, extractedAt, contentHash },
        fields: applied.fields,
        extras: applied.extras,
        entryPoints: own.map((e) => e.id).sort(),
        issues: applied.issues,
      },
      { appDivision: ctx.division },
    );
    const hash = json.add(svc);
    let err = false;
    let warn = false;
    for (const x of svc.issues) {
      if (x.severity === 'error') (out.errors++, (err = true));
      else (out.warnings++, (warn = true));
      byCode.set(x.code, (byCode.get(x.code) ?? 0) + 1);
    }
    if (err) out.invalid++;
    else if (warn) out.warned++;
    out.ids.push(id);
    out.hashes.push(hash);
    out.names.push(svc.name);
    out.hasErrors.push(err ? 1 : 0);
  }
  out.json = json.bytes();
  out.jsonEnds = json.ends;
  if (lines.length) out.lines = lines.join('\n') + '\n';
  out.columns = [...columns];
  out.extras = [...extras];
  out.byCode = [...byCode];
  return out;
}

/** JSON for a profile's RegExps and Sets (what the skip key and the worker's check read) */
export const plainProfileValue = (_k: string, v: unknown): unknown => (v instanceof RegExp ? String(v) : v instanceof Set ? [...v].sort() : v);

/** a profile as text: two profiles with the same text map every record the same */
export const profileFingerprint = (p: MappingProfile): string => JSON.stringify(p, plainProfileValue);
