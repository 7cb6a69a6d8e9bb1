// Content hashes for idempotent storage: the same data always gives the same hash, whatever the
// order of its keys, so a re-read of an unchanged source writes nothing.
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level; undefined members dropped as JSON.stringify does. */
export function stableJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  const withToJson = v as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return stableJson(withToJson.toJSON());
  if (Array.isArray(v)) return '[' + v.map((x) => (x === undefined || typeof x === 'function' ? 'null' : stableJson(x))).join(',') + ']';
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort();
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

export function sha1(s: string): string {
  return createHash('sha1').update(s).digest('hex');
}

export function contentHash(data: unknown): string {
  return sha1(stableJson(data));
}

/**
 * A set of seen keys kept as 64-bit hashes in an open-addressing table of typed arrays (16 bytes a
 * key at most), so remembering a million keys does not grow the heap by a hundred megabytes. The
 * chance of two of a million keys sharing a hash is about 3 in 100 million.
 */
export class CompactKeySet {
  private hi = new Uint32Array(1024);
  private lo = new Uint32Array(1024);
  private n = 0;

  private static h(key: string): [number, number] {
    const d = createHash('sha1').update(key).digest();
    let a = d.readUInt32LE(0);
    const b = d.readUInt32LE(4);
    if (a === 0 && b === 0) a = 1; // (0, 0) marks an empty slot
    return [a, b];
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
