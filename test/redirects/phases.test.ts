import { describe, it, expect } from 'vitest';
import { phaseOn, emitAction, phasePlan, overdue, shanghaiDay, daysBetween, type Timeline } from '../../src/redirects/phases.js';
import type { RedirectRule } from '../../src/schema/index.js';
import { appStatus } from '../../src/status/model.js';

const T: Timeline = { announce: '2025-10-01', redirect: '2025-11-01', shutdown: '2025-12-31' };

describe('phases (Asia/Shanghai days)', () => {
  it.each([
    [T, '2025-09-30', 'live'],
    [T, '2025-10-01', 'announce'],
    [T, '2025-10-31', 'announce'],
    [T, '2025-11-01', 'redirect'],
    [T, '2025-12-30', 'redirect'],
    [T, '2025-12-31', 'shutdown'],
    [T, '2026-06-01', 'shutdown'],
    [{ shutdown: '2025-12-31' }, '2025-12-30', 'live'], // no redirect date: redirect at shutdown
    [{ announce: '2025-10-01', shutdown: '2025-12-31' }, '2025-11-15', 'announce'],
    [{ announce: '2025-10-01' }, '2026-01-01', 'announce'], // no date to redirect yet: rules wait
    [{ announce: '2025-10-01' }, '2025-09-01', 'live'],
    [undefined, '2025-10-01', 'redirect'], // no timeline: serve the plan
    [{}, '2025-10-01', 'redirect'],
  ] as Array<[Timeline | undefined, string, string]>)('%j on %s → %s', (t, day, phase) => {
    expect(phaseOn(t, day)).toBe(phase);
  });

  it('takes the day in Asia/Shanghai, not UTC', () => {
    // 16:30 UTC on 31 Oct is already 1 Nov in Shanghai: the redirect has started
    expect(shanghaiDay(new Date('2025-10-31T16:30:00Z'))).toBe('2025-11-01');
    expect(phaseOn(T, shanghaiDay(new Date('2025-10-31T16:30:00Z')))).toBe('redirect');
    expect(shanghaiDay(new Date('2025-10-31T15:59:59Z'))).toBe('2025-10-31');
    expect(daysBetween('2025-12-01', '2025-12-31')).toBe(30);
    expect(daysBetween('2026-03-01', '2026-02-28')).toBe(-1);
  });

  it('before the redirect date every rule waits; from it, the plan is served', () => {
    const r = (action: RedirectRule['action']) => ({ action });
    expect(['redirect', 'notice', 'unresolved', 'pending'].map((a) => emitAction(r(a as RedirectRule['action']), 'announce'))).toEqual(Array(4).fill('pending-phase'));
    expect(emitAction(r('redirect'), 'live')).toBe('pending-phase');
    expect(emitAction(r('redirect'), 'redirect')).toBe('redirect');
    expect(emitAction(r('notice'), 'shutdown')).toBe('notice');
  });

  it('produces a banner config during the announce phase', () => {
    const rules: RedirectRule[] = [
      { entryPointId: 'e1', appId: 'wj', kind: 'web', source: 'https://old.cn/a', action: 'redirect', destination: 'https://sfb.cn/s/1', status: 301, reason: 'r' },
      { entryPointId: 'e2', appId: 'wj', kind: 'web', source: 'https://old.cn/b', action: 'notice', destination: 'https://sfb.cn/notice/wj', status: 410, reason: 'r' },
    ];
    const app = { id: 'wj', name: '智慧吴江', timeline: T };
    const p = phasePlan(app, { name: '苏服办', homeUrl: 'https://sfb.cn/' }, rules, '2025-10-15');
    expect(p.phase).toBe('announce');
    expect(p.serveRules).toBe(false);
    expect(p.rules.map((x) => x.emit)).toEqual(['pending-phase', 'pending-phase']);
    expect(p.banner).toMatchObject({ appId: 'wj', showFrom: '2025-10-01', redirectOn: '2025-11-01', shutdownOn: '2025-12-31' });
    expect(p.banner!.message).toBe('智慧吴江将于2025年11月1日起停止服务，相关事项已迁移至苏服办，2025年12月31日正式关停。');
    expect(p.banner!.entries).toEqual([
      { source: 'https://old.cn/a', action: 'redirect', destination: 'https://sfb.cn/s/1' },
      { source: 'https://old.cn/b', action: 'notice' },
    ]);
    const after = phasePlan(app, { name: '苏服办' }, rules, '2025-11-01');
    expect(after.banner).toBeUndefined();
    expect(after.rules.map((x) => x.emit)).toEqual(['redirect', 'notice']);
    expect(phasePlan(app, { name: '苏服办' }, rules, '2025-09-01').banner).toBeUndefined();
  });

  it.each([
    // day, unresolved, unverified, failing, window → kinds
    ['2025-10-31', 3, 5, 1, 14, []],
    ['2025-11-01', 3, 5, 1, 14, ['unresolved-after-redirect']],
    ['2025-12-16', 0, 5, 1, 14, []],
    ['2025-12-17', 0, 5, 1, 14, ['unverified-near-shutdown', 'failing-near-shutdown']],
    ['2025-12-17', 2, 0, 0, 14, ['unresolved-after-redirect']],
    ['2025-12-01', 0, 5, 0, 30, ['unverified-near-shutdown']],
    ['2026-01-05', 1, 1, 0, 14, ['unresolved-after-redirect', 'unverified-near-shutdown']],
  ] as Array<[string, number, number, number, number, string[]]>)('overdue on %s (unresolved %i, unverified %i, failing %i, window %i)', (day, unresolved, unverified, failing, w, kinds) => {
    expect(overdue({ timeline: T, unresolved, unverified, failing }, day, w).map((o) => o.kind)).toEqual(kinds);
  });

  it('status carries the overdue items and flags the app', () => {
    const app = { id: 'wj', name: '智慧吴江', division: '320509', source: { adapter: 'x', config: {} }, profile: 'p', timeline: T };
    const counts = {
      appId: 'wj', rawServices: 1, entryPoints: 4, quarantined: {}, services: 1, invalid: 0, undecided: 0, dispositions: {}, byPerson: 0, published: 0,
      redirects: { redirect: 2, unresolved: 1 }, verification: { verifiable: 3, ok: 1, failed: 1 },
    };
    const s = appStatus(app, counts, '2025-12-20');
    expect(s.verification).toEqual({ ok: 1, failed: 1, unverified: 1 });
    expect(s.overdue.map((o) => o.kind)).toEqual(['unresolved-after-redirect', 'unverified-near-shutdown', 'failing-near-shutdown']);
    expect(s.timeline.overdue).toBe(true);
    expect(s.blockers.map((b) => b.kind)).toContain('verifyFailed');
    expect(appStatus(app, counts, '2025-10-20').overdue).toEqual([]);
  });
});
