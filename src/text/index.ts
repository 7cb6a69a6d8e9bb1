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
