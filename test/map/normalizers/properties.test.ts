// Properties that hold for every input, checked with fast-check.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeOnePhone, parseChineseNumeral, parsePhone, parseTimeLimit, splitList, toHalfWidth } from '../../../src/map/normalizers/index.js';
import { checkUscc, USCC_CHARSET, usccCheckChar } from '../../../src/codes/index.js';

const DIGITS = '零一二三四五六七八九';
/** writes n (0 ≤ n < 100000) the way a person would: 十五, 一百零五, 两千 is written 二千 here */
function toChinese(n: number): string {
  if (n === 0) return '零';
  const units = ['', '十', '百', '千', '万'];
  const ds = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  ds.forEach((d, i) => {
    const u = units[ds.length - 1 - i]!;
    if (d === 0) zero = out !== '';
    else {
      if (zero) out += '零';
      zero = false;
      out += (d === 1 && u === '十' && out === '' ? '' : DIGITS[d]) + u;
    }
  });
  return out;
}

describe('normalizer properties', () => {
  it('Chinese numerals read back the number they were written from', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 99_999 }), (n) => parseChineseNumeral(toChinese(n)) === n), { numRuns: 2000 });
  });

  it('"N个工作日" in Arabic or Chinese numerals gives N working days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 365 }), fc.boolean(), (n, chinese) => {
        const r = parseTimeLimit(`${chinese ? toChinese(n) : n}个工作日`);
        return r.value?.value === n && r.value.unit === 'workday' && !r.findings;
      }),
      { numRuns: 500 },
    );
  });

  it('half-width conversion is idempotent and keeps the length', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ＡＢＣ１２３　（）ABC123 中文，。、'.split('')) }), (s) => {
        const h = toHalfWidth(s);
        return toHalfWidth(h) === h && h.length === s.length;
      }),
    );
  });

  it('phone normalisation is idempotent', () => {
    const area = fc.constantFrom('010', '021', '025', '0512', '0519', '0826');
    const local = fc.stringMatching(/^[2-8]\d{6,7}$/);
    fc.assert(
      fc.property(area, local, fc.constantFrom('-', ' ', '', '(', '（'), (a, l, sep) => {
        const written = sep === '(' ? `(${a})${l}` : sep === '（' ? `（${a}）${l}` : `${a}${sep}${l}`;
        const once = normalizeOnePhone(written);
        if (sep === '' && a.length === 4 && l.length === 8) return once === `${a}-${l}`;
        return once !== undefined && normalizeOnePhone(once) === once && parsePhone(once).value === once;
      }),
      { numRuns: 1000 },
    );
  });

  it('list items are never empty and never start with numbering', () => {
    const item = fc.constantFrom('居民身份证', '户口簿', '申请表（原件、复印件）', '营业执照', '结婚证');
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 6 }), fc.constantFrom('、', '；', '\n', '，'), fc.constantFrom('none', 'dot', 'circled', 'paren'), (items, sep, numbering) => {
        const marks = '①②③④⑤⑥';
        const text = items
          .map((x, i) => (numbering === 'dot' ? `${i + 1}.${x}` : numbering === 'circled' ? `${marks[i]}${x}` : numbering === 'paren' ? `（${i + 1}）${x}` : x))
          .join(sep);
        const got = splitList(text);
        expect(got).toEqual(items);
      }),
      { numRuns: 500 },
    );
  });

  it('every USCC body gets a check character that makes it valid', () => {
    // positions 3–8 are a 6-digit GB/T 2260 region code (GB 32100): letters there are refused whatever the check character
    const chars = (n: number, set: string) => fc.array(fc.constantFrom(...set.split('')), { minLength: n, maxLength: n }).map((a) => a.join(''));
    const body = fc.tuple(chars(2, USCC_CHARSET), chars(6, '0123456789'), chars(9, USCC_CHARSET)).map((p) => p.join(''));
    fc.assert(fc.property(body, (b) => checkUscc(b + usccCheckChar(b)).ok), { numRuns: 2000 });
  });
});
