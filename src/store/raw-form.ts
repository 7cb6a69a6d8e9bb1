// How a raw record's data is kept (migration 16): a flat record (a spreadsheet row) as the JSON
// array of its values in its keys' sorted order, with its keys once per shape (raw_shapes); any
// other record as its JSON object. Its time stamps (migration 17): epoch milliseconds, read as ISO
// text. Pure: the store rebuilds records with it, and so does map's
// worker from the text `Store.raw.pageRows` joins (the shape's keys, U+0001, the values), so a
// page crosses to the worker as one string per record, not as objects.

/** a stored shape: a flat record's keys in their own order, and where each one's value sits in the values (sorted by key) */
export interface RawShape {
  keys: string[];
  at: number[];
}

export function rawShape(keys: string[]): RawShape {
  const sorted = [...keys].sort();
  const pos = new Map(sorted.map((k, i) => [k, i] as const));
  return { keys, at: keys.map((k) => pos.get(k)!) };
}

/** a compact record's object: its keys in their own order, each with its value (stored in the keys' sorted order) */
export function rebuildRaw(values: unknown[], sh: RawShape): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < sh.keys.length; i++) o[sh.keys[i]!] = values[sh.at[i]!];
  return o;
}

/**
 * The separator between a compact record's keys and values in joined text. JSON text never holds
 * a raw U+0001 (JSON.stringify escapes control characters), so it cannot be part of either.
 */
export const SHAPE_SEPARATOR = '\u0001';

// a page's records share one shape: parse its keys once
let lastKeys = '';
let lastShape: RawShape = { keys: [], at: [] };

/** the data of a record as joined text gives it: `keys U+0001 values` for a compact one, else its JSON */
export function rawDataOf(text: string): unknown {
  const cut = text.indexOf(SHAPE_SEPARATOR);
  if (cut < 0) return JSON.parse(text);
  const keys = text.slice(0, cut);
  if (keys !== lastKeys) {
    lastShape = rawShape(JSON.parse(keys) as string[]);
    lastKeys = keys;
  }
  return rebuildRaw(JSON.parse(text.slice(cut + 1)) as unknown[], lastShape);
}

/**
 * A raw record's time stamps (migration 17): a row stored since keeps them as epoch milliseconds,
 * `seen_at` (first stored) and `changed_at` (its content last changed; NULL: not since), with
 * first_seen and last_seen ''; a row stored before keeps its ISO texts. Readers get ISO texts
 * either way: 42 bytes less a row, which the INSERT and the WAL checkpoint both pay for.
 */
export function seenOf(r: Record<string, unknown>): { firstSeen: string; lastSeen: string } {
  const seen = r.seen_at as number | null | undefined;
  const changed = (r.changed_at as number | null | undefined) ?? seen;
  return {
    firstSeen: (r.first_seen as string) || isoOf(seen),
    lastSeen: (r.last_seen as string) || isoOf(changed),
  };
}

// a page's rows share a few stamps: formatting one per row would cost more than reading it
let isoMs: number | undefined;
let isoText = '';
/** an epoch millisecond as Date's ISO text */
export function isoOf(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '';
  if (ms !== isoMs) {
    isoMs = ms;
    isoText = new Date(ms).toISOString();
  }
  return isoText;
}

/** last_seen as SQL gives it to pageRows: the ISO text Date would make of the milliseconds (isoOf), for rows of 0000-9999 */
export const LAST_SEEN = `CASE WHEN last_seen <> '' THEN last_seen ELSE strftime('%Y-%m-%dT%H:%M:%S', coalesce(changed_at, seen_at) / 1000, 'unixepoch') || printf('.%03dZ', coalesce(changed_at, seen_at) % 1000) END`;

/**
 * A content hash as raw_rows keeps it (migration 20): 40 lowercase hex digits (a SHA-1, what
 * extract makes) as their 20 bytes, any other text as it is, so every hash reads back exactly.
 * Bytes (extract's SHA-1, made as bytes) are stored as they are.
 */
export function hashParam(hash: string | Uint8Array): Uint8Array | string {
  if (typeof hash !== 'string') return hash;
  if (hash.length !== 40) return hash;
  for (let i = 0; i < 40; i++) {
    const c = hash.charCodeAt(i);
    // 0-9, a-f
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return hash;
  }
  return Buffer.from(hash, 'hex');
}

/** a stored hash as readers get it: 20 bytes as their lowercase hex, a text as it is (hashParam's inverse) */
export function hashText(stored: Uint8Array | string): string {
  return typeof stored === 'string' ? stored : Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength).toString('hex');
}

/** raw_rows.hash as readers get it, in SQL (hashText) */
export const HASH_HEX = `CASE WHEN typeof(hash) = 'blob' THEN lower(hex(hash)) ELSE hash END`;
