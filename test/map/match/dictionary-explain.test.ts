import { describe, it, expect } from 'vitest';
import { Matcher, verdict } from '../../../src/map/match/matcher.js';
import { explain, explainCodeMerge, evidenceOf } from '../../../src/map/match/explain.js';
import { makeCodeCheck } from '../../../src/map/match/code-check.js';
import { dictionaryEntries, synonymTable, SHIPPED_SYNONYMS } from '../../../src/map/synonyms.js';

// General government-service vocabulary, not any programme's item list.
const CATALOG = [
  { id: 'D1', name: '存量房转移登记', department: '自然资源局', taskType: '07' },
  { id: 'D2', name: '不动产抵押权首次登记', department: '自然资源局', taskType: '07' },
  { id: 'D3', name: '纳税证明开具', department: '税务局', taskType: '20' },
  { id: 'D4', name: '居民身份证换领', department: '公安局', taskType: '20' },
  { id: 'D5', name: '住房公积金账户冻结', department: '住房公积金管理中心', taskType: '20' },
  { id: 'D6', name: '住房公积金账户解冻', department: '住房公积金管理中心', taskType: '20' },
];
const T = { mergeThreshold: 0.9, reviewThreshold: 0.6 };
const idx = new Matcher({ synonyms: {} }).catalogIndex(CATALOG);
const top = (name: string, department?: string) => idx.search({ id: '?', name, department }, 3);

describe('the shipped dictionary', () => {
  it('is data: abbreviations and colloquial wording, both loaded', () => {
    expect(SHIPPED_SYNONYMS['社保卡']).toBe('社会保障卡');
    expect(SHIPPED_SYNONYMS['二手房']).toBe('存量房');
  });
  it("takes a workspace's entries in either shape, comments skipped", () => {
    expect(dictionaryEntries({ $comment: 'x', colloquial: { 车证: '机动车登记证书' }, 民宿证: '民宿经营许可' })).toEqual({ 车证: '机动车登记证书', 民宿证: '民宿经营许可' });
    expect(synonymTable({ colloquial: { 车证: '机动车登记证书' } }).some(([a]) => a === '车证')).toBe(true);
  });
  it('lets colloquial wording reach the catalog item', () => {
    expect(verdict(top('二手房过户', '自然资源局'), T)).toMatchObject({ action: 'merge', target: 'D1' });
    expect(verdict(top('完税证明开具', '税务局'), T)).toMatchObject({ action: 'merge', target: 'D3' });
  });
  it('keeps an act apart from its reverse (冻结 / 解冻)', () => {
    const c = top('公积金账户解冻');
    expect(c[0]!.id).toBe('D6');
    expect(verdict(c, T).target).not.toBe('D5');
    const d5 = c.find((x) => x.id === 'D5');
    if (d5) expect(d5.score).toBeLessThan(0.6);
  });
});

describe('explanations', () => {
  it('says in Chinese what was merged and why, without thresholds', () => {
    const c = top('身份证换领', '公安局');
    const line = explain(verdict(c, T), c);
    expect(line).toMatch(/^合并到 居民身份证换领（名称(一致|相似 \d\.\d\d)，部门一致/);
    expect(line).not.toMatch(/between|best|threshold|0\.6/);
  });
  it('names both candidates of a near tie', () => {
    const c = [
      { id: 'A', name: '甲事项', score: 0.81, reason: 'name 0.81' },
      { id: 'B', name: '乙事项', score: 0.79, reason: 'name 0.79' },
    ];
    expect(explain(verdict(c, T), c)).toBe('待审核：两个候选相近：甲事项 0.81 / 乙事项 0.79');
  });
  it('says a code decided it, and what a migrate missed', () => {
    expect(explainCodeMerge('110000000001', '出生登记')).toBe('合并到 出生登记（110000000001）（编码一致）');
    expect(explain({ action: 'migrate', score: 0, reason: '' }, [])).toBe('目录中没有相近事项，作为新事项迁移');
    expect(evidenceOf('name 0.91 (covers 97 % of it); department differs (税务局); qualifiers: lifecycle new≠cancel')).toEqual(['部门不同', '办理情形不同（如新办/注销、租房/购房）']);
  });
});

describe('a code is evidence, not proof', () => {
  const check = makeCodeCheck();
  it('flags a code whose item names the reverse or another act', () => {
    expect(check('社会团体变更登记', '社会团体注销登记')).toEqual({ agrees: false, note: '名称为“变更”，编码对应的事项为“注销”' });
    expect(check('公积金提取（租房）', '住房公积金提取（购房）').agrees).toBe(false);
  });
  it('lets a name in other words agree', () => {
    expect(check('身份证换领', '居民身份证换领').agrees).toBe(true);
    expect(check('个体户设立', '个体工商户设立登记').agrees).toBe(true);
  });
});
