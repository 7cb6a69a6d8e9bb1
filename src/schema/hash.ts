// Content hashes for idempotent storage: the same data always gives the same hash, whatever the
// order of its keys, so a re-read of an unchanged source writes nothing. The one implementation,
// at the schema layer so every stage (extract, publish) and the SDK can use it.
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level; undefined members dropped as JSON.stringify does. */
export function stableJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  const withToJson = v as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return stableJson(withToJson.toJSON());
  if (Array.isArray(v)) return '[' + v.map((x) => (x === undefined || typeof x === 'function' ? 'null' : stableJson(x))).join(',') + ']';
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  // the hot path (a row of a spreadsheet): a flat object whose keys come in the same order as the
  // row before it; JSON.stringify with the sorted key list is then native and exact
  let flat = true;
  for (let i = 0; i < keys.length; i++) {
    const x = o[keys[i]!];
    if (x !== null && typeof x === 'object') {
      flat = false;
      break;
    }
  }
  if (flat) return JSON.stringify(o, sortedKeys(keys));
  keys.sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const x = o[k];
    if (x === undefined || typeof x === 'function') continue;
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + stableJson(x);
    first = false;
  }
  return out + '}';
}

let lastKeys: string[] = [];
let lastSorted: string[] = [];
function sortedKeys(keys: string[]): string[] {
  if (keys.length === lastKeys.length) {
    let same = true;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] !== lastKeys[i]) {
        same = false;
        break;
      }
    }
    if (same) return lastSorted;
  }
  lastKeys = keys;
  lastSorted = [...keys].sort();
  return lastSorted;
}

const oneShot = (crypto as { hash?: (alg: string, data: string, enc: 'hex') => string }).hash;

export function sha1(s: string): string {
  return oneShot ? oneShot('sha1', s, 'hex') : createHash('sha1').update(s).digest('hex');
}

/**
 * The content hash of a record: SHA-1 of a stable serialisation (keys sorted at every level). For
 * the common flat record (a spreadsheet row) it hashes the sorted keys and the values in that order,
 * which is as exact and avoids JSON.stringify's slow replacer path.
 */
export function contentHash(data: unknown): string {
  if (data && typeof data === 'object' && !Array.isArray(data) && typeof (data as { toJSON?: unknown }).toJSON !== 'function') {
    const o = data as Record<string, unknown>;
    let keys = Object.keys(o);
    let flat = true;
    let holes = false;
    for (let i = 0; i < keys.length; i++) {
      const x = o[keys[i]!];
      if (x !== null && typeof x === 'object') {
        flat = false;
        break;
      }
      if (x === undefined || typeof x === 'function') holes = true;
    }
    if (flat) {
      // undefined members are absent, as in JSON
      if (holes) keys = keys.filter((k) => o[k] !== undefined && typeof o[k] !== 'function');
      const sorted = sortedKeys(keys);
      const values = new Array(sorted.length);
      for (let i = 0; i < sorted.length; i++) values[i] = o[sorted[i]!];
      return sha1(sortedJson(sorted) + JSON.stringify(values));
    }
  }
  return sha1(stableJson(data));
}

let lastSortedRef: string[] | undefined;
let lastSortedJson = '';
function sortedJson(sorted: string[]): string {
  if (sorted !== lastSortedRef) {
    lastSortedRef = sorted;
    lastSortedJson = JSON.stringify(sorted);
  }
  return lastSortedJson;
}

/** two independent 32-bit hashes of a string (cyrb53's mixing): fast, not cryptographic */
export function hash64(str: string, seed = 0): [number, number] {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

/**
 * A set of seen keys kept as 64-bit hashes in an open-addressing table of typed arrays (16 bytes a
 * key at most), so remembering a million keys does not grow the heap by a hundred megabytes. The
 * chance of two of a million keys sharing a 64-bit hash is about 3 in 100 million.
 */
export class CompactKeySet {
  private hi = new Uint32Array(1024);
  private lo = new Uint32Array(1024);
  private n = 0;

  private static h(key: string): [number, number] {
    const r = hash64(key);
    if (r[0] === 0 && r[1] === 0) r[0] = 1; // (0, 0) marks an empty slot
    return r;
  }

  private slot(a: number, b: number): number {
    const mask = this.hi.length - 1;
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & mask;
    for (;;) {
      if (this.hi[i] === 0 && this.lo[i] === 0) return i;
      if (this.hi[i] === a && this.lo[i] === b) return i;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const oh = this.hi;
    const ol = this.lo;
    this.hi = new Uint32Array(oh.length * 2);
    this.lo = new Uint32Array(oh.length * 2);
    for (let i = 0; i < oh.length; i++) {
      if (oh[i] === 0 && ol[i] === 0) continue;
      const j = this.slot(oh[i]!, ol[i]!);
      this.hi[j] = oh[i]!;
      this.lo[j] = ol[i]!;
    }
  }

  /** adds the key; false when it was already there */
  add(key: string): boolean {
    if ((this.n + 1) * 2 > this.hi.length) this.grow();
    const [a, b] = CompactKeySet.h(key);
    const i = this.slot(a, b);
    if (this.hi[i] === a && this.lo[i] === b) return false;
    this.hi[i] = a;
    this.lo[i] = b;
    this.n++;
    return true;
  }

  has(key: string): boolean {
    const [a, b] = CompactKeySet.h(key);
    const i = this.slot(a, b);
    return this.hi[i] === a && this.lo[i] === b;
  }

  get size(): number {
    return this.n;
  }
}
