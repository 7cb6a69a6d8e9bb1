import { describe, expect, it } from 'vitest';
import { parseCount, parseMonthlyCount, transformFor, TRANSFORMS } from '../../../src/map/normalizers/index.js';

describe('parseCount: numbers as people write them', () => {
  it.each<[unknown, number]>([
    ['月访问 4731', 4731],
    ['4,731次', 4731],
    ['4731 次/月', 4731],
    ['约3千', 3000],
    ['1.2万', 12000],
    ['8,650', 8650],
    ['三千二百', 3200],
    ['两万', 20000],
    ['４７３１', 4731],
    ['４，７３１次', 4731],
    ['月访问量：12,860', 12860],
    ['访问量:4731人次', 4731],
    ['近一个月访问 4731', 4731],
    ['3000余', 3000],
    ['3000+', 3000],
    ['1.25万次', 12500],
    ['1.2w', 12000],
    ['3k', 3000],
    ['3千2百', 3200],
    ['十五', 15],
    ['一百零五次', 105],
    ['1,234,567', 1234567],
    ['4731（2024年3月）', 4731],
    ['4731.0', 4731],
    ['0', 0],
    ['0次', 0],
    // a last digit right after 千/万 counts in the next unit down
    ['两千五', 2500],
    ['三千五百', 3500],
    ['一万五', 15000],
    ['1万2', 12000],
    ['3千5', 3500],
    ['1万2345', 12345],
    ['2千零5', 2005],
    ['20余万', 200000],
    ['二十多万人次', 200000],
    ['4 731', 4731],
    [4731, 4731],
    [0, 0],
  ])('%j → %d', (text, n) => {
    const r = parseCount(text);
    expect(r.value).toBe(n);
    expect(r.findings).toBeUndefined();
  });

  it.each<unknown>(['—', '-', '--', '暂无', '未统计', '暂无数据', '不详', '', '  ', null, undefined, '／', 'N/A'])('%j is unknown: absent, not 0, no finding', (text) => {
    expect(parseCount(text)).toEqual({});
  });

  it.each<string>(['很多', '近30天访问 4731', '2024年3月', '3000-4000', '<100', '-5', 'abc', '1.2.3',
    // a year, a share, bounds in words, estimates, two numbers apart
    '2024年', '2024年度', '12%', '不足100', '少于100', '100以下', '100以内', '几百', '数千', '4731 5000', '2024,300'])('%j cannot be read: a warning that keeps the raw text, no value', (text) => {
    const r = parseCount(text);
    expect(r.value).toBeUndefined();
    expect(r.findings).toHaveLength(1);
    expect(r.findings![0]!.severity).toBe('warning');
    expect(r.findings![0]!.code).toBe('count-unparsed');
    expect(r.findings![0]!.message).toContain(text);
  });

  it('a fraction is rounded with a warning', () => {
    expect(parseCount('12.5')).toMatchObject({ value: 13, findings: [{ code: 'count-not-integer', severity: 'warning' }] });
    expect(parseCount(2.4)).toMatchObject({ value: 2, findings: [{ code: 'count-not-integer' }] });
  });

  it('is the count transform', () => expect(TRANSFORMS.count!.fn('4,731次').value).toBe(4731));
});

describe('parseMonthlyCount: a monthly field reads the period a cell is written for', () => {
  it.each<[string | number, number]>([
    ['4731次/月', 4731],
    ['月访问 4,731', 4731],
    ['月均访问300（2023年度）', 300],
    [4731, 4731],
  ])('%j is a month: %d', (v, n) => expect(parseMonthlyCount(v)).toEqual({ value: n }));
  it.each<[string, number]>([
    ['12000次/年', 1000],
    ['年访问量12000', 1000],
    ['日均30次', 900],
    ['30次/天', 900],
    ['周访问70', 300],
  ])('%j is read as %d a month, with a warning', (v, n) => {
    expect(parseMonthlyCount(v)).toMatchObject({ value: n, findings: [{ code: 'count-per-period' }] });
  });
  it('a total since launch is no month: unknown, with a warning', () => {
    expect(parseMonthlyCount('累计访问12000次')).toEqual({ findings: [expect.objectContaining({ code: 'count-not-monthly' })] });
  });
  it('is the count transform for usage.monthlyVisits, and only there', () => {
    expect(transformFor('count', 'usage.monthlyVisits').fn('日均30次').value).toBe(900);
    expect(transformFor('count', 'usage.registeredUsers').fn('日均30次').value).toBe(30);
  });
});
