import { describe, expect, it } from 'vitest';
import {
  collapseSpace,
  excelSerialToDate,
  parseChineseNumeral,
  parseDate,
  parseFee,
  parseNumber,
  parseYesNo,
  replaceChineseNumerals,
  toHalfWidth,
} from '../../../src/map/normalizers/index.js';

describe('width', () => {
  it.each([
    ['ＡＢＣ１２３', 'ABC123'],
    ['（0519）87654321', '(0519)87654321'],
    ['１１３２０５０００１４１４９２５２６', '113205000141492526'],
    ['a　b', 'a b'],
    ['不变的中文', '不变的中文'],
    ['，：；。、', ',:;。、'], // full-width comma, colon, semicolon are FF0C FF1A FF1B; 。 and 、 are CJK punctuation, kept
  ])('%s → %s', (a, b) => expect(toHalfWidth(a)).toBe(b));
  it('collapses whitespace of every kind', () => expect(collapseSpace(' a\u3000\u00a0b\n\tc ')).toBe('a b c'));
});

describe('Chinese numerals', () => {
  it.each([
    ['一', 1], ['十', 10], ['十五', 15], ['二十', 20], ['二十一', 21], ['一百', 100], ['一百零五', 105], ['一百二十', 120],
    ['两千', 2000], ['三千零一', 3001], ['一万二千', 12000], ['壹拾贰', 12], ['贰佰', 200], ['二〇二五', 2025], ['零', 0], ['一亿二千万', 120_000_000],
  ])('%s → %d', (t, n) => expect(parseChineseNumeral(t)).toBe(n));
  it('is undefined for non-numerals', () => expect(parseChineseNumeral('工作日')).toBeUndefined());
  it('replaces numerals inside text', () => {
    expect(replaceChineseNumerals('五个工作日')).toBe('5个工作日');
    expect(replaceChineseNumerals('十五个工作日')).toBe('15个工作日');
  });
  it.each([
    [42, 42], ['42', 42], ['１２', 12], ['1,234', 1234], ['12,860', 12860], ['1.5万', 15000], ['三千', 3000], ['38次', 38], ['1200人', 1200], ['约1000', 1000], ['1.2万次', 12000], ['１２,８６０', 12860],
  ])('parseNumber(%s) = %d', (t, n) => expect(parseNumber(t)).toBe(n));
  it.each(['abc', '', 'NaN', '300人以上'])('parseNumber(%s) is undefined', (t) => expect(parseNumber(t)).toBeUndefined());
  // a last digit right after 百/千/万 counts in the next unit down: 两千五 is 2500, not 2005
  it.each([
    ['两千五', 2500], ['三百五', 350], ['一万五', 15000], ['一万二千五', 12500], ['十万五', 105000], ['一亿五', 150_000_000],
    ['一百零五', 105], ['两千零五', 2005], ['二十五', 25], ['一万亿', 1e12], ['万', 10000],
  ])('parseChineseNumeral(%s) = %d', (t, n) => expect(parseChineseNumeral(t)).toBe(n));
  it.each([
    ['两千五', 2500], ['一万五', 15000], ['近万', 10000], ['1 000', 1000], ['1,234,567', 1234567], ['1200 人', 1200],
  ])('parseNumber(%s) = %d', (t, n) => expect(parseNumber(t)).toBe(n));
  // a comma or a space that is not a thousands separator parts two numbers: "1,2" is not 12
  it.each(['1,2', '12,34', '1,2345', '3 5', '2024,300'])('parseNumber(%s) is undefined', (t) => expect(parseNumber(t)).toBeUndefined());
});

describe('yes / no', () => {
  it.each(['是', '有', 'Y', 'yes', 'TRUE', '1', '√', '支持', '可以', '是。'])('%s → true', (t) => expect(parseYesNo(t).value).toBe(true));
  it.each(['否', '无', 'N', 'no', 'false', '0', '×', '不支持', '不可以', '暂无'])('%s → false', (t) => expect(parseYesNo(t).value).toBe(false));
  it('booleans and numbers pass', () => {
    expect(parseYesNo(true).value).toBe(true);
    expect(parseYesNo(0).value).toBe(false);
  });
  it('unknown text warns', () => expect(parseYesNo('看情况').findings?.[0]?.code).toBe('yes-no-unknown'));
  it('empty is nothing', () => expect(parseYesNo('')).toEqual({}));
});

describe('fee', () => {
  it.each(['否', '不收费', '免费', '无', '无收费', '0', '0元', '不收取费用', '免费办理', '不收费。', '不收费（依法免收）', '免收', '依法免收', '一律免费', '不收费（工本费除外）'])('%s → not charged', (t) => {
    expect(parseFee(t).value).toEqual({ charged: false, items: [] });
  });
  it.each([
    ['是', []],
    ['收费', []],
  ])('%s → charged', (t, items) => expect(parseFee(t).value).toEqual({ charged: true, items }));
  it('收费（按标准） keeps the standard', () => {
    expect(parseFee('收费（按标准）').value).toEqual({ charged: true, items: [{ name: '收费', standard: '按标准' }] });
  });
  it('an amount is charged, text kept', () => {
    expect(parseFee('按200元/件收取').value).toEqual({ charged: true, items: [{ name: '收费', standard: '按200元/件收取' }] });
    expect(parseFee('工本费10元').value?.charged).toBe(true);
  });
  it('unknown text warns', () => expect(parseFee('请咨询').findings?.[0]?.code).toBe('fee-unknown'));
  // these hold the word 收费 (or a 0), but say "free"
  it.each(['暂不收费', '目前免费', '不需要收费', '无需付费', '是否收费：否', '收费项目：无', '收费标准：无', '无收费标准', '0.00元', '0.0'])('%s → not charged', (t) => {
    expect(parseFee(t)).toEqual({ value: { charged: false, items: [] } });
  });
  it('a label before the answer is read past', () => {
    expect(parseFee('是否收费：是').value).toEqual({ charged: true, items: [] });
    expect(parseFee('收费标准：200元/件').value).toEqual({ charged: true, items: [{ name: '收费', standard: '收费标准：200元/件' }] });
  });
  it('an amount after a free word is not dropped: charged, the text kept, with a warning', () => {
    for (const t of ['不收费，但需缴纳工本费5元', '免费（工本费10元）']) {
      expect(parseFee(t)).toMatchObject({ value: { charged: true, items: [{ name: '收费', standard: t }] }, findings: [{ severity: 'warning', code: 'fee-unclear' }] });
    }
    expect(parseFee('免费，0元')).toEqual({ value: { charged: false, items: [] } });
  });
});

describe('dates', () => {
  it.each([
    ['2025年3月1日', '2025-03-01'],
    ['2025年03月01日', '2025-03-01'],
    ['2025年3月1号', '2025-03-01'],
    ['二〇二五年三月一日', '2025-03-01'],
    ['2025/3/1', '2025-03-01'],
    ['2025-03-01', '2025-03-01'],
    ['2025.3.1', '2025-03-01'],
    ['20250301', '2025-03-01'],
    ['2025-03-01 10:20:30', '2025-03-01'],
    // a time after a one-digit day: its hour is not the day's second digit
    ['2025-3-1 10:00:00', '2025-03-01'],
    ['2025/12/3 15:20', '2025-12-03'],
    ['2025.3.1  9:05', '2025-03-01'],
    ['2025年3月1日 10:00', '2025-03-01'],
    ['2025-03-01 23:30:00+08:00', '2025-03-01'],
    ['2025-03-01T01:00:00+08:00', '2025-03-01'],
    ['2025-02-28T20:00:00Z', '2025-03-01'], // already 1 March in Asia/Shanghai
    ['2025年3月', '2025-03-01'],
    [45717, '2025-03-01'],
    ['45717', '2025-03-01'],
    [45717.5, '2025-03-01'],
  ])('%s → %s', (t, d) => expect(parseDate(t).value).toBe(d));
  it('Date objects (exceljs) become their Shanghai day', () => expect(parseDate(new Date('2025-03-01T00:00:00Z')).value).toBe('2025-03-01'));
  it('Excel serials: 1 is 1900-01-01, 60 is the fictitious 1900-02-29 rounded forward', () => {
    expect(excelSerialToDate(61)).toBe('1900-03-01');
    expect(excelSerialToDate(45658)).toBe('2025-01-01');
  });
  it.each(['2025年2月30日', '明天', '1/3/2025'])('%s is refused with a warning', (t) => {
    expect(parseDate(t).value).toBeUndefined();
    expect(parseDate(t).findings?.[0]?.code).toBe('date-unparsed');
  });
});
