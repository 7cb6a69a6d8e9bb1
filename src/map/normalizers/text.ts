// Plain text fields (names, addresses, conditions): whitespace collapsed, nothing else changed.
import { parseNumber } from './numerals.js';
import { collapseSpace, toHalfWidth } from '../../text/index.js';
import { none, ok, warn, type Normalized } from './result.js';
import { textOf } from '../../text/index.js';

export function parseText(v: unknown): Normalized<string> {
  if (typeof v === 'number' || typeof v === 'boolean') return ok(String(v));
  const raw = textOf(v);
  return raw === undefined ? none() : ok(raw);
}

/** Multi-line prose (受理条件, 设定依据): keeps line breaks, trims each line. */
export function parseProse(v: unknown): Normalized<string> {
  if (typeof v !== 'string') return parseText(v);
  const t = v
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => collapseSpace(l))
    .filter(Boolean)
    .join('\n');
  return t && !/^[-—/／\\]+$/.test(t) ? ok(t) : none();
}

export function parseHalfWidthText(v: unknown): Normalized<string> {
  const r = parseText(v);
  return r.value === undefined ? r : ok(toHalfWidth(r.value));
}

export function parseNumberField(v: unknown): Normalized<number> {
  const raw = typeof v === 'number' ? v : textOf(v);
  if (raw === undefined) return none();
  const n = parseNumber(raw);
  if (n === undefined || n < 0) return warn('number-unparsed', `not a number: "${raw}"`);
  return ok(n);
}

export function parseInteger(v: unknown): Normalized<number> {
  const r = parseNumberField(v);
  if (r.value === undefined) return r;
  return Number.isInteger(r.value) ? r : warn('number-not-integer', `expected a whole number, got ${r.value}: rounded`, Math.round(r.value));
}

/** 到办事现场次数: "0次", "最多跑一次" (1), "最多跑2次", "零跑腿"/"不见面"/"无需到现场" (0). */
export function parseVisits(v: unknown): Normalized<number> {
  const raw = typeof v === 'number' ? String(v) : textOf(v);
  if (raw === undefined) return none();
  const t = toHalfWidth(raw).replace(/\s+/g, '');
  // 0次 only as a whole number: 10次 is ten
  if (/(零跑|零次|不见面|全程网办|无需到场|无需到现场|不用跑|(?<!\d)0次)/.test(t)) return ok(0);
  // 最多跑一次, 跑两次, 最多跑2次: the number run
  const run = /跑([0-9]+|[一二两三四五六七八九十]+)次/.exec(t);
  if (run) {
    const n = parseNumber(run[1]!.replace('两', '二'));
    if (n !== undefined) return ok(n);
  }
  return parseInteger(t);
}

/** 网办深度 0–4: "4", "四级", "Ⅳ级", "全程网办" (4), "一次登录…" is not a depth. */
export function parseOnlineDepth(v: unknown): Normalized<number> {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 && v <= 4 ? ok(v) : warn('online-depth-unknown', `网办深度 ${v} is not 0–4`);
  const raw = textOf(v);
  if (raw === undefined) return none();
  const t = toHalfWidth(raw).replace(/\s+/g, '');
  if (/全程网办|全流程网办|不见面/.test(t)) return ok(4);
  const m = /^(?:网办深度)?[:：]?([0-4]|[零一二三四]|[ⅠⅡⅢⅣ])级?$/.exec(t);
  if (m) return ok('0零'.includes(m[1]!) ? 0 : '1一Ⅰ'.includes(m[1]!) ? 1 : '2二Ⅱ'.includes(m[1]!) ? 2 : '3三Ⅲ'.includes(m[1]!) ? 3 : 4);
  return warn('online-depth-unknown', `网办深度 not understood: "${raw}"`);
}
