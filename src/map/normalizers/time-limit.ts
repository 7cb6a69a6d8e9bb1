// Time limits (法定/承诺办结时限) from the text people write: "5个工作日", "五个工作日", "承诺5天",
// "即时办结", "30日", "3个月", "20个工作日（不含公示时间）" → {value, unit, text}.
import { LIMIT_UNITS } from '../../schema/enums.js';
import { replaceChineseNumerals } from './numerals.js';
import { toHalfWidth } from '../../text/index.js';
import { none, ok, warn, type Normalized } from './result.js';
import { textOf } from '../../text/index.js';

export type LimitUnit = (typeof LIMIT_UNITS)[number];
export interface TimeLimitValue {
  value: number;
  unit: LimitUnit;
  /** the source text, kept when it says more than value + unit (a note, a range) */
  text?: string;
}

const IMMEDIATE = /^(即办|即办件|即时|即时办结|即时办理|立即|立即办结|立即办理|当场|当场办结|当场办理|当即办结|当天|当日|当天办结|当日办结|现场办结|即来即办|随到随办|马上办|立等可取|实时办结|实时)$/;
const NO_LIMIT = /^(无|无时限|无期限|无限制|不限|不限时|不适用|无法定时限|法律未规定|法律法规未规定|未规定|暂无|\/|无要求|无时限要求|无期限要求|无办结时限|不涉及)$/;

// unit words, longest first
const UNIT_WORDS: Array<[RegExp, LimitUnit, number]> = [
  [/^个?工作日/, 'workday', 1],
  [/^个?(?:自然日|日历日)/, 'day', 1],
  [/^个?(?:小时|钟头|工作小时)/, 'hour', 1],
  [/^h(?:ours?)?\b/i, 'hour', 1],
  [/^个?(?:月|自然月)/, 'month', 1],
  [/^个?(?:周|星期)/, 'day', 7],
  [/^个?(?:年)/, 'month', 12],
  [/^(?:天|日)/, 'day', 1],
  [/^d(?:ays?)?\b/i, 'day', 1],
];

function clean(raw: string): string {
  let t = toHalfWidth(raw).replace(/\s+/g, '');
  t = t.replace(/^[(\[【]?(?:法定|承诺)?(?:办结)?(?:时限|期限)?[)\]】]?[:：]?/, '');
  t = t.replace(/^(?:承诺|法定|办结时限|时限|期限|约|在|于)+/, '');
  return t;
}

/**
 * Parses a time limit. Returns no value and no finding for an empty cell or an explicit "no
 * limit" (无); a warning keeping the raw text when the text cannot be understood.
 */
export function parseTimeLimit(v: unknown, field?: 'legal' | 'promised'): Normalized<TimeLimitValue> {
  // JSON sources: { value: 5, unit: 'workday' } or { value: 5, unit: '工作日' }
  if (v && typeof v === 'object' && !Array.isArray(v) && 'value' in v) {
    const o = v as { value: unknown; unit?: unknown };
    const n = typeof o.value === 'number' ? o.value : Number(o.value);
    if (Number.isFinite(n) && n >= 0) {
      if ((LIMIT_UNITS as readonly unknown[]).includes(o.unit)) return ok({ value: n, unit: o.unit as LimitUnit });
      if (typeof o.unit === 'string') return parseTimeLimit(`${n}${o.unit}`);
    }
  }
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? warn('time-limit-unit-assumed', `time limit ${v} has no unit: read as working days`, { value: v, unit: 'workday' }) : none();
  const raw = textOf(v);
  if (raw === undefined) return none();
  const part = field && statedPart(raw, field);
  if (part) {
    const r = parseTimeLimit(part);
    return r.value ? { ...r, value: withText(r.value, raw, true) } : r;
  }
  const t0 = clean(raw);
  const base = t0.replace(/[。.;；,，]+$/, '');
  if (NO_LIMIT.test(base)) return none();
  const head = base.replace(/[(（【\[].*$/, '');
  if (IMMEDIATE.test(head) || /^(即办|即时办结|当场办结|立即办结)/.test(head)) {
    return ok(withText({ value: 0, unit: 'workday' }, raw, !IMMEDIATE.test(base)));
  }
  const t = replaceChineseNumerals(base).replace(/半个?月/, '0.5个月').replace(/半天|半日/, '0.5天');
  // a number (or a range: take the upper bound, the promise the service must keep), then a unit
  const m = /(\d+(?:\.\d+)?)(?:\s*[-~～至到]\s*(\d+(?:\.\d+)?))?\s*(.*)$/.exec(t);
  if (!m) return warn('time-limit-unparsed', `time limit not understood: "${raw}"`);
  const n = Number(m[2] ?? m[1]);
  const rest = m[3] ?? '';
  if (rest === '' || /^[(（]/.test(rest)) {
    if (m.index === 0 || /^(?:办结|在|于)?$/.test(t.slice(0, m.index))) {
      return warn('time-limit-unit-assumed', `time limit "${raw}" has no unit: read as working days`, withText({ value: n, unit: 'workday' }, raw, rest !== ''));
    }
  }
  for (const [re, unit, factor] of UNIT_WORDS) {
    if (re.test(rest)) {
      const value = Math.round(n * factor * 100) / 100;
      const plain = m.index === 0 && !m[2] && rest.replace(re, '').replace(/^(?:以)?内/, '') === '';
      return ok(withText({ value, unit }, raw, !plain));
    }
  }
  return warn('time-limit-unparsed', `time limit not understood: "${raw}"`);
}

/**
 * A cell that states both limits (法定20个工作日，承诺5个工作日; 承诺时限5日（法定时限20日）): the
 * part the field asks for, from its label to the other's (or the end). Undefined when one label
 * or none is there: the text is then the field's own limit, notes and all.
 */
function statedPart(raw: string, field: 'legal' | 'promised'): string | undefined {
  const t = toHalfWidth(raw).replace(/\s+/g, '');
  const legal = t.indexOf('法定');
  const promised = t.indexOf('承诺');
  if (legal < 0 || promised < 0) return undefined;
  const [from, other] = field === 'legal' ? [legal, promised] : [promised, legal];
  return t.slice(from, other > from ? other : t.length).replace(/[;；,，。、(（)）]+$/, '');
}

/** keeps the source text beside the value when it says more (a note, a range, a prefix) */
function withText(l: TimeLimitValue, raw: string, keep: boolean): TimeLimitValue {
  return keep ? { ...l, text: raw } : l;
}

/** 即办件 / 承诺件 from a 办件类型 label, or from a promised limit of 0. */
export function parseCaseType(v: unknown): Normalized<'immediate' | 'promised' | 'other'> {
  const raw = textOf(v);
  if (raw === undefined) return none();
  const t = toHalfWidth(raw).replace(/\s+/g, '');
  if (/^(即办|即办件|即时办结|当场办结|1)$/.test(t)) return ok('immediate');
  if (/^(承诺|承诺件|承诺办结|2)$/.test(t)) return ok('promised');
  if (/^(其他|其他件|上报件|联办件|3)$/.test(t)) return ok('other');
  return warn('case-type-unknown', `办件类型 not understood: "${raw}"`);
}
