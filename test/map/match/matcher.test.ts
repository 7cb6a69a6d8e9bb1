import { describe, it, expect } from 'vitest';
import { Matcher, compareRemarks, verdict } from '../../../src/map/match/matcher.js';
import { makeNormalizer, chineseNumeralToInt } from '../../../src/map/match/normalize.js';
import { toHalfWidth } from '../../../src/text/index.js';
import { compareQualifiers, qualifiersOf } from '../../../src/map/match/qualifiers.js';
import { expandSynonyms, synonymTable, SHIPPED_SYNONYMS } from '../../../src/map/synonyms.js';
import { taskTypeCode } from '../../../src/schema/task-type.js';

const CATALOG = [
  { id: 'A1', name: '居民身份证办理（包括临时）', department: '区公安分局', taskType: '20' },
  { id: 'A2', name: '临时身份证明', department: '区公安分局', taskType: '20' },
  { id: 'B1', name: '住房公积金提取（租房）', department: '区住建局', taskType: '20' },
  { id: 'B2', name: '住房公积金提取（购房）', department: '区住建局', taskType: '20' },
  { id: 'C1', name: '燃气经营许可证新办', department: '区住建局', taskType: '01' },
  { id: 'C2', name: '燃气经营许可证变更', department: '区住建局', taskType: '01' },
  { id: 'C3', name: '燃气经营许可证延续', department: '区住建局', taskType: '01' },
  { id: 'D1', name: '社会保障卡补领、换领、换发', department: '区人社局', taskType: '20' },
  { id: 'D2', name: '社会保障卡解挂', department: '区人社局', taskType: '20' },
  { id: 'E1', name: '企业职工基本养老保险关系转移接续申请', department: '区人社局', taskType: '20' },
  { id: 'F1', name: '80周岁以上老年人高龄津贴发放', department: '区民政局', taskType: '20' },
  { id: 'G1', name: '失业保险金申领', department: '区人社局', taskType: '20' },
  { id: 'G2', name: '领取失业保险金期间职业介绍补贴申领', department: '区人社局', taskType: '20' },
];
const T = { mergeThreshold: 0.9, reviewThreshold: 0.6 };

function matcher(synonyms: Record<string, string> = {}) {
  const m = new Matcher({ synonyms });
  return { m, idx: m.catalogIndex(CATALOG) };
}

describe('normalising', () => {
  it('turns full-width into half-width and Chinese numerals into digits', () => {
    expect(toHalfWidth('ＡＢＣ（１２）　x', { lower: true })).toBe('abc(12) x');
    expect(chineseNumeralToInt('八十')).toBe(80);
    expect(chineseNumeralToInt('十二')).toBe(12);
    expect(chineseNumeralToInt('三')).toBe(3);
    const n = makeNormalizer(synonymTable());
    expect(n('八十周岁以上老年人高龄津贴')).toBe(n('80周岁以上老年人高龄津贴'));
  });
  it('drops the filler words county apps add', () => {
    const n = makeNormalizer(synonymTable());
    expect(n('在线办理失业保险金申领')).toBe(n('失业保险金申领'));
    expect(n('我要办 失业保险金申领（县级行使）')).toBe(n('失业保险金申领'));
  });
});

describe('synonyms', () => {
  const table = synonymTable();
  it('expands the shipped abbreviations', () => {
    expect(expandSynonyms('社保参保', table)).toBe('社会保险参保');
    expect(expandSynonyms('医保局', table)).toBe('医疗保障局');
    expect(expandSynonyms('公积金提取', table)).toBe('住房公积金提取');
    expect(expandSynonyms('身份证办理', table)).toBe('居民身份证办理');
    expect(SHIPPED_SYNONYMS['社保']).toBe('社会保险');
  });
  it('never expands a full form twice, and prefers the longer abbreviation', () => {
    expect(expandSynonyms('住房公积金提取', table)).toBe('住房公积金提取');
    expect(expandSynonyms('居民身份证', table)).toBe('居民身份证');
    expect(expandSynonyms('社保卡挂失', table)).toBe('社会保障卡挂失');
  });
  it('keeps words that only contain an abbreviation', () => {
    expect(expandSynonyms('临时身份证明', table)).toBe('临时身份证明');
  });
  it('takes the workspace\'s additions', () => {
    expect(expandSynonyms('一网通办', synonymTable({ 一网通办: '政务服务一网通办' }))).toBe('政务服务一网通办');
    const { idx } = matcher({ 高龄补贴: '高龄津贴' });
    expect(idx.search({ id: 'q', name: '高龄补贴' }, 1)[0]!.id).toBe('F1');
  });
});

describe('qualifiers', () => {
  it('finds conflicts and one-sided qualifiers', () => {
    const n = makeNormalizer(synonymTable());
    const rent = qualifiersOf(n('公积金提取（租房）'));
    const buy = qualifiersOf(n('住房公积金提取（购房）'));
    expect(compareQualifiers(rent, buy).penalty).toBeGreaterThanOrEqual(0.3);
    expect(compareQualifiers(qualifiersOf('社会保障卡换领'), qualifiersOf('社会保障卡补领')).penalty).toBeGreaterThanOrEqual(0.3);
    expect(compareQualifiers(qualifiersOf('公司设立登记'), qualifiersOf('公司注销登记')).penalty).toBeGreaterThanOrEqual(0.3);
    expect(compareQualifiers(qualifiersOf('证照补领换发'), qualifiersOf('证照补领')).penalty).toBe(0);
    expect(compareQualifiers(qualifiersOf('燃气经营许可证'), qualifiersOf('燃气经营许可证变更')).penalty).toBeGreaterThan(0.1);
    expect(compareQualifiers(qualifiersOf('燃气经营许可证'), qualifiersOf('燃气经营许可证新办')).penalty).toBeLessThan(0.05);
  });
});

describe('matching', () => {
  it('merges abbreviations and reordered names, with three candidates and a reason each', () => {
    const { idx } = matcher();
    const c = idx.search({ id: 'q', name: '公积金提取(租房)', department: '岳池县住建局' }, 3);
    expect(c.map((x) => x.id)[0]).toBe('B1');
    expect(c.length).toBeGreaterThanOrEqual(2);
    expect(c.length).toBeLessThanOrEqual(3);
    for (const x of c) expect(x.reason).toBeTruthy();
    expect(verdict(c, T)).toMatchObject({ action: 'merge', target: 'B1' });
    expect(verdict(idx.search({ id: 'q', name: '企业职工养老保险关系转移接续' }), T)).toMatchObject({ action: 'merge', target: 'E1' });
    expect(verdict(idx.search({ id: 'q', name: '在线办理失业金申领' }), T)).toMatchObject({ action: 'merge', target: 'G1' });
  });
  it('does not merge across a qualifier', () => {
    const { idx } = matcher();
    const v = verdict(idx.search({ id: 'q', name: '公积金提取（装修）' }), T);
    expect(v.action).not.toBe('merge');
    const w = verdict(idx.search({ id: 'q', name: '燃气经营许可证注销' }), T);
    expect(w.action).not.toBe('merge');
  });
  it('does not merge two institutions\' services: another hospital in the remark, another agency', () => {
    const m = new Matcher();
    m.catalogIndex(CATALOG);
    const services = m.newIndex({ agencyDiffers: 0.15 });
    services.add({ id: 's1', name: '预约挂号（溧阳市人民医院）', department: '溧阳市人民医院', taskType: '20' });
    const c = services.search({ id: 'q', name: '预约挂号（溧阳市中医医院）', department: '溧阳市中医医院', taskType: '20' });
    expect(c[0]!.reason).toContain('remarks name another institution or place');
    expect(c[0]!.reason).toContain('department differs');
    expect(verdict(c, T).action).not.toBe('merge');
    // the same hospital's booking under another wording is still the same service
    const same = services.search({ id: 'q', name: '预约挂号(溧阳市人民医院)', department: '溧阳市人民医院', taskType: '20' });
    expect(verdict(same, T)).toMatchObject({ action: 'merge', target: 's1' });
    // the remark check on its own
    expect(compareRemarks(['溧阳市人民医院'], ['溧阳市中医医院'])!.penalty).toBeCloseTo(0.3);
    expect(compareRemarks(['第一类'], ['第二类'])).toBeUndefined(); // share 第…类: left to the name score
    expect(compareRemarks(['母种'], ['栽培'])!.penalty).toBeCloseTo(0.15);
    expect(compareRemarks(['临时'], ['临时居民身份证'])).toBeUndefined(); // one contains the other
    expect(compareRemarks(['溧阳市人民医院'], [])).toBeUndefined(); // one side only: no evidence against
  });
  it('compares agencies without the kind of body they share', () => {
    const m = new Matcher();
    const idx = m.catalogIndex([{ id: 'H1', name: '门诊预约挂号', department: '人民医院' }]);
    expect(idx.search({ id: 'q', name: '门诊预约挂号', department: '中医医院' })[0]!.reason).toContain('department differs');
    expect(idx.search({ id: 'q', name: '门诊预约挂号', department: '溧阳市人民医院' })[0]!.reason).toContain('department agrees');
  });
  it('tells cards apart: 电子健康卡 is not 电子社会保障卡', () => {
    const m = new Matcher();
    const idx = m.catalogIndex([...CATALOG, { id: 'K1', name: '电子社会保障卡签发', department: '区人社局', taskType: '20' }]);
    const c = idx.search({ id: 'q', name: '电子健康卡申领', department: '溧阳市卫生健康委员会', taskType: '20' });
    expect(verdict(c, T).action).toBe('migrate');
    expect(verdict(idx.search({ id: 'q', name: '电子社保卡申领', taskType: '20' }), T)).toMatchObject({ action: 'merge', target: 'K1' });
  });
  it('tells adults\' services from children\'s', () => {
    expect(compareQualifiers(qualifiersOf('成人疫苗接种预约'), qualifiersOf('儿童疫苗接种预约')).penalty).toBeGreaterThanOrEqual(0.3);
  });
  it('finds words that changed places (greedy tiling), at a small discount', () => {
    const m = new Matcher();
    const idx = m.catalogIndex([...CATALOG, { id: 'P1', name: '暂停养老保险待遇申请' }, { id: 'P2', name: '恢复养老保险待遇申请' }]);
    const c = idx.search({ id: 'q', name: '养老保险待遇暂停' });
    expect(c[0]!.id).toBe('P1');
    expect(c[0]!.reason).toContain('words in another order');
    expect(verdict(c, T)).toMatchObject({ action: 'merge', target: 'P1' });
  });
  it('counts a scope remark （含…） for little', () => {
    const m = new Matcher();
    const idx = m.catalogIndex([...CATALOG, { id: 'F2', name: '食品(含保健食品)经营许可延续' }, { id: 'F3', name: '食品(含保健食品)经营许可变更' }]);
    const c = idx.search({ id: 'q', name: '食品经营许可证延续' });
    expect(verdict(c, T)).toMatchObject({ action: 'merge', target: 'F2' });
  });
  it('an act the app names (注销, 换证) against an item that names none is another service', () => {
    const only = compareQualifiers(qualifiersOf('养蜂证换发'), qualifiersOf('养蜂证申领'));
    const itemOnly = compareQualifiers(qualifiersOf('养蜂证申领'), qualifiersOf('养蜂证换发'));
    expect(only.penalty).toBeGreaterThan(itemOnly.penalty);
    const { idx } = matcher();
    // the lead over the rest does not lift a candidate the evidence is against
    const c = idx.search({ id: 'q', name: '燃气经营许可证注销' });
    expect(c[0]!.conflict).toBe(true);
    expect(verdict(c, T).action).toBe('migrate');
    const d = idx.search({ id: 'q', name: '公积金提取（装修）' });
    expect(d[0]!.conflict).toBe(true);
    expect(d[0]!.reason).not.toContain('ahead of the next candidate');
  });
  it('tells stopping for a while (停业, 暂停) from ending (歇业, 注销)', () => {
    expect(compareQualifiers(qualifiersOf('烟草专卖零售许可证停业'), qualifiersOf('烟草专卖零售许可证歇业')).conflict).toBe(true);
    expect(compareQualifiers(qualifiersOf('燃气经营者停业歇业审批'), qualifiersOf('燃气经营者停业歇业审批')).penalty).toBe(0);
  });
  it('knows lifecycle words of one meaning: 换卡 = 换发, 开业 = 设立 = 新办, 年度审验 = 年审', () => {
    const n = makeNormalizer(synonymTable());
    expect(n('社保卡换卡')).toBe(n('社保卡换发'));
    expect(n('个体户开业登记')).toBe(n('个体工商户设立登记'));
    expect(n('客货运输车辆年度审验')).toBe(n('客货运输车辆年审'));
  });
  it('does not take a longer item with another head word', () => {
    const { idx } = matcher();
    const c = idx.search({ id: 'q', name: '职业介绍' });
    expect(verdict(c, T).action).not.toBe('merge');
    expect(c[0]!.reason).toContain('item goes on');
  });
  it('weighs task type and department', () => {
    const { idx } = matcher();
    const same = idx.search({ id: 'q', name: '燃气经营许可证新办', taskType: '01', department: '区住建局' }, 1)[0]!;
    const other = idx.search({ id: 'q', name: '燃气经营许可证新办', taskType: '20', department: '区公安分局' }, 1)[0]!;
    expect(same.id).toBe('C1');
    expect(same.reason).toContain('task type agrees');
    expect(other.reason).toContain('task type differs');
    expect(other.reason).toContain('department differs');
  });
  it('leaves new services to migrate and scores nothing for unrelated names', () => {
    const { idx } = matcher();
    expect(verdict(idx.search({ id: 'q', name: '智慧停车缴费' }), T).action).toBe('migrate');
  });
  it('applies the thresholds: merge, review band, below → migrate, near tie → review', () => {
    const c = (s: number, id = 'X') => ({ id, name: id, score: s, reason: '' });
    expect(verdict([c(0.95)], T).action).toBe('merge');
    expect(verdict([c(0.75)], T).action).toBe('review');
    expect(verdict([c(0.5)], T).action).toBe('migrate');
    expect(verdict([c(0.95, 'A'), c(0.94, 'B')], T)).toMatchObject({ action: 'review' });
    expect(verdict([c(0.95)], { mergeThreshold: 0.97, reviewThreshold: 0.6 }).action).toBe('review');
    expect(verdict([], T).action).toBe('migrate');
  });
  it('reads candidates from the index, not the whole catalog', () => {
    const { m } = matcher();
    const big = m.newIndex();
    for (let i = 0; i < 5000; i++) big.add({ id: `N${i}`, name: `无关事项${i}号` });
    big.add({ id: 'hit', name: '高龄津贴发放' });
    expect(big.search({ id: 'q', name: '高龄津贴发放' }, 1)[0]!.id).toBe('hit');
  });
  it('maps task type labels and numbers to one code', () => {
    expect(taskTypeCode('行政许可')).toBe('01');
    expect(taskTypeCode({ code: '1', label: 'x' })).toBe('01');
    expect(taskTypeCode({ label: '公共服务' })).toBe('20');
    expect(taskTypeCode('nonsense')).toBeUndefined();
  });
});
