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

/** a flat record's form before its hash: the hash is SHA-1 of `sortedKeys + json` (sha1Of) */
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

export function recordForm(data: Record<string, unknown>): RecordForm {
  const flat = flatForm(data);
  // the same text contentHash hashes for a flat record: sorted keys, then the values in that order
  if (flat) return { contentHash: sha1(flat.sortedKeys + flat.json), json: flat.json, shape: flat.shape };
  return { contentHash: contentHash(data), json: JSON.stringify(data) };
}

const oneShot = (crypto as { hash?: (alg: string, data: Uint8Array, enc: 'hex') => string }).hash;

/** SHA-1 (hex) of UTF-8 bytes: a flat record's content hash from its sorted keys' and its JSON's bytes, side by side */
export function sha1Of(bytes: Uint8Array): string {
  return oneShot ? oneShot('sha1', bytes, 'hex') : crypto.createHash('sha1').update(bytes).digest('hex');
}
