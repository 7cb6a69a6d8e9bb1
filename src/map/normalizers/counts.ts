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
  let unit = 0; // the unit or 万/亿 just read
  let afterUnit = 0; // the unit the last digit came right after (0: after a digit or a 零)
  let gap = false;
  for (const t of tokens) {
    if (DIGIT[t] === 0 && (last === 'unit' || last === 'big')) {
      gap = true; // 一百零五: 零 only marks a gap
      continue;
    }
    if (/^\d/.test(t) || t in DIGIT) {
      if (last === 'digit') {
        // 二〇二五 (digit by digit) is a year, not a count; "3 5" is two numbers
        return undefined;
      }
      digit = /^\d/.test(t) ? Number(t) : DIGIT[t]!;
      afterUnit = !gap && t.length === 1 ? unit : 0;
      last = 'digit';
    } else if (t in UNIT) {
      section += (digit ?? 1) * UNIT[t]!; // 十五: a bare 十 is 一十
      digit = undefined;
      last = 'unit';
      unit = UNIT[t]!;
    } else if (t in BIG) {
      section += digit ?? 0;
      if (section === 0 && total === 0 && last === undefined) section = 1; // 万 alone (近万) is 1万; 一万亿 keeps its 一万
      const big = BIG[t]!;
      total = big === 1e8 ? (total + section) * big : total + section * big;
      section = 0;
      digit = undefined;
      last = 'big';
      unit = big;
    } else return undefined;
    gap = false;
  }
  // 两千五 / 3千5 are 2500, 一万五 / 1万5 15000: one last digit right after 百/千/万/亿 counts in
  // the next unit down (not after 零, and not several digits: 1万2345 is 12345)
  if (digit !== undefined && afterUnit >= 100) return total + section + digit * (afterUnit / 10);
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
  // thousands separators (4,731 / 12,860,000 / 4 731) only in groups of three after 1–3 digits:
  // "2024,300" or "4731 5000" are two numbers, not 2024300 or 47315000
  let t = toHalfWidth(raw)
    .replace(/(?<![\d.])\d{1,3}(?:[,，'\s\u00a0\u3000]\d{3})+(?!\d)/g, (g) => g.replace(/\D/g, ''))
    .replace(/(\d)[\s\u00a0\u3000]+(?=\d)/g, '$1;')
    .replace(/[\s\u00a0\u3000\u200b\ufeff]+/g, '');
  if (UNKNOWN.test(t.replace(/[。.]+$/, ''))) return none();
  // notes in brackets say something about the number, they are not it: "4731（2024年3月）"
  t = t.replace(/[(\[【（][^()\[\]【】（）]*[)\]】）]/g, '');
  // 1.2w / 3k; 20余万 is 20万 (read past the 余, 20 would be silently wrong)
  t = t.replace(/(\d)[wW](?![a-zA-Z])/g, '$1万').replace(/(\d)[kK](?![a-zA-Z])/g, '$1千');
  t = t.replace(/([\d零〇○一壹二贰两俩三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟])(?:余|多|来)(?=[万萬亿億])/g, '$1');
  // 几百 / 数千 hide their first digit: reading past it would give 100 / 1000
  if (/[几数][十拾百佰千仟万萬亿億]/.test(t)) return warn('count-unparsed', `not a count (an estimate): "${raw}"`);
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
  const after = t.slice(m.index! + m[0].length);
  // 不足100 / 100以内 are <100 in words
  if (/[<>≤≥<>]|[-~～至到]$|(?:不足|不到|少于|低于|小于|未满|不超过)$/.test(before) || /^[-~～至到]\d|^(?:以下|以内|之内)/.test(after)) {
    return warn('count-unparsed', `a range or a bound, not a count: "${raw}"`);
  }
  // 2024年 is a year and 12% a share, not counts
  if (/^(?:年|%|‰)/.test(after)) return warn('count-unparsed', `not a count (a year or a percentage): "${raw}"`);
  const n = valueOfRun(m[0]);
  if (n === undefined) return warn('count-unparsed', `not a count: "${raw}"`);
  return Number.isInteger(n) ? ok(n) : Math.abs(n - Math.round(n)) < 1e-6 ? ok(Math.round(n)) : warn('count-not-integer', `expected a whole number, got ${n} in "${raw}": rounded`, Math.round(n));
}

// the period a count is written for (a monthly field's cell may say 12000次/年 or 日均30)
const PERIODS: Array<[RegExp, 'year' | 'week' | 'day' | 'total']> = [
  [/累计|总访问|总计|共计|合计|历史|至今|上线以来/, 'total'],
  [/\/年|每年|年均|年访问|全年|近一年|近1年|年度/, 'year'],
  [/\/周|每周|周均|周访问|近一周|近7天/, 'week'],
  [/\/天|\/日|日均|每天|每日|天均|日访问/, 'day'],
];
const MONTHLY = /\/月|每月|月均|月访问|月度|上月|本月|近一月|近1月|近30天/;
/** a month in each period's units: 30 days, 30/7 weeks, 1/12 of a year */
const PER_MONTH = { year: 1 / 12, week: 30 / 7, day: 30 };

/**
 * A count for a monthly field (usage.monthlyVisits): a cell written per year, week or day is read
 * as a month's (12000次/年 → 1000, 日均30 → 900) with a warning saying so; a total since launch
 * (累计访问12000次) is no month's count: left unknown, with a warning. Why: read as written, 日均30次
 * was 30 a month, under the low-usage threshold, and a service used 900 times a month was retired.
 */
export function parseMonthlyCount(v: unknown): Normalized<number> {
  const r = parseCount(v);
  const raw = r.value === undefined ? undefined : textOf(v);
  if (raw === undefined) return r;
  const t = toHalfWidth(raw).replace(/\s+/g, '');
  // a month said outright wins over a year around it (月均访问300（2023年度）)
  const period = MONTHLY.test(t) ? undefined : PERIODS.find(([re]) => re.test(t))?.[1];
  if (!period) return r;
  if (period === 'total') return warn('count-not-monthly', `"${raw}" is a total, not a month's count: left unknown`);
  const n = Math.round(r.value! * PER_MONTH[period]);
  return { value: n, findings: [...(r.findings ?? []), { severity: 'warning', code: 'count-per-period', message: `"${raw}" counts per ${period}: read as ${n} a month` }] };
}
