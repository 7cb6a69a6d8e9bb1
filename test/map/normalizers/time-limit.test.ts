import { describe, expect, it } from 'vitest';
import { parseCaseType, parseTimeLimit } from '../../../src/map/normalizers/index.js';

describe('parseTimeLimit', () => {
  it.each([
    ['5个工作日', 5, 'workday'],
    ['五个工作日', 5, 'workday'],
    ['5 个工作日', 5, 'workday'],
    ['５个工作日', 5, 'workday'],
    ['5工作日', 5, 'workday'],
    ['5个工作日内', 5, 'workday'],
    ['5个工作日以内', 5, 'workday'],
    ['十五个工作日', 15, 'workday'],
    ['二十个工作日', 20, 'workday'],
    ['二十个工作日内', 20, 'workday'],
    ['一百二十个工作日', 120, 'workday'],
    ['承诺5天', 5, 'day'],
    ['承诺时限：3个工作日', 3, 'workday'],
    ['法定：20个工作日', 20, 'workday'],
    ['法定20个工作日', 20, 'workday'],
    ['办结时限：10个工作日', 10, 'workday'],
    ['30日', 30, 'day'],
    ['60天', 60, 'day'],
    ['30个自然日', 30, 'day'],
    ['3个月', 3, 'month'],
    ['三个月', 3, 'month'],
    ['半个月', 0.5, 'month'],
    ['1年', 12, 'month'],
    ['一周', 7, 'day'],
    ['24小时', 24, 'hour'],
    ['2个小时', 2, 'hour'],
    ['即办', 0, 'workday'],
    ['即办件', 0, 'workday'],
    ['即时办结', 0, 'workday'],
    ['即时', 0, 'workday'],
    ['当场办结', 0, 'workday'],
    ['立即办结', 0, 'workday'],
    ['当日办结', 0, 'workday'],
    ['即来即办', 0, 'workday'],
    ['0个工作日', 0, 'workday'],
    ['0.5个工作日', 0.5, 'workday'],
    ['即时办理', 0, 'workday'],
    ['立即', 0, 'workday'],
    ['当天', 0, 'workday'],
    ['现场办结', 0, 'workday'],
    ['1天', 1, 'day'],
    ['三十日', 30, 'day'],
    ['两个工作日', 2, 'workday'],
    ['十个工作日', 10, 'workday'],
    ['一个月', 1, 'month'],
    ['3小时', 3, 'hour'],
    ['3 个工作日', 3, 'workday'],
    ['1个工作日内', 1, 'workday'],
  ])('%s → %d %s', (text, value, unit) => {
    const r = parseTimeLimit(text);
    expect(r.value).toMatchObject({ value, unit });
    expect(r.findings ?? []).toEqual([]);
  });

  it.each([
    ['20个工作日（不含公示时间）', 20, 'workday'],
    ['20个工作日(不含听证、检测时间)', 20, 'workday'],
    ['受理后5个工作日', 5, 'workday'],
    ['3-5个工作日', 5, 'workday'],
    ['3～5个工作日', 5, 'workday'],
    ['即时办结（材料齐全的）', 0, 'workday'],
    ['即办（现场审核通过后）', 0, 'workday'],
    ['自受理之日起5个工作日内办结', 5, 'workday'],
    ['受理之日起20日内', 20, 'day'],
    ['自收到申请之日起三十日内', 30, 'day'],
    ['5个工作日(法定20个工作日)', 5, 'workday'],
    ['10个工作日，特殊情况可延长10个工作日', 10, 'workday'],
  ])('%s → %d %s, keeping the text', (text, value, unit) => {
    const r = parseTimeLimit(text);
    expect(r.value).toEqual({ value, unit, text });
  });

  it.each(['', '  ', '-', '/', '—', '无', '无时限', '无时限要求', '不限时', '不适用', '法律未规定', null, undefined])('%s → nothing, no finding', (text) => {
    expect(parseTimeLimit(text)).toEqual({});
  });

  it('a bare number is read as working days, with a warning', () => {
    const r = parseTimeLimit('5');
    expect(r.value).toMatchObject({ value: 5, unit: 'workday' });
    expect(r.findings?.[0]).toMatchObject({ severity: 'warning', code: 'time-limit-unit-assumed' });
    expect(parseTimeLimit(7).value).toMatchObject({ value: 7, unit: 'workday' });
  });

  it.each(['按规定办理', '视情况而定', 'abc'])('%s is not understood: a warning with the raw text', (text) => {
    const r = parseTimeLimit(text);
    expect(r.value).toBeUndefined();
    expect(r.findings?.[0]?.severity).toBe('warning');
    expect(r.findings?.[0]?.message).toContain(text);
  });
});

describe('a cell that states both limits', () => {
  it.each([
    ['法定60日，承诺15日', 60, 'day', 15, 'day'],
    ['法定办结时限：20个工作日；承诺办结时限：5个工作日', 20, 'workday', 5, 'workday'],
    ['承诺时限5个工作日（法定时限20个工作日）', 20, 'workday', 5, 'workday'],
  ])('%s: each field its own part, the whole text kept', (t, lv, lu, pv, pu) => {
    expect(parseTimeLimit(t, 'legal').value).toEqual({ value: lv, unit: lu, text: t });
    expect(parseTimeLimit(t, 'promised').value).toEqual({ value: pv, unit: pu, text: t });
  });
  it('one label alone: the text is the field\'s own limit, as without a field', () => {
    expect(parseTimeLimit('5个工作日（法定20个工作日）', 'promised')).toEqual(parseTimeLimit('5个工作日（法定20个工作日）'));
    expect(parseTimeLimit('承诺5天', 'legal')).toEqual(parseTimeLimit('承诺5天'));
  });
});

describe('parseTimeLimit on JSON values', () => {
  it('reads {value, unit} objects', () => {
    expect(parseTimeLimit({ value: 5, unit: 'workday' }).value).toEqual({ value: 5, unit: 'workday' });
    expect(parseTimeLimit({ value: '3', unit: '个月' }).value).toEqual({ value: 3, unit: 'month' });
  });
});

describe('parseCaseType', () => {
  it.each([
    ['即办件', 'immediate'],
    ['即办', 'immediate'],
    ['承诺件', 'promised'],
    ['承诺', 'promised'],
    ['上报件', 'other'],
  ])('%s → %s', (t, v) => expect(parseCaseType(t).value).toBe(v));
});
