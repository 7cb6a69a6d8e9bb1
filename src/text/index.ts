// Chinese text normalisation shared by every layer: full-width → half-width, whitespace clean-up,
// and the text of a value. Government exports mix full-width digits, letters and spaces (ＡＢＣ１２３,
// U+3000) into codes and names; matching, parsing and adapters need one form, written once.

const IDEOGRAPHIC_SPACE = 0x3000;

/**
 * Full-width ASCII (U+FF01–U+FF5E) → ASCII, ideographic space → space; other characters unchanged.
 * `lower: true` also lower-cases (the matcher compares names case-blind).
 */
export function toHalfWidth(s: string, opts: { lower?: boolean } = {}): string {
  let out = '';
  let changed = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) {
      out += String.fromCharCode(c - 0xfee0);
      changed = true;
    } else if (c === IDEOGRAPHIC_SPACE) {
      out += ' ';
      changed = true;
    } else out += s[i];
  }
  const half = changed ? out : s;
  return opts.lower ? half.toLowerCase() : half;
}

/** Trim, turn every run of whitespace (including NBSP, ideographic space, newlines) into one space. */
export function collapseSpace(s: string): string {
  return s.replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, ' ').trim();
}

/**
 * Text as a person typed it, cleaned; keeps full-width punctuation, which is correct in Chinese.
 * `inner: 'collapse'` (default): zero-width characters removed, every whitespace run one space.
 * `inner: 'keep'`: only the ends are trimmed (and a BOM dropped), so a spreadsheet cell keeps its
 * line breaks; returns the same string when there is nothing to do (the hot path of a read).
 */
export function cleanText(s: string, opts: { inner?: 'collapse' | 'keep' } = {}): string {
  if (opts.inner !== 'keep') return collapseSpace(s);
  const n = s.length;
  if (n === 0) return s;
  const a = s.charCodeAt(0);
  const z = s.charCodeAt(n - 1);
  if (a > 32 && a !== 0xfeff && a !== 0x3000 && a !== 0xa0 && z > 32 && z !== 0x3000 && z !== 0xa0) return s;
  return s.replace(/^\uFEFF/, '').trim();
}

/** Half-width, whitespace collapsed: the form for parsing numbers, codes and phone numbers. */
export function normalizeWidth(s: string): string {
  return collapseSpace(toHalfWidth(s));
}

/**
 * The text of a value.
 * - `'cell'` (default, the normalisers' reading of a source cell): whitespace runs collapsed, a Date
 *   as ISO; undefined when there is none (null, an object, '', whitespace, a lone dash or slash).
 * - `'raw'` (keys and labels in adapters): strings trimmed, numbers and booleans as written; '' for
 *   null, objects and arrays. Nothing else changes: a key "-" is a key.
 */
export function textOf(v: unknown, mode?: 'cell'): string | undefined;
export function textOf(v: unknown, mode: 'raw'): string;
export function textOf(v: unknown, mode: 'cell' | 'raw' = 'cell'): string | undefined {
  if (mode === 'raw') {
    if (v == null) return '';
    if (typeof v === 'string') return v.trim();
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
    return '';
  }
  if (v === null || v === undefined) return undefined;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString();
  if (typeof v === 'object') return undefined;
  const s = String(v).replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, ' ').trim();
  if (!s || /^[-—–/／\\]+$/.test(s)) return undefined;
  return s;
}

// Hostile characters in source text. Zero-width characters hide inside names and codes (two
// services that look alike do not match), lone surrogates make invalid UTF-8 downstream, control
// and bidi characters can rewrite a terminal or reorder what a reviewer sees. They are taken out
// once, at extract, and each change is reported with where it was (the caller's locator).

const ZERO_WIDTH = /[\u200B\u2060\uFEFF\u180E]/g;
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
/** C0 controls but tab, LF and CR; DEL; C1 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** a string UTF-8 cannot carry as it is (it would come back with U+FFFD in place of a lone surrogate) */
export const hasLoneSurrogate = (s: string): boolean => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
/** one cheap test first: almost every string has none of them */
const HOSTILE = /[\u200B\u2060\uFEFF\u180E\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF]/;
/** the same but surrogates: a string HOSTILE finds only for a character beyond U+FFFF (𠮷, 😀) is clean */
const HOSTILE_BUT_SURROGATES = /[\u200B\u2060\uFEFF\u180E\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** whether sanitizeText would change the string */
const hostile = (s: string): boolean => HOSTILE.test(s) && (HOSTILE_BUT_SURROGATES.test(s) || hasLoneSurrogate(s));

/** a string with hostile characters taken out (lone surrogates become U+FFFD), and what was done */
export function sanitizeText(s: string): { text: string; changes: string[] } {
  if (!HOSTILE.test(s)) return { text: s, changes: [] };
  const changes: string[] = [];
  let t = s;
  const step = (re: RegExp, by: string, what: string) => {
    const n = t.match(re)?.length ?? 0;
    if (!n) return;
    t = t.replace(re, by);
    changes.push(`${n} ${what}`);
  };
  step(LONE_SURROGATE, '\uFFFD', 'lone surrogate(s) replaced by U+FFFD');
  step(ZERO_WIDTH, '', 'zero-width character(s) removed');
  step(BIDI, '', 'bidi control(s) removed');
  step(CONTROL, '', 'control character(s) removed');
  return { text: t, changes };
}

export interface TextChange {
  /** the field path in the record: name, rows[2].url */
  field: string;
  what: string[];
}

/** the keys of the last records found clean, by place (sanitizeRecord's hot path tests a key once) */
const cleanKeys: string[] = [];

/** deeper than this a record is not walked (adapters refuse deeper ones) */
const MAX_WALK_DEPTH = 64;

/**
 * Every string in a record (values and keys, nested) through sanitizeText. Returns the record
 * itself when nothing changed (the hot path of an extract), else a cleaned copy and the changes.
 */
export function sanitizeRecord<T>(data: T): { data: T; changes: TextChange[] } {
  // the hot path: a flat record (a spreadsheet row) with nothing hostile, tested without building
  // a field path or a result per string
  if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
    let clean = true;
    let i = 0;
    for (const k in data) {
      const v = (data as Record<string, unknown>)[k];
      // a file's rows share their keys: a key the last clean record had in this place was tested then
      if ((k !== cleanKeys[i] && hostile(k)) || (typeof v === 'string' ? hostile(v) : v !== null && typeof v === 'object')) {
        clean = false;
        break;
      }
      cleanKeys[i++] = k;
    }
    if (clean) return { data, changes: [] };
  }
  const changes: TextChange[] = [];
  const walk = (v: unknown, path: string, depth: number): unknown => {
    if (typeof v === 'string') {
      const r = sanitizeText(v);
      if (r.changes.length) changes.push({ field: path || '(value)', what: r.changes });
      return r.changes.length ? r.text : v;
    }
    if (v === null || typeof v !== 'object' || depth > MAX_WALK_DEPTH) return v;
    if (Array.isArray(v)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const c = walk(v[i], `${path}[${i}]`, depth + 1);
        if (c !== v[i]) (out ??= v.slice())[i] = c;
      }
      return out ?? v;
    }
    let out: Record<string, unknown> | undefined;
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      const kk = sanitizeText(k);
      const at = path ? `${path}.${kk.text}` : kk.text;
      if (kk.changes.length) changes.push({ field: `${at} (its name)`, what: kk.changes });
      const c = walk(o[k], at, depth + 1);
      if (c !== o[k] || kk.changes.length) {
        out ??= { ...o };
        if (kk.changes.length) delete out[k];
        Object.defineProperty(out, kk.text, { value: c, enumerable: true, writable: true, configurable: true });
      }
    }
    return out ?? v;
  };
  const cleaned = walk(data, '', 0) as T;
  return { data: cleaned, changes };
}

/** the changes as one line for a warning: "name: 1 zero-width character(s) removed; url: …" */
export function describeTextChanges(changes: TextChange[], max = 5): string {
  const shown = changes.slice(0, max).map((c) => `${c.field}: ${c.what.join(', ')}`);
  return `text changed by the normaliser: ${shown.join('; ')}${changes.length > max ? `; and ${changes.length - max} more field(s)` : ''}`;
}
