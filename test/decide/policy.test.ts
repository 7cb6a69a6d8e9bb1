import { describe, it, expect } from 'vitest';
import { applyPolicy, formalityHit, formalityHitByName } from '../../src/decide/policy.js';
import { PolicyConfig } from '../../src/workspace/config.js';
import { service } from '../fixtures/matching/workspace.js';

const policy = (p: Record<string, unknown> = {}) => PolicyConfig.parse(p);

describe('policy rules', () => {
  it('retires forced check-in and formality features by name, alias or description, naming the rule', () => {
    for (const name of ['每日打卡', '学习时长统计', '积分排名榜', '点赞评比', '转发有礼', '干部签到']) {
      const v = applyPolicy(service('a', name, name), policy());
      expect(v, name).toMatchObject({ action: 'retire', rule: 'policy.retireKeywords' });
    }
    expect(applyPolicy(service('a', 'k', '工作台', { aliases: ['考勤打卡'] }), policy())!.reason).toContain('别名');
    expect(applyPolicy(service('a', 'k', '学习园地', { extras: { 功能简介: '完成每日学习时长' } }), policy())!.reason).toContain('功能简介');
    // a keyword in a field that is not a description does not count
    expect(applyPolicy(service('a', 'k', '学习园地', { extras: { 链接: 'https://x/daka?转发=1' } }), policy())).toBeUndefined();
    expect(applyPolicy(service('a', 'k', '失业登记'), policy())).toBeUndefined();
  });

  it('remembers a formality finding by name only for a service known by its name alone', () => {
    const names = ['每日打卡', '网格员每日打卡', '不动产登记', '学习园地', '领取待遇资格认证签到', '工作台'];
    const more = [{}, { aliases: ['考勤打卡'] }, { extras: { 功能简介: '完成每日学习时长' } }, { extras: { 链接: '转发有礼' } }, { aliases: [] as string[] }];
    for (const p of [policy(), policy({ keywordExceptions: ['网格员'], retireKeywords: ['工作台'] })]) {
      // twice over: the second round is answered from what the first remembered
      for (let round = 0; round < 2; round++) {
        for (const name of names) for (const m of more) {
          const s = service('a', 'k', name, m);
          expect(formalityHitByName(s, p), `${name} ${JSON.stringify(m)}`).toEqual(formalityHit(s, p));
        }
      }
    }
  });

  it('matches formality by category, with retireKeywords as extra literal words and exceptions', () => {
    const cat = (name: string, p = {}) => formalityHit(service('a', 'k', name), policy(p))?.category;
    expect(cat('网格员每日打卡')).toBe('check-in');
    expect(cat('党员学时打卡')).toBe('check-in');
    expect(cat('干部在线学习时长统计')).toBe('study-time');
    expect(cat('志愿者积分商城')).toBe('points-ranking');
    expect(cat('部门工作排行榜')).toBe('points-ranking');
    expect(cat('政策文章点赞')).toBe('likes-shares');
    expect(cat('活动分享')).toBe('likes-shares');
    expect(cat('不动产登记')).toBeUndefined();
    // extra literal keywords from yimen.yaml add to the table
    expect(applyPolicy(service('a', 'k', '晨读积分'), policy({ retireKeywords: ['晨读'] }))).toMatchObject({ action: 'retire' });
    // exceptions: a name containing one is never retired by a keyword
    expect(applyPolicy(service('a', 'k', '防疫健康打卡'), policy({ keywordExceptions: ['健康打卡'] }))).toBeUndefined();
    // the shipped categories can be narrowed
    expect(applyPolicy(service('a', 'k', '每日打卡'), policy({ formalityCategories: ['likes-shares'], retireKeywords: [] }))).toBeUndefined();
  });

  it('sends a keyword that is one step of a citizen-facing act to review with both reasons', () => {
    for (const name of ['领取待遇资格认证签到', '入学积分排名查询', '失业人员就业报到打卡', '低保对象每月签到']) {
      const v = applyPolicy(service('a', 'k', name), policy());
      expect(v, name).toMatchObject({ action: 'review', rule: 'formality-context' });
      expect(v!.reason, name).toMatch(/待审核：含“.+”.*真实服务/);
    }
  });

  it('sends low usage to review by default, or retires it when configured', () => {
    const s = service('a', 'k', '防汛值班表', { usage: { monthlyVisits: 3 } });
    expect(applyPolicy(s, policy({ lowUsageMonthlyVisits: 10 }))).toMatchObject({ action: 'review', rule: 'policy.lowUsageMonthlyVisits' });
    expect(applyPolicy(s, policy({ lowUsageMonthlyVisits: 10, lowUsageAction: 'retire' }))).toMatchObject({ action: 'retire' });
    expect(applyPolicy(s, policy({ lowUsageMonthlyVisits: 3 }))).toBeUndefined(); // not below
    expect(applyPolicy(service('a', 'k', '无用量数据'), policy({ lowUsageMonthlyVisits: 10 }))).toBeUndefined();
  });

  it('takes explicit lists by service id or source key; retire wins over review', () => {
    const s = service('a', 'key-7', '旧版功能');
    expect(applyPolicy(s, policy({ retire: [s.id] }))).toMatchObject({ action: 'retire', rule: 'policy.retire' });
    expect(applyPolicy(s, policy({ review: ['key-7'] }))).toMatchObject({ action: 'review', rule: 'policy.review' });
    expect(applyPolicy(s, policy({ retire: ['key-7'], review: ['key-7'] }))!.action).toBe('retire');
  });
});
