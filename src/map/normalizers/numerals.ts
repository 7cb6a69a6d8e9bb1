// Chinese numerals (五, 十五, 一百二十, 两, 壹拾贰, 〇) to numbers, and numbers written either way
// ("1,234", "1.2万", "三千") to a JS number.
import { toHalfWidth } from '../../text/index.js';

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, '○': 0, 'Ｏ': 0, 一: 1, 壹: 1, 幺: 1, 二: 2, 贰: 2, 两: 2, 俩: 2, 三: 3, 叁: 3, 四: 4, 肆: 4,
  五: 5, 伍: 5, 六: 6, 陆: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG: Record<string, number> = { 万: 1e4, 萬: 1e4, 亿: 1e8, 億: 1e8 };

/** Characters that can make up a Chinese numeral. */
export const CHINESE_NUMERAL_CHARS = '零〇○一壹幺二贰两俩三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟万萬亿億';
const NUMERAL_RUN = new RegExp(`[${CHINESE_NUMERAL_CHARS}]+`, 'g');

/**
 * A Chinese numeral to a number: 五 → 5, 十五 → 15, 二十 → 20, 一百零五 → 105, 两千 → 2000,
 * 壹拾贰 → 12, 二〇二五 → 2025 (digit-by-digit form, as in years). undefined when not a numeral.
 */
export function parseChineseNumeral(s: string): number | undefined {
  const t = s.trim();
  if (!t) return undefined;
  for (const ch of t) if (!(ch in DIGITS) && !(ch in UNITS) && !(ch in BIG)) return undefined;
  // digit-by-digit (二〇二五, 一九九八): no unit characters at all and more than one digit
  if (t.length > 1 && [...t].every((ch) => ch in DIGITS)) {
    return Number([...t].map((ch) => DIGITS[ch]).join(''));
  }
  let total = 0; // finished 万/亿 groups
  let section = 0; // below 万
  let digit: number | undefined;
  let unit = 0; // the unit or 万/亿 just read (0 after a digit)
  let lastUnit = 0; // the unit of the digit that ends the numeral, when it follows one directly
  for (const ch of t) {
    if (ch in DIGITS) {
      digit = DIGITS[ch]!;
      lastUnit = unit;
      unit = 0;
    } else if (ch in UNITS) {
      section += (digit ?? 1) * UNITS[ch]!; // 十五: a bare 十 means 一十
      digit = undefined;
      unit = UNITS[ch]!;
    } else {
      // 万 alone (近万) is 一万; 一万亿 keeps its 一万
      if (total === 0 && section === 0 && digit === undefined) section = 1;
      section += digit ?? 0;
      digit = undefined;
      const big = BIG[ch]!;
      if (big === 1e8) total = (total + section) * big;
      else total += section * big;
      section = 0;
      unit = big;
    }
  }
  // 两千五 is 2500, 一万五 15000, 三百五 350: a last digit right after 百/千/万/亿 counts in the next
  // unit down (not after 零: 一百零五 is 105); read as 2005 it would be silently wrong
  if (digit !== undefined && lastUnit >= 100) return total + section + digit * (lastUnit / 10);
  return total + section + (digit ?? 0);
}

/** Replaces every run of Chinese numeral characters by its Arabic value: "五个工作日" → "5个工作日". */
export function replaceChineseNumerals(s: string): string {
  return s.replace(NUMERAL_RUN, (run) => {
    const n = parseChineseNumeral(run);
    return n === undefined ? run : String(n);
  });
}

/**
 * A number written any common way: 42, "42", "１２", "1,234", "1.5万", "三千", "约300人" is not
 * accepted (undefined): only a number, optionally with 万/亿 and a trailing unit word like 次/人/个.
 */
export function parseNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  // only thousands separators go (1,234 / 1 234): "1,2" or "3 5" are two numbers, not 12 or 35
  let t = toHalfWidth(v)
    .trim()
    .replace(/(?<![\d.])\d{1,3}(?:[,，\s]\d{3})+(?!\d)/g, (g) => g.replace(/\D/g, ''))
    .replace(/(?<!\d)\s+|\s+(?!\d)/g, '');
  if (!t) return undefined;
  t = t.replace(/(次|人次|人|个|件|户|元|条|项)$/, '').replace(/^(约|大约|近|共)/, '');
  const m = /^([+-]?\d+(?:\.\d+)?)([万萬亿億])?$/.exec(t);
  if (m) {
    const n = Number(m[1]);
    return m[2] ? n * BIG[m[2]]! : n;
  }
  const mixed = /^(\d+(?:\.\d+)?)?([零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟]+)$/.exec(t);
  if (mixed && !mixed[1]) return parseChineseNumeral(mixed[2]!);
  return undefined;
}
