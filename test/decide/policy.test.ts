import { describe, it, expect } from 'vitest';
import { applyPolicy } from '../../src/decide/policy.js';
import { PolicyConfig } from '../../src/workspace/config.js';
import { service } from '../fixtures/matching/workspace.js';

const policy = (p: Record<string, unknown> = {}) => PolicyConfig.parse(p);

describe('policy rules', () => {
  it('retires forced check-in and formality features by name, alias or description, naming the rule', () => {
    for (const name of ['每日打卡', '学习时长统计', '积分排名榜', '点赞评比', '转发有礼', '干部签到']) {
      const v = applyPolicy(service('a', name, name), policy());
      expect(v, name).toMatchObject({ action: 'retire', rule: 'policy.retireKeywords' });
    }
    expect(applyPolicy(service('a', 'k', '工作台', { aliases: ['考勤打卡'] }), policy())!.reason).toContain('alias');
    expect(applyPolicy(service('a', 'k', '学习园地', { extras: { 功能简介: '完成每日学习时长' } }), policy())!.reason).toContain('extras.功能简介');
    // a keyword in a field that is not a description does not count
    expect(applyPolicy(service('a', 'k', '学习园地', { extras: { 链接: 'https://x/daka?转发=1' } }), policy())).toBeUndefined();
    expect(applyPolicy(service('a', 'k', '失业登记'), policy())).toBeUndefined();
  });

  it('uses the configured keywords only', () => {
    expect(applyPolicy(service('a', 'k', '每日打卡'), policy({ retireKeywords: ['积分'] }))).toBeUndefined();
    expect(applyPolicy(service('a', 'k', '积分兑换'), policy({ retireKeywords: ['积分'] }))).toMatchObject({ action: 'retire' });
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
