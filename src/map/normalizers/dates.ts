// Dates as sources write them: 2025年3月1日, 2025/3/1, 2025-03-01, 2025.3.1, 20250301,
// 二〇二五年三月一日, Excel serial numbers (45717), Date objects → "YYYY-MM-DD".
import { parseChineseNumeral } from './numerals.js';
import { toHalfWidth } from '../../text/index.js';
import { none, ok, warn, type Normalized } from './result.js';
import { textOf } from '../../text/index.js';
import { excelSerialToDate, shanghaiDay } from '../../time/index.js';

/** numbers above this are not read as Excel serials (they would be dates centuries away) */
const NORMALISER_MAX_SERIAL = 200_000;

function iso(y: number, m: number, d: number): string | undefined {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return undefined; // 2月30日
  return dt.toISOString().slice(0, 10);
}

export function parseDate(v: unknown): Normalized<string> {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? none() : ok(shanghaiDay(v));
  if (typeof v === 'number') {
    const d = excelSerialToDate(v, NORMALISER_MAX_SERIAL);
    return d ? ok(d) : warn('date-unparsed', `not a date: ${v}`);
  }
  const raw = textOf(v);
  if (raw === undefined) return none();
  // a time after the date is marked T before spaces go: glued to the day, its hour would read as
  // the day's second digit (2025-3-1 10:00 as the 11th, 2025-12-3 15:20 as the 31st)
  let t = toHalfWidth(raw)
    .trim()
    .replace(/(\d[日号]?)\s+(?=\d{1,2}:\d{2})/, '$1T')
    .replace(/\s+/g, '');
  // Chinese numerals inside a date: 二〇二五年三月一日
  t = t.replace(/[零〇○一二三四五六七八九十]+(?=[年月日号])/g, (run) => String(parseChineseNumeral(run) ?? run));
  let m = /^(\d{4})年(\d{1,2})月(?:(\d{1,2})[日号])?/.exec(t);
  if (m) {
    const d = iso(+m[1]!, +m[2]!, m[3] ? +m[3] : 1);
    if (d) return ok(d);
  }
  m = /^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:$|T)/.exec(t) ?? /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(t);
  if (m) {
    if (/T\d/.test(t) && /(Z|[+-]\d{2}:?\d{2})$/.test(t)) {
      const dt = new Date(t);
      if (!Number.isNaN(dt.getTime())) return ok(shanghaiDay(dt));
    }
    const d = iso(+m[1]!, +m[2]!, m[3] ? +m[3] : 1);
    if (d) return ok(d);
  }
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) {
    const d = iso(+m[1]!, +m[2]!, +m[3]!);
    if (d) return ok(d);
  }
  if (/^\d{4,6}(\.\d+)?$/.test(t)) {
    const d = excelSerialToDate(Number(t), NORMALISER_MAX_SERIAL);
    if (d && +d.slice(0, 4) >= 1950) return ok(d);
  }
  // day-first with slashes (1/3/2025) is ambiguous in exports: refused rather than guessed
  return warn('date-unparsed', `not a date: "${raw}"`);
}
