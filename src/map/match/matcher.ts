// The matcher: finds, for a service, the base catalog items (or earlier services) it may be.
// Names are normalised (src/map/match/normalize.ts), cut into character bigrams and looked up in an
// inverted index, so only items sharing rare bigrams are scored, never the whole catalog. The score
// is an IDF-weighted Dice similarity of the bigram sets, moved by evidence: task type, department,
// and qualifiers that make a different service out of the same stem.
import { synonymTable } from '../synonyms.js';
import { makeDepartmentNormalizer, makeNormalizer, type Normalizer } from './normalize.js';
import { compareQualifiers, qualifiersOf, stripQualifiers, type QualifierSet } from './qualifiers.js';

export interface MatchDoc {
  /** catalog code, or service id */
  id: string;
  name: string;
  taskType?: string; // a 2-digit task type code
  department?: string;
}

export interface ScoredCandidate {
  id: string;
  name: string;
  score: number;
  reason: string;
}

export interface MatcherOptions {
  synonyms?: Record<string, string>;
  /** how many index hits are scored in full (default 12) */
  shortlist?: number;
}

interface Entry {
  doc: MatchDoc;
  norm: string;
  grams: number[];
  weight: number; // Σ gram weights
  chars: string[];
  charW: Float64Array; // IDF weight of each character
  charSum: number;
  quals: QualifierSet;
  /** the name without bracketed remarks, normalised: where a trailing head word is looked for */
  bare: string[];
  dept?: string;
  deptGrams?: Set<string>;
}

export function bigrams(s: string): string[] {
  const chars = Array.from(s);
  if (chars.length <= 1) return chars.length ? [chars[0]!] : [];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return [...out];
}

/** Gram weights (IDF) learnt from the base catalog; shared by every index so scores compare. */
export class GramWeights {
  readonly ids = new Map<string, number>();
  private df: number[] = [];
  private n = 0;
  private maxW = 1;
  private w: number[] = [];
  private charDf = new Map<string, number>();

  learn(names: string[]): void {
    for (const s of names) {
      this.n++;
      for (const g of bigrams(s)) {
        const id = this.id(g);
        this.df[id] = (this.df[id] ?? 0) + 1;
      }
      for (const c of new Set(s)) this.charDf.set(c, (this.charDf.get(c) ?? 0) + 1);
    }
    this.maxW = Math.log(1 + this.n + 1);
    this.w = this.df.map((d) => Math.log(1 + this.n / Math.max(1, d)));
  }
  /** a character's weight: rare characters say more about which service it is */
  charWeight(c: string): number {
    const d = this.charDf.get(c) ?? 0;
    return d === 0 ? this.maxW : Math.log(1 + this.n / d);
  }
  id(g: string): number {
    let i = this.ids.get(g);
    if (i === undefined) {
      i = this.ids.size;
      this.ids.set(g, i);
      this.df[i] = 0;
    }
    return i;
  }
  weight(id: number): number {
    const d = this.df[id] ?? 0;
    if (d === 0) return this.maxW;
    return this.w[id] ?? Math.log(1 + this.n / d);
  }
  docFreq(id: number): number {
    return this.df[id] ?? 0;
  }
  get size(): number {
    return this.n;
  }
}

/** An inverted index of names by bigram; items can be added at any time. */
export class NameIndex {
  readonly entries: Entry[] = [];
  private postings = new Map<number, number[]>();
  private exact = new Map<string, number[]>();

  constructor(private m: Matcher) {}

  add(doc: MatchDoc): void {
    const e = this.m.entry(doc);
    const i = this.entries.push(e) - 1;
    for (const g of e.grams) {
      let p = this.postings.get(g);
      if (!p) this.postings.set(g, (p = []));
      p.push(i);
    }
    const x = this.exact.get(e.norm);
    if (x) x.push(i);
    else this.exact.set(e.norm, [i]);
  }

  get size(): number {
    return this.entries.length;
  }

  /** the best `limit` candidates for a query, best first */
  search(query: MatchDoc, limit = 3): ScoredCandidate[] {
    if (!this.entries.length) return [];
    const q = this.m.entry(query);
    const hits = new Map<number, number>();
    for (const i of this.exact.get(q.norm) ?? []) hits.set(i, Infinity);
    // rarer grams first; very common grams only when nothing rarer was shared
    const order = [...q.grams].sort((a, b) => this.m.weights.weight(b) - this.m.weights.weight(a));
    const common = Math.max(64, this.entries.length * 0.08);
    for (const g of order) {
      const p = this.postings.get(g);
      if (!p) continue;
      if (p.length > common && hits.size >= this.m.shortlist) continue;
      const w = this.m.weights.weight(g);
      for (const i of p) hits.set(i, (hits.get(i) ?? 0) + w);
    }
    if (!hits.size) return [];
    const short = [...hits.entries()].sort((a, b) => b[1] - a[1]).slice(0, this.m.shortlist);
    const scored = short.map(([i]) => this.m.score(q, this.entries[i]!));
    scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    // a best candidate far ahead of the next is more surely the one: its score gains part of the
    // lead (the ratio test of feature matching); a close second leaves it as it is
    const [top, next] = scored;
    if (top && top.score < 1) {
      const lead = Math.min(LEAD_CAP, top.score - (next?.score ?? 0));
      if (lead > 0) {
        const boosted = Math.min(1, top.score + LEAD_GAIN * lead);
        top.reason += `; ${Math.round(lead * 100) / 100} ahead of the next candidate`;
        top.score = Math.round(boosted * 1000) / 1000;
      }
    }
    return scored.slice(0, limit);
  }
}

// Generic verbs of applying say little about which service it is (生育津贴申领 = 生育津贴支付):
// their characters count for a quarter.
const LIGHT_WORDS = ['申请', '申领', '申报', '办理', '发放', '支付', '报销', '核发', '审批', '审核', '开具', '签发', '受理', '领取', '给付', '打印'];
const LIGHT_RE = new RegExp(LIGHT_WORDS.join('|'), 'g');
const LIGHT_WEIGHT = 0.25;

function lightMask(norm: string): Uint8Array {
  const chars = Array.from(norm);
  const mask = new Uint8Array(chars.length);
  // positions in code points: the names are BMP Chinese, so string index = code point index
  if (chars.length !== norm.length) return mask;
  for (const m of norm.matchAll(LIGHT_RE)) for (let k = 0; k < m[0].length; k++) mask[m.index! + k] = 1;
  return mask;
}

const BRACKETED = /[（(][^（()）]*[)）]/g;
const COVER_QUERY = 0.7;
const HEAD_PENALTY = 0.06;
const LEAD_GAIN = 0.6;
const LEAD_CAP = 0.3;

export class Matcher {
  readonly weights = new GramWeights();
  readonly normalize: Normalizer;
  readonly normalizeDept: Normalizer;
  readonly shortlist: number;

  constructor(opts: MatcherOptions = {}) {
    const table = synonymTable(opts.synonyms ?? {});
    this.normalize = makeNormalizer(table);
    this.normalizeDept = makeDepartmentNormalizer(table);
    this.shortlist = opts.shortlist ?? 12;
  }

  /** learns gram weights from the catalog and returns its index */
  catalogIndex(items: MatchDoc[]): NameIndex {
    this.weights.learn(items.map((d) => this.normalize(d.name)));
    const idx = new NameIndex(this);
    for (const d of items) idx.add(d);
    return idx;
  }

  newIndex(): NameIndex {
    return new NameIndex(this);
  }

  entry(doc: MatchDoc): Entry {
    const norm = this.normalize(doc.name) || doc.name;
    const grams = bigrams(norm).map((g) => this.weights.ids.get(g) ?? this.weights.id(g));
    let weight = 0;
    for (const g of grams) weight += this.weights.weight(g);
    const dept = doc.department ? this.normalizeDept(doc.department) : undefined;
    const chars = Array.from(norm);
    const charW = new Float64Array(chars.length);
    let charSum = 0;
    const light = lightMask(norm);
    chars.forEach((c, i) => {
      charW[i] = this.weights.charWeight(c) * (light[i] ? LIGHT_WEIGHT : 1);
      charSum += charW[i]!;
    });
    return { doc, norm, grams, weight, chars, charW, charSum, quals: qualifiersOf(norm), bare: Array.from(this.normalize(doc.name.replace(BRACKETED, '')) || norm), dept, deptGrams: dept ? new Set(bigrams(dept)) : undefined };
  }

  score(q: Entry, c: Entry): ScoredCandidate {
    const parts: string[] = [];
    let name: number;
    if (q.norm === c.norm) {
      name = 1;
      parts.push('same name after normalising');
    } else {
      // the weighted longest common subsequence: words dropped or inserted cost their weight, words
      // kept in order count fully. How much of the app's name it explains weighs more than how
      // much of the catalog name: county apps shorten names far more often than they pad them.
      const l = weightedLcs(q, c);
      const covQ = q.charSum ? l / q.charSum : 0;
      const covC = c.charSum ? l / c.charSum : 0;
      name = COVER_QUERY * covQ + (1 - COVER_QUERY) * covC;
      parts.push(`name ${name.toFixed(2)} (covers ${Math.round(covQ * 100)} % of it, ${Math.round(covC * 100)} % of the item)`);
    }
    let score = name;
    const qt = q.doc.taskType;
    const ct = c.doc.taskType;
    if (qt && ct) {
      if (qt === ct) {
        score += 0.03;
        parts.push('task type agrees');
      } else {
        score -= 0.06;
        parts.push(`task type differs (${qt}≠${ct})`);
      }
    }
    if (q.deptGrams && c.deptGrams && q.deptGrams.size && c.deptGrams.size) {
      let inter = 0;
      for (const g of q.deptGrams) if (c.deptGrams.has(g)) inter++;
      const d = (2 * inter) / (q.deptGrams.size + c.deptGrams.size);
      if (d >= 0.6 || q.dept === c.dept) {
        score += 0.03;
        parts.push('department agrees');
      } else if (d < 0.25) {
        score -= 0.04;
        parts.push(`department differs (${c.doc.department})`);
      }
    }
    if (name < 1) {
      // Chinese compounds are head-final: 职业介绍补贴 is a subsidy, not 职业介绍. Words the item
      // has after everything the app's name says make it another kind of thing.
      const tail = trailingExtra(q, c);
      if (tail) {
        score -= HEAD_PENALTY;
        parts.push(`item goes on after the name (…${tail})`);
      }
    }
    const qv = compareQualifiers(q.quals, c.quals);
    if (qv.penalty > 0) {
      score -= qv.penalty;
      parts.push(`qualifiers: ${qv.notes.join('; ')}`);
    }
    score = Math.max(0, Math.min(1, score));
    return { id: c.doc.id, name: c.doc.name, score: Math.round(score * 1000) / 1000, reason: parts.join('; ') };
  }
}

/** the item's words after the last character the app's name shares with it (light verbs aside) */
function trailingExtra(q: Entry, c: Entry): string {
  const have = new Set(q.chars);
  let j = c.bare.length;
  while (j > 0 && !have.has(c.bare[j - 1]!)) j--;
  if (j === 0) return '';
  const rest = stripQualifiers(c.bare.slice(j).join('').replace(LIGHT_RE, ''));
  return rest.length >= 2 ? rest : '';
}

/** the LCS of two names, each matched character counted at its weight */
function weightedLcs(a: Entry, b: Entry): number {
  const n = a.chars.length;
  const m = b.chars.length;
  if (!n || !m) return 0;
  let prev = new Float64Array(m + 1);
  let cur = new Float64Array(m + 1);
  for (let i = 1; i <= n; i++) {
    const ch = a.chars[i - 1];
    const w = a.charW[i - 1]!;
    for (let j = 1; j <= m; j++) {
      if (ch === b.chars[j - 1]) cur[j] = prev[j - 1]! + w;
      else cur[j] = prev[j]! > cur[j - 1]! ? prev[j]! : cur[j - 1]!;
    }
    [prev, cur] = [cur, prev];
  }
  return prev[m]!;
}

export type MatchVerdict =
  | { action: 'merge'; target: string; score: number; reason: string }
  | { action: 'review'; target?: string; score: number; reason: string }
  | { action: 'migrate'; score: number; reason: string };

export interface Thresholds {
  mergeThreshold: number;
  reviewThreshold: number;
  /** top two closer than this (both at or above review) → review */
  tieMargin?: number;
}

/** Turns ranked candidates into a verdict by the workspace's thresholds. */
export function verdict(cands: ScoredCandidate[], t: Thresholds): MatchVerdict {
  const top = cands[0];
  const margin = t.tieMargin ?? 0.03;
  if (!top || top.score < t.reviewThreshold) {
    return {
      action: 'migrate',
      score: top?.score ?? 0,
      reason: top ? `no close match: best ${top.name} at ${top.score.toFixed(2)} < ${t.reviewThreshold}` : 'no candidate shares a name part',
    };
  }
  const second = cands[1];
  if (second && second.score >= t.reviewThreshold && top.score - second.score < margin && top.id !== second.id) {
    return {
      action: 'review',
      target: top.id,
      score: top.score,
      reason: `near tie: ${top.name} ${top.score.toFixed(2)} vs ${second.name} ${second.score.toFixed(2)}`,
    };
  }
  if (top.score >= t.mergeThreshold) {
    return { action: 'merge', target: top.id, score: top.score, reason: `matches ${top.name} (${top.score.toFixed(2)}): ${top.reason}` };
  }
  return {
    action: 'review',
    target: top.id,
    score: top.score,
    reason: `possible match ${top.name} at ${top.score.toFixed(2)} (between ${t.reviewThreshold} and ${t.mergeThreshold})`,
  };
}
