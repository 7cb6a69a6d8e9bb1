// How a raw record is stored: its content hash and its JSON. A flat record (a spreadsheet row: every
// value a string, number, boolean or null) is stored compactly, as the JSON array of its values in
// its keys' sorted order, which is exactly what its content hash reads, so one JSON.stringify makes
// both; its keys (in their own order) are stored once per shape (the store's raw_shapes). Anything
// else is stored as its JSON object, as before.
import * as crypto from 'node:crypto';
import { contentHash, sha1 } from '../sdk/index.js';

export interface RecordForm {
  contentHash: string;
  /** the record's JSON: with `shape`, the array of its values in its keys' sorted order */
  json: string;
  /** the record's keys in their own order, as JSON (a flat record only) */
  shape?: string;
}

// the last shape seen: a file's rows share one, so sorting and serialising keys is once per file
let lastKeys: string[] = [];
/** where each of the keys in sorted order sits among the record's own */
let lastOrder: number[] = [];
let lastShape = '[]';
let lastSortedJson = '[]';

function sameKeys(keys: string[]): boolean {
  if (keys.length !== lastKeys.length) return false;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== lastKeys[i]) return false;
  return true;
}

/** a flat record's form before its hash: the hash is SHA-1 of `sortedKeys + json` (sha1Into) */
export interface FlatForm {
  json: string;
  shape: string;
  /** its keys sorted, as JSON: the text its content hash reads before the JSON */
  sortedKeys: string;
}

/** a flat record's JSON and shape, without its hash; undefined for any other record */
export function flatForm(data: Record<string, unknown>): FlatForm | undefined {
  if (typeof (data as { toJSON?: unknown }).toJSON === 'function' || Array.isArray(data)) return undefined;
  // keys and values in one pass each, in the same order: reading data[key] per key (twice) was a
  // keyed load with a different key each time, slower than both builtins together
  const keys = Object.keys(data);
  const vals = Object.values(data);
  for (let i = 0; i < vals.length; i++) {
    const v = vals[i];
    const t = typeof v;
    // JSON would drop or change anything else (undefined, functions, symbols; objects are not flat)
    if (!(t === 'string' || t === 'number' || t === 'boolean' || v === null) || keys[i] === '__proto__') return undefined;
  }
  if (!sameKeys(keys)) {
    const sorted = [...keys].sort();
    const at = new Map(keys.map((k, i) => [k, i] as const));
    lastKeys = keys;
    lastOrder = sorted.map((k) => at.get(k)!);
    lastShape = JSON.stringify(keys);
    lastSortedJson = JSON.stringify(sorted);
  }
  const values = new Array(lastOrder.length);
  for (let i = 0; i < lastOrder.length; i++) values[i] = vals[lastOrder[i]!];
  return { json: JSON.stringify(values), shape: lastShape, sortedKeys: lastSortedJson };
}

// ---- the read thread's way: a flat record's JSON written as UTF-8 straight into a batch --------
// No values array, no JSON string and no Object.keys/values arrays per record (the read thread's
// garbage, which V8's collector threads then compete with both threads for): the values are read
// once (for-in), kept in a reused array, and encoded by hand. The bytes are exactly those of
// Buffer.from(flatForm(data).json) (test/extract/record-form.test.ts checks random records).

/** the values of the last record taken, in its own key order (reused: no array per record) */
const taken: unknown[] = [];
let takenCount = 0;

/**
 * Takes a flat record as flatForm would judge it: true with its values kept for writeTakenJson and
 * its shape in takenShape(), false (nothing kept) for any other record.
 */
export function takeFlat(data: Record<string, unknown>): boolean {
  if (typeof (data as { toJSON?: unknown }).toJSON === 'function' || Array.isArray(data)) return false;
  // for-in gives inherited keys too: only a plain object's own keys are the record's (Object.keys)
  const proto = Object.getPrototypeOf(data);
  if (proto !== Object.prototype && proto !== null) return takeSlow(data);
  let i = 0;
  let same = true;
  for (const k in data) {
    const v = data[k];
    const t = typeof v;
    if (!(t === 'string' || t === 'number' || t === 'boolean' || v === null) || k === '__proto__') return false;
    if (same && k !== lastKeys[i]) same = false;
    taken[i++] = v;
  }
  if (!same || i !== lastKeys.length) return takeSlow(data);
  takenCount = i;
  return true;
}

/** a record whose keys are not the last shape's (or not a plain object's): flatForm's way, then kept */
function takeSlow(data: Record<string, unknown>): boolean {
  const f = flatForm(data);
  if (!f) return false;
  const vals = Object.values(data);
  for (let i = 0; i < vals.length; i++) taken[i] = vals[i];
  takenCount = vals.length;
  return true;
}

/** the taken record's shape (flatForm's shape) */
export const takenShape = (): string => lastShape;
/** the taken record's keys sorted, as JSON (flatForm's sortedKeys) */
export const takenSortedKeys = (): string => lastSortedJson;

/** at most this many bytes for the taken record's JSON (a character escaped as \uXXXX takes 6) */
export function takenJsonBound(): number {
  let n = 2;
  for (let i = 0; i < takenCount; i++) {
    const v = taken[i];
    n += typeof v === 'string' ? v.length * 6 + 3 : 32;
  }
  return n;
}

/**
 * Writes the taken record's JSON (flatForm's text: its values in its keys' sorted order) as UTF-8
 * into `out` at `at` (room for takenJsonBound() bytes assumed); returns where it ends.
 */
export function writeTakenJson(out: Buffer, at: number): number {
  out[at++] = 0x5b; // [
  for (let j = 0; j < takenCount; j++) {
    if (j) out[at++] = 0x2c; // ,
    const v = taken[lastOrder[j]!];
    if (typeof v === 'string') {
      const end = writeJsonString(v, out, at);
      // a value JSON escapes (a quote, a backslash, a control character, a lone surrogate): its JSON as JSON.stringify makes it
      at = end >= 0 ? end : at + out.write(JSON.stringify(v), at);
    } else at += out.write(JSON.stringify(v), at);
  }
  out[at++] = 0x5d; // ]
  // the values are not kept alive by the array until the next record
  for (let i = 0; i < takenCount; i++) taken[i] = undefined;
  return at;
}

/** a string as a JSON string (quoted) in UTF-8, when JSON.stringify would escape nothing in it; -1 otherwise */
function writeJsonString(s: string, out: Buffer, at: number): number {
  out[at] = 0x22;
  const end = writeUtf8(s, out, at + 1, true);
  if (end < 0) return -1;
  out[end] = 0x22;
  return end + 1;
}

/**
 * A short string as UTF-8 into `out` at `at` (room for 3 bytes a character assumed), exactly as
 * Buffer#write writes it (a lone surrogate as U+FFFD); returns where it ends. For a key or a
 * locator, a loop here costs less than a call into Buffer#write. With `json`, -1 instead for a
 * string JSON.stringify would escape something in (a quote, a backslash, a control character, a
 * lone surrogate): the bytes written are then the inside of its JSON string.
 */
export function writeUtf8(s: string, out: Uint8Array, at: number, json = false): number {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (json && (c < 0x20 || c === 0x22 || c === 0x5c)) return -1;
      out[at++] = c;
    } else if (c < 0x800) {
      out[at++] = 0xc0 | (c >> 6);
      out[at++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      out[at++] = 0xe0 | (c >> 12);
      out[at++] = 0x80 | ((c >> 6) & 0x3f);
      out[at++] = 0x80 | (c & 0x3f);
    } else {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c > 0xdbff || d < 0xdc00 || d > 0xdfff) {
        if (json) return -1;
        out[at++] = 0xef;
        out[at++] = 0xbf;
        out[at++] = 0xbd;
        continue;
      }
      const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
      out[at++] = 0xf0 | (cp >> 18);
      out[at++] = 0x80 | ((cp >> 12) & 0x3f);
      out[at++] = 0x80 | ((cp >> 6) & 0x3f);
      out[at++] = 0x80 | (cp & 0x3f);
      i++;
    }
  }
  return at;
}

export function recordForm(data: Record<string, unknown>): RecordForm {
  const flat = flatForm(data);
  // the same text contentHash hashes for a flat record: sorted keys, then the values in that order
  if (flat) return { contentHash: sha1(flat.sortedKeys + flat.json), json: flat.json, shape: flat.shape };
  return { contentHash: contentHash(data), json: JSON.stringify(data) };
}

const oneShot = (crypto as { hash?: (alg: string, data: Uint8Array, enc: string) => string | Buffer }).hash;

/**
 * SHA-1 of UTF-8 bytes (a flat record's content hash from its sorted keys' and its JSON's bytes,
 * side by side) as its 20 bytes, written into `out` at `at` (returns the end): what the store keeps
 * (migration 20). Written, not returned: a Buffer of its own per hash costs twice the SHA-1 itself
 * (its own memory), where a 20-character latin1 string copied into a buffer made once costs little.
 */
export function sha1Into(bytes: Uint8Array, out: Buffer, at: number): number {
  if (oneShot) return at + out.write(oneShot('sha1', bytes, 'latin1') as string, at, 'latin1');
  return at + crypto.createHash('sha1').update(bytes).digest().copy(out, at);
}
