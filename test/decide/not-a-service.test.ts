// A record an adapter marks _notAService (a "coming soon" card) is retired by the policy with rule
// not-a-service and its reason; a person's policy.review list still wins.
import { describe, expect, it } from 'vitest';
import { listedVerdict } from '../../src/decide/policy.js';
import { PolicyConfig } from '../../src/workspace/config.js';
import type { CatalogService } from '../../src/schema/index.js';

const svc = (extras: Record<string, unknown>) => ({ id: 'wc-1', appId: 'wc', name: '智慧停车', extras, source: { sourceKey: 'javascript:void(0)' } }) as unknown as CatalogService;

describe('not a service', () => {
  it('retires a record marked _notAService, with the reason', () => {
    const v = listedVerdict(svc({ _notAService: 'placeholder card: a "javascript:void(0)" link' }), PolicyConfig.parse({}));
    expect(v).toEqual({ action: 'retire', rule: 'not-a-service', reason: '下线：不是服务事项（placeholder card: a "javascript:void(0)" link），不迁移' });
  });

  it('leaves other records to the rest of the policy; the review list wins', () => {
    expect(listedVerdict(svc({ 备注: '' }), PolicyConfig.parse({}))).toBeUndefined();
    expect(listedVerdict(svc({ _notAService: 'x' }), PolicyConfig.parse({ review: ['javascript:void(0)'] }))?.action).toBe('review');
  });
});
