// The matcher: finds, for a service, the base catalog items (or earlier services) it may be.
// Names are normalised (src/map/match/normalize.ts), cut into character bigrams and looked up in an
// inverted index, so only items sharing rare bigrams are scored, never the whole catalog. The score
// is a weighted longest common subsequence of the two names (rare characters weigh more, generic
// verbs less), moved by evidence: task type, department, qualifiers that make a different service
// out of the same stem, the head word, and the lead of the best candidate over the next.
import { synonymTable } from '../synonyms.js';
import { makeDepartmentNormalizer, makeNormalizer, matchName, type Normalizer } from './normalize.js';
import { charStarts, type CatalogIndexDump, type DerivedDump } from './index-dump.js';
import { compareQualifiers, NO_QUALIFIERS, qualifiersOf, stripQualifiers, type QualifierSet } from './qualifiers.js';

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
  /** the same name after normalising */
  exact?: boolean;
  /** evidence says it is another service (conflicting qualifiers or remarks) */
  conflict?: boolean;
}

export interface IndexOptions {
  /**
   * what a clearly different department costs (default 0.04: a catalog item's department is the
   * county bureau, an app's often the office that serves; between two apps' services, a different
   * agency means another service, e.g. another hospital's booking)
   */
  agencyDiffers?: number;
}

export interface MatcherOptions {
  synonyms?: Record<string, string>;
  /** how many index hits are scored in full (default 12) */
  shortlist?: number;
  /**
   * skip a shortlisted item whose score cannot reach the answer (default true; false scores every
   * one in full: the same answer, slower, for tests)
   */
  prune?: boolean;
}

interface Entry {
  doc: MatchDoc;
  norm: string;
  grams: number[];
  weight: number; // Σ gram weights
  /** the normalised name's code points: compared as numbers, not one-character strings */
  codes: Int32Array;
  /** its characters as a set, made when first asked (trailingExtra) */
  charSet?: Set<string>;
  charW: Float64Array; // IDF weight of each character
  charSum: number;
  quals: QualifierSet;
  /** the name without bracketed remarks, normalised: where a trailing head word is looked for */
  bare: string[];
  /** bracketed remarks, normalised (empty ones dropped): （溧阳市人民医院）, （第二类） */
  remarks: readonly string[];
  dept?: string;
  deptGrams?: Set<string>;
  /** trailingExtra's answers by position (memo) */
  tails?: Map<number, string>;
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
  // a bigram's id by its two code points: a query's grams are looked up without making a string each
  private pairs = new Map<number, number>();
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
  /**
   * The ids of a name's distinct grams in order of first occurrence (as bigrams() lists them), from
   * its characters (code points); a gram not seen before gets an id, as id() gives it
   */
  gramIds(chars: readonly string[]): number[] {
    if (chars.length <= 1) return chars.length ? [this.ids.get(chars[0]!) ?? this.id(chars[0]!)] : [];
    const out: number[] = [];
    let a = chars[0]!.codePointAt(0)!;
    for (let i = 1; i < chars.length; i++) {
      const b = chars[i]!.codePointAt(0)!;
      const key = a * 0x110000 + b;
      let id = this.pairs.get(key);
      if (id === undefined) {
        const g = chars[i - 1]! + chars[i]!;
        id = this.ids.get(g) ?? this.id(g);
        this.pairs.set(key, id);
      }
      if (!out.includes(id)) out.push(id);
      a = b;
    }
    return out;
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
  /** what learn() left, for the store's cached catalog index (decide/index-cache.ts) */
  dump(): CatalogIndexDump['weights'] {
    return { grams: [...this.ids.keys()], df: Int32Array.from(this.df), n: this.n, charDf: [...this.charDf] };
  }
  /** puts back what dump() returned: every weight then comes out as learn() made it */
  load(d: CatalogIndexDump['weights']): void {
    this.ids.clear();
    this.pairs.clear();
    d.grams.forEach((g, i) => this.ids.set(g, i));
    this.df = Array.from(d.df);
    this.n = d.n;
    this.charDf = new Map(d.charDf);
    this.maxW = Math.log(1 + this.n + 1);
    this.w = this.df.map((x) => Math.log(1 + this.n / Math.max(1, x)));
  }
}

/**
 * Answers kept outside an index (decide keeps the catalog's in the store: decide/answers.ts), by
 * the memo's key: `get` gives an answer a search of this very index gave, `add` is told each new one.
 */
export interface AnswerStore {
  get(key: string): ScoredCandidate[] | undefined;
  add(key: string, answer: ScoredCandidate[]): void;
}

/** An inverted index of names by bigram; items can be added at any time. */
export class NameIndex {
  // an index restored from a dump makes an item's entry when a search first scores it: most items
  // are never shortlisted by a small app's queries (undefined until then; `docs` holds the item)
  private readonly entries: Array<Entry | undefined> = [];
  private readonly docs: MatchDoc[] = [];
  // by gram id (ids are dense: GramWeights numbers grams as it meets them): an array read, not a hash
  private postings: Array<number[] | undefined> = [];
  private exact = new Map<string, number[]>();
  // accumulators reused across searches: no allocation per query
  private acc = new Float64Array(1024);
  private touched = new Int32Array(1024);
  // the query's posting lists, rarest first, and their grams' weights (reused by every search)
  private lists: number[][] = [];
  private listW: number[] = [];
  // the shortlist's bounds, shared weights and order of scoring (searchEntry), reused
  private bounds: number[] = [];
  private shared: number[] = [];
  private order: number[] = [];

  constructor(
    private m: Matcher,
    private opts: IndexOptions = {},
  ) {}

  add(doc: MatchDoc): void {
    const e = this.m.entry(doc);
    this.entries.push(e);
    this.put(doc, e.grams, e.norm);
  }

  /** adds an item whose name's grams and norm are known (a dump's row); its entry is made when needed */
  addKnown(doc: MatchDoc, grams: ArrayLike<number>, norm: string): void {
    this.entries.push(undefined);
    this.put(doc, grams, norm);
  }

  private put(doc: MatchDoc, grams: ArrayLike<number>, norm: string): void {
    // answers kept outside are those of the index as it was: an index that grows has none
    this.answers = undefined;
    const i = this.docs.push(doc) - 1;
    for (let k = 0; k < grams.length; k++) {
      const g = grams[k]!;
      const p = this.postings[g];
      if (p) p.push(i);
      else this.postings[g] = [i];
    }
    const x = this.exact.get(norm);
    if (x) x.push(i);
    else this.exact.set(norm, [i]);
    if (this.memo.size) this.grown = true;
    if (i >= this.acc.length) {
      const acc = new Float64Array(this.acc.length * 2);
      acc.set(this.acc);
      this.acc = acc;
      this.touched = new Int32Array(this.acc.length);
    }
  }

  private entryAt(i: number): Entry {
    return (this.entries[i] ??= this.m.entry(this.docs[i]!));
  }

  get size(): number {
    return this.entries.length;
  }

  /** the best `limit` candidates for a query, best first */
  search(query: MatchDoc, limit = 3): ScoredCandidate[] {
    if (!this.entries.length) return [];
    return this.searchEntry(this.m.entry(query), limit);
  }

  // the same name, department and task type always get the same answer from the same index: many
  // apps list the same services, so answers are kept. The duplicate index grows with every
  // migrating service: an answer kept is checked, when asked for again, against the items added
  // since it was made (holds()), and searched again only when one of them may change it
  private memo = new Map<string, Memo>();
  // an item was added after a search: answers are checked (and answers kept outside are stale).
  // Queries' derivations are kept only briefly (Matcher.entry's `keep`): a check reads the grams its
  // answer keeps, and a query searched again is derived again (~100,000 names of ~1 KB each, held
  // for a whole run, would weigh more than the searches they save)
  private grown = false;

  private answers?: AnswerStore;
  /** answers of this index kept outside it (another run's, another thread's), until an item is added */
  keepAnswersIn(answers: AnswerStore): void {
    // answers kept outside are those of the index as it was built
    if (!this.grown) this.answers = answers;
  }

  /** search, remembering answers while no item added since may change them */
  searchMemo(query: MatchDoc, limit = 3): ScoredCandidate[] {
    const key = `${query.name}\u0001${query.department ?? ''}\u0001${query.taskType ?? ''}\u0001${limit}`;
    const m = this.memo.get(key);
    if (m && (m.at === this.docs.length || this.holds(m, query))) return m.r; // callers read candidates, never change them
    if (!this.entries.length) return [];
    if (this.grown) {
      // the oldest answers go first (a growing index's answers are asked again soon or seldom), a
      // quarter at once: deleted one by one from the front, each walks the holes the last ones left
      if (!m && this.memo.size >= GROWN_MEMO) {
        let n = GROWN_MEMO / 4;
        for (const k of this.memo.keys()) {
          this.memo.delete(k);
          if (--n === 0) break;
        }
      }
    } else if (this.memo.size > 100_000) this.memo.clear();
    const kept = m ? undefined : this.answers?.get(key);
    if (kept) {
      // made by another index as this one is: how close its shortlist's last item was is not known
      this.memo.set(key, { r: kept, at: this.docs.length, floor: -Infinity, room: 0, slack: -1, last: undefined, grams: undefined, norm: '' });
      return kept;
    }
    const q = this.m.entry(query, false);
    const r = this.searchEntry(q, limit);
    if (!m) this.answers?.add(key, r);
    const { floor, room, slack, last } = this.shape;
    // an index that has not grown since its first search (the catalog's) never checks an answer:
    // it keeps no grams (the derivation is not kept either), and should it grow, searches again
    this.memo.set(key, this.grown ? { r, at: this.docs.length, floor, room, slack, last, grams: q.grams, norm: q.norm } : { r, at: this.docs.length, floor, room, slack, last: undefined, grams: undefined, norm: '' });
    return r;
  }

  /**
   * Whether a search now gives the answer kept in m, made when the index held m.at items (then m.at
   * moves to now). It does when the lists the query reads come in the same order with the same
   * budget cut (so every earlier item gets the same evidence, in the same order of additions, and is
   * touched in the same order) and no item added since has the same name or evidence reaching the
   * shortlist's last: the shortlist is the same, and scoring reads nothing else. Reads only the tails
   * of the query's posting lists (items are added in order, so a list's new items are its last).
   */
  private holds(m: Memo, query: MatchDoc): boolean {
    const from = m.at;
    // an answer from outside, or one made before the index first grew: no grams kept to check by
    if (!m.grams) return false;
    // (a new item with the very name has every gram of it: the checks below find it too; this is quicker)
    const same = this.exact.get(m.norm);
    if (same && same[same.length - 1]! >= from) return false;
    const grams = m.grams;
    const n = grams.length;
    if (n > 64) return false;
    // the lists as the search reads them, rarest first (stable), as they were at `from` and are now
    const lenWas = HOLD_LEN_WAS;
    const lenNow = HOLD_LEN_NOW;
    const tail = HOLD_TAIL;
    const was = HOLD_WAS;
    const now = HOLD_NOW;
    let nw = 0;
    let nn = 0;
    let added = 0;
    for (let k = 0; k < n; k++) {
      const p = this.postings[grams[k]!];
      const len = p ? p.length : 0;
      let t = 0;
      while (t < len && p![len - 1 - t]! >= from) t++;
      tail[k] = t;
      added += t;
      lenNow[k] = len;
      lenWas[k] = len - t;
      if (len - t > 0) nw = insertByLength(was, nw, k, lenWas);
      if (len > 0) nn = insertByLength(now, nn, k, lenNow);
    }
    if (added === 0) {
      m.at = this.docs.length;
      return true;
    }
    if (nw !== nn) return false;
    let readWas = 0;
    let readNow = 0;
    let cut = nn;
    for (let j = 0; j < nn; j++) {
      const k = now[j]!;
      if (was[j] !== k) return false;
      const stopWas = j >= MIN_LISTS && readWas + lenWas[k]! > POSTING_BUDGET;
      const stopNow = j >= MIN_LISTS && readNow + lenNow[k]! > POSTING_BUDGET;
      if (stopWas !== stopNow) return false;
      if (stopNow) {
        cut = j;
        break;
      }
      readWas += lenWas[k]!;
      readNow += lenNow[k]!;
    }
    // the new items' evidence, added as the search adds it: those reaching the shortlist's last
    // item enter it (an equal one may: counted as entering), each pushing out its last item
    const { acc } = this;
    const seen = HOLD_SEEN;
    let ns = 0;
    let overflow = false;
    for (let j = 0; j < cut; j++) {
      const k = now[j]!;
      const p = this.postings[grams[k]!]!;
      const w = this.m.weights.weight(grams[k]!);
      for (let x = p.length - tail[k]!; x < p.length; x++) {
        const i = p[x]!;
        if (!HOLD_MARK[i - from]) {
          if (ns === seen.length || i - from >= HOLD_MARK.length) overflow = true;
          else {
            HOLD_MARK[i - from] = 1;
            seen[ns++] = i;
          }
        }
        acc[i] += w;
      }
    }
    let entering = 0;
    for (let x = 0; x < ns; x++) {
      const i = seen[x]!;
      if (acc[i]! >= m.floor) seen[entering++] = i;
      acc[i] = 0;
      HOLD_MARK[i - from] = 0;
    }
    if (overflow) {
      acc.fill(0, from, this.docs.length);
      HOLD_MARK.fill(0);
      return false;
    }
    if (entering) {
      // the answer's items must all stay in the shortlist, and no item entering may rank among them
      if (entering - m.room > m.slack || !m.last) return false;
      const q = this.m.entry(query, false);
      for (let x = 0; x < entering; x++) {
        const c = this.entryAt(seen[x]!);
        if (rankBefore(this.m.score(q, c, false, this.opts), m.last)) return false;
      }
      // the answer holds, the shortlist changed: what is left of its room and slack (the floor can
      // only have risen: the old one counts more items as entering, never fewer)
      m.slack -= Math.max(0, entering - m.room);
      m.room = Math.max(0, m.room - entering);
    }
    m.at = this.docs.length;
    return true;
  }

  /** the last search's shortlist, as holds() reads it (Memo's fields) */
  private shape: Pick<Memo, 'floor' | 'room' | 'slack' | 'last'> = { floor: -Infinity, room: 0, slack: 0, last: undefined };

  /**
   * Whether an item added since the index held `from` items may change the answer to this query:
   * one sharing a gram with it. False: a search when it held `from` items gives the answer a
   * search now gives (the decide worker's duplicate answers are checked so).
   */
  changedSince(query: MatchDoc, from: number): boolean {
    if (from >= this.entries.length) return false;
    const grams = this.m.entry(query, false).grams;
    // a query without grams finds only the very same name: any item may be one
    if (!grams.length) return true;
    for (let k = from; k < this.entries.length; k++) {
      for (const g of this.entryAt(k).grams) if (grams.includes(g)) return true;
    }
    return false;
  }

  searchEntry(q: Entry, limit = 3): ScoredCandidate[] {
    // no hit: every item that will share a gram enters the shortlist and the answer
    const shape = this.shape;
    shape.floor = -Infinity;
    shape.room = this.m.shortlist;
    shape.slack = 0;
    shape.last = undefined;
    if (!this.entries.length) return [];
    const { acc, touched } = this;
    let nt = 0;
    const exact = this.exact.get(q.norm);
    if (exact) {
      for (const i of exact) {
        if (acc[i] === 0) touched[nt++] = i;
        acc[i] += 1e9;
      }
    }
    // rarest grams first, within a budget of postings read: the common grams (许可, 登记, 申请)
    // add little evidence and most of the work. A stable insertion sort by length into arrays
    // kept between searches (a query has a handful of grams): no tuple per gram
    const lists = this.lists;
    const ws = this.listW;
    let nl = 0;
    for (const g of q.grams) {
      const p = this.postings[g];
      if (!p) continue;
      const w = this.m.weights.weight(g);
      let k = nl++;
      while (k > 0 && lists[k - 1]!.length > p.length) {
        lists[k] = lists[k - 1]!;
        ws[k] = ws[k - 1]!;
        k--;
      }
      lists[k] = p;
      ws[k] = w;
    }
    let read = 0;
    for (let k = 0; k < nl; k++) {
      const p = lists[k]!;
      const w = ws[k]!;
      if (k >= MIN_LISTS && read + p.length > POSTING_BUDGET) break;
      read += p.length;
      for (let j = 0; j < p.length; j++) {
        const i = p[j]!;
        if (acc[i] === 0) touched[nt++] = i;
        acc[i] += w;
      }
    }
    lists.length = 0;
    if (!nt) return [];
    // the shortlist: the best accumulated hits (a partial selection, not a full sort)
    const n = Math.min(this.m.shortlist, nt);
    const best: number[] = [];
    for (let k = 0; k < nt; k++) {
      const i = touched[k]!;
      const v = acc[i]!;
      if (best.length < n) {
        best.push(i);
        if (best.length === n) {
          // a stable insertion sort, most evidence first (as a stable sort gives, with no copy made)
          for (let k = 1; k < n; k++) {
            const x = best[k]!;
            let j = k;
            while (j > 0 && acc[best[j - 1]!]! < acc[x]!) best[j] = best[--j]!;
            best[j] = x;
          }
        }
      } else if (v > acc[best[n - 1]!]!) {
        let pos = n - 1;
        while (pos > 0 && acc[best[pos - 1]!]! < v) pos--;
        best.splice(pos, 0, i);
        best.pop();
      }
    }
    // what an item added later must reach to enter this shortlist (holds())
    shape.floor = best.length === this.m.shortlist ? acc[best[best.length - 1]!]! : -Infinity;
    shape.room = this.m.shortlist - best.length;
    for (let k = 0; k < nt; k++) acc[touched[k]!] = 0;
    // Only the best `keep` of the shortlist are read below, so once that many are scored, an item
    // whose score cannot reach the last of them (its likeness bounded by the weight of the
    // characters it shares, plus its task type's term and the most its department can add) is not
    // scored in full: the same answer, without most of the LCS work
    const keep = Math.max(limit, 2);
    // the most the department can add (agreeing, or differing where differing adds: agencyDiffers < 0)
    const deptMost = Math.max(DEPT_AGREES, -(this.opts.agencyDiffers ?? AGENCY_DIFFERS));
    // each item's bound first, then the items scored in the order of their bounds, highest first:
    // the best `keep` are then usually among the first scored, and once an item's bound falls
    // short of the last of them, every later item's does too. Which items are scored changes, not
    // the answer: a pruned item cannot reach the best `keep`, and ranked is ordered as a stable
    // sort of the shortlist would order it (by rank, then place in the shortlist)
    const { bounds, shared: shareds, order } = this;
    const nb = best.length;
    for (let k = 0; k < nb; k++) {
      const c = this.entryAt(best[k]!);
      const shared = q.norm === c.norm ? -1 : sharedWeight(q, c);
      shareds[k] = shared;
      let most = Infinity;
      if (shared >= 0) {
        const name = (COVER_QUERY * (q.charSum ? shared / q.charSum : 0) + (1 - COVER_QUERY) * (c.charSum ? shared / c.charSum : 0)) * (1 + 1e-9) + 1e-12;
        most = Math.round(Math.max(0, Math.min(1, name + taskTerm(q, c) + deptMost)) * 1000) / 1000;
      }
      bounds[k] = most;
      // a stable insertion sort of places by bound, highest first
      let p = k;
      while (p > 0 && bounds[order[p - 1]!]! < most) {
        order[p] = order[p - 1]!;
        p--;
      }
      order[p] = k;
    }
    const ranked: Array<{ i: number; k: number; nm: NameScore; s: ScoredCandidate }> = [];
    for (let t = 0; t < nb; t++) {
      const k = order[t]!;
      if (ranked.length >= keep && this.m.prune && bounds[k]! < ranked[keep - 1]!.s.score) break;
      const i = best[k]!;
      const c = this.entryAt(i);
      const nm = this.m.nameScore(q, c, shareds[k]!);
      const r = { i, k, nm, s: this.m.score(q, c, false, this.opts, nm) };
      let pos = ranked.length;
      while (pos > 0 && placedBefore(r, ranked[pos - 1]!)) pos--;
      ranked.splice(pos, 0, r);
    }
    // reasons are written for the few candidates kept, not for the whole shortlist; the name's
    // likeness (the costly part) is taken from the first pass, not computed again
    const scored = ranked.slice(0, Math.max(limit, 2)).map((r) => this.m.score(q, this.entryAt(r.i), true, this.opts, r.nm));
    // the answer's items' lowest place in the shortlist, and the last of them as ranked (unboosted)
    let lowest = -1;
    for (let k = 0; k < keep && k < ranked.length; k++) lowest = Math.max(lowest, best.indexOf(ranked[k]!.i));
    shape.slack = best.length - 1 - lowest;
    shape.last = ranked.length >= keep ? ranked[keep - 1]!.s : undefined;
    // a best candidate far ahead of the next is more surely the one: its score gains part of the
    // lead (the ratio test of feature matching); a close second leaves it as it is
    const [top, next] = scored;
    // …unless the evidence says it is another service: being the least unlike is no proof then
    if (top && top.score < 1 && !top.conflict) {
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

/** what the task types add to a score (score()): exactly, since it reads only the two types */
function taskTerm(q: Entry, c: Entry): number {
  const qt = q.doc.taskType;
  const ct = c.doc.taskType;
  return qt && ct ? (qt === ct ? TASK_AGREES : -TASK_DIFFERS) : 0;
}

/** whether a shortlisted item goes before b: it ranks before it, or ranks equal and came first in the shortlist */
function placedBefore(a: { k: number; s: ScoredCandidate }, b: { k: number; s: ScoredCandidate }): boolean {
  return rankBefore(a.s, b.s) || (a.k < b.k && !rankBefore(b.s, a.s));
}

/** whether a ranks strictly before b: higher score, then the smaller id */
function rankBefore(a: ScoredCandidate, b: ScoredCandidate): boolean {
  return a.score > b.score || (a.score === b.score && a.id < b.id);
}

const MIN_LISTS = 3;
// a growing index (the duplicates) keeps its last 18,000–24,000 answers: keeping every one (up to
// 100,000) saved no more than 6 % of the searches that 20,000 made
const GROWN_MEMO = 24_000;

/** a kept answer: made when the index held `at` items; `floor`: its shortlist's last item's evidence */
interface Memo {
  r: ScoredCandidate[];
  at: number;
  floor: number;
  /** places left in the shortlist (it takes MatcherOptions.shortlist items) */
  room: number;
  /** how many of the shortlist's last items are not in the answer (-1: not known) */
  slack: number;
  /** the answer's last candidate as ranked before the lead's gain (undefined: the answer took every one) */
  last: ScoredCandidate | undefined;
  /** the query's grams and norm (grams undefined: an answer from outside, or made before the index grew; searched again once an item is added) */
  grams: number[] | undefined;
  norm: string;
}
// holds()'s scratch (a query has a handful of grams; more than 64 is searched again)
const HOLD_LEN_WAS = new Int32Array(64);
const HOLD_LEN_NOW = new Int32Array(64);
const HOLD_TAIL = new Int32Array(64);
const HOLD_WAS = new Int32Array(64);
const HOLD_NOW = new Int32Array(64);
const HOLD_SEEN = new Int32Array(4096);
// the items added since an answer was made that the check met already (by index less `from`)
const HOLD_MARK = new Uint8Array(1 << 16);
/** inserts list k into order[0..n) by length, after the lists as long (the search's stable sort); the new n */
function insertByLength(order: Int32Array, n: number, k: number, len: Int32Array): number {
  let j = n;
  while (j > 0 && len[order[j - 1]!]! > len[k]!) {
    order[j] = order[j - 1]!;
    j--;
  }
  order[j] = k;
  return n + 1;
}
// derivations not kept are held for about two batches of services (decide's batches are 1,000)
const RECENT = 2048;
// most names have no bracketed remarks: one shared empty list (an index holds one per name)
const NO_REMARKS: readonly string[] = [];
const POSTING_BUDGET = 3000;

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
const AGENCY_DIFFERS = 0.04;

// A bracketed remark naming an institution or a place says who or where: 预约挂号（溧阳市人民医院）
// and 预约挂号（溧阳市中医医院） are two hospitals' services, however alike the rest.
const ENTITY_RE = /(?:医院|卫生院|卫生室|保健院|服务中心|中心|学校|大学|学院|幼儿园|小学|中学|银行|公司|局|委员会|委|办公室|站|所|馆|院|街道|社区|村|镇|乡|县|市|区|省)$/;
const REMARK_LEAD_RE = /^(?:含|包括|包含|仅限|限)/;
const REMARK_ENTITY_CONFLICT = 0.3;
const REMARK_CATEGORY_CONFLICT = 0.15;

// A remark saying what the service includes (食品(含保健食品)经营许可, 居民身份证办理（包括临时）)
// widens it, it does not make it another: its words count for a quarter, like light verbs.
const SCOPE_RE = /^[（(](?:含|包括|包含)/;
const SCOPE_WEIGHT = 0.25;

/** which characters of the normalised name come from a scope remark (undefined: none or unknown) */
function scopeMask(name: string, norm: string, normalize: Normalizer): Uint8Array | undefined {
  if (!/[（(](?:含|包括|包含)/.test(name)) return undefined;
  // normalise piece by piece; if the pieces do not add up to the whole (a synonym across a
  // bracket), give up rather than guess
  const mask: number[] = [];
  let joined = '';
  let last = 0;
  const piece = (text: string, inScope: boolean) => {
    const t = normalize(text);
    joined += t;
    for (let k = 0; k < Array.from(t).length; k++) mask.push(inScope ? 1 : 0);
  };
  for (const m of name.matchAll(BRACKETED)) {
    piece(name.slice(last, m.index), false);
    piece(m[0], SCOPE_RE.test(m[0]));
    last = m.index! + m[0].length;
  }
  piece(name.slice(last), false);
  return joined === norm ? Uint8Array.from(mask) : undefined;
}

function remarksOf(name: string, normalize: Normalizer): string[] {
  const out: string[] = [];
  for (const m of name.matchAll(BRACKETED)) {
    const r = normalize(m[0]).replace(REMARK_LEAD_RE, '');
    if (r) out.push(r);
  }
  return out;
}

/**
 * Remarks on both sides that do not agree: another institution or place (−0.3), or another
 * category sharing no character with it (−0.15). A remark on one side only says nothing against:
 * the unqualified name may well be the same service.
 */
export function compareRemarks(a: readonly string[], b: readonly string[]): { penalty: number; note: string } | undefined {
  if (!a.length || !b.length) return undefined;
  for (const x of a) for (const y of b) if (x.includes(y) || y.includes(x)) return undefined;
  const entity = [...a, ...b].find((r) => r.length >= 3 && ENTITY_RE.test(r));
  if (entity) return { penalty: REMARK_ENTITY_CONFLICT, note: `remarks name another institution or place (${a.join('/')}≠${b.join('/')})` };
  const chars = new Set(a.join(''));
  for (const ch of b.join('')) if (chars.has(ch)) return undefined;
  return { penalty: REMARK_CATEGORY_CONFLICT, note: `remarks differ (${a.join('/')}≠${b.join('/')})` };
}

/**
 * Department likeness: the Dice coefficient of their bigrams, after dropping the kind of body both
 * end in (医院, 局, 中心 …), which says nothing about which body it is: 人民医院 and 中医医院 share
 * 医院 and nothing else.
 */
function deptSimilarity(a: string, b: string, ga: Set<string>, gb: Set<string>): number {
  const m = /(?:医院|卫生院|中心|学校|局|委员会|委|站|所|馆|院|办)$/.exec(a);
  if (m && b.endsWith(m[0]) && a.length > m[0].length + 1 && b.length > m[0].length + 1) {
    ga = new Set(bigrams(a.slice(0, -m[0].length)));
    gb = new Set(bigrams(b.slice(0, -m[0].length)));
  }
  let inter = 0;
  for (const g of ga) if (gb.has(g)) inter++;
  return (2 * inter) / (ga.size + gb.size);
}
const COVER_QUERY = 0.7;
// the only evidence that raises a score above its names' likeness (searchEntry's bound adds both:
// the task type's term as it is, the department's at its most)
const TASK_AGREES = 0.03;
const TASK_DIFFERS = 0.06;
const DEPT_AGREES = 0.03;
const HEAD_PENALTY = 0.06;
const HEAD_PENALTY_MOVED = 0.15;
const LEAD_GAIN = 0.6;
const LEAD_CAP = 0.3;

export class Matcher {
  readonly weights = new GramWeights();
  readonly normalize: Normalizer;
  readonly normalizeDept: Normalizer;
  readonly shortlist: number;
  readonly prune: boolean;

  constructor(opts: MatcherOptions = {}) {
    const table = synonymTable(opts.synonyms ?? {});
    this.normalize = makeNormalizer(table);
    this.normalizeDept = makeDepartmentNormalizer(table);
    this.shortlist = opts.shortlist ?? 12;
    this.prune = opts.prune ?? true;
  }

  /** learns gram weights from the catalog and returns its index */
  catalogIndex(items: MatchDoc[]): NameIndex {
    this.weights.learn(items.map((d) => this.normalize(d.name)));
    this.derived.clear();
    this.rows = undefined;
    const idx = new NameIndex(this);
    for (const d of items) idx.add(d);
    return idx;
  }

  /** the learnt state of the catalog index just built from `items` (catalogIndex first), a row per distinct name */
  dumpCatalog(items: MatchDoc[]): CatalogIndexDump {
    const d: CatalogIndexDump = {
      weights: this.weights.dump(),
      names: [],
      norms: [],
      bares: [],
      gramAt: new Int32Array(0),
      grams: new Int32Array(0),
      weight: new Float64Array(0),
      charSum: new Float64Array(0),
      charW: new Float64Array(0),
      quals: [],
      remarks: [],
    };
    const gramAt = [0];
    const grams: number[] = [];
    const weight: number[] = [];
    const charSum: number[] = [];
    const charW: number[] = [];
    const seen = new Set<string>();
    for (const doc of items) {
      if (seen.has(doc.name)) continue;
      seen.add(doc.name);
      const e = this.entry({ id: doc.id, name: doc.name });
      const i = d.names.push(doc.name) - 1;
      d.norms.push(e.norm);
      const bare = e.bare.join('');
      d.bares.push(bare === e.norm ? null : bare);
      grams.push(...e.grams);
      gramAt.push(grams.length);
      weight.push(e.weight);
      charSum.push(e.charSum);
      for (const w of e.charW) charW.push(w);
      if (e.quals.size) d.quals.push([i, [...e.quals].map(([f, c]) => [f, [...c]])]);
      if (e.remarks.length) d.remarks.push([i, [...e.remarks]]);
    }
    return { ...d, gramAt: Int32Array.from(gramAt), grams: Int32Array.from(grams), weight: Float64Array.from(weight), charSum: Float64Array.from(charSum), charW: Float64Array.from(charW) };
  }

  /**
   * The catalog index of `items` from a dump of the same items (the store's cache): the same
   * weights and entries as catalogIndex(items) would build, without normalising a name.
   */
  restoreCatalog(items: MatchDoc[], dump: CatalogIndexDump): NameIndex {
    this.weights.load(dump.weights);
    this.derived.clear();
    // a name's derivation is read from its row when an entry is first made of it (entry())
    const rows = new Map<string, number>();
    dump.names.forEach((n, i) => rows.set(n, i));
    this.rows = { dump, rows, charAt: charStarts(dump), quals: new Map(dump.quals), remarks: new Map(dump.remarks) };
    const idx = new NameIndex(this);
    const { gramAt, grams, norms } = dump;
    for (const d of items) {
      const i = rows.get(d.name);
      if (i === undefined) idx.add(d);
      else idx.addKnown(d, grams.subarray(gramAt[i]!, gramAt[i + 1]!), norms[i]!);
    }
    return idx;
  }

  /** name i of the restored dump, as derive() gives it */
  private fromRow(i: number): Omit<Entry, 'doc' | 'dept' | 'deptGrams'> {
    const { dump, charAt, quals, remarks } = this.rows!;
    const norm = dump.norms[i]!;
    const chars = charsOf(norm);
    const from = dump.gramAt[i]!;
    const grams = new Array<number>(dump.gramAt[i + 1]! - from);
    for (let k = 0; k < grams.length; k++) grams[k] = dump.grams[from + k]!;
    const q = quals.get(i);
    const bare = dump.bares[i];
    return {
      norm,
      grams,
      weight: dump.weight[i]!,
      codes: codesOf(chars),
      // a view on the dump's weights, not a copy: entries only read them
      charW: dump.charW.subarray(charAt[i]!, charAt[i + 1]!),
      charSum: dump.charSum[i]!,
      quals: q ? new Map(q.map(([f, v]) => [f, new Set(v)])) : NO_QUALIFIERS,
      // most names have no remarks: their bare name is their norm, and entries only read it
      bare: bare === null || bare === undefined ? chars : charsOf(bare),
      remarks: remarks.get(i) ?? NO_REMARKS,
    };
  }

  /** what a name derives, as a check compares it with a dump's row (dumpRow) */
  derivedDump(name: string): DerivedDump {
    const e = this.derive(name);
    return [name, e.norm, e.grams, e.weight, Array.from(e.charW), e.charSum, [...e.quals].map(([f, c]) => [f, [...c]]), e.bare.join(''), [...e.remarks]];
  }

  /** an index of other documents (services decided before: the duplicate search) */
  newIndex(opts: IndexOptions = {}): NameIndex {
    return new NameIndex(this, opts);
  }

  private agencyPenalty(opts: IndexOptions): number {
    return opts.agencyDiffers ?? AGENCY_DIFFERS;
  }

  // names repeat (many apps offer the same service): what depends on the name alone is cached
  private derived = new Map<string, Omit<Entry, 'doc' | 'dept' | 'deptGrams'>>();
  /** the dump restoreCatalog read: names found in it are derived from their row, not normalised again */
  private rows?: { dump: CatalogIndexDump; rows: Map<string, number>; charAt: Int32Array; quals: Map<number, Array<[string, string[]]>>; remarks: Map<number, string[]> };
  private depts = new Map<string, { dept: string; deptGrams: Set<string> }>();
  private recent = new Map<string, Omit<Entry, 'doc' | 'dept' | 'deptGrams'>>();

  /**
   * The entry of a document. `keep: false`: its name's derivation is held only among the last
   * RECENT ones (a batch's duplicate searches follow its catalog searches and find them)
   */
  entry(doc: MatchDoc, keep = true): Entry {
    let d = this.derived.get(doc.name);
    if (!d) {
      d = this.recent.get(doc.name);
      if (!d) {
        const row = this.rows?.rows.get(doc.name);
        d = row === undefined ? this.derive(doc.name) : this.fromRow(row);
      }
      if (keep) {
        if (this.derived.size > 200_000) this.derived.clear();
        this.derived.set(doc.name, d);
      } else {
        if (this.recent.size >= RECENT) this.recent.clear();
        this.recent.set(doc.name, d);
      }
    }
    let dp: { dept: string; deptGrams: Set<string> } | undefined;
    if (doc.department) {
      dp = this.depts.get(doc.department);
      if (!dp) {
        const dept = this.normalizeDept(doc.department);
        dp = { dept, deptGrams: new Set(bigrams(dept)) };
        if (this.depts.size > 50_000) this.depts.clear();
        this.depts.set(doc.department, dp);
      }
    }
    return { doc, ...d, dept: dp?.dept, deptGrams: dp?.deptGrams };
  }

  private derive(raw: string): Omit<Entry, 'doc' | 'dept' | 'deptGrams'> {
    // the brackets below are read in the name as the normaliser reads it (〔〕, 【】 as （）, tags gone)
    const name = matchName(raw);
    const norm = this.normalize(name) || name;
    const chars = charsOf(norm);
    const grams = this.weights.gramIds(chars);
    let weight = 0;
    for (const g of grams) weight += this.weights.weight(g);
    const charW = new Float64Array(chars.length);
    let charSum = 0;
    const light = lightMask(norm);
    const bracketed = /[（(]/.test(name);
    const scope = bracketed ? scopeMask(name, norm, this.normalize) : undefined;
    chars.forEach((c, i) => {
      charW[i] = this.weights.charWeight(c) * (light[i] ? LIGHT_WEIGHT : 1) * (scope?.[i] ? SCOPE_WEIGHT : 1);
      charSum += charW[i]!;
    });
    const bare = bracketed ? charsOf(this.normalize(name.replace(BRACKETED, '')) || norm) : chars;
    const remarks = bracketed ? remarksOf(name, this.normalize) : NO_REMARKS;
    return { norm, grams, weight, codes: codesOf(chars), charW, charSum, quals: qualifiersOf(norm), bare, remarks };
  }

  /**
   * How alike the two names are: the weighted longest common subsequence, words dropped or
   * inserted costing their weight, words kept in order counting fully. How much of the app's name
   * it explains weighs more than how much of the catalog name: county apps shorten names far more
   * often than they pad them.
   */
  nameScore(q: Entry, c: Entry, shared = -1): NameScore {
    if (q.norm === c.norm) return SAME_NAME;
    let l = weightedLcs(q, c);
    // the same words in another order (养老保险待遇暂停 = 暂停养老保险待遇): words matched as
    // tiles wherever they stand, at a small discount for the move. Tiles only cover characters
    // the item has: when even all of those, discounted, cannot beat the LCS, tiling is skipped
    // (a margin for the sums' rounding keeps the answer the one tiling would give)
    let moved = false;
    if (MOVED * (shared >= 0 ? shared : sharedWeight(q, c)) * (1 + 1e-9) + 1e-12 > l) {
      const tiled = MOVED * greedyTiles(q, c);
      moved = tiled > l;
      if (moved) l = tiled;
    }
    const covQ = q.charSum ? l / q.charSum : 0;
    const covC = c.charSum ? l / c.charSum : 0;
    return { name: COVER_QUERY * covQ + (1 - COVER_QUERY) * covC, covQ, covC, moved };
  }

  /** the score of candidate c for query q; the reason is written only when asked (explain) */
  score(q: Entry, c: Entry, explain = true, opts: IndexOptions = {}, ns: NameScore = this.nameScore(q, c)): ScoredCandidate {
    // no reason asked: no array, and `parts?.push(…)` does not even build the words
    const parts: string[] | undefined = explain ? [] : undefined;
    const { name, moved } = ns;
    if (ns === SAME_NAME) parts?.push('same name after normalising');
    else parts?.push(`name ${name.toFixed(2)} (covers ${Math.round(ns.covQ * 100)} % of it, ${Math.round(ns.covC * 100)} % of the item${moved ? ', words in another order' : ''})`);
    let score = name;
    const qt = q.doc.taskType;
    const ct = c.doc.taskType;
    if (qt && ct) {
      if (qt === ct) {
        score += TASK_AGREES;
        parts?.push('task type agrees');
      } else {
        score -= TASK_DIFFERS;
        parts?.push(`task type differs (${qt}≠${ct})`);
      }
    }
    if (q.dept && c.dept && q.deptGrams!.size && c.deptGrams!.size) {
      const d = q.dept === c.dept ? 1 : deptSimilarity(q.dept, c.dept, q.deptGrams!, c.deptGrams!);
      if (d >= 0.6) {
        score += DEPT_AGREES;
        parts?.push('department agrees');
      } else if (d < 0.25) {
        score -= this.agencyPenalty(opts);
        parts?.push(`department differs (${c.doc.department})`);
      }
    }
    if (name < 1) {
      // Chinese compounds are head-final: 职业介绍补贴 is a subsidy, not 职业介绍. Words the item
      // has after everything the app's name says make it another kind of thing.
      const tail = trailingExtra(q, c);
      if (tail) {
        // when words changed places, the app's whole name has become a modifier of the item's
        // tail (户口注销 → 注销户口**证明**): surely another thing
        score -= moved ? HEAD_PENALTY_MOVED : HEAD_PENALTY;
        parts?.push(`item goes on after the name (…${tail})`);
      }
    }
    const rv = compareRemarks(q.remarks, c.remarks);
    if (rv) {
      score -= rv.penalty;
      parts?.push(rv.note);
    }
    const qv = compareQualifiers(q.quals, c.quals, explain);
    if (qv.penalty > 0) {
      score -= qv.penalty;
      parts?.push(`qualifiers: ${qv.notes.join('; ')}`);
    }
    score = Math.max(0, Math.min(1, score));
    const conflict = qv.conflict || rv !== undefined;
    return { id: c.doc.id, name: c.doc.name, score: Math.round(score * 1000) / 1000, reason: parts ? parts.join('; ') : '', exact: q.norm === c.norm, conflict };
  }
}

/** the names' likeness (Matcher.nameScore), kept between the shortlist's pass and the reasons' */
export interface NameScore {
  name: number;
  covQ: number;
  covC: number;
  moved: boolean;
}
const SAME_NAME: NameScore = Object.freeze({ name: 1, covQ: 1, covC: 1, moved: false });

// A CJK character taken out of a string is a new string each time (V8 shares only Latin-1 ones):
// an index's entries hold their names' characters, so one string per character is shared
const CHARS = new Map<number, string>();
/** the code points of s as strings, as Array.from(s) gives them, each character one shared string */
function charsOf(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const cp = s.codePointAt(i)!;
    let c = CHARS.get(cp);
    if (c === undefined) {
      c = String.fromCodePoint(cp);
      if (CHARS.size < 100_000) CHARS.set(cp, c);
    }
    out.push(c);
    if (cp > 0xffff) i++;
  }
  return out;
}

function codesOf(chars: string[]): Int32Array {
  const out = new Int32Array(chars.length);
  for (let i = 0; i < chars.length; i++) out[i] = chars[i]!.codePointAt(0)!;
  return out;
}

// characters marked by a stamp per call instead of a Set per name: a table of the 16 low bits of
// a code point (Chinese names are BMP; a character beyond it may share a slot with another, which
// only ever makes the sum larger: its callers take it as a bound)
const MARKS = new Int32Array(0x10000);
let mark = 0;
function nextMark(): number {
  if (++mark === 0x7fffffff) {
    MARKS.fill(0);
    mark = 1;
  }
  return mark;
}

/**
 * The weight of the query's characters that the item has too: what tiles could cover at most, and
 * a bound on the LCS. Exact for BMP names; never smaller than the exact sum.
 */
function sharedWeight(q: Entry, c: Entry): number {
  const id = nextMark();
  const cc = c.codes;
  for (let j = 0; j < cc.length; j++) MARKS[cc[j]! & 0xffff] = id;
  let w = 0;
  const qc = q.codes;
  for (let i = 0; i < qc.length; i++) if (MARKS[qc[i]! & 0xffff] === id) w += q.charW[i]!;
  return w;
}

/** the item's words after the last character the app's name shares with it (light verbs aside) */
function trailingExtra(q: Entry, c: Entry): string {
  // made for the few queries that get here, not for every name
  const have = (q.charSet ??= new Set(q.norm));
  let j = c.bare.length;
  while (j > 0 && !have.has(c.bare[j - 1]!)) j--;
  if (j === 0) return '';
  // depends on the item and j alone: kept on the item (the qualifier regex is long)
  const memo = (c.tails ??= new Map());
  let rest = memo.get(j);
  if (rest === undefined) {
    const r = stripQualifiers(c.bare.slice(j).join('').replace(LIGHT_RE, ''));
    memo.set(j, (rest = r.length >= 2 ? r : ''));
  }
  return rest;
}

const MOVED = 0.95;
let TILE_Q = new Uint8Array(64);
let TILE_C = new Uint8Array(64);

/**
 * Greedy string tiling (as in plagiarism detection): the longest common run of unmarked characters
 * (two or more) is marked on both sides, again and again; the weight of the query's marked
 * characters is returned. Unlike the LCS it finds words that changed places.
 */
function greedyTiles(a: Entry, b: Entry): number {
  const ac = a.codes;
  const bc = b.codes;
  const n = ac.length;
  const m = bc.length;
  if (n < 2 || m < 2) return 0;
  if (TILE_Q.length < n) TILE_Q = new Uint8Array(2 * n);
  if (TILE_C.length < m) TILE_C = new Uint8Array(2 * m);
  const mq = TILE_Q;
  const mc = TILE_C;
  mq.fill(0, 0, n);
  mc.fill(0, 0, m);
  let total = 0;
  for (;;) {
    let best = 0;
    let bi = 0;
    let bj = 0;
    for (let i = 0; i < n; i++) {
      if (mq[i]) continue;
      for (let j = 0; j < m; j++) {
        if (mc[j]) continue;
        let k = 0;
        while (i + k < n && j + k < m && !mq[i + k] && !mc[j + k] && ac[i + k] === bc[j + k]) k++;
        if (k > best) {
          best = k;
          bi = i;
          bj = j;
        }
      }
    }
    if (best < 2) return total;
    for (let k = 0; k < best; k++) {
      mq[bi + k] = 1;
      mc[bj + k] = 1;
      total += a.charW[bi + k]!;
    }
  }
}

let LCS_BUF: [Float64Array, Float64Array] = [new Float64Array(128), new Float64Array(128)];

/** the LCS of two names, each matched character counted at its weight */
function weightedLcs(a: Entry, b: Entry): number {
  const ac = a.codes;
  const bc = b.codes;
  const n = ac.length;
  const m = bc.length;
  if (!n || !m) return 0;
  if (LCS_BUF[0].length <= m) LCS_BUF = [new Float64Array(2 * m + 2), new Float64Array(2 * m + 2)];
  let [prev, cur] = LCS_BUF;
  prev.fill(0, 0, m + 1);
  cur.fill(0, 0, m + 1);
  for (let i = 1; i <= n; i++) {
    const ch = ac[i - 1];
    const w = a.charW[i - 1]!;
    for (let j = 1; j <= m; j++) {
      if (ch === bc[j - 1]) cur[j] = prev[j - 1]! + w;
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
  // a near tie leaves it to a person, unless only the best has the very same name
  if (second && second.score >= t.reviewThreshold && top.score - second.score < margin && top.id !== second.id && !(top.exact && !second.exact)) {
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
