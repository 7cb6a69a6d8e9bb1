// The abbreviation table shipped with yimen: the short forms county apps use for service names and
// departments, each mapped to the full form the provincial catalog uses. `matching.synonyms` in
// yimen.yaml adds to (or overrides) it. Expansion happens on both sides before matching. The
// entries are data (match/dictionary.json), so a province can read and extend them without code.
import dictionary from './match/dictionary.json' with { type: 'json' };

/** The shipped dictionary (src/map/match/dictionary.json): abbreviations and colloquial wording. */
export const SHIPPED_SYNONYMS: Readonly<Record<string, string>> = Object.freeze({ ...dictionary.abbreviations, ...dictionary.colloquial });

/**
 * Entries a workspace adds (`matching.synonyms`, or a `matching.dictionary` file read by the
 * workspace layer): plain `{ written: catalogWording }`, or the shipped file's shape
 * `{ abbreviations: {...}, colloquial: {...} }`. Keys starting with `$` are comments.
 */
export function dictionaryEntries(extra: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (o: unknown) => {
    if (!o || typeof o !== 'object' || Array.isArray(o)) return;
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
      if (k.startsWith('$')) continue;
      if (typeof v === 'string') out[k.trim()] = v.trim();
      else add(v);
    }
  };
  add(extra);
  return out;
}

const PROBES = new WeakMap<Array<[string, string]>, RegExp>();

/** The effective table: shipped entries plus the workspace's, longest abbreviation first. */
export function synonymTable(extra: Record<string, string> | unknown = {}): Array<[string, string]> {
  const merged = { ...SHIPPED_SYNONYMS, ...dictionaryEntries(extra) };
  return Object.entries(merged)
    .filter(([a, f]) => a && f)
    .sort((x, y) => y[0].length - x[0].length || (x[0] < y[0] ? -1 : 1));
}

/**
 * Expands abbreviations. A full form that already contains its abbreviation (公积金 in 住房公积金)
 * is protected first, so it is not expanded twice; a longer abbreviation wins over a shorter one
 * (社保卡 before 社保).
 */
export function expandSynonyms(text: string, table: Array<[string, string]>): string {
  if (!text) return text;
  // most names hold no abbreviation at all: one test of the table's first characters first
  let probe = PROBES.get(table);
  if (!probe) PROBES.set(table, (probe = new RegExp(`[${[...new Set(table.flatMap(([a, f]) => [a[0], f[0]]))].join('').replace(/[\\\]^-]/g, '\\$&')}]`)));
  if (!probe.test(text)) return text;
  // placeholders in the Private Use Area cannot occur in real names
  const held: string[] = [];
  let s = text;
  for (const [abbr, full] of table) {
    if (!s.includes(abbr) && !s.includes(full)) continue;
    s = s.split(full).join(hold(full));
    if (s.includes(abbr)) s = s.split(abbr).join(hold(full));
  }
  return s.replace(/[\uE000-\uF8FF]/g, (c) => held[c.charCodeAt(0) - 0xe000] ?? '');

  function hold(full: string): string {
    let i = held.indexOf(full);
    if (i < 0) i = held.push(full) - 1;
    return String.fromCharCode(0xe000 + i);
  }
}
