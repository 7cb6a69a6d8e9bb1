// The catalog index's dump as bytes (what the store caches and a worker thread restores from).
// Most of a dump is numbers: every name's bigram ids and character weights. As JSON they were
// 6 MB for ten thousand names, and reading them back (the text out of SQLite, then JSON.parse)
// was most of what a small app's decide paid for a cached index. Here the numbers are typed
// arrays read in place, and the strings one UTF-8 run cut by their lengths: no parse.
//
// Layout: "YMI1", the header's length (u32), the header (JSON: counts and the few irregular
// fields), zero padding to 8 bytes, then the float64 section, the int32 section, the strings.
import { hasLoneSurrogate } from '../../text/index.js';

/** A catalog index's learnt state, by column: one row per distinct catalog name, in the items' order. */
export interface CatalogIndexDump {
  weights: {
    /** gram id → the bigram */
    grams: string[];
    /** gram id → how many catalog names have it */
    df: Int32Array;
    n: number;
    charDf: Array<[string, number]>;
  };
  names: string[];
  norms: string[];
  /** the name without its remarks, normalised: null when it is the norm (most names) */
  bares: Array<string | null>;
  /** name i's gram ids are grams[gramAt[i]] up to grams[gramAt[i + 1]] */
  gramAt: Int32Array;
  grams: Int32Array;
  weight: Float64Array;
  charSum: Float64Array;
  /** name i's character weights, as many as its norm has characters (code points), one name after another */
  charW: Float64Array;
  /** qualifiers by field, where a name has any: [name index, [[field, values]]] */
  quals: Array<[number, Array<[string, string[]]>]>;
  /** remarks, where a name has any: [name index, remarks] */
  remarks: Array<[number, string[]]>;
}

/** what one name derives, as a cached index is checked against it: [name, norm, grams, weight, charW, charSum, quals, bare, remarks] */
export type DerivedDump = [string, string, number[], number, number[], number, Array<[string, string[]]>, string, string[]];

/** how many code points Array.from(s) gives (a lone surrogate counts as one): a norm's character weights */
function codePoints(s: string): number {
  let n = 0;
  for (let k = 0; k < s.length; k++, n++) {
    const u = s.charCodeAt(k);
    if (u >= 0xd800 && u <= 0xdbff && k + 1 < s.length) {
      const v = s.charCodeAt(k + 1);
      if (v >= 0xdc00 && v <= 0xdfff) k++;
    }
  }
  return n;
}

/** where each name's character weights start in charW, and (last) where they end */
export function charStarts(d: CatalogIndexDump): Int32Array {
  const at = new Int32Array(d.norms.length + 1);
  for (let i = 0; i < d.norms.length; i++) at[i + 1] = at[i]! + codePoints(d.norms[i]!);
  return at;
}

/** Name i's row as a DerivedDump; `charAt`: where its character weights start in charW. */
export function dumpRow(d: CatalogIndexDump, i: number, charAt: number): DerivedDump {
  const norm = d.norms[i]!;
  const n = codePoints(norm);
  return [
    d.names[i]!,
    norm,
    Array.from(d.grams.subarray(d.gramAt[i]!, d.gramAt[i + 1]!)),
    d.weight[i]!,
    Array.from(d.charW.subarray(charAt, charAt + n)),
    d.charSum[i]!,
    d.quals.find(([at]) => at === i)?.[1] ?? [],
    d.bares[i] ?? norm,
    d.remarks.find(([at]) => at === i)?.[1] ?? [],
  ];
}

const MAGIC = 0x31494d59; // "YMI1" read as a little-endian u32

interface Header {
  names: number;
  grams: number;
  chars: number;
  weightGrams: number;
  n: number;
  charDf: Array<[string, number]>;
  quals: CatalogIndexDump['quals'];
  remarks: CatalogIndexDump['remarks'];
  /** UTF-16 lengths of the strings, in order: weight grams, names, norms, bares (-1: none) */
  lengths: number;
  textBytes: number;
  /** the strings themselves, when one would not survive UTF-8 (a lone surrogate): JSON escapes it */
  strings?: string[];
}

const pad8 = (n: number) => (n + 7) & ~7;

/** the dump as bytes */
export function encodeCatalogDump(d: CatalogIndexDump): Uint8Array {
  const strings: string[] = [...d.weights.grams, ...d.names, ...d.norms];
  const lengths: number[] = strings.map((s) => s.length);
  for (const b of d.bares) {
    lengths.push(b === null ? -1 : b.length);
    if (b !== null) strings.push(b);
  }
  const joined = strings.join('');
  // a lone surrogate would come back from UTF-8 as U+FFFD: such strings go in the header, whose JSON escapes it
  const inHeader = hasLoneSurrogate(joined);
  const text = inHeader ? Buffer.alloc(0) : Buffer.from(joined, 'utf8');
  const header: Header = {
    names: d.names.length,
    grams: d.grams.length,
    chars: d.charW.length,
    weightGrams: d.weights.grams.length,
    n: d.weights.n,
    charDf: d.weights.charDf,
    quals: d.quals,
    remarks: d.remarks,
    lengths: lengths.length,
    textBytes: text.length,
    ...(inHeader ? { strings } : {}),
  };
  const head = Buffer.from(JSON.stringify(header), 'utf8');
  const f64 = [d.weight, d.charSum, d.charW];
  const i32 = [d.gramAt, d.grams, d.weights.df, Int32Array.from(lengths)];
  const start = pad8(8 + head.length);
  const size = start + f64.reduce((s, a) => s + a.byteLength, 0) + i32.reduce((s, a) => s + a.byteLength, 0) + text.length;
  const out = Buffer.alloc(size);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(head.length, 4);
  head.copy(out, 8);
  let at = start;
  for (const a of [...f64, ...i32]) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  }
  text.copy(out, at);
  return out;
}

/** the dump in `bytes`, or undefined when they are not one (another format, cut short, damaged) */
export function decodeCatalogDump(bytes: Uint8Array): CatalogIndexDump | undefined {
  try {
    if (bytes.byteLength < 8) return undefined;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0, true) !== MAGIC) return undefined;
    const headLen = view.getUint32(4, true);
    const h = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 8, headLen).toString('utf8')) as Header;
    // typed arrays are read in place, which needs the sections aligned: copied once if not
    const own = bytes.byteOffset % 8 === 0 ? bytes : new Uint8Array(bytes);
    const buf = own.buffer;
    let at = own.byteOffset + pad8(8 + headLen);
    const end = own.byteOffset + own.byteLength;
    const f64 = (n: number) => {
      if (at + n * 8 > end) throw new RangeError('cut short');
      const a = new Float64Array(buf, at, n);
      at += n * 8;
      return a;
    };
    const i32 = (n: number) => {
      if (at + n * 4 > end) throw new RangeError('cut short');
      const a = new Int32Array(buf, at, n);
      at += n * 4;
      return a;
    };
    const weight = f64(h.names);
    const charSum = f64(h.names);
    const charW = f64(h.chars);
    const gramAt = i32(h.names + 1);
    const grams = i32(h.grams);
    const df = i32(h.weightGrams);
    const lengths = i32(h.lengths);
    if (at + h.textBytes !== end) return undefined;
    const text = h.strings ? h.strings.join('') : Buffer.from(buf, at, h.textBytes).toString('utf8');
    const strings: string[] = [];
    let from = 0;
    for (let i = 0; i < lengths.length - h.names; i++) {
      strings.push(text.slice(from, from + lengths[i]!));
      from += lengths[i]!;
    }
    const bares: Array<string | null> = [];
    for (let i = lengths.length - h.names; i < lengths.length; i++) {
      const n = lengths[i]!;
      bares.push(n < 0 ? null : text.slice(from, (from += n)));
    }
    if (from !== text.length || gramAt[h.names] !== h.grams) return undefined;
    const w = h.weightGrams;
    return {
      weights: { grams: strings.slice(0, w), df, n: h.n, charDf: h.charDf },
      names: strings.slice(w, w + h.names),
      norms: strings.slice(w + h.names, w + 2 * h.names),
      bares,
      gramAt,
      grams,
      weight,
      charSum,
      charW,
      quals: h.quals,
      remarks: h.remarks,
    };
  } catch {
    return undefined;
  }
}
