import { describe, it, expect } from 'vitest';
import { buildStatus } from '../../src/status/model.js';
import type { AppConfig } from '../../src/workspace/config.js';

const app = (id: string, division: string, shutdown?: string): AppConfig =>
  ({ id, name: id, division, source: { adapter: 'spreadsheet', config: {} }, profile: 'p.yaml', timeline: shutdown ? { shutdown } : undefined }) as AppConfig;

describe('status model', () => {
  it('derives blockers, risk and roll-ups from counts', () => {
    const st = buildStatus(
      [app('wj', '320509', '2026-12-20'), app('rg', '320682', '2027-03-01'), app('ly', '320481', '2026-11-01')],
      [
        { appId: 'wj', rawServices: 10, entryPoints: 10, quarantined: { extract: 2 }, services: 10, invalid: 1, undecided: 0, dispositions: { merge: 6, migrate: 2, review: 2 }, byPerson: 0, published: 1, redirects: { redirect: 7, pending: 1, unresolved: 2 } },
        { appId: 'rg', rawServices: 3, entryPoints: 3, quarantined: {}, services: 3, invalid: 0, undecided: 0, dispositions: { retire: 3 }, byPerson: 0, published: 0, redirects: { notice: 3 } },
      ],
      '32',
      '2026-11-28',
    );
    const wj = st.apps[0]!;
    expect(wj.blockers.map((b) => b.kind)).toEqual(['quarantined', 'invalid', 'review', 'unpublished', 'unresolved', 'pending']);
    expect(wj.timeline).toMatchObject({ daysToShutdown: 22, atRisk: true, overdue: false });
    expect(st.apps[1]).toMatchObject({ blockers: [], stage: 'redirected', timeline: { atRisk: false } });
    expect(st.apps[2]).toMatchObject({ stage: 'not started', timeline: { daysToShutdown: -27 } });
    expect(st.totals).toMatchObject({ services: 13, merge: 6, retire: 3, migrate: 2, atRisk: 1 });
    expect(st.rollups.find((r) => r.level === 'province')).toMatchObject({ code: '320000', apps: 3, services: 13 });
    expect(st.rollups.filter((r) => r.level === 'city').map((r) => r.code).sort()).toEqual(['320400', '320500', '320600']);
  });
});
