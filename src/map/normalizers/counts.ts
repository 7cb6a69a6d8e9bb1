// Counts as people write them (月访问量, 注册用户数): "月访问 4731", "4,731次", "4731 次/月", "约3千",
// "1.2万", "三千二百", "两万", full-width digits → an integer. "—", "暂无", "未统计" are unknown (absent,
// never 0); anything else that cannot be read is a warning that keeps the raw text, never an error.
import { toHalfWidth, textOf } from '../../text/index.js';
import { none, ok, warn, type Normalized } from './result.js';

const DIGIT: Record<string, number> = {
  零: 0, 〇: 0, '○': 0, 一: 1, 壹: 1, 二: 2, 贰: 2, 两: 2, 俩: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const UNIT: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG: Record<string, number> = { 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8 };

// one number: Arabic digits (with thousands separators) and/or Chinese numeral characters
const RUN = /(?:\d+(?:\.\d+)?|[零〇○一壹二贰两俩三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万萬亿億])+/g;
// what says "not known": absent, not 0
const UNKNOWN = /^(?:暂无|暂无数据|无数据|未统计|暂未统计|不详|未知|待统计|无|n\/?a|null|none|nan|—+|-+|\/|\?|？)$/i;
// approximations that still give the number: 约3千, 3000余, 近万, 3000+ …
const APPROX_PREFIX = /^(?:约|大约|近|将近|接近|超过|逾|共|合计|累计|总计|计)/;

/** The value of one run of digits and numeral characters: "4731", "1.2万", "三千二百", "3千2百"; undefined when it is not one number. */
export function valueOfRun(run: string): number | undefined {
  const tokens = run.match(/\d+(?:\.\d+)?|./g) ?? [];
  let total = 0; // finished 万/亿 groups
  let section = 0; // below 万
  let digit: number | undefined;
  let last: 'digit' | 'unit' | 'big' | undefined;
  for (const t of tokens) {
    if (DIGIT[t] === 0 && (last === 'unit' || last === 'big')) continue; // 一百零五: 零 only marks a gap
    if (/^\d/.test(t) || t in DIGIT) {
      if (last === 'digit') {
        // 二〇二五 (digit by digit) is a year, not a count; "3 5" is two numbers
        return undefined;
      }
      digit = /^\d/.test(t) ? Number(t) : DIGIT[t]!;
      last = 'digit';
    } else if (t in UNIT) {
      section += (digit ?? 1) * UNIT[t]!; // 十五: a bare 十 is 一十
      digit = undefined;
      last = 'unit';
    } else if (t in BIG) {
      section += digit ?? 0;
      if (section === 0 && last !== 'digit') section = 1; // 万 alone (近万) is 1万
      const big = BIG[t]!;
      total = big === 1e8 ? (total + section) * big : total + section * big;
      section = 0;
      digit = undefined;
      last = 'big';
    } else return undefined;
  }
  return total + section + (digit ?? 0);
}

/**
 * A count written any common way → a whole number ≥ 0. Labels before the number (月访问, 访问量：)
 * and units after it (次, 人次, 次/月, 人) are read past; notes in brackets are dropped. When the
 * text holds two numbers (近30天访问4731) nothing is guessed: a warning keeps the raw text.
 */
export function parseCount(v: unknown): Normalized<number> {
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) return warn('count-unparsed', `not a count: ${v}`);
    return Number.isInteger(v) ? ok(v) : warn('count-not-integer', `expected a whole number, got ${v}: rounded`, Math.round(v));
  }
  if (typeof v === 'bigint') return ok(Number(v));
  const raw = textOf(v);
  if (raw === undefined) return none();
  let t = toHalfWidth(raw).replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, '');
  if (UNKNOWN.test(t.replace(/[。.]+$/, ''))) return none();
  // notes in brackets say something about the number, they are not it: "4731（2024年3月）"
  t = t.replace(/[(\[【（][^()\[\]【】（）]*[)\]】）]/g, '');
  // thousands separators (4,731 / 12,860,000), then 1.2w / 3k
  t = t.replace(/(\d)[,，'](?=\d{3}(?!\d))/g, '$1').replace(/(\d)[,，'](?=\d{3}(?!\d))/g, '$1');
  t = t.replace(/(\d)[wW](?![a-zA-Z])/g, '$1万').replace(/(\d)[kK](?![a-zA-Z])/g, '$1千');
  if (/^-\d/.test(t)) return warn('count-unparsed', `not a count (negative): "${raw}"`);
  const runs = [...t.matchAll(RUN)];
  // a label's own numeral characters (一个月) must not count as the number: prefer runs with digits
  const arabic = runs.filter((m) => /\d/.test(m[0]));
  const candidates = arabic.length ? arabic : runs.filter((m) => valueOfRun(m[0]) !== undefined);
  if (candidates.length !== 1) {
    return warn('count-unparsed', candidates.length ? `more than one number in "${raw}": which one is the count?` : `not a count: "${raw}"`);
  }
  const m = candidates[0]!;
  const before = t.slice(0, m.index).replace(APPROX_PREFIX, '');
  if (/[<>≤≥<>]|[-~～至到]$/.test(before) || /^[-~～至到]\d/.test(t.slice(m.index! + m[0].length))) {
    return warn('count-unparsed', `a range or a bound, not a count: "${raw}"`);
  }
  const n = valueOfRun(m[0]);
  if (n === undefined) return warn('count-unparsed', `not a count: "${raw}"`);
  return Number.isInteger(n) ? ok(n) : Math.abs(n - Math.round(n)) < 1e-6 ? ok(Math.round(n)) : warn('count-not-integer', `expected a whole number, got ${n} in "${raw}": rounded`, Math.round(n));
}
