// Lists written as text: items split on 、；; ，, and new lines, numbering removed
// ("1." "2、" "（3）" "①" "一、"), separators inside brackets respected ("身份证（原件、复印件）").
import { toHalfWidth } from '../../text/index.js';
import { none, ok, type Normalized } from './result.js';
import { textOf } from '../../text/index.js';

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

/** Splits on the separators outside brackets. `commas`: also split on ， and , (off for prose). */
function splitOutsideBrackets(s: string, commas: boolean): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (OPEN.includes(ch) && ch !== '"') depth++;
    else if (CLOSE.includes(ch) && ch !== '"') depth = Math.max(0, depth - 1);
    // "1、身份证": a 、 right after an item number is part of the numbering, not a separator
    const numbering = ch === '、' && /^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})$/.test(cur);
    const sep = !numbering && (ch === '\n' || ch === '\r' || ((ch === '、' || ch === '；' || ch === ';' || (commas && (ch === '，' || ch === ','))) && depth === 0));
    if (sep) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Inline numbering without separators: "1.身份证2.户口簿" or "①身份证②户口簿" → one item each. */
function splitInlineNumbering(s: string): string[] {
  if (CIRCLED_RE.test(s)) return s.split(new RegExp(`(?=[${CIRCLED}])`));
  // "1.x 2.y 3.z": only when the numbers run 1, 2, 3 … so "3.5万元" is never split
  const marks = [...s.matchAll(/(?<![\d.])(\d{1,2})[.．、](?!\d)/g)];
  if (marks.length < 2 || Number(marks[0]![1]) !== 1 || marks[0]!.index !== s.search(/\S/)) return [s];
  const cuts: number[] = [];
  let want = 1;
  for (const m of marks) {
    if (Number(m[1]) === want) {
      cuts.push(m.index!);
      want++;
    }
  }
  if (cuts.length < 2) return [s];
  return cuts.map((c, i) => s.slice(c, cuts[i + 1]));
}

export function stripNumbering(item: string): string {
  return item.replace(LEADING_NUMBER, '').trim();
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
  for (const part of splitOutsideBrackets(s, opts.commas ?? true)) {
    for (const piece of splitInlineNumbering(part)) {
      const t = stripNumbering(piece.replace(/[\s\u00a0\u3000]+/g, ' ').trim()).replace(/[。.;；,，、]+$/, '').trim();
      if (t && !/^[-—/／\\]+$/.test(t)) items.push(t);
    }
  }
  return items;
}

// a cell that says "nothing" is an empty list, not a list with one item called 无
const NOTHING = /^(无|暂无|没有|无需|无需材料|无需提供|不需要|不需要材料|无要求|免提交|无材料|无需提交材料|不涉及)$/;

export function parseList(v: unknown): Normalized<string[]> {
  const items = splitList(v).filter((i) => !NOTHING.test(i));
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
  const items = splitList(v, { commas: true }).filter((i) => !NOTHING.test(i));
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
  if (/容缺/.test(h)) m.necessity = 'deferred';
  else if (/(非必要|非必须|选填|选择性|如有|可选|若有|有则提供)/.test(h)) m.necessity = 'optional';
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
