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

/**
 * A table's entries by the first character of their abbreviation and of their full form: which
 * entries occur in a text is found by looking at its characters, not by testing every entry.
 */
const BY_FIRST = new WeakMap<Array<[string, string]>, Map<string, number[]>>();
function byFirst(table: Array<[string, string]>): Map<string, number[]> {
  let m = BY_FIRST.get(table);
  if (m) return m;
  m = new Map();
  table.forEach(([a, f], i) => {
    for (const c of new Set([a[0]!, f[0]!])) {
      const l = m!.get(c);
      if (l) l.push(i);
      else m!.set(c, [i]);
    }
  });
  BY_FIRST.set(table, m);
  return m;
}

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
  // the entries whose abbreviation or full form occurs in the text, in the table's order: only
  // those can apply, since a placeholder put in never makes a new occurrence of plain words
  const first = byFirst(table);
  let hits: number[] | undefined;
  let any = false;
  for (let k = 0; k < text.length; k++) {
    const l = first.get(text[k]!);
    if (!l) continue;
    any = true;
    for (const i of l) {
      const [a, f] = table[i]!;
      if ((text.startsWith(a, k) || text.startsWith(f, k)) && !hits?.includes(i)) (hits ??= []).push(i);
    }
  }
  // most names hold no abbreviation at all (placeholder-range characters are dropped, as always
  // once a name holds the first character of an entry)
  if (!hits) return any ? text.replace(/[\uE000-\uF8FF]/g, '') : text;
  hits.sort((x, y) => x - y);
  // placeholders in the Private Use Area cannot occur in real names
  const held: string[] = [];
  let s = text;
  for (const i of hits) {
    const [abbr, full] = table[i]!;
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
