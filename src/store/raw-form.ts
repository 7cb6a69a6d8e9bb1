// How a raw record's data is kept (migration 16): a flat record (a spreadsheet row) as the JSON
// array of its values in its keys' sorted order, with its keys once per shape (raw_shapes); any
// other record as its JSON object. Pure: the store rebuilds records with it, and so does map's
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
