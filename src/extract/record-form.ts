// How a raw record is stored: its content hash and its JSON. A flat record (a spreadsheet row: every
// value a string, number, boolean or null) is stored compactly, as the JSON array of its values in
// its keys' sorted order, which is exactly what its content hash reads, so one JSON.stringify makes
// both; its keys (in their own order) are stored once per shape (the store's raw_shapes). Anything
// else is stored as its JSON object, as before.
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
let lastSorted: string[] = [];
let lastShape = '[]';
let lastSortedJson = '[]';

function sameKeys(keys: string[]): boolean {
  if (keys.length !== lastKeys.length) return false;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== lastKeys[i]) return false;
  return true;
}

export function recordForm(data: Record<string, unknown>): RecordForm {
  if (typeof (data as { toJSON?: unknown }).toJSON !== 'function' && !Array.isArray(data)) {
    const keys = Object.keys(data);
    let flat = true;
    for (let i = 0; i < keys.length; i++) {
      const v = data[keys[i]!];
      const t = typeof v;
      // JSON would drop or change anything else (undefined, functions, symbols; objects are not flat)
      if (!(t === 'string' || t === 'number' || t === 'boolean' || v === null) || keys[i] === '__proto__') {
        flat = false;
        break;
      }
    }
    if (flat) {
      if (!sameKeys(keys)) {
        lastKeys = keys;
        lastSorted = [...keys].sort();
        lastShape = JSON.stringify(keys);
        lastSortedJson = JSON.stringify(lastSorted);
      }
      const values = new Array(lastSorted.length);
      for (let i = 0; i < lastSorted.length; i++) values[i] = data[lastSorted[i]!];
      const json = JSON.stringify(values);
      // the same text contentHash hashes for a flat record: sorted keys, then the values in that order
      return { contentHash: sha1(lastSortedJson + json), json, shape: lastShape };
    }
  }
  return { contentHash: contentHash(data), json: JSON.stringify(data) };
}
