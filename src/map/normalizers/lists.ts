// Lists written as text. A numbered cell ("（1）A （2）B", "1.A 2.B", "1、A 2、B", "①A②B", "一、A 二、B",
// "第1项 A") is cut at its numbers, which must run 1, 2, 3 …; other cells split on 、；; ，, and new
// lines. Never inside brackets ("身份证（原件、复印件）"), never inside a number ("1.5寸照片", "2024年").
import { toHalfWidth, textOf } from '../../text/index.js';
import { none, ok, type Normalized } from './result.js';

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const CIRCLED_RE = new RegExp(`[${CIRCLED}]`);
const OPEN = '(（[【《“"';
const CLOSE = ')）]】》”"';

// numbering at the start of an item: 1. 1、 1) (1) （1） 1） ① 一、 (一) 第一，
const LEADING_NUMBER = new RegExp(
  String.raw`^\s*(?:` +
    String.raw`[(（]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]` +
    String.raw`|(?:\d{1,2})(?:[.．、)）]|\s)(?!\d)` +
    String.raw`|[一二三四五六七八九十]{1,3}[、.．)）]` +
    String.raw`|第[一二三四五六七八九十\d]{1,3}[项条、,，:：]?` +
    `|[${CIRCLED}]` +
    String.raw`|[-•·*▪●○◆◇■□]` +
    String.raw`)\s*`,
);

/**
 * Splits on the separators outside brackets. `commas`: also split on ， and , (off for prose).
 * `strongOnly`: only line breaks and ；; split (inside a numbered item, 、 and ， belong to it).
 */
function splitOutsideBrackets(s: string, commas: boolean, strongOnly = false): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (OPEN.includes(ch) && ch !== '"') depth++;
    else if (CLOSE.includes(ch) && ch !== '"') depth = Math.max(0, depth - 1);
    // "1、身份证": a 、 right after an item number is part of the numbering, not a separator
    const numbering = ch === '、' && /^\s*(?:[\d０-９]{1,2}|[一二三四五六七八九十]{1,3})$/.test(cur);
    const weak = !strongOnly && (ch === '、' || (commas && (ch === '，' || ch === ',')));
    const sep = !numbering && (ch === '\n' || ch === '\r' || ((weak || ch === '；' || ch === ';') && depth === 0));
    if (sep) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

// Enumeration markers, by style. A style's markers must run 1, 2, 3 … for the cell to count as
// numbered; the numbers then mark the items (a separator inside a numbered item stays in it).
const CN_DIGITS = '一二三四五六七八九十';
const cnValue = (s: string): number | undefined => {
  // 一 … 九十九: enough for item numbers
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || (!m[1] && !m[2] && !m[3]) || (m[1] && m[3] && !m[2])) return undefined;
  const d = (c?: string) => (c ? CN_DIGITS.indexOf(c) + 1 : 0);
  return m[2] ? (m[1] ? d(m[1]) : 1) * 10 + d(m[3]) : d(m[1]);
};
interface Marker {
  style: string;
  n: number;
  start: number;
  end: number;
}
// `needs`: a cheap test that the style can occur at all (most cells have no numbering)
const MARKER_RES: Array<{ style: string; re: RegExp; needs: RegExp; value: (m: RegExpExecArray) => number | undefined }> = [
  { style: 'paren', needs: /[(（]\s*\d/, re: /[(（]\s*(\d{1,2})\s*[)）]/g, value: (m) => Number(m[1]) },
  { style: 'paren-cn', needs: /[(（]\s*[一二三四五六七八九十]/, re: /[(（]\s*([一二三四五六七八九十]{1,3})\s*[)）]/g, value: (m) => cnValue(m[1]!) },
  // 1. 1、 1） 1)  — not a decimal (1.5寸), not part of a bigger number (2024年), not the inside of (1)
  { style: 'arabic', needs: /\d[、)）.．]/, re: /(?<![\d.．(（\w])(\d{1,2})(?:[、)）]|[.．](?!\d))/g, value: (m) => Number(m[1]) },
  // "2.1.5寸照片": after a space, a line break or a closing bracket, "2." is a number even before a digit
  { style: 'arabic', needs: /\d[.．]\d/, re: /(?<=^|[\s；;，,。)）\]】])(\d{1,2})[.．](?=\d)/g, value: (m) => Number(m[1]) },
  { style: 'cn', needs: /[一二三四五六七八九十][、.．)）]/, re: new RegExp(`(?<![${CN_DIGITS}第])([${CN_DIGITS}]{1,3})[、.．)）]`, 'g'), value: (m) => cnValue(m[1]!) },
  { style: 'circled', needs: CIRCLED_RE, re: new RegExp(`[${CIRCLED}]`, 'g'), value: (m) => CIRCLED.indexOf(m[0]) + 1 },
  { style: 'di', needs: /第/, re: /第\s*([一二三四五六七八九十]{1,3}|\d{1,2})\s*[项条个点][、.．,，:：]?/g, value: (m) => (/\d/.test(m[1]!) ? Number(m[1]) : cnValue(m[1]!)) },
];

/** Bracket depth before each position (so numbering inside "（1.原件 2.复印件）" is not the list's). */
function depths(s: string): Uint8Array {
  const d = new Uint8Array(s.length + 1);
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    d[i] = depth;
    const ch = s[i]!;
    if (OPEN.includes(ch) && ch !== '"') depth = Math.min(255, depth + 1);
    else if (CLOSE.includes(ch) && ch !== '"') depth = Math.max(0, depth - 1);
  }
  d[s.length] = depth;
  return d;
}

/**
 * The enumeration of a cell: markers of one style numbered 1, 2, 3 …, the first at the start of the
 * text, of a line, or after a heading's colon. Of several styles, the one that starts first is the
 * outer list ("1.身份证明（1）个人（2）单位 2.申请表": the 1. 2. items keep their (1) (2)).
 */
function enumeration(s: string): Marker[] | undefined {
  if (!/[\d一二三四五六七八九十①-⑳]/.test(s)) return undefined;
  let depth: Uint8Array | undefined;
  let best: Marker[] | undefined;
  const styles = new Map<string, Marker[]>();
  for (const { style, re, value, needs } of MARKER_RES) {
    if (!needs.test(s)) continue;
    re.lastIndex = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) {
      const n = value(m);
      depth ??= depths(s);
      if (n === undefined || depth[m.index] !== 0) continue;
      const list = styles.get(style) ?? [];
      list.push({ style, n, start: m.index, end: m.index + m[0].length });
      styles.set(style, list);
    }
  }
  for (const found of styles.values()) {
    found.sort((a, b) => a.start - b.start);
    const first = found.find((m) => m.n === 1);
    if (!first || !/(?:^|\n|[:：])\s*$/.test(s.slice(0, first.start))) continue;
    const run: Marker[] = [first];
    for (const m of found) if (m.start >= run.at(-1)!.end && m.n === run.at(-1)!.n + 1) run.push(m);
    if (run.length < 2) continue;
    if (!best || run[0]!.start < best[0]!.start) best = run;
  }
  return best;
}

/** A numbered cell cut at its markers: the text before the first (unless it is a heading ending in a colon), then each item. */
function splitEnumerated(s: string, marks: Marker[]): { before: string; items: string[] } {
  const before = s.slice(0, marks[0]!.start);
  return {
    before: /[:：]\s*$/.test(before) ? '' : before,
    items: marks.map((m, i) => s.slice(m.end, marks[i + 1]?.start ?? s.length)),
  };
}

/**
 * A numbered item whose own lines are numbered again (1.申请书\n(1)个人申请书\n(2)单位申请书; 一、个人办理：\n1.身份证
 * \n2.户口簿), as items in the 申请书（个人申请书；单位申请书） form: the sub-items are a note on their item,
 * and under a heading ending in a colon (个人办理：) each sub-item is one, the heading its note
 * (身份证（个人办理）). Undefined when the item has no list of its own. Why: split at its lines, the
 * sub-items kept their numbers ("(1)个人申请书") and a heading became an item ("个人办理：").
 */
function nestedList(item: string): string[] | undefined {
  const text = item.replace(/\s+$/, '');
  if (!text.includes('\n')) return undefined;
  const marks = enumeration(asciiDigits(text));
  if (!marks || !/\n\s*$/.test(text.slice(0, marks[0]!.start))) return undefined;
  const head = text.slice(0, marks[0]!.start).replace(/\s+/g, ' ').trim();
  const subs = marks.map((m, i) => text.slice(m.end, marks[i + 1]?.start ?? text.length).replace(/\s+/g, ' ').replace(/^[。.;；,，、:：\s]+|[。.;；,，、\s]+$/g, '')).filter(Boolean);
  if (!subs.length) return undefined;
  const name = head.replace(/[。.;；,，、:：\s]+$/, '');
  if (!name) return subs;
  return /[:：]$/.test(head) ? subs.map((x) => `${x}（${name}）`) : [`${name}（${subs.join('；')}）`];
}

export function stripNumbering(item: string): string {
  const m = LEADING_NUMBER.exec(asciiDigits(item));
  return (m ? item.slice(m[0].length) : item).trim();
}

/** Full-width digits ０–９ to ASCII, nothing else: one UTF-16 unit each, so positions hold. */
function asciiDigits(s: string): string {
  return /[０-９]/.test(s) ? s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)) : s;
}

/** A list cell to its items (trimmed, numbering and trailing punctuation removed, empties dropped). Arrays pass through. */
// JSON sources give lists of objects: their item name is under one of these keys
const NAME_KEYS = ['name', 'label', 'title', 'materialName', 'text', 'value', '名称', '材料名称', '事项名称'];

/** The name of a list item that is an object ({ name: '身份证', required: true }), if it has one. */
export function itemName(o: Record<string, unknown>): string | undefined {
  for (const k of NAME_KEYS) {
    const t = textOf(o[k]);
    if (t !== undefined) return t;
  }
  return undefined;
}

export function splitList(v: unknown, opts: { commas?: boolean } = {}): string[] {
  if (Array.isArray(v)) return v.flatMap((x) => splitList(x, opts));
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const n = itemName(v as Record<string, unknown>);
    return n === undefined ? [] : [n];
  }
  // strings keep their new lines (a separator); other values go through textOf
  const s = typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : textOf(v);
  if (!s) return [];
  const items: string[] = [];
  const add = (piece: string, strip: boolean) => {
    const one = piece.replace(/[\s\u00a0\u3000]+/g, ' ').trim();
    const t = (strip ? stripNumbering(one) : one).replace(/^[。.;；,，、:：\s]+/, '').replace(/[。.;；,，、\s]+$/, '').trim();
    if (t && !/^[-—/／\\]+$/.test(t)) items.push(t);
  };
  // full-width digits (１、身份证２、户口簿) number items too: find the numbering on a copy with ASCII
  // digits (same length, so its positions hold) and cut the text as written
  const marks = enumeration(asciiDigits(s));
  if (marks) {
    const { before, items: numbered } = splitEnumerated(s, marks);
    for (const part of splitOutsideBrackets(before, opts.commas ?? true)) add(part, true);
    for (const item of numbered) {
      const nested = nestedList(item);
      if (nested) for (const piece of nested) add(piece, false);
      else for (const part of splitOutsideBrackets(item, false, true)) add(part, false);
    }
    return items;
  }
  // a cell's own heading (申请材料：身份证；户口簿) is no part of its first item; only these words, since
  // an item's name may hold a colon of its own
  for (const part of splitOutsideBrackets(s.replace(LIST_HEADING, ''), opts.commas ?? true)) add(part, true);
  return items;
}

const LIST_HEADING = /^\s*(?:申请材料|所需材料|提交材料|申报材料|办理材料|材料清单|材料目录|所需资料|申请资料)(?:清单|目录)?\s*[:：]\s*/;

// a cell that says "nothing" is an empty list, not a list with one item called 无
const NOTHING = /^(无|暂无|没有|无需|无需材料|无需提供|不需要|不需要材料|无要求|免提交|无材料|无需提交材料|不涉及)$/;

// "居民身份证原件、复印件": the 、 joins two forms of one material, it does not start a second one
const FORM_ONLY = /^(?:及|和|或|与)?(?:原件|复印件|复印|扫描件|电子版|电子件|纸质版|纸质件|影印件)(?:各?\s*[\d一二两三四五六七八九十]+\s*[份张])?$/;

/** Items with the pieces that only name a form (复印件, 复印件2份) joined back onto the item before them. */
function joinForms(items: string[]): string[] {
  const out: string[] = [];
  for (const i of items) {
    if (out.length && FORM_ONLY.test(i)) out[out.length - 1] += `、${i}`;
    else out.push(i);
  }
  return out;
}

export function parseList(v: unknown): Normalized<string[]> {
  const items = joinForms(splitList(v).filter((i) => !NOTHING.test(i)));
  return items.length ? ok(items) : none();
}

export interface MaterialValue {
  name: string;
  form?: 'paper' | 'electronic' | 'both';
  necessity?: 'required' | 'optional' | 'deferred';
  originals?: number;
  copies?: number;
  note?: string;
}

/**
 * 申请材料 as a list of materials. Commas stay inside a material name ("身份证，户口簿" is two items,
 * but brackets keep their notes: "营业执照（原件，复印件1份）"). Hints in the note set form,
 * necessity and counts.
 */
export function parseMaterials(v: unknown): Normalized<MaterialValue[]> {
  // a JSON list of material objects keeps its structure: each object is one material
  if (Array.isArray(v) && v.some((x) => x && typeof x === 'object')) {
    const out = v.flatMap((x) => (x && typeof x === 'object' ? objectMaterial(x as Record<string, unknown>) : splitList(x, { commas: true }).map(toMaterial)));
    return out.length ? ok(out) : none();
  }
  const items = joinForms(splitList(v, { commas: true }).filter((i) => !NOTHING.test(i)));
  if (!items.length) return none();
  return ok(items.map(toMaterial));
}

function objectMaterial(o: Record<string, unknown>): MaterialValue[] {
  const name = itemName(o);
  if (name === undefined || NOTHING.test(name)) return [];
  const m = toMaterial(name);
  const req = o.required ?? o.necessary ?? o.是否必要 ?? o.必要性;
  if (req === true || (typeof req === 'string' && /^(是|必要|必须|必需|true|1)$/i.test(req.trim()))) m.necessity ??= 'required';
  if (req === false || (typeof req === 'string' && /^(否|非必要|非必须|false|0)$/i.test(req.trim()))) m.necessity ??= 'optional';
  const num = (x: unknown) => (typeof x === 'number' && Number.isInteger(x) && x >= 0 ? x : typeof x === 'string' && /^\d+$/.test(x.trim()) ? Number(x) : undefined);
  const originals = num(o.originals ?? o.原件份数);
  const copies = num(o.copies ?? o.复印件份数);
  if (originals !== undefined) m.originals = originals;
  if (copies !== undefined) m.copies = copies;
  const note = textOf(o.note ?? o.remark ?? o.备注);
  if (note !== undefined) m.note = m.note ? `${m.note}; ${note}` : note;
  return [m];
}

function toMaterial(item: string): MaterialValue {
  const h = toHalfWidth(item);
  const m: MaterialValue = { name: item };
  const note = /[(（]([^()（）]*)[)）]\s*$/.exec(item);
  if (note) {
    m.name = item.slice(0, note.index).trim() || item;
    m.note = note[1]!.trim();
  }
  // 不可容缺 / 不予容缺 say the opposite of 容缺: the material is required
  if (/(不可|不予|不能|不得|不适用|不支持|不允许|非)容缺/.test(h)) m.necessity = 'required';
  else if (/容缺/.test(h)) m.necessity = 'deferred';
  // 必要时提供 is "when needed", like 如有: not 必要
  else if (/(非必要|非必须|选填|选择性|如有|可选|若有|有则提供|必要时)/.test(h)) m.necessity = 'optional';
  else if (/(必要|必须|必填|必需)/.test(h)) m.necessity = 'required';
  const paper = /(纸质|原件|复印件)/.test(h);
  const electronic = /(电子|扫描件|电子证照)/.test(h);
  if (paper && electronic) m.form = 'both';
  else if (electronic) m.form = 'electronic';
  else if (paper) m.form = 'paper';
  const orig = /原件\s*(\d+)\s*份/.exec(h);
  if (orig) m.originals = Number(orig[1]);
  const copies = /复印件\s*(\d+)\s*份/.exec(h);
  if (copies) m.copies = Number(copies[1]);
  return m;
}
